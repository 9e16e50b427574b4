"""One parser per kind of intake answer: normalised free text in, a stored value (or None) out.

None means "not understood": the form asks again with an example. The parsers
are pure functions, so the tests feed them phrasings the model never saw.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Dict, List, Optional

from actions.intake import words
from actions.intake.numbers import NUMBER_WORDS, numbers_in

def first_match(text: str, table: words.Table) -> Optional[str]:
    for pattern, value in table:
        if re.search(pattern, text):
            return value
    return None


def all_matches(text: str, table: words.Table) -> List[str]:
    found: List[str] = []
    for pattern, value in table:
        if re.search(pattern, text) and value not in found:
            found.append(value)
    return found


def _is(text: str, pattern: str) -> bool:
    return re.search(pattern, text) is not None


def age(text: str, today: date) -> Optional[str]:
    """"ik ben 34" → "27-44"; the age itself is not kept (data minimisation), only the band."""
    band = {"18-26": "18-26", "27-44": "27-44", "45-54": "45-54", "55+": "55+"}.get(text.replace(" ", ""))
    if band:
        return band
    if _is(text, r"onder de 27|jonger dan 27"):
        return "18-26"
    if _is(text, r"boven de 55|ouder dan 55|55 plus|55\+"):
        return "55+"
    numbers = [n for n in numbers_in(text) if 15 <= n <= 99 or 1900 < n <= today.year]
    if not numbers:
        return None
    years = numbers[0] if numbers[0] < 100 else today.year - numbers[0]  # "geboren in 1990"
    if not 15 <= years <= 99:
        return None
    if years <= 26:
        return "18-26"
    if years <= 44:
        return "27-44"
    if years <= 54:
        return "45-54"
    return "55+"


def duration(text: str, today: date) -> Optional[str]:
    """Years on benefit: "<1", "1-3" or ">3" ("half jaar", "sinds 2019", "al 5 jaar")."""
    if text in ("<1", "1-3", ">3"):
        return text
    if _is(text, r"anderhalf"):
        return "1-3"
    if _is(text, r"net begonnen|sinds kort|pas net|half jaar|paar maanden|paar weken|korter dan een jaar|minder dan een jaar|nog geen jaar"):
        return "<1"
    if _is(text, r"meer dan (3|drie) jaar|heel lang|jaren|langer dan (3|drie)"):
        return ">3"
    if _is(text, r"anderhalf|ruim een jaar|een jaar|1 jaar|jaartje"):
        return "1-3"
    years = [n for n in numbers_in(text) if 1950 < n <= today.year]
    if years:
        elapsed = today.year - years[0]
        return "<1" if elapsed < 1 else "1-3" if elapsed <= 3 else ">3"
    numbers = numbers_in(text)
    if not numbers:
        return None
    amount = numbers[0]
    if _is(text, r"maand"):
        return "<1" if amount < 12 else "1-3" if amount <= 36 else ">3"
    if _is(text, r"week|weken|dag"):
        return "<1"
    if _is(text, r"jaar|jr") or len(text) <= 3:
        return "1-3" if 1 <= amount <= 3 else ">3" if amount > 3 else "<1"
    return None


YES = r"^(ja+|jawel|jazeker|jep|jup|yes|yess|klopt|zeker|wel|jaa+|yep|ok[eé]?|tuurlijk|natuurlijk)\b"
NO = r"^(nee+|neen|nope|nah|niet|geen|nooit|no|neuh|nee hoor)\b"
MAYBE = r"misschien|weet (ik )?nog niet|twijfel|\bmss\b|wie weet|zou kunnen|mogelijk|misschein|eventueel"


def yes_no(text: str, today: date) -> Optional[str]:
    # How the answer starts decides ("ja waarom niet" is a yes); then words anywhere.
    if _is(text, NO):
        return "nee"
    if _is(text, YES):
        return "ja"
    if _is(text, r"\bniet\b|\bgeen\b|\bnooit\b|alleenstaand|\balleen\b|vrijgezel"):
        return "nee"
    if _is(text, r"\b(ik heb|heb ik|ik zorg|wel|partner|vrouw|man|vriend|vriendin)\b"):
        return "ja"
    return None


def yes_no_maybe(text: str, today: date) -> Optional[str]:
    if _is(text, MAYBE):
        return "misschien"
    if _is(text, NO):
        return "nee"
    if _is(text, r"lijkt me (leuk|wel|goed)|\bgraag\b|zeker|wil ik wel|\bleuk\b|\bfijn\b|cursus|opleiding"):
        return "ja"
    return yes_no(text, today)


def children(text: str, today: date) -> Optional[Dict[str, Any]]:
    """"2 kids van 3 en 7" → {"aantal": 2, "jongste": 3}; "geen" → {"aantal": 0, "jongste": None}."""
    if _is(text, r"^(nee|geen|nope|nvt)\b|geen kind|geen kids|heb ik niet|^0\b"):
        return {"aantal": 0, "jongste": None}
    ages: List[int] = []
    baby = _is(text, r"baby|maanden oud|\bmaand(en)?\b")
    for match in re.finditer(r"(?:van|jongste( is)?|oudste( is)?|zijn|is|:)\s+((?:[\w]+(?:\s*(?:,|en|&)\s*)?)+)", text):
        ages.extend(n for n in numbers_in(match.group(3)) if n < 30)
    ages.extend(n for n in numbers_in(" ".join(re.findall(r"(\w+)\s*(?:jaar|jr)\b", text))) if n < 30)
    count: Optional[int] = None
    count_match = re.search(r"(\w+)\s+(kinderen|kids|kindjes|kinders|kind|zoons?|dochters?|jongens|meiden|meisjes)", text)
    if count_match:
        token = count_match.group(1)
        count = int(token) if token.isdigit() else {"een": 1, "één": 1, "tweeling": 2}.get(token, NUMBER_WORDS.get(token))
    if count is None and _is(text, r"tweeling"):
        count = 2
    if count is None and _is(text, r"\b(zoon|dochter|kind|baby)\b"):
        count = len(re.findall(r"\b(zoon|dochter|kind|baby)\b", text))
    if count is None and _is(text, r"^ja\b"):
        numbers = numbers_in(text)
        count = numbers[0] if numbers else None
        if count is None:
            return {"aantal": None, "jongste": None}
    if count is None and ages:
        count = len(ages)
    if count is None:
        return None
    youngest = 0 if baby else (min(ages) if ages else None)
    return {"aantal": count, "jongste": youngest}


def young_children(value: Any) -> bool:
    """Whether childcare is worth asking: children under 12, or an unknown age."""
    if not isinstance(value, dict) or not value.get("aantal") and value.get("aantal") is not None:
        return False
    youngest = value.get("jongste")
    return youngest is None or youngest < 12


def education(text: str, today: date) -> Optional[Dict[str, Any]]:
    """"mbo 2 gehaald" → {"niveau": "mbo-2", "diploma": True, "startkwalificatie": True}."""
    level = first_match(text, words.EDUCATION_LEVELS)
    if level is None:
        return None
    if _is(text, words.EDUCATION_NOT_FINISHED):
        diploma: Optional[bool] = False
    elif _is(text, words.EDUCATION_FINISHED) or level in ("basis", "vmbo"):
        diploma = True if level != "basis" or not _is(text, r"geen") else False
    else:
        diploma = True  # "mbo 3" on its own is said of a diploma; "niet gehaald" is said when not
    if level == "mbo":
        start = None  # the level decides, and it was not said
    else:
        start = bool(diploma) and level in words.STARTKWALIFICATIE_LEVELS
    return {"niveau": level, "diploma": diploma, "startkwalificatie": start}


def experience(text: str, today: date) -> Optional[Dict[str, Any]]:
    if _is(text, r"nooit (ge)?werkt|geen (werk)?ervaring|^(nee|geen|nope|niks|niets)\b|nog nooit"):
        return {"ervaring": False, "sectoren": []}
    sectors = [s for s in all_matches(text, words.SECTOR_WORDS) if s != "overig"]
    if sectors:
        return {"ervaring": True, "sectoren": sectors}
    if _is(text, r"^(ja|jawel|jep|wel)\b|gewerkt|\bwerk\b|baan|\bjaar\b|uitzend|anders|van alles"):
        return {"ervaring": True, "sectoren": ["overig"] if _is(text, r"anders|van alles") else []}
    return None


def certificates(text: str, today: date) -> Optional[List[str]]:
    """Certificates named, minus those said with "geen"/"niet" right before them."""
    found = []
    for pattern, value in words.CERTIFICATE_WORDS:
        match = re.search(pattern, text)
        if match and not re.search(r"\b(geen|niet|zonder)\b(\s+\w+){0,2}\s*$", text[: match.start()]):
            found.append(value)
    if found:
        return found
    if _is(text, r"^(nee|geen|niks|niets|nope|helaas niet)\b|geen certificat|heb ik niet|\bgeen\b"):
        return ["geen"]
    return None


def sectors(text: str, today: date) -> Optional[List[str]]:
    found = all_matches(text, words.SECTOR_WORDS)
    if found:
        return found
    if _is(text, r"maakt (me )?niet uit|van alles|alles|maakt niks uit|geen voorkeur"):
        return ["overig"]
    return None


def hours(text: str, today: date) -> Optional[str]:
    if text in ("fulltime", "parttime", "weinig"):
        return text
    if _is(text, r"full ?time|voltijd|hele week|zoveel mogelijk|40|vol"):
        return "fulltime"
    if _is(text, r"paar uur|weinig|niet veel|een paar uurtjes|beetje"):
        return "weinig"
    if _is(text, r"part ?time|deeltijd|halve dag|parttijd"):
        return "parttime"
    numbers = numbers_in(text)
    if numbers:
        amount = numbers[0]
        if _is(text, r"dag"):
            amount *= 8
        return "fulltime" if amount >= 32 else "parttime" if amount >= 12 else "weinig"
    return None


def health(text: str, today: date) -> Optional[str]:
    physical = _is(text, words.HEALTH_PHYSICAL)
    mental = _is(text, words.HEALTH_MENTAL)
    if physical and mental or _is(text, r"\bbeide\b|allebei"):
        return "beide"
    if mental:
        return "psychisch"
    if physical:
        return "lichamelijk"
    if _is(text, words.HEALTH_NONE):
        return "geen"
    return None


def obstacles(text: str, today: date) -> Optional[List[str]]:
    found = all_matches(text, words.OBSTACLE_WORDS)
    if found:
        return found
    if _is(text, r"^(geen|nee|niks|niets|nope)\b|geen belemmering|niks aan de hand|gaat prima"):
        return ["geen"]
    return None


def open_text(text: str, today: date) -> Optional[str]:
    """Drijfveren and needs are the client's own words; anything with letters counts."""
    return text if re.search(r"[a-z]{2,}", text) else None


def _table(table: words.Table):
    def parse(text: str, today: date) -> Optional[str]:
        return first_match(text, table)

    return parse


PARSERS = {
    "age": age,
    "benefit": _table(words.BENEFIT_WORDS),
    "duration": duration,
    "yes_no": yes_no,
    "yes_no_maybe": yes_no_maybe,
    "children": children,
    "childcare": _table(words.CHILDCARE_WORDS),
    "education": education,
    "experience": experience,
    "certificates": certificates,
    "language": _table(words.LANGUAGE_WORDS),
    "integration": _table(words.INTEGRATION_WORDS),
    "week": lambda text, today: all_matches(text, words.WEEK_WORDS) or None,
    "rhythm": _table(words.RHYTHM_WORDS),
    "health": health,
    "obstacles": obstacles,
    "sectors": sectors,
    "hours": hours,
    "open": open_text,
    "contact": _table(words.CONTACT_WORDS),
}
TESTS = {"young_children": young_children}
