"""Working days and office hours: when a request is due, and who must hear of a distress signal now.

Pure functions on aware datetimes; the gemeente's hours come from its YAML file
(`meldingen.kantooruren`).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

WORKDAY_COUNT = 5  # Monday to Friday


def add_workdays(moment: datetime, days: int) -> datetime:
    """`days` working days (Monday to Friday) after `moment`, same clock time."""
    result = moment
    while days > 0:
        result += timedelta(days=1)
        if result.weekday() < WORKDAY_COUNT:
            days -= 1
    return result


def halfway(start: datetime, deadline: datetime) -> datetime:
    return start + (deadline - start) / 2


def in_office_hours(moment: datetime, kantooruren, timezone_name: str) -> bool:
    """Whether someone at the gemeente reads their mail now (its `kantooruren`, local time)."""
    from werkmaatje.gemeenten import WEEKDAYS

    local = moment.astimezone(ZoneInfo(timezone_name))
    if WEEKDAYS[local.weekday()] not in kantooruren.dagen:
        return False
    return kantooruren.vanaf <= local.time().replace(tzinfo=None) < kantooruren.tot


def duration_words(span: timedelta) -> str:
    """"2 dagen 3 uur", "40 minuten": how long, roughly, for a caseworker's glance."""
    minutes = int(abs(span).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} {'dag' if days == 1 else 'dagen'}")
    if hours:
        parts.append(f"{hours} uur")
    if not days and (minutes or not hours):
        parts.append(f"{minutes} {'minuut' if minutes == 1 else 'minuten'}")
    return " ".join(parts)
