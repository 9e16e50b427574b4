"""Gemeenten (municipalities): the tenants every caseworker and client belongs to."""
from __future__ import annotations

import re
from typing import Optional

from sqlalchemy.orm import Session

from storage.errors import ValidationError
from storage.tables import NAAM_LENGTH, Gemeente
from storage.validation import clean_text

# Same shape as the folder names under gemeenten/: lowercase words joined by hyphens.
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SLUG_LENGTH = 40


def upsert_gemeente(s: Session, gemeente_id: str, naam: str) -> Gemeente:
    """Create the gemeente, or rename it if it exists (so loading config twice is harmless)."""
    if not isinstance(gemeente_id, str) or len(gemeente_id) > _SLUG_LENGTH or not _SLUG.match(gemeente_id):
        raise ValidationError(f"Gemeente id must be a lowercase slug like 'hengelo'; got {gemeente_id!r}.")
    naam = clean_text(naam, field="naam", max_length=NAAM_LENGTH)
    gemeente = s.get(Gemeente, gemeente_id)
    if gemeente is None:
        gemeente = Gemeente(id=gemeente_id, naam=naam)
        s.add(gemeente)
    else:
        gemeente.naam = naam
    s.flush()
    return gemeente


def get_gemeente(s: Session, gemeente_id: str) -> Optional[Gemeente]:
    return s.get(Gemeente, gemeente_id)
