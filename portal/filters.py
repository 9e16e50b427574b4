"""Jinja filters: Dutch dates in the municipality's time zone."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from werkmaatje.texts.calendar import DAY_SHORT_NAMES as DAYS, MONTH_SHORT_NAMES as MONTHS


def dutch_date(value, timezone: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(timezone)).date()
    return f"{DAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def day_month(value) -> str:
    return f"{value.day} {MONTHS[value.month - 1]}"


def dutch_moment(value, timezone: str) -> str:
    if value is None:
        return "—"
    local = value.astimezone(ZoneInfo(timezone))
    return f"{dutch_date(local.date(), timezone)} {local:%H:%M}"


def iso_local(value, timezone: str) -> str:
    """For <time datetime=...> and sortable cells."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(timezone)).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def register_filters(env, timezone: str) -> None:
    env.filters["datum"] = lambda value: dutch_date(value, timezone)
    env.filters["moment"] = lambda value: dutch_moment(value, timezone)
    env.filters["iso"] = lambda value: iso_local(value, timezone)
