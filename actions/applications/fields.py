"""Reading the werkmap's fields from what people type, and showing them back.

Shared by the logging form and the forms that correct, update or delete an
application, so a date or an employer means the same everywhere. Nothing here
says anything to the user: functions return values and a problem code, and the
actions pick the response in domain.yml that fits the problem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, List, Optional, Sequence

from rasa_sdk import Tracker

from dutch.dates import resolve_date
from storage.tables import APPLICATION_CHANNELS, APPLICATION_STATUSES, EMPLOYER_LENGTH, POSITION_LENGTH
from werkmaatje.settings import get_settings

# Stored as "no position": the person pressed "Weet ik niet meer" (or skipped).
UNKNOWN = "-"
# Problem codes, read by the ask actions to choose the follow-up question.
PROBLEM_RANT = "rant"  # too long to be a name
PROBLEM_FUTURE = "future"  # a date after today
PROBLEM_UNCLEAR = "unclear"  # no day, or only a week or month

# A name longer than this many words is a story, not a name.
MAX_NAME_WORDS = 8
# Words people put before a name that are not part of it.
_LEADING_WORDS = {"de", "het", "'t", "bij", "naar", "een", "als"}
_WHITESPACE = re.compile(r"\s+")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A word for counting: two or more letters ("<b>" and emoji are not words).
_WORD = re.compile(r"[^\W\d_]{2,}")

# Which field someone wants to change, by the words they use (buttons send the first one).
FIELD_WORDS = {
    "application_employers": ("werkgever", "bedrijf", "winkel", "naam", "waar"),
    "application_position": ("functie", "baan", "vacature", "beroep"),
    "application_date": ("datum", "dag", "wanneer"),
    "application_channel": ("hoe", "manier", "via", "kanaal"),
}
FIELDS = tuple(FIELD_WORDS)


@dataclass(frozen=True)
class Answer:
    """A cleaned value, or None with the reason it could not be used."""

    value: Any = None
    problem: Optional[str] = None


def latest_text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")


def is_button_payload(text: str) -> bool:
    """"/intent{...}" payloads carry entities, not words to read."""
    return text.startswith("/")


def typed_text(tracker: Tracker) -> Optional[str]:
    """The latest message as words, or None for a button payload."""
    text = latest_text(tracker)
    return None if is_button_payload(text) else text


def entity_values(tracker: Tracker, entity: str) -> List[str]:
    """Values of `entity` in the latest message, in the order they were said, without repeats."""
    found = sorted(
        (e for e in (tracker.latest_message or {}).get("entities") or [] if e.get("entity") == entity),
        key=lambda e: e.get("start") or 0,
    )
    values: List[str] = []
    for e in found:
        value = str(e.get("value") or "").strip()
        # The model sometimes splits off an article ("van de kruidvat" -> "de", "kruidvat").
        if value and value not in values and value.lower() not in _FILLER_WORDS | {"van"}:
            values.append(value)
    return values


# Words that may surround a name in a short answer ("bij de jumbo en de lidl").
_FILLER_WORDS = _LEADING_WORDS | {"en", "ook", "nog", "of"}
# More other words than this around the entity make the answer a sentence.
_MAX_WORDS_AROUND_A_NAME = 2


def named_in_answer(tracker: Tracker, entity: str) -> List[str]:
    """The names in an answer to "bij welk bedrijf?": the entities of a sentence, else the answer as typed.

    "ik heb bij de jumbo gesolliciteerd" gives the entity; "jumbo hengelo" or
    "<b>Bakkerij</b>" is the name itself, even if the NLU tagged only part of it.
    A long story is returned whole, so the check turns it down as a name.
    """
    named = entity_values(tracker, entity)
    text = latest_text(tracker)
    if is_button_payload(text):
        return named
    if len(text) > EMPLOYER_LENGTH or len(_WHITESPACE.split(text.strip())) > MAX_NAME_WORDS:
        # A story, even one that mentions a company: checking it asks for just the name.
        return [text]
    if len(named) > 1:
        return named
    if not named:
        return [text] if text.strip() else []
    rest = text
    for e in (tracker.latest_message or {}).get("entities") or []:
        if e.get("entity") == entity and e.get("start") is not None and e.get("end") is not None:
            rest = rest[: e["start"]] + " " * (e["end"] - e["start"]) + rest[e["end"]:]
    other = [word for word in _WORD.findall(rest.lower()) if word not in _FILLER_WORDS]
    return named if len(other) > _MAX_WORDS_AROUND_A_NAME else [text]


def first_entity(tracker: Tracker, entity: str) -> Optional[str]:
    values = entity_values(tracker, entity)
    return values[0] if values else None


def tidy_name(text: str, *, capitalise: bool = True) -> str:
    """Collapse whitespace, drop a leading "de"/"bij", and capitalise names typed all in lower case."""
    words = _WHITESPACE.sub(" ", text).strip().split(" ")
    while len(words) > 1 and words[0].lower() in _LEADING_WORDS:
        words = words[1:]
    tidy = " ".join(words)
    if capitalise and tidy == tidy.lower():
        # "albert heijn" -> "Albert Heijn"; "Albert heijn" was typed on purpose and stays.
        tidy = " ".join(word[:1].upper() + word[1:] for word in tidy.split(" "))
    return tidy


def check_name(raw: Optional[str], *, max_length: int, capitalise: bool = True) -> Answer:
    """A name as typed, unless it is empty or looks like a story rather than a name."""
    if raw is None:
        return Answer()
    text = _WHITESPACE.sub(" ", str(raw)).strip()
    if not text:
        return Answer(problem=PROBLEM_UNCLEAR)
    if len(text) > max_length or len(text.split(" ")) > MAX_NAME_WORDS:
        return Answer(problem=PROBLEM_RANT)
    return Answer(value=tidy_name(text, capitalise=capitalise))


def check_employers(raw: Optional[Sequence[str]]) -> Answer:
    """One or more employer names ("bij lidl en bij aldi"); one bad name makes us ask again."""
    if not raw:
        return Answer()
    names: List[str] = []
    for candidate in raw:
        answer = check_name(candidate, max_length=EMPLOYER_LENGTH)
        if answer.value is None:
            return answer
        if answer.value not in names:
            names.append(answer.value)
    return Answer(value=names)


def check_position(raw: Optional[str]) -> Answer:
    if raw == UNKNOWN:
        return Answer(value=UNKNOWN)
    # Job titles stay as typed: "vakkenvuller", not "Vakkenvuller".
    return check_name(raw, max_length=POSITION_LENGTH, capitalise=False)


def timezone() -> str:
    return get_settings().timezone


def check_applied_on(raw: Optional[str], *, now: datetime) -> Answer:
    """The day someone applied, as an ISO date: never in the future, always one exact day."""
    if raw is None:
        return Answer()
    if _ISO_DAY.match(raw):
        return Answer(value=raw)
    resolved = resolve_date(raw, reference=now, timezone=timezone(), bias="past")
    if resolved is None or resolved.grain != "day":
        return Answer(problem=PROBLEM_UNCLEAR)
    if resolved.is_future:
        return Answer(problem=PROBLEM_FUTURE)
    return Answer(value=resolved.day.isoformat())


def says_a_date(text: str, *, now: datetime) -> bool:
    return not is_button_payload(text) and resolve_date(text, reference=now, timezone=timezone(), bias="past") is not None


def channel_in(tracker: Tracker) -> Optional[str]:
    """The channel from the entity (synonyms already mapped), or from the words themselves."""
    for value in entity_values(tracker, "channel"):
        if value in APPLICATION_CHANNELS:
            return value
    return code_said(latest_text(tracker), APPLICATION_CHANNELS)


# "niet aangenomen" must never be stored as its opposite, whatever the model split off.
_NOT_HIRED = re.compile(r"\b(?:niet|nie|ni)\s+(?:aangenomen|aangenome)\b")


def status_in(tracker: Tracker) -> Optional[str]:
    if _NOT_HIRED.search(latest_text(tracker).lower()):
        return "afgewezen"
    for value in entity_values(tracker, "application_status"):
        if value in APPLICATION_STATUSES:
            return value
    return code_said(latest_text(tracker), APPLICATION_STATUSES)


def code_said(text: str, codes: Sequence[str]) -> Optional[str]:
    """A code typed as its own words: "open sollicitatie", "via netwerk", "geen reactie"."""
    words = _WHITESPACE.sub(" ", text.lower()).strip(" .!?")
    if words.startswith("via "):
        words = words[4:]
    for code in codes:
        if words == code or words == label(code):
            return code
    return None


def field_said(text: str) -> Optional[str]:
    """Which field someone wants to change: "de datum", "werkgever", "hoe ik solliciteerde"."""
    words = set(_WHITESPACE.sub(" ", text.lower()).split(" "))
    for field, keywords in FIELD_WORDS.items():
        if words & set(keywords):
            return field
    return None


def application_id_in(tracker: Tracker) -> Optional[int]:
    """The application a button was about (payload entity application_id)."""
    value = first_entity(tracker, "application_id")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# Showing values back
# Dates as 12-03-2024, the way Dutch letters write them; codes are Dutch words already.


def label(code: Optional[str]) -> str:
    return (code or UNKNOWN).replace("_", " ")


def day_label(day: Any) -> str:
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return day.strftime("%d-%m-%Y")


def names_label(names: Sequence[str]) -> str:
    return ", ".join(names)
