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

from datetime import datetime
from typing import Optional

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
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
# teamleider (issue 7): reads the whole gemeente in the portal, changes nothing.
CASEWORKER_ROLES = ("klantmanager", "beheerder", "teamleider")
CONSENT_DECISIONS = ("given", "refused", "withdrawn")
HANDOFF_KINDS = (
    "contact",
    "distress",
    "no_consent",
    "cannot_attend",
    # --- trainings (issue 6) ---
    "training_declined",  # "Nee, ik kan niet" on an invitation, with the optional reason
    "training_question",  # "Ik heb een vraag" on an invitation
    "training_cancelled",  # the client cancels one session or the whole training
    "training_noshow",  # the client's answer to "we missed you, what happened?"
)
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
    # --- privacy (issue 8) --- set when the klantmanager closes the file; retention counts from here.
    closed_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)


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
    # A chat's next pending message in one index range, not a walk through its whole past.
    __table_args__ = (Index("ix_inbound_messages_chat_status_update", "chat_id", "status", "update_id"),)

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


# Tables of later features live in their own modules. Importing them here
# registers them on `metadata` (Alembic and the tests compare it with the
# migrations) and keeps `from storage.models import X` working everywhere.
from storage.models_applications import (  # noqa: E402,F401
    APPLICATION_CHANNELS,
    APPLICATION_STATUSES,
    EMPLOYER_LENGTH,
    POSITION_LENGTH,
    Application,
    ApplicationAgreement,
    ApplicationStatusChange,
)
from storage.models_scheduled import (  # noqa: E402,F401
    APPOINTMENT_STATUSES,
    PARTS_OF_DAY,
    SCHEDULED_KINDS,
    SCHEDULED_STATUSES,
    Appointment,
    MessagePreferences,
    ScheduledMessage,
)

# --- portal (issue 7) ---
from storage.models_portal import (  # noqa: E402,F401
    HandoffNote,
    PortalAccount,
    PortalLoginAttempt,
    PortalSession,
)
# --- intake (issue 3) ---
from storage.models_intake import (  # noqa: E402,F401
    ANSWER_STATUSES,
    ASSESSMENT_KINDS,
    INTAKE_STATUSES,
    LADDER_GROUPS,
    LADDER_STEPS,
    SENSITIVE_QUESTIONS,
    Intake,
    IntakeAnswer,
    IntakeSensitiveAnswer,
    LadderAssessment,
)
# --- end intake ---
# --- trainings (issue 6) ---
from storage.models_trainings import (  # noqa: E402,F401
    ATTENDANCE_STATUSES,
    EDITION_STATUSES,
    PARTICIPANT_SOURCES,
    PARTICIPANT_STATUSES,
    SESSION_STATUSES,
    TrainingAttendance,
    TrainingEdition,
    TrainingParticipant,
    TrainingSession,
)
# --- privacy (issue 8) ---
from storage.models_privacy import (  # noqa: E402,F401
    ERASURE_STATUSES,
    AnonymousCount,
    ErasureRequest,
    RetainedRecord,
)
from storage.models_handoff_threads import (  # noqa: E402,F401
    EMAIL_KINDS,
    EMAIL_STATUSES,
    THREAD_AUTHORS,
    EmailHandoff,
    HandoffMessage,
    OutgoingEmail,
)
