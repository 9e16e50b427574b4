"""Which period "hoeveel heb ik ... gesolliciteerd" asks about: this week, last week, this month, last month.

Without one of those words the overview counts the agreement period, as
before; "deze maand" gets this month, not the agreement's four weeks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

# Most specific first: "vorige week" before "week".
_PERIOD_WORDS = (
    (r"\b(vorige|afgelopen|verleden) maand\b", "last_month"),
    (r"\b(vorige|verleden) week\b", "last_week"),
    (r"\b(deze|dit|de hele) (maand|mnd)\b", "this_month"),
    (r"\b(deze|afgelopen|de hele) (week|wk)\b", "this_week"),
)


@dataclass(frozen=True)
class AskedPeriod:
    key: str  # a key of werkmaatje.texts.chat.APPLICATION_PERIODS
    start: date
    end: date  # exclusive, like storage.applications.count_applied_between


def asked_period(text: str, today: date) -> Optional[AskedPeriod]:
    """The calendar period the question names, up to and including today; None for the agreement period."""
    cleaned = str(text or "").casefold()
    for pattern, key in _PERIOD_WORDS:
        if re.search(pattern, cleaned):
            return _period(key, today)
    return None


def _period(key: str, today: date) -> AskedPeriod:
    tomorrow = today + timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    if key == "this_week":
        return AskedPeriod(key, monday, tomorrow)
    if key == "last_week":
        return AskedPeriod(key, monday - timedelta(days=7), monday)
    if key == "this_month":
        return AskedPeriod(key, first, tomorrow)
    previous = (first - timedelta(days=1)).replace(day=1)
    return AskedPeriod(key, previous, first)
