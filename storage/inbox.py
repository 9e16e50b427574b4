"""The bot's durable inbox of Telegram updates.

Every update is written here before the bot does anything with it, so a message is
not lost when Rasa is down, and Telegram's redelivery of an update_id is handled
once. Per chat, messages are handled in update_id order. Handled messages lose their
text at once: the inbox is a queue, not an archive of what clients said.
"""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from storage.errors import StorageError
from storage.tables import INBOUND_KINDS, InboundMessage
from storage.timestamps import as_utc
from storage.validation import require_choice

PENDING = "pending"
DONE = "done"


def enqueue_inbound(
    s: Session, *, update_id: int, chat_id: int, kind: str, text: Optional[str], now: datetime
) -> bool:
    """Store an update; False if this chat's update_id was stored before (a redelivery)."""
    now = as_utc(now)
    require_choice(kind, INBOUND_KINDS, field="kind")
    # INSERT ... ON CONFLICT DO NOTHING: a duplicate is not an error, so it cannot
    # abort the caller's transaction (as a failed INSERT would on PostgreSQL).
    stmt = (
        dialect_insert(s)(InboundMessage)
        .values(
            update_id=update_id,
            chat_id=chat_id,
            kind=kind,
            text=text,
            status=PENDING,
            attempts=0,
            received_at=now,
        )
        .on_conflict_do_nothing(index_elements=["chat_id", "update_id"])
    )
    return s.execute(stmt).rowcount == 1


def pending_chats(s: Session) -> List[int]:
    """Chats with unhandled messages, the chat with the oldest waiting message first."""
    oldest = func.min(InboundMessage.update_id)
    stmt = (
        select(InboundMessage.chat_id)
        .where(InboundMessage.status == PENDING)
        .group_by(InboundMessage.chat_id)
        .order_by(oldest)
    )
    return list(s.execute(stmt).scalars())


def next_pending(s: Session, chat_id: int) -> Optional[InboundMessage]:
    """The chat's oldest unhandled message (lowest update_id)."""
    stmt = (
        select(InboundMessage)
        .where(InboundMessage.chat_id == chat_id, InboundMessage.status == PENDING)
        .order_by(InboundMessage.update_id)
        .limit(1)
    )
    return s.execute(stmt).scalar_one_or_none()


def mark_done(s: Session, update_id: int, *, chat_id: int, now: datetime) -> None:
    """Mark handled and forget the text."""
    now = as_utc(now)
    s.execute(
        update(InboundMessage)
        .where(InboundMessage.chat_id == chat_id, InboundMessage.update_id == update_id)
        .values(status=DONE, processed_at=now, text=None)
        .execution_options(synchronize_session="fetch")
    )


def note_attempt(s: Session, update_id: int, *, chat_id: int) -> None:
    """Count a failed try, so the caller can give up on a message that keeps failing."""
    s.execute(
        update(InboundMessage)
        .where(InboundMessage.chat_id == chat_id, InboundMessage.update_id == update_id)
        .values(attempts=InboundMessage.attempts + 1)
        .execution_options(synchronize_session="fetch")
    )


def purge_done(s: Session, *, older_than: datetime) -> int:
    """Delete handled messages processed before `older_than` (a cut-off moment); returns how many."""
    older_than = as_utc(older_than)
    result = s.execute(
        delete(InboundMessage)
        .where(InboundMessage.status == DONE, InboundMessage.processed_at < older_than)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def dialect_insert(s: Session):
    """The INSERT that has ON CONFLICT for this database (storage.chat_leases uses it too)."""
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise StorageError(f"Unsupported database {dialect!r}: use SQLite or PostgreSQL.")
    return insert
