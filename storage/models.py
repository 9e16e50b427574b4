"""The tables, as SQLAlchemy 1.4 declarative classes written in 2.0 style.

The schema itself is owned by the Alembic migrations in `storage/migrations`; these
classes must describe the same schema (a test compares them). There are no
`relationship()`s on purpose: sessions use `expire_on_commit=False` and objects
travel outside sessions, so lazy loading would fail late and far away. Queries
join explicitly instead.

Never name a table `events`: Rasa's SQL tracker store creates that table in the
same database.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy import text as sql_text  # renamed: InboundMessage has a column called `text`
from sqlalchemy.orm import Mapped, registry

from storage.timestamps import UtcDateTime, utc_now

# Deterministic constraint names, so later migrations can drop or alter
# constraints by name on both backends (SQLite batch mode needs names too).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
Base = mapper_registry.generate_base()

# Allowed values of the short "enum" columns. They are checked in Python rather
# than with CHECK constraints, so adding a value later needs no table rebuild
# on SQLite.
CASEWORKER_ROLES = ("klantmanager", "beheerder")
CONSENT_DECISIONS = ("given", "refused", "withdrawn")
HANDOFF_KINDS = ("contact", "distress", "no_consent", "cannot_attend")
HANDOFF_STATUSES = ("open", "in_behandeling", "afgehandeld")
INBOUND_KINDS = ("text", "button", "media")
INBOUND_STATUSES = ("pending", "done")

# Client ids are "wm-" plus 8 random base32 characters.
CLIENT_ID_LENGTH = 16
EMAIL_LENGTH = 254  # RFC 5321 path limit
NAAM_LENGTH = 120


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


# Everything below that points at a client is deleted with the client (erasure);
# only `audit_log` deliberately keeps a plain, unconstrained client id.


class TelegramLink(Base):
    """Which Telegram chat belongs to which client: at most one chat per client."""

    __tablename__ = "telegram_links"

    # Telegram assigns chat ids; autoincrement=False keeps PostgreSQL from making this a BIGSERIAL.
    chat_id: Mapped[int] = Column(BigInteger, primary_key=True, autoincrement=False)
    client_id: Mapped[str] = Column(
        String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    linked_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class Koppelcode(Base):
    """A one-time code that links a Telegram chat to a client. Only its hash is stored."""

    __tablename__ = "koppelcodes"

    code_hash: Mapped[str] = Column(String(64), primary_key=True)  # sha256 hex
    client_id: Mapped[str] = Column(
        String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    expires_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    used_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)


class ConsentRecord(Base):
    """Append-only: a new decision is a new row, so the history stays provable."""

    __tablename__ = "consent_records"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = Column(
        String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), nullable=False, index=True
    )
    text_version: Mapped[str] = Column(String(20), nullable=False)
    decision: Mapped[str] = Column(String(12), nullable=False)
    recorded_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class HandoffRequest(Base):
    """A request for a human: the client asked for contact, or the bot saw distress."""

    __tablename__ = "handoff_requests"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = Column(
        String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = Column(String(20), nullable=False)
    reason: Mapped[Optional[str]] = Column(Text, nullable=True)
    urgent: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    status: Mapped[str] = Column(String(20), nullable=False, default="open", server_default="open")
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class InboundMessage(Base):
    """The bot's durable inbox: a Telegram update is stored before it is handled.

    Keyed by chat and Telegram's update_id, so a redelivered update is recognised and
    handled once. update_id alone is not enough: Telegram picks a random new start
    after a week without updates, and a new bot token starts its own sequence.
    Not linked to clients: messages arrive from chats that may not be linked yet.
    """

    __tablename__ = "inbound_messages"

    chat_id: Mapped[int] = Column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = Column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = Column(String(12), nullable=False)
    text: Mapped[Optional[str]] = Column(Text, nullable=True)  # cleared once handled
    status: Mapped[str] = Column(String(12), nullable=False, default="pending", server_default="pending", index=True)
    attempts: Mapped[int] = Column(Integer, nullable=False, default=0, server_default=sql_text("0"))
    received_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    processed_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)


class Keyboard(Base):
    """Inline-keyboard buttons kept server-side.

    Telegram's callback_data holds at most 64 bytes, so a button carries only
    "<keyboard id>:<index>"; `used_at` makes a double-tapped keyboard count once.
    """

    __tablename__ = "keyboards"

    id: Mapped[str] = Column(String(12), primary_key=True)
    chat_id: Mapped[int] = Column(BigInteger, nullable=False)
    buttons: Mapped[str] = Column(Text, nullable=False)  # JSON list of {"title", "payload"}
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    used_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    chosen_index: Mapped[Optional[int]] = Column(Integer, nullable=True)


class AuditEntry(Base):
    """Who did what to which client. No foreign key: the trail must outlive erasure."""

    __tablename__ = "audit_log"

    id: Mapped[int] = Column(Integer, primary_key=True)
    actor: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    action: Mapped[str] = Column(String(40), nullable=False)
    client_id: Mapped[Optional[str]] = Column(String(CLIENT_ID_LENGTH), nullable=True, index=True)
    at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


# --- applications (issue 4) ---------------------------------------------------
# Kept together at the end so branches that add tables merge without conflicts.
# The values follow UWV's werkmap: how someone applied, and what came of it.
APPLICATION_CHANNELS = (
    "brief",
    "online",
    "open_sollicitatie",
    "telefonisch",
    "langsgegaan",
    "uitzendbureau",
    "netwerk",
    "klantmanager",
)
APPLICATION_STATUSES = (
    "verstuurd",
    "uitgenodigd",
    "gesprek_gehad",
    "afgewezen",
    "aangenomen",
    "proefplaatsing",
    "geen_reactie",
)
EMPLOYER_LENGTH = 80
POSITION_LENGTH = 80


class Application(Base):
    """One application (sollicitatie) as the client told it: the werkmap's fields."""

    __tablename__ = "applications"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = Column(
        String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # A calendar day in the client's own time zone, as they said it ("gisteren").
    applied_on: Mapped[date] = Column(Date, nullable=False)
    employer: Mapped[str] = Column(String(EMPLOYER_LENGTH), nullable=False)
    position: Mapped[Optional[str]] = Column(String(POSITION_LENGTH), nullable=True)  # None: "weet ik niet meer"
    channel: Mapped[Optional[str]] = Column(String(20), nullable=True)
    # The latest status; every change is also kept in application_status_changes.
    status: Mapped[str] = Column(String(20), nullable=False, default="verstuurd", server_default="verstuurd")
    # When only the day of an interview is known, interview_at is the start of that
    # local day and interview_time_known is false.
    interview_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True, index=True)
    interview_time_known: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class ApplicationStatusChange(Base):
    """Append-only history of an application's status, first "verstuurd" included."""

    __tablename__ = "application_status_changes"

    id: Mapped[int] = Column(Integer, primary_key=True)
    application_id: Mapped[int] = Column(
        Integer, ForeignKey("applications.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = Column(String(20), nullable=False)
    changed_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class ApplicationAgreement(Base):
    """The per-client agreement on how often to apply, set by the klantmanager.

    No row means the gemeente's default (sollicitatieafspraak) applies. An exempt
    client (vrijgesteld) has no number and no period.
    """

    __tablename__ = "application_agreements"

    client_id: Mapped[str] = Column(
        String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    vrijgesteld: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    aantal: Mapped[Optional[int]] = Column(Integer, nullable=True)
    periode_weken: Mapped[Optional[int]] = Column(Integer, nullable=True)
    # Periods are consecutive blocks of periode_weken weeks counted from this day.
    starts_on: Mapped[date] = Column(Date, nullable=False)
    set_by: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    set_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


# --- scheduled messages (issue 5) --------------------------------------------

SCHEDULED_KINDS = (
    "own_reminder",  # the client asked: "herinner me morgen om 10 uur ..."
    "appointment",  # an appointment the klantmanager made, the day before and 2 hours before
    "application_nudge",  # weekly, when below the application agreement
    "intake_unfinished",  # once, 2 days after an intake was left unfinished
    "interview_followup",  # the day after a job interview: "hoe ging het?"
    "training_session",  # before a training session
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
    client_id: Mapped[str] = Column(
        String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), nullable=False, index=True
    )
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
    client_id: Mapped[str] = Column(
        String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), nullable=False, index=True
    )
    starts_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    waar: Mapped[str] = Column(String(200), nullable=False)
    met: Mapped[str] = Column(String(NAAM_LENGTH), nullable=False)
    status: Mapped[str] = Column(String(12), nullable=False, default="planned", server_default="planned")
    created_by: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class MessagePreferences(Base):
    """How and when a client wants messages; no row means the defaults."""

    __tablename__ = "message_preferences"

    client_id: Mapped[str] = Column(
        String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    nudges_off: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    no_weekend: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    part_of_day: Mapped[Optional[str]] = Column(String(12), nullable=True)  # one of PARTS_OF_DAY
    paused_since: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)  # /stop until /start
    updated_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
