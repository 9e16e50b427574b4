"""Tables for trainings: editions, their sessions, participants and attendance.

What a training *is* (title, description, target group) is configuration
(gemeenten/trainingen/*.yml). An edition copies title, description, what to bring and whether it is
mandatory, so what a client was
invited to stays readable in the export when the catalogue changes later.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped

from storage.tables.base import EMAIL_LENGTH, Base, client_ref_column
from storage.timestamps import UtcDateTime


EDITION_STATUSES = ("gepland", "geannuleerd")
SESSION_STATUSES = ("gepland", "geannuleerd")
# uitgenodigd → aangemeld | wachtlijst | afgemeld; aangemeld/wachtlijst → afgemeld (cancelled later);
# wachtlijst → aangemeld when a place frees up.
PARTICIPANT_STATUSES = ("uitgenodigd", "aangemeld", "wachtlijst", "afgemeld")
PARTICIPANT_SOURCES = ("uitnodiging", "zelf")
# "afgemeld": the client said beforehand they cannot come to this one session.
ATTENDANCE_STATUSES = ("aanwezig", "afwezig", "afgemeld")
TRAINING_TITLE_LENGTH = 80
PLACE_LENGTH = 200


class TrainingEdition(Base):
    """One run of a catalogue training: its sessions, capacity and sign-up deadline."""

    __tablename__ = "training_editions"

    id: Mapped[int] = Column(Integer, primary_key=True)
    gemeente_id: Mapped[str] = Column(String(40), ForeignKey("gemeenten.id"), nullable=False, index=True)
    training_id: Mapped[str] = Column(String(40), nullable=False)  # id in the gemeente's catalogue
    titel: Mapped[str] = Column(String(TRAINING_TITLE_LENGTH), nullable=False)
    omschrijving: Mapped[str] = Column(Text, nullable=False)
    meenemen: Mapped[str] = Column(String(PLACE_LENGTH), nullable=False)
    verplicht: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    zelf_aanmelden: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    capacity: Mapped[int] = Column(Integer, nullable=False)
    signup_deadline: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    status: Mapped[str] = Column(String(12), nullable=False, default="gepland", server_default="gepland")
    created_by: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class TrainingSession(Base):
    """One meeting of an edition (a date, a time, a place)."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = Column(Integer, primary_key=True)
    edition_id: Mapped[int] = Column(
        Integer, ForeignKey("training_editions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    starts_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    minutes: Mapped[int] = Column(Integer, nullable=False)
    waar: Mapped[str] = Column(String(PLACE_LENGTH), nullable=False)
    status: Mapped[str] = Column(String(12), nullable=False, default="gepland", server_default="gepland")


class TrainingParticipant(Base):
    """A client invited to, signed up for, or waitlisted on an edition: one row per client and edition.

    `waitlist_seq` orders the waitlist (lower comes first); a position is
    counted from it, so it never needs renumbering.
    """

    __tablename__ = "training_participants"
    __table_args__ = (
        UniqueConstraint("edition_id", "client_id", name="uq_training_participants_edition_id_client_id"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    edition_id: Mapped[int] = Column(
        Integer, ForeignKey("training_editions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    status: Mapped[str] = Column(String(12), nullable=False)
    source: Mapped[str] = Column(String(12), nullable=False)
    waitlist_seq: Mapped[Optional[int]] = Column(Integer, nullable=True)
    # What the client said when saying no or cancelling; optional.
    reason: Mapped[Optional[str]] = Column(Text, nullable=True)
    moved_up: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    invited_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    responded_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class TrainingAttendance(Base):
    """Whether a client came to a session, as the caseworker registered it (or the client's advance notice)."""

    __tablename__ = "training_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "client_id", name="uq_training_attendance_session_id_client_id"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    session_id: Mapped[int] = Column(
        Integer, ForeignKey("training_sessions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    status: Mapped[str] = Column(String(12), nullable=False)
    registered_by: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    registered_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
