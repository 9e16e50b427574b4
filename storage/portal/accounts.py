"""Portal sign-in: argon2id password hashes and throttling of failed attempts.

Throttling is stored, not kept in memory, so it holds across portal restarts
and several portal processes. An account is slowed down after a few failures
on its e-mail address, and an address (IP) after many failures on any e-mail,
so guessing passwords for many accounts from one place is slowed down too.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.caseworkers import get_caseworker_by_email
from storage.errors import NotFoundError, ValidationError
from storage.tables import EMAIL_LENGTH, Caseworker
from storage.tables.portal import REMOTE_LENGTH, PortalAccount, PortalLoginAttempt
from storage.timestamps import as_utc

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_REMOTE = 20
# Attempts are only needed for the window; a day is plenty for looking back after an incident.
KEEP_ATTEMPTS = timedelta(days=1)

OK = "ok"
WRONG = "wrong"
THROTTLED = "throttled"

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password."""
    return _hasher.hash("no account has this password")


@dataclass(frozen=True)
class LoginResult:
    status: str
    caseworker: Optional[Caseworker] = None

    @property
    def ok(self) -> bool:
        return self.status == OK


def check_password_rules(password: str) -> str:
    if not isinstance(password, str) or not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ValidationError(f"A password has {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.")
    return password


def set_password(s: Session, caseworker_id: int, password: str, *, now: datetime) -> PortalAccount:
    check_password_rules(password)
    if s.get(Caseworker, caseworker_id) is None:
        raise NotFoundError(f"Unknown caseworker {caseworker_id}.")
    account = s.get(PortalAccount, caseworker_id)
    if account is None:
        account = PortalAccount(caseworker_id=caseworker_id)
        s.add(account)
    account.password_hash = _hasher.hash(password)
    account.password_set_at = as_utc(now)
    s.flush()
    return account


def has_password(s: Session, caseworker_id: int) -> bool:
    return s.get(PortalAccount, caseworker_id) is not None


def is_throttled(s: Session, *, email: str, remote: str, now: datetime) -> bool:
    since = as_utc(now) - THROTTLE_WINDOW
    email = _clip(email.strip().lower(), EMAIL_LENGTH)
    per_email = s.execute(
        select(func.count(PortalLoginAttempt.id)).where(
            PortalLoginAttempt.email == email, PortalLoginAttempt.succeeded.is_(False), PortalLoginAttempt.at >= since
        )
    ).scalar_one()
    if per_email >= MAX_FAILURES_PER_EMAIL:
        return True
    per_remote = s.execute(
        select(func.count(PortalLoginAttempt.id)).where(
            PortalLoginAttempt.remote == _clip(remote, REMOTE_LENGTH),
            PortalLoginAttempt.succeeded.is_(False),
            PortalLoginAttempt.at >= since,
        )
    ).scalar_one()
    return per_remote >= MAX_FAILURES_PER_REMOTE


def attempt_login(s: Session, *, email: str, password: str, remote: str, now: datetime) -> LoginResult:
    """Check e-mail and password; every try is recorded, and a throttled try is not even checked."""
    now = as_utc(now)
    email = email.strip().lower() if isinstance(email, str) else ""
    s.execute(delete(PortalLoginAttempt).where(PortalLoginAttempt.at < now - KEEP_ATTEMPTS))
    if is_throttled(s, email=email, remote=remote, now=now):
        return LoginResult(THROTTLED)
    caseworker = get_caseworker_by_email(s, email) if email else None
    account = s.get(PortalAccount, caseworker.id) if caseworker is not None else None
    ok = _verify(account.password_hash if account is not None else _dummy_hash(), password)
    ok = ok and account is not None and caseworker.active
    s.add(
        PortalLoginAttempt(
            email=_clip(email, EMAIL_LENGTH), remote=_clip(remote, REMOTE_LENGTH), succeeded=ok, at=now
        )
    )
    if ok and _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    s.flush()
    return LoginResult(OK, caseworker) if ok else LoginResult(WRONG)


def _verify(password_hash: str, password: str) -> bool:
    if not isinstance(password, str) or not password or len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _clip(value: str, length: int) -> str:
    return (value or "-")[:length]
