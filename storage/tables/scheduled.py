"""Tables for scheduled messages: reminders, appointments and a client's wishes about messages."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped

from storage.tables.base import EMAIL_LENGTH, NAAM_LENGTH, Base, client_ref_column
from storage.timestamps import UtcDateTime


SCHEDULED_KINDS = (
    "own_reminder",  # the client asked: "herinner me morgen om 10 uur ..."
    "appointment",  # an appointment the klantmanager made, the day before and 2 hours before
    "application_nudge",  # weekly, when below the application agreement
    "intake_unfinished",  # once, 2 days after an intake was left unfinished
    "interview_followup",  # the day after a job interview: "hoe ging het?"
    "training_session",  # before a training session
    "training_invitation",  # an invitation with Ja / Nee / Vraag buttons
    "training_moved_up",  # a place freed up: off the waitlist, signed up
    "training_session_cancelled",  # the caseworker cancelled a session
    "training_noshow",  # the day after a missed session: "what happened?"
    # The klantmanager's own words on a request, and the sentence when it is closed:
    # sent as they are, not worded by Rasa, and not held back by quiet hours.
    "caseworker_reply",
    "handoff_closed",
)
SCHEDULED_STATUSES = ("pending", "sending", "sent", "failed", "cancelled")
APPOINTMENT_STATUSES = ("planned", "cancelled")
PARTS_OF_DAY = ("ochtend", "middag", "avond")


class ScheduledMessage(Base):
    """A message the bot sends of its own accord. The database is the source of truth.

    `due_at` is when to send (UTC, already moved out of quiet hours);
    `event_at` is the moment the message is about (an appointment, an
    interview), so a message that comes too late can say so.
    `dedupe_key` makes "once per client" messages idempotent (unique per client).
    """

    __tablename__ = "scheduled_messages"
    __table_args__ = (UniqueConstraint("client_id", "dedupe_key", name="uq_scheduled_messages_client_id_dedupe_key"),)

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    kind: Mapped[str] = Column(String(30), nullable=False)
    due_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    event_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    payload: Mapped[str] = Column(Text, nullable=False, default="{}", server_default="{}")  # JSON object
    status: Mapped[str] = Column(String(12), nullable=False, default="pending", server_default="pending")
    attempts: Mapped[int] = Column(Integer, nullable=False, default=0, server_default=sql_text("0"))
    last_error: Mapped[Optional[str]] = Column(Text, nullable=True)
    dedupe_key: Mapped[Optional[str]] = Column(String(80), nullable=True)
    appointment_id: Mapped[Optional[int]] = Column(
        Integer, ForeignKey("appointments.id", ondelete="CASCADE"), nullable=True, index=True
    )
    claimed_by: Mapped[Optional[str]] = Column(String(64), nullable=True)
    claimed_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    sent_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


Index("ix_scheduled_messages_status_due_at", ScheduledMessage.status, ScheduledMessage.due_at)


class Appointment(Base):
    """An appointment the klantmanager made with the client; reminders follow from it."""

    __tablename__ = "appointments"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    starts_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    waar: Mapped[str] = Column(String(200), nullable=False)
    met: Mapped[str] = Column(String(NAAM_LENGTH), nullable=False)
    status: Mapped[str] = Column(String(12), nullable=False, default="planned", server_default="planned")
    created_by: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class MessagePreferences(Base):
    """How and when a client wants messages; no row means the defaults."""

    __tablename__ = "message_preferences"

    client_id: Mapped[str] = client_ref_column(primary_key=True)
    nudges_off: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    no_weekend: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    part_of_day: Mapped[Optional[str]] = Column(String(12), nullable=True)  # one of PARTS_OF_DAY
    paused_since: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)  # /stop until /start
    updated_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
