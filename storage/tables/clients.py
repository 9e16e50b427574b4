"""Gemeenten, their caseworkers and clients, and what ties a client to a Telegram chat.

Everything that points at a client is deleted with the client (erasure); only
`audit_log` and the privacy tables deliberately keep a plain, unconstrained client id.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Integer, String, true
from sqlalchemy.orm import Mapped

from storage.tables.base import CLIENT_ID_LENGTH, EMAIL_LENGTH, NAAM_LENGTH, Base, client_ref_column
from storage.timestamps import UtcDateTime, utc_now

# A teamleider reads the whole gemeente in the portal and changes nothing.
CASEWORKER_ROLES = ("klantmanager", "beheerder", "teamleider")
CONSENT_DECISIONS = ("given", "refused", "withdrawn")


class Gemeente(Base):
    __tablename__ = "gemeenten"

    id: Mapped[str] = Column(String(40), primary_key=True)  # slug, e.g. "hengelo"
    naam: Mapped[str] = Column(String(NAAM_LENGTH), nullable=False)


class Caseworker(Base):
    """A klantmanager (or beheerder) of one gemeente, who signs in to the portal."""

    __tablename__ = "caseworkers"

    id: Mapped[int] = Column(Integer, primary_key=True)
    email: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False, unique=True)  # lowercased
    naam: Mapped[str] = Column(String(NAAM_LENGTH), nullable=False)
    gemeente_id: Mapped[str] = Column(String(40), ForeignKey("gemeenten.id"), nullable=False, index=True)
    role: Mapped[str] = Column(String(20), nullable=False, default="klantmanager", server_default="klantmanager")
    active: Mapped[bool] = Column(Boolean, nullable=False, default=True, server_default=true())
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False, default=utc_now)


class Client(Base):
    """A job seeker. The id is pseudonymous so logs and links need not carry a name."""

    __tablename__ = "clients"

    id: Mapped[str] = Column(String(CLIENT_ID_LENGTH), primary_key=True)
    naam: Mapped[str] = Column(String(NAAM_LENGTH), nullable=False)
    gemeente_id: Mapped[str] = Column(String(40), ForeignKey("gemeenten.id"), nullable=False, index=True)
    # A caseworker who leaves must not take their clients' records with them.
    caseworker_id: Mapped[Optional[int]] = Column(
        Integer, ForeignKey("caseworkers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False, default=utc_now)
    unreachable_since: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    # Set when the klantmanager closes the file; retention counts from here.
    closed_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)


class TelegramLink(Base):
    """Which Telegram chat belongs to which client: at most one chat per client."""

    __tablename__ = "telegram_links"

    # Telegram assigns chat ids; autoincrement=False keeps PostgreSQL from making this a BIGSERIAL.
    chat_id: Mapped[int] = Column(BigInteger, primary_key=True, autoincrement=False)
    client_id: Mapped[str] = client_ref_column(nullable=False, unique=True)
    linked_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class Koppelcode(Base):
    """A one-time code that links a Telegram chat to a client. Only its hash is stored."""

    __tablename__ = "koppelcodes"

    code_hash: Mapped[str] = Column(String(64), primary_key=True)  # sha256 hex
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    expires_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    used_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)


class ConsentRecord(Base):
    """Append-only: a new decision is a new row, so the history stays provable."""

    __tablename__ = "consent_records"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    text_version: Mapped[str] = Column(String(20), nullable=False)
    decision: Mapped[str] = Column(String(12), nullable=False)
    recorded_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
