"""Rasa's own tracker-store table, so a conversation can be erased.

Rasa's SQL tracker store keeps every event in a table `events` in our
database, and offers no way to delete a conversation; the table is described
once, in `storage.tables.rasa_events`. Rasa counts stored events to decide which
to append, so events must never be deleted while Rasa is handling that
conversation: callers erase only conversations that have been quiet for a while.
"""
from __future__ import annotations

from datetime import datetime
from typing import List

from sqlalchemy import delete, func, inspect, select
from sqlalchemy.orm import Session

from storage.consent import current_consent
from storage.tables.clients import ConsentRecord, TelegramLink
from storage.tables.rasa_events import RASA_EVENTS_TABLE, rasa_events
from storage.timestamps import as_utc


def rasa_tables_exist(s: Session) -> bool:
    return inspect(s.connection()).has_table(RASA_EVENTS_TABLE)


def count_conversation_events(s: Session, sender_id: str) -> int:
    if not rasa_tables_exist(s):
        return 0
    stmt = select(func.count()).select_from(rasa_events).where(rasa_events.c.sender_id == sender_id)
    return s.execute(stmt).scalar_one()


def erase_quiet_conversation(s: Session, sender_id: str, *, quiet_since: datetime) -> int:
    """Delete all Rasa events of a conversation whose last event is before `quiet_since`."""
    if not rasa_tables_exist(s):
        return 0
    last = s.execute(
        select(func.max(rasa_events.c.timestamp)).where(rasa_events.c.sender_id == sender_id)
    ).scalar_one_or_none()
    if last is None or last >= as_utc(quiet_since).timestamp():
        return 0
    return s.execute(delete(rasa_events).where(rasa_events.c.sender_id == sender_id)).rowcount


def refused_chats(s: Session) -> List[int]:
    """Chats of clients whose latest consent decision is a refusal or a withdrawal."""
    candidates = s.execute(
        select(TelegramLink.chat_id, TelegramLink.client_id)
        .join(ConsentRecord, ConsentRecord.client_id == TelegramLink.client_id)
        .where(ConsentRecord.decision.in_(("refused", "withdrawn")))
        .distinct()
    ).all()
    return [
        chat_id
        for chat_id, client_id in candidates
        if current_consent(s, client_id).decision in ("refused", "withdrawn")
    ]


def erase_conversation(s: Session, sender_id: str) -> int:
    """Delete every Rasa event of a conversation (erasure). Call only when no turn runs for it:
    after erasure the chat is unlinked, so the bot no longer hands it to Rasa as a client."""
    if not rasa_tables_exist(s):
        return 0
    return s.execute(delete(rasa_events).where(rasa_events.c.sender_id == sender_id)).rowcount


def erase_events_before(s: Session, sender_id: str, *, before: datetime, quiet_since: datetime) -> int:
    """Retention: delete a conversation's events older than `before`.

    Rasa counts stored events to know which to append, so a conversation is only
    touched when it has been quiet since `quiet_since` (no turn is running)."""
    if not rasa_tables_exist(s):
        return 0
    last = s.execute(
        select(func.max(rasa_events.c.timestamp)).where(rasa_events.c.sender_id == sender_id)
    ).scalar_one_or_none()
    if last is None or last >= as_utc(quiet_since).timestamp():
        return 0
    stmt = delete(rasa_events).where(
        rasa_events.c.sender_id == sender_id, rasa_events.c.timestamp < as_utc(before).timestamp()
    )
    return s.execute(stmt).rowcount


def conversation_senders(s: Session) -> List[str]:
    """Every sender id with events in Rasa's tracker store."""
    if not rasa_tables_exist(s):
        return []
    return list(s.execute(select(rasa_events.c.sender_id).distinct()).scalars())
