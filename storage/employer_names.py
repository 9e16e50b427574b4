"""Employer names as people type them: cleaning for storage, and fuzzy matching.

People say "de jumbo", "jumbo hengelo", "Jumbo!" or "jumob" for the same shop.
Matching compares normalised words: articles and filler words are dropped,
accents and punctuation ignored, and a small typo still counts (difflib).
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Tuple

from storage.errors import ValidationError
from storage.tables import EMPLOYER_LENGTH

# Words that say nothing about which employer is meant.
_FILLER_WORDS = frozenset(
    {"de", "het", "een", "t", "bij", "van", "naar", "die", "dat", "in", "op", "voor", "the", "bv", "nv"}
)
_WHITESPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w]+")

# Whole-name similarity from which two names are taken to be the same employer.
MATCH_THRESHOLD = 0.8
# Per-word similarity that counts as "the same word, typed slightly wrong".
_WORD_THRESHOLD = 0.8
# Short words need to be exact: "ah" is not "aa".
_MIN_FUZZY_WORD_LENGTH = 4
# A typo changes a letter or two, not the length much: "hema" is not "hemabo".
_MAX_LENGTH_DIFFERENCE = 1


def clean_employer(name: str, *, field: str = "employer", max_length: int = EMPLOYER_LENGTH) -> str:
    """Strip, collapse whitespace, require 1 to `max_length` characters. Any other text is kept as typed."""
    if not isinstance(name, str):
        raise ValidationError(f"{field} must be text.")
    cleaned = _WHITESPACE.sub(" ", name).strip()
    if not cleaned:
        raise ValidationError(f"{field} must not be empty.")
    if len(cleaned) > max_length:
        raise ValidationError(f"{field} is longer than {max_length} characters.")
    return cleaned


def employer_words(name: str) -> Tuple[str, ...]:
    """Lowercase words without accents, punctuation or filler words."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    words = [word for word in _NOT_WORD.sub(" ", folded).split() if word]
    meaningful = tuple(word for word in words if word not in _FILLER_WORDS)
    # "De Bijenkorf" style names that are only filler words still need a key.
    return meaningful or tuple(words)


def _words_alike(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < _MIN_FUZZY_WORD_LENGTH or abs(len(a) - len(b)) > _MAX_LENGTH_DIFFERENCE:
        return False
    return SequenceMatcher(None, a, b).ratio() >= _WORD_THRESHOLD


def employer_similarity(query: str, stored: str) -> float:
    """1.0 for the same name, about 0.9 when every word of the shorter name is in the
    longer one ("jumbo" ~ "Jumbo Hengelo"), else difflib's ratio of the whole names."""
    query_words, stored_words = employer_words(query), employer_words(stored)
    if not query_words or not stored_words:
        return 0.0
    if query_words == stored_words:
        return 1.0
    shorter, longer = sorted((query_words, stored_words), key=len)
    if all(any(_words_alike(word, other) for other in longer) for word in shorter):
        return 0.9
    return SequenceMatcher(None, " ".join(query_words), " ".join(stored_words)).ratio()


def same_employer(query: str, stored: str) -> bool:
    return employer_similarity(query, stored) >= MATCH_THRESHOLD
