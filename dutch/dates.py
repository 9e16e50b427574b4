"""Resolve the date (and clock time) in a Dutch message, towards the past or the future.

"ik heb maandag gesolliciteerd" means the most recent Monday, but Duckling
always looks ahead (it reads a bare "maandag" as next Monday and "12 maart"
in June as next year's). Actions therefore call `resolve_date` with a bias:
`past` when logging what someone did, `future` for interviews and reminders.
Our own Dutch rules handle the words people use for days (including typos
like "gister" and words Duckling misses, like "vanochtend"); Duckling, in
process, covers the rest ("vorige maand", "volgende week"). Days are local
dates in the given time zone; moments are built with zoneinfo, so "om 10
uur" the day after a DST change is 10:00 local time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Callable, List, Optional
from zoneinfo import ZoneInfo

from dutch.clock import NUMBER, NUMBER_WORDS, ClockTime, find_clock_time
from dutch.names import DAY_NAMES, MONTH_NAMES, MONTH_SHORT_NAMES

PAST = "past"
FUTURE = "future"


@dataclass(frozen=True)
class ResolvedDate:
    day: date
    moment: Optional[datetime]  # aware, only when a clock time was said
    is_future: bool  # relative to the reference moment
    text: str  # the matched words, lower case
    grain: str = "day"  # "week" or "month" for "volgende week", "vorige maand": ask which day


@dataclass(frozen=True)
class _DayMatch:
    start: int
    end: int
    day: date
    grain: str = "day"


_DAY_SUFFIX = r"(?:ochtend|morgen|middag|avond|nacht)?"
_RELATIVE_DAYS = [
    (re.compile(r"\beergister(?:en|e)?" + _DAY_SUFFIX + r"\b"), -2),
    (re.compile(r"\b(?:gister(?:en|e|n)?|gistren)" + _DAY_SUFFIX + r"\b"), -1),
    (re.compile(r"\b(?:vanda+g|vandg|van(?:ochtend|morgen|middag|avond|nacht))\b"), 0),
    (re.compile(r"\bovermorgen\b"), 2),
    # Not "'s morgens" or "goedemorgen"/"goede morgen" (those are no dates).
    (re.compile(r"(?<!goede )(?<!goeie )\bmorgen?(?:ochtend|middag|avond|vroeg)?\b"), 1),
]

# Typing errors people make in each day's name, Monday first.
_WEEKDAY_TYPOS = (
    "mandag|maandg",
    "dinsdg|dinsdach",
    "woendag|woensdg|wonsdag",
    "donderdg|dondedag|donderdach",
    "vrydag|vrijdg|frijdag",
    "zaterdg|zatedag|zatterdag",
    "zondg",
)
_WEEKDAY_SPELLINGS = [f"{day}|{typos}" for day, typos in zip(DAY_NAMES, _WEEKDAY_TYPOS)]
_WEEKDAY_INDEX = {spelling: index for index, group in enumerate(_WEEKDAY_SPELLINGS) for spelling in group.split("|")}
_WEEKDAY = re.compile(
    r"\b(?:(?P<week_before>vorige|volgende|deze)\s+week\s+)?"
    r"(?:(?P<modifier>afgelopen|vorige|komende|aanstaande|volgende|deze)\s+)?"
    r"(?P<weekday>" + "|".join(_WEEKDAY_SPELLINGS) + r")" + _DAY_SUFFIX + r"\b"
    r"(?:\s+(?P<week_after>vorige|volgende|deze)\s+week\b|\s+(?P<tag>jl\b|j\.l\.|a\.s\.|as\b|aanstaande\b))?"
)
_PAST_MODIFIERS = {"afgelopen", "vorige", "jl", "j.l."}
_FUTURE_MODIFIERS = {"komende", "aanstaande", "volgende", "a.s.", "as"}
_WEEK_SHIFT = {"vorige": -7, "deze": 0, "volgende": 7}

# Every name a month is written as: the full name, the short form and two longer abbreviations.
_MONTHS = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name: number for number, name in enumerate(MONTH_SHORT_NAMES, start=1)},
    "febr": 2,
    "sept": 9,
}
_DAY_MONTH_NAME = re.compile(
    r"\b(\d{1,2})(?:e|ste|de)?\s+(" + "|".join(_MONTHS) + r")\b\.?(?:\s+(\d{4})\b)?"
)
_DAY_MONTH_NUMERIC = re.compile(r"\b(\d{1,2})[-/](\d{1,2})(?:[-/](\d{4}|\d{2}))?\b")
_DAY_OF_MONTH = re.compile(r"\bde\s+(\d{1,2})(?:e|ste|de)\b")
_DAYS_AHEAD = re.compile(r"\bover\s+" + NUMBER + r"\s+(dag|dagen|week|weken)\b")
_DAYS_AGO = re.compile(r"\b" + NUMBER + r"\s+(dag|dagen|week|weken)\s+(?:geleden|terug)\b")
_CLOCK_WORDS = re.compile(r"\b(?:uur|uurtje|minuut|minuten|kwartier)\b")
_PERIOD_WORDS = re.compile(r"dag|week|weken|maand|jaar|uur|minu|kwartier")


def resolve_date(
    text: str, *, reference: datetime, timezone: str = "Europe/Amsterdam", bias: str = PAST
) -> Optional[ResolvedDate]:
    """The first date or time said in `text`, or None when it names none."""
    if bias not in (PAST, FUTURE):
        raise ValueError(f"bias must be {PAST!r} or {FUTURE!r}, not {bias!r}")
    if reference.tzinfo is None:
        raise ValueError("reference must be timezone-aware (use storage.timestamps.utc_now)")
    zone = ZoneInfo(timezone)
    now = reference.astimezone(zone)
    lowered = _normalise(text)
    clock = find_clock_time(lowered)
    found = _own_day(lowered, now.date(), bias, near=clock)
    duckling_moment = None
    if found is None:
        # Blank out the clock time so Duckling does not read "om 10 uur" as a day.
        blanked = lowered if clock is None else lowered[: clock.start] + " " * (clock.end - clock.start) + lowered[clock.end:]
        found, duckling_moment = _duckling_day(blanked, now, timezone)
    if found is None and clock is None:
        return None
    moment = _moment(found, clock, now, bias) if clock else duckling_moment
    day = moment.date() if moment else found.day
    is_future = moment > now if moment else day > now.date()
    return ResolvedDate(
        day=day,
        moment=moment,
        is_future=is_future,
        text=_matched_words(lowered, found, clock),
        grain=found.grain if found and not clock else "day",
    )


def _normalise(text: str) -> str:
    # Same length as the input, so match positions stay valid for the matched words.
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def _own_day(text: str, today: date, bias: str, near: Optional[ClockTime]) -> Optional[_DayMatch]:
    """The day expression our own rules know: the one nearest the clock time, else the first."""
    finders: List[Callable[[str, date, str], List[_DayMatch]]] = [
        _relative_days, _weekdays, _day_month_names, _day_month_numbers, _days_of_month, _counted_days,
    ]
    matches = [match for finder in finders for match in finder(text, today, bias)]
    if not matches:
        return None
    if near is not None:
        # "vanochtend gebeld, gesprek is donderdag om 3 uur": the day next to the time.
        first = min(matches, key=lambda match: (min(abs(match.end - near.start), abs(near.end - match.start)), match.start))
    else:
        first = min(matches, key=lambda match: (match.start, -match.end))
    # "vrijdag 13 maart": the date said right after the weekday decides.
    following = [match for match in matches if first.end <= match.start <= first.end + 2]
    if following:
        return _DayMatch(first.start, following[0].end, following[0].day, following[0].grain)
    return first


def _relative_days(text: str, today: date, bias: str) -> List[_DayMatch]:
    return [
        _DayMatch(match.start(), match.end(), today + timedelta(days=offset))
        for pattern, offset in _RELATIVE_DAYS
        for match in pattern.finditer(text)
    ]


def _weekdays(text: str, today: date, bias: str) -> List[_DayMatch]:
    return [
        _DayMatch(match.start(), match.end(), _weekday_day(match, today, bias)) for match in _WEEKDAY.finditer(text)
    ]


def _weekday_day(match: re.Match, today: date, bias: str) -> date:
    weekday = _WEEKDAY_INDEX[match.group("weekday")]
    week = match.group("week_before") or match.group("week_after")
    if week:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=_WEEK_SHIFT[week])
        return monday + timedelta(days=weekday)
    modifier = match.group("modifier") or match.group("tag")
    days_back = (today.weekday() - weekday) % 7
    if modifier in _PAST_MODIFIERS:
        return today - timedelta(days=days_back or 7)
    if modifier in _FUTURE_MODIFIERS or bias == FUTURE:
        return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return today - timedelta(days=days_back)  # past bias: today's own name means today


def _day_month_names(text: str, today: date, bias: str) -> List[_DayMatch]:
    return _dated(
        ((match, int(match.group(1)), _MONTHS[match.group(2)], match.group(3)) for match in _DAY_MONTH_NAME.finditer(text)),
        today,
        bias,
    )


def _day_month_numbers(text: str, today: date, bias: str) -> List[_DayMatch]:
    return _dated(
        ((match, int(match.group(1)), int(match.group(2)), match.group(3)) for match in _DAY_MONTH_NUMERIC.finditer(text)),
        today,
        bias,
    )


def _dated(candidates, today: date, bias: str) -> List[_DayMatch]:
    found = []
    for match, day, month, year in candidates:
        resolved = _date_in_year(day, month, year, today, bias)
        if resolved:
            found.append(_DayMatch(match.start(), match.end(), resolved))
    return found


def _date_in_year(day: int, month: int, year: Optional[str], today: date, bias: str) -> Optional[date]:
    """The date with the year said, else the nearest year on the bias side of today."""
    if year:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return _valid_date(full_year, month, day)
    step = -1 if bias == PAST else 1
    for offset in range(0, 9 * step, step):  # 29 February can be years away
        candidate = _valid_date(today.year + offset, month, day)
        if candidate and (candidate <= today if bias == PAST else candidate >= today):
            return candidate
    return None


def _valid_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _days_of_month(text: str, today: date, bias: str) -> List[_DayMatch]:
    found = []
    for match in _DAY_OF_MONTH.finditer(text):
        day = int(match.group(1))
        step = -1 if bias == PAST else 1
        for months in range(0, 12 * step, step):
            year, month = divmod(today.year * 12 + today.month - 1 + months, 12)
            candidate = _valid_date(year, month + 1, day)
            if candidate and (candidate <= today if bias == PAST else candidate >= today):
                found.append(_DayMatch(match.start(), match.end(), candidate))
                break
    return found


def _counted_days(text: str, today: date, bias: str) -> List[_DayMatch]:
    found = []
    for pattern, sign in ((_DAYS_AHEAD, 1), (_DAYS_AGO, -1)):
        for match in pattern.finditer(text):
            count = int(match.group(1)) if match.group(1).isdigit() else NUMBER_WORDS[match.group(1)]
            days = count * (1 if match.group(2).startswith("dag") else 7)
            found.append(_DayMatch(match.start(), match.end(), today + timedelta(days=sign * days)))
    return found


def _duckling_day(text: str, now: datetime, timezone: str):
    """Duckling's first time expression as a day (and a moment for "over 2 uur")."""
    from dutch.duckling import parse_times

    for entity in parse_times(text, timezone=timezone, reference_epoch_seconds=now.timestamp()):
        if entity["entity"] != "time":
            continue
        info = entity["additional_info"]
        value = entity["value"]["from"] if isinstance(entity["value"], dict) else entity["value"]
        if not value:
            continue
        when = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(now.tzinfo)
        grain = info.get("grain") or (info.get("from") or {}).get("grain") or "day"
        if grain not in _GRAINS and grain != "day" and not _PERIOD_WORDS.search(entity["text"]):
            continue  # a bare number Duckling took for a time ("om 3 brieven", "één voor één")
        found = _DayMatch(entity["start"], entity["end"], when.date(), _GRAINS.get(grain, "day"))
        said_a_clock_span = grain in ("hour", "minute", "second") and _CLOCK_WORDS.search(entity["text"])
        return found, when if said_a_clock_span else None
    return None, None


_GRAINS = {"week": "week", "month": "month", "quarter": "month", "year": "year"}


def _moment(found: Optional[_DayMatch], clock: ClockTime, now: datetime, bias: str) -> datetime:
    at = time(clock.hour, clock.minute)
    if found is not None:
        return datetime.combine(found.day, at, tzinfo=now.tzinfo)
    # Only a time: "om 10 uur" is today if still ahead (future) or already past (past), else the next/previous day.
    today = datetime.combine(now.date(), at, tzinfo=now.tzinfo)
    if bias == FUTURE and today <= now:
        return datetime.combine(now.date() + timedelta(days=1), at, tzinfo=now.tzinfo)
    if bias == PAST and today > now:
        return datetime.combine(now.date() - timedelta(days=1), at, tzinfo=now.tzinfo)
    return today


def _matched_words(text: str, found: Optional[_DayMatch], clock: Optional[ClockTime]) -> str:
    spans = sorted((part.start, part.end) for part in (found, clock) if part is not None)
    return " ".join(text[start:end].strip() for start, end in spans)
