"""Argument checks shared by the query modules.

Column lengths are enforced by PostgreSQL but silently ignored by SQLite; checking
in Python makes both backends refuse the same input with the same error.
"""
from __future__ import annotations

from typing import Iterable, Optional

from storage.errors import ValidationError


def clean_text(value: Optional[str], *, field: str, max_length: int) -> str:
    """Strip `value` and require it to be non-empty and at most `max_length` characters."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be text.")
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError(f"{field} must not be empty.")
    if len(cleaned) > max_length:
        raise ValidationError(f"{field} is longer than {max_length} characters.")
    return cleaned


def require_choice(value: str, choices: Iterable[str], *, field: str) -> str:
    allowed = tuple(choices)
    if value not in allowed:
        raise ValidationError(f"{field} must be one of {', '.join(allowed)}; got {value!r}.")
    return value
