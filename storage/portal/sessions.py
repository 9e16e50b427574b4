"""Portal sessions: a random token in an HttpOnly cookie, its hash in the database.

Server-side sessions can be ended for real: signing out, deactivating a
caseworker or a stolen cookie's expiry take effect at the next request.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.tables import Caseworker
from storage.tables.portal import PortalSession
from storage.timestamps import as_utc

# A working day; idle sessions end sooner.
SESSION_LIFETIME = timedelta(hours=10)
IDLE_TIMEOUT = timedelta(hours=2)


@dataclass(frozen=True)
class SignedIn:
    caseworker: Caseworker
    csrf_token: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(s: Session, caseworker_id: int, *, now: datetime) -> str:
    """Store a new session and return its token (for the cookie; never stored in plain text)."""
    now = as_utc(now)
    token = secrets.token_urlsafe(32)
    s.execute(delete(PortalSession).where(PortalSession.expires_at < now))
    s.add(
        PortalSession(
            token_hash=_hash(token),
            caseworker_id=caseworker_id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    s.flush()
    return token


def resume_session(s: Session, token: Optional[str], *, now: datetime) -> Optional[SignedIn]:
    """The signed-in caseworker for a cookie token, or None (unknown, expired, idle or deactivated)."""
    if not token or not isinstance(token, str) or len(token) > 100:
        return None
    now = as_utc(now)
    row = s.execute(
        select(PortalSession, Caseworker)
        .join(Caseworker, Caseworker.id == PortalSession.caseworker_id)
        .where(PortalSession.token_hash == _hash(token))
    ).first()
    if row is None:
        return None
    session, caseworker = row
    if session.expires_at <= now or session.last_seen_at + IDLE_TIMEOUT <= now or not caseworker.active:
        s.delete(session)
        s.flush()
        return None
    session.last_seen_at = now
    s.flush()
    return SignedIn(caseworker=caseworker, csrf_token=session.csrf_token)


def end_session(s: Session, token: Optional[str]) -> None:
    if token and isinstance(token, str):
        s.execute(delete(PortalSession).where(PortalSession.token_hash == _hash(token)))


def end_sessions_of(s: Session, caseworker_id: int) -> None:
    """Sign a caseworker out everywhere (deactivated, password changed)."""
    s.execute(delete(PortalSession).where(PortalSession.caseworker_id == caseworker_id))
