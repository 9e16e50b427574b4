"""Saying moments in plain Dutch: "morgen", "dinsdag 24 november", "10:00".

Day and month names are vocabulary, not sentences: the sentences around them
live in domain.yml.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo

from dutch.names import DAY_NAMES, MONTH_NAMES

RELATIVE_DAYS = {-2: "eergisteren", -1: "gisteren", 0: "vandaag", 1: "morgen", 2: "overmorgen"}


def say_day(moment: datetime, *, now: datetime, timezone_name: str) -> str:
    zone = ZoneInfo(timezone_name)
    local, today = moment.astimezone(zone).date(), now.astimezone(zone).date()
    relative = RELATIVE_DAYS.get((local - today).days)
    if relative:
        return relative
    return f"{DAY_NAMES[local.weekday()]} {local.day} {MONTH_NAMES[local.month - 1]}"


def say_clock(moment: datetime, *, timezone_name: str) -> str:
    return moment.astimezone(ZoneInfo(timezone_name)).strftime("%H:%M")


def moment_facts(moment: datetime, *, now: datetime, timezone_name: str) -> dict:
    """`dag` and `tijd` for a response such as "{dag} om {tijd}"."""
    return {"dag": say_day(moment, now=now, timezone_name=timezone_name), "tijd": say_clock(moment, timezone_name=timezone_name)}


def parse_iso(value: Optional[str]) -> Optional[datetime]:
    """An ISO 8601 moment from an entity or slot; None when absent or malformed."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
