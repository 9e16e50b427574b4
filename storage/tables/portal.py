"""Tables for the caseworker portal: passwords, sign-in attempts, sessions, inbox notes."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped

from storage.tables.base import EMAIL_LENGTH, Base
from storage.timestamps import UtcDateTime


PASSWORD_HASH_LENGTH = 200  # an argon2id PHC string is about 100 characters
TOKEN_HASH_LENGTH = 64  # sha256 hex
REMOTE_LENGTH = 64  # an IPv6 address with zone fits


class PortalAccount(Base):
    """A caseworker's portal password. No row: the caseworker cannot sign in yet."""

    __tablename__ = "portal_accounts"

    caseworker_id: Mapped[int] = Column(
        Integer, ForeignKey("caseworkers.id", ondelete="CASCADE"), primary_key=True
    )
    password_hash: Mapped[str] = Column(String(PASSWORD_HASH_LENGTH), nullable=False)
    password_set_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class PortalLoginAttempt(Base):
    """One sign-in try, kept a short while to slow down password guessing per account and per address."""

    __tablename__ = "portal_login_attempts"

    id: Mapped[int] = Column(Integer, primary_key=True)
    email: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False, index=True)
    remote: Mapped[str] = Column(String(REMOTE_LENGTH), nullable=False, index=True)
    succeeded: Mapped[bool] = Column(Boolean, nullable=False)
    at: Mapped[datetime] = Column(UtcDateTime, nullable=False, index=True)


class PortalSession(Base):
    """A signed-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "portal_sessions"

    token_hash: Mapped[str] = Column(String(TOKEN_HASH_LENGTH), primary_key=True)
    caseworker_id: Mapped[int] = Column(
        Integer, ForeignKey("caseworkers.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # Forms of this session carry this token; a forged cross-site form cannot know it.
    csrf_token: Mapped[str] = Column(String(64), nullable=False)
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    last_seen_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    expires_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class HandoffNote(Base):
    """What a caseworker did with a handoff request ("afgehandeld", with a note). Append-only."""

    __tablename__ = "handoff_notes"

    id: Mapped[int] = Column(Integer, primary_key=True)
    handoff_id: Mapped[int] = Column(
        Integer, ForeignKey("handoff_requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = Column(String(20), nullable=False)  # the status set with this note
    note: Mapped[Optional[str]] = Column(Text, nullable=True)
    author: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
