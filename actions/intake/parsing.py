"""Reading an intake answer: skip, "weet ik niet", "liever persoonlijk", a correction, or the answer itself.

Pure Python, no Rasa: the validation action passes the raw text (or a button's
value) and gets back what to store. The markers are checked before the
question's own parser, so "wil ik niet zeggen" is never read as "nee".
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Optional

from actions.intake.parsers import PARSERS
from werkmaatje.intake_questions import question

SKIP = r"sla (maar |deze )?over|overslaan|wil ik niet zeggen|zeg ik liever niet|^liever niet\b|volgende vraag|^skip\b|^door\b|wil ik niet vertellen|gaat je niks aan|hoef ik niet te zeggen"
UNKNOWN = r"geen (flauw )?idee|weet (ik )?(het )?(echt )?niet|w(ee)?t ik nie\b|^idk\b|geen flauw|^geen idee|^weetniet|^geen id\b|\bweet ik veel\b|^\?+$"
PERSONAL = r"persoonlijk|liever (zelf )?(vertellen|bespreken)|met (mijn|mn|m'n) klantmanager|vertel ik liever|bespreek ik liever|liever in een gesprek"
CORRECTION = r"^(nee+|o+h?|oeps|sorry|wacht)[, ]*(wacht|toch|ik bedoel|foutje|sorry)\b|^ik bedoel\b|^correctie\b|^foutje\b|^nee toch\b|^oeps\b|\b(heb|ben|is) (ik )?toch\b|\bik heb wel\b|^wacht\b"


OPEN_ANSWER_CHARS = 500


@dataclass(frozen=True)
class Reading:
    """What an answer means. kind: answered | unknown | skipped | personal | not_understood."""

    kind: str
    value: Any = None


def normalise(text: str) -> str:
    """Lowercase, no emoji or stray punctuation, single spaces; digits, +, <, > and - survive."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w\s+<>\-'.,&:?é]", " ", text)
    text = re.sub(r"(?<!\d)[.,](?!\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def read_answer(key: str, text: str, *, today: date) -> Reading:
    """The meaning of `text` as an answer to question `key`."""
    cleaned = normalise(text)
    if not cleaned:
        return Reading("not_understood")
    if re.search(PERSONAL, cleaned):
        return Reading("personal")
    if re.search(SKIP, cleaned):
        return Reading("skipped")
    if re.search(UNKNOWN, cleaned):
        return Reading("unknown") if question(key).unknown_ok else Reading("not_understood")
    value = PARSERS[question(key).parser](cleaned, today)
    if value is not None and question(key).parser == "open":
        value = " ".join(text.split())[:OPEN_ANSWER_CHARS]  # their own words, as typed
    if value is None or (question(key).choices and isinstance(value, str) and value not in question(key).choices):
        return Reading("not_understood")
    return Reading("answered", value)


def is_correction(text: str) -> bool:
    """"nee wacht, ik heb wel een rijbewijs": the client changes an earlier answer."""
    return re.search(CORRECTION, normalise(text)) is not None


# Which earlier question a correction is about: words that name its topic.
TOPIC_WORDS = (
    ("certificaten", r"rijbewijs|\bvca\b|heftruck|certificaat"),
    ("leeftijd", r"\bjaar oud\b|\bben (ik )?\d+|\bleeftijd|\bik ben (\w+en)?(twintig|dertig|veertig|vijftig|zestig)"),
    ("kinderen", r"\bkind|\bkids\b|zoon|dochter|baby"),
    ("kinderopvang", r"opvang|\bbso\b|oppas"),
    ("opleiding", r"\bmbo|\bhbo\b|\bhavo\b|\bvwo\b|\bvmbo\b|diploma|opleiding|school"),
    ("partner", r"partner|getrouwd|vrouw|\bman\b|vriend"),
    ("mantelzorg", r"mantelzorg|zorg voor mijn"),
    ("taal", r"nederlands|\btaal\b"),
    ("uitkering_duur", r"\bsinds\b|\bmaanden\b|jaar in de|jaar een uitkering"),
    ("uitkering", r"bijstand|\bww\b|ioaw|ioaz|uitkering"),
    ("werkervaring", r"gewerkt|werkervaring"),
    ("wens_sector", r"\bwil (liever |graag )?(in|bij) de\b|liever in de"),
    ("wens_uren", r"\buur\b|uren|fulltime|parttime"),
    ("contact", r"bellen|mail|\bchat"),
)


def correction_target(text: str, answered: Iterable[str]) -> Optional[str]:
    """The answered question a correction names, or None when it names none of them."""
    cleaned = normalise(text)
    answered = set(answered)
    for key, pattern in TOPIC_WORDS:
        if key in answered and re.search(pattern, cleaned):
            return key
    return None


def strip_correction(text: str) -> str:
    """The answer inside a correction: "nee wacht, ik ben 45" → "ik ben 45"."""
    cleaned = normalise(text)
    return re.sub(r"^((nee+|o+h?|oeps|sorry|wacht|toch|ik bedoel|foutje|correctie)[, ]*)+", "", cleaned).strip()


def merge_certificates(previous: Any, text: str, corrected: Any) -> Any:
    """"ik heb wel een rijbewijs" adds to what was said; "geen vca" takes it away."""
    before = [c for c in (previous or []) if c != "geen"] if isinstance(previous, list) else []
    cleaned = normalise(text)
    result = list(before)
    for value in corrected or []:
        if value != "geen" and value not in result:
            result.append(value)
    for name, pattern in (("vca", r"\bvca\b"), ("heftruck", r"heftruck"), ("rijbewijs", r"rijbewijs")):
        if re.search(r"\b(geen|niet)\b(\s+\w+){0,2}\s*" + pattern, cleaned) and name in result:
            result.remove(name)
    return result or ["geen"]
