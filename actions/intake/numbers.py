"""Numbers in what people type: digits and Dutch number words ("vierendertig", "twee")."""
from __future__ import annotations

import re
from typing import List

NUMBER_WORDS = {
    "nul": 0, "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14,
    "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
}
TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80}
_COMPOUND = re.compile(r"\b(een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën)(twintig|dertig|veertig|vijftig|zestig|zeventig)\b")


def numbers_in(text: str) -> List[int]:
    """Every number in the text, digits and Dutch words ("vierendertig"), in order of appearance."""
    found = []
    for match in _COMPOUND.finditer(text):
        found.append((match.start(), NUMBER_WORDS[match.group(1)] + TENS[match.group(2)]))
    rest = _COMPOUND.sub(lambda m: " " * len(m.group(0)), text)
    for match in re.finditer(r"\d+|[a-zé]+", rest):
        token = match.group(0)
        if token.isdigit():
            found.append((match.start(), int(token)))
        elif token in TENS:
            found.append((match.start(), TENS[token]))
        elif token in NUMBER_WORDS and token not in ("een", "één"):  # "een" is mostly the article
            found.append((match.start(), NUMBER_WORDS[token]))
    return [number for _, number in sorted(found)]
