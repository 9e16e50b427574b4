"""Caseworkers (klantmanagers and beheerders) who use the portal."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.errors import DuplicateError, NotFoundError, ValidationError
from storage.tables import CASEWORKER_ROLES, EMAIL_LENGTH, NAAM_LENGTH, Caseworker, Gemeente
from storage.timestamps import as_utc, utc_now
from storage.validation import clean_text, require_choice


def normalize_email(email: str) -> str:
    """Emails are stored lowercased so sign-in and lookups ignore case."""
    cleaned = clean_text(email, field="email", max_length=EMAIL_LENGTH).lower()
    local, _, domain = cleaned.partition("@")
    if not local or not domain or " " in cleaned:
        raise ValidationError(f"Not an email address: {email!r}.")
    return cleaned


def add_caseworker(
    s: Session,
    *,
    email: str,
    naam: str,
    gemeente_id: str,
    role: str = "klantmanager",
    now: Optional[datetime] = None,
) -> Caseworker:
    email = normalize_email(email)
    naam = clean_text(naam, field="naam", max_length=NAAM_LENGTH)
    require_choice(role, CASEWORKER_ROLES, field="role")
    if s.get(Gemeente, gemeente_id) is None:
        raise NotFoundError(f"Unknown gemeente {gemeente_id!r}.")
    if get_caseworker_by_email(s, email) is not None:
        # Checked first for a clear error; the unique constraint still guards races.
        raise DuplicateError(f"A caseworker with email {email} exists already.")
    caseworker = Caseworker(
        email=email,
        naam=naam,
        gemeente_id=gemeente_id,
        role=role,
        active=True,
        created_at=as_utc(now) if now is not None else utc_now(),
    )
    s.add(caseworker)
    s.flush()
    return caseworker


def get_caseworker_by_email(s: Session, email: str) -> Optional[Caseworker]:
    if not isinstance(email, str):
        return None
    stmt = select(Caseworker).where(Caseworker.email == email.strip().lower())
    return s.execute(stmt).scalar_one_or_none()
