"""Crisis language found by a curated lexicon (nlu/distress_lexicon.yml), not by the classifier.

The classifier learns distress from some sixty examples; a despairing message
in words it never saw can come out as `nlu_fallback` or, worse, as a
confident `out_of_scope`. The lexicon is the safety net under it: explicit
expressions, written with their everyday look-alikes in mind, that are
checked on every message whatever the classifier thinks.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Pattern, Tuple

import yaml

LEXICON_FILE = Path(__file__).with_name("distress_lexicon.yml")
# How far back a "niet"/"geen" cancels a crisis word: "ik denk er niet aan om zelfmoord ..."
NEGATION_WINDOW_WORDS = 3
CLAUSE_MARK = "|"
# Money trouble: an obstacle to work and a flag for the klantmanager (the intake's
# obstacles question reads the same words), never a crisis by itself.
MONEY_TROUBLE = r"schuld|deurwaarder|bewind|rood staan|geldzorgen|geld problemen|geldproblemen|rekeningen"

# "kwil", "kheb", "'k ben": the first person as people type it.
_CONTRACTED_IK = re.compile(r"\bk(?=(wil|wou|heb|ben|zie|voel|hou|denk|ga|trek|zit|weet|hoef|haat|kan|snap)\b)")
_SHORT_FORMS = ((re.compile(r"\bk\b"), "ik"), (re.compile(r"\bnie\b"), "niet"), (re.compile(r"\bmn\b"), "mijn"))
_REPEATED = re.compile(r"(.)\1{2,}")
_CLAUSE_END = re.compile(r"[.,!?;:\n]+")
_NOT_A_WORD = re.compile(r"[^a-z0-9| ]+")


@dataclass(frozen=True)
class Lexicon:
    words: Tuple[Pattern[str], ...]
    expressions: Tuple[Pattern[str], ...]
    negations: Pattern[str]


def normalise(text: str) -> str:
    """Lower case without accents or emoji, contractions written out, clause ends as " | "."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("'", "").replace("\u2019", "")
    plain = _CLAUSE_END.sub(f" {CLAUSE_MARK} ", plain)
    plain = _NOT_A_WORD.sub(" ", plain)
    plain = _REPEATED.sub(r"\1\1", plain)
    plain = _CONTRACTED_IK.sub("ik ", plain)
    for pattern, replacement in _SHORT_FORMS:
        plain = pattern.sub(replacement, plain)
    return " ".join(plain.split())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    return Lexicon(
        words=tuple(re.compile(p) for p in data["words"]),
        expressions=tuple(re.compile(p) for p in data["expressions"]),
        negations=re.compile(data["negations"]),
    )


def _negated(text: str, match: "re.Match[str]", negations: Pattern[str]) -> bool:
    clause = text[: match.start()].rsplit(CLAUSE_MARK, 1)[-1]
    before = " ".join(clause.split()[-NEGATION_WINDOW_WORDS:])
    return negations.search(f"{before} {match.group(0)}") is not None


@dataclass(frozen=True)
class Finding:
    # The crisis expression found (as normalised), or None.
    match: Optional[str]
    # A crisis word that was negated ("ik denk niet aan zelfmoord"), when nothing else was found.
    negated: Optional[str] = None


def scan(text: Optional[str]) -> Finding:
    if not text:
        return Finding(None)
    cleaned = normalise(text)
    found = lexicon()
    for pattern in found.expressions:
        match = pattern.search(cleaned)
        if match:
            return Finding(match.group(0).strip(f" {CLAUSE_MARK}"))
    negated = None
    for pattern in found.words:
        for match in pattern.finditer(cleaned):
            if not _negated(cleaned, match, found.negations):
                return Finding(match.group(0).strip())
            negated = negated or match.group(0).strip()
    return Finding(None, negated)


def find_distress(text: Optional[str]) -> Optional[str]:
    """The crisis expression in `text` (as normalised), or None when there is none."""
    return scan(text).match


def names_money_trouble(text: Optional[str]) -> bool:
    return re.search(MONEY_TROUBLE, str(text or "").casefold()) is not None
