"""Clock times the way Dutch people say them: "om 10 uur", "half drie", "kwart over 9".

Duckling reads "kwart over 9" at 10:00 as 21:15 (the next 9:15 on a 12-hour
clock) and "'s morgens om 9" as 21:00. People mean daytime: an hour from 1 to
7 without a morning or night word is the afternoon ("half drie" = 14:30),
8 to 12 stay as said, and "'s avonds"/"vanavond" move an hour past noon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
}
NUMBER = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
# Minutes before/after: "kwart", "5", "tien" (not "een", so "een voor een" is no time).
_COUNT = r"(kwart|\d{1,2}|vijf|tien|twintig)"

# Tried in this order; the first that matches wins. Each is (pattern, kind).
_CLOCK_PATTERNS = [
    (re.compile(r"(?:\bom\s+)?\b(\d{1,2}):(\d{2})\b(?:\s*(?:uur|u)\b)?"), "hh:mm"),
    (re.compile(r"\bom\s+(\d{1,2})\.(\d{2})\b(?:\s*(?:uur|u)\b)?|\b(\d{1,2})\.(\d{2})\s*(?:uur|u)\b"), "hh.mm"),
    (re.compile(r"(?:\bom\s+)?\b" + _COUNT + r"\s+(over|voor)\s+half\s+" + NUMBER + r"\b"), "around_half"),
    (re.compile(r"(?:\bom\s+)?\b" + _COUNT + r"\s+(over|voor)\s+" + NUMBER + r"\b(?:\s*uur\b)?"), "around_hour"),
    (re.compile(r"(?:\bom\s+)?\bhalf\s+" + NUMBER + r"\b"), "half"),
    (re.compile(r"(?<!over )(?<!binnen )(?:\bom\s+)?\b" + NUMBER + r"\s*(?:uur|u)\b"), "hour"),
    (re.compile(r"\bom\s+" + NUMBER + r"\b(?!\s*[.:]\d)"), "bare_om"),
]

# "om 3" is a time only when what follows is not a thing being counted ("om 3 brieven").
_AFTER_BARE_OM = {
    "", "'s", "s", "in", "op", "bij", "met", "naar", "en", "of", "ofzo", "ongeveer", "precies",
    "gesprek", "sollicitatiegesprek", "vanavond", "vanochtend", "vanmiddag", "vanmorgen", "vandaag",
    "morgen", "morgenochtend", "morgenmiddag", "morgenavond", "de", "het", "daar", "langs",
    "afspraak", "bellen", "ik", "moet", "mag", "heb", "ga", "is", "hoor", "toch",
}

_LEADING_ZERO = re.compile(r"(?:om\s+)?0\d")
# "vanochtend gebeld, gesprek om 3 uur" is still 15:00: only words near the time count.
PART_OF_DAY_WINDOW = 20
_MORNING = re.compile(r"'s\s*(?:ochtends|morgens)|\bs?(?:ochtends|morgens)\b|ochtend|vanmorgen|morgenvroeg")
_AFTERNOON = re.compile(r"'s\s*middags|\bsmiddags\b|middag")
_EVENING = re.compile(r"'s\s*avonds|\bsavonds\b|avond")
_NIGHT = re.compile(r"'s\s*nachts|\bsnachts\b|nacht")


@dataclass(frozen=True)
class ClockTime:
    hour: int
    minute: int
    start: int
    end: int


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def _minutes(token: str) -> int:
    return {"kwart": 15, "twintig": 20}.get(token) or _number(token)


def _raw_time(kind: str, groups: tuple) -> Optional[tuple]:
    if kind in ("hh:mm", "hh.mm"):
        hour, minute = [int(g) for g in groups if g is not None]
        return hour, minute
    if kind == "around_half":
        count, direction, hour = groups
        offset = _minutes(count) if direction == "over" else -_minutes(count)
        return _number(hour) - 1 or 12, 30 + offset
    if kind == "around_hour":
        count, direction, hour = groups
        if direction == "over":
            return _number(hour), _minutes(count)
        return _number(hour) - 1 or 12, 60 - _minutes(count)
    if kind == "half":
        return _number(groups[0]) - 1 or 12, 30
    return _number(groups[0]), 0


def _daytime_hour(hour: int, text: str) -> int:
    """Apply the part of the day said next to the time, else the daytime rule."""
    if _NIGHT.search(text):
        return 0 if hour == 12 else hour
    if _MORNING.search(text):
        return hour
    if _AFTERNOON.search(text) or _EVENING.search(text):
        return hour + 12 if hour < 12 else hour
    return hour + 12 if 1 <= hour <= 7 else hour


def find_clock_time(text: str) -> Optional[ClockTime]:
    """The first clock time in lower-case `text`, as a 24-hour local time."""
    for pattern, kind in _CLOCK_PATTERNS:
        for match in pattern.finditer(text):
            if kind == "bare_om":
                following = text[match.end():].split(maxsplit=1)
                if (following[0].strip("!?.,;:") if following else "") not in _AFTER_BARE_OM:
                    continue
            hour, minute = _raw_time(kind, match.groups())
            hour = 0 if hour == 24 else hour
            if not (0 <= hour <= 23 and 0 <= minute <= 59):
                continue
            # "07:30" with a leading zero is already a 24-hour time.
            if hour <= 12 and not _LEADING_ZERO.match(match.group(0)):
                nearby = text[max(0, match.start() - PART_OF_DAY_WINDOW): match.end() + PART_OF_DAY_WINDOW]
                hour = _daytime_hour(hour, nearby)
            return ClockTime(hour=hour % 24, minute=minute, start=match.start(), end=match.end())
    return None
