"""Chat leases: which bot process may speak in a chat right now.

With several bot replicas on one database, a chat's messages must still be
answered one at a time, in order, and a reminder must not land in the middle
of an answer. A process takes a chat's lease before it speaks there, renews it
while it works and releases it when done. A lease that is not renewed expires,
so a process that died does not hold a chat for ever. Pure storage functions,
like storage.inbox: the caller decides what a transaction holds.

The last part joins leases with the inbox in the transactions the bot runs
per message: taking a chat fetches its first message, finishing one renews
the lease and fetches the next, and the chat is let go when nothing waits.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import List, Optional, Set

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from storage import inbox
from storage.inbox import dialect_insert
from storage.tables import ChatLease, InboundMessage
from storage.timestamps import as_utc


def take(s: Session, chat_id: int, *, holder: str, now: datetime, seconds: float) -> bool:
    """Hold the chat until now + seconds; False while someone else holds an unexpired lease.

    One statement, so two processes taking at once cannot both win: on
    PostgreSQL the second waits for the first's row and then sees it held; on
    SQLite writers take turns. Taking a lease one holds already renews it.
    """
    now = as_utc(now)
    insert = dialect_insert(s)
    stmt = insert(ChatLease).values(chat_id=chat_id, holder=holder, expires_at=now + timedelta(seconds=seconds))
    stmt = stmt.on_conflict_do_update(
        index_elements=["chat_id"],
        set_={"holder": stmt.excluded.holder, "expires_at": stmt.excluded.expires_at},
        where=or_(ChatLease.expires_at <= now, ChatLease.holder == holder),
    )
    return s.execute(stmt).rowcount == 1


def renew(s: Session, chat_id: int, *, holder: str, now: datetime, seconds: float) -> bool:
    """Push my lease's end to now + seconds; False if it is no longer mine."""
    result = s.execute(
        update(ChatLease)
        .where(ChatLease.chat_id == chat_id, ChatLease.holder == holder)
        .values(expires_at=as_utc(now) + timedelta(seconds=seconds))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release(s: Session, chat_id: int, *, holder: str) -> bool:
    """Let go of my lease; another holder's lease is left alone. False if I held none."""
    result = s.execute(
        delete(ChatLease)
        .where(ChatLease.chat_id == chat_id, ChatLease.holder == holder)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def release_all(s: Session, *, holder: str) -> int:
    """Let go of every lease this holder has (a clean stop); returns how many."""
    result = s.execute(delete(ChatLease).where(ChatLease.holder == holder).execution_options(synchronize_session=False))
    return result.rowcount


def purge_expired(s: Session, *, now: datetime) -> int:
    """Delete leases that ran out (left by processes that died); returns how many."""
    result = s.execute(
        delete(ChatLease).where(ChatLease.expires_at <= as_utc(now)).execution_options(synchronize_session=False)
    )
    return result.rowcount


def held_by_others(s: Session, *, holder: str, now: datetime) -> Set[int]:
    """Chats someone else holds an unexpired lease on."""
    stmt = select(ChatLease.chat_id).where(ChatLease.holder != holder, ChatLease.expires_at > as_utc(now))
    return set(s.execute(stmt).scalars())


def take_and_settle(s: Session, chat_id: int, *, holder: str, now: datetime, seconds: float) -> Optional[InboundMessage]:
    """Take the chat and its next message in one transaction; None if it is held elsewhere or nothing waits."""
    if not take(s, chat_id, holder=holder, now=now, seconds=seconds):
        return None
    return _next_or_let_go(s, chat_id, holder=holder, now=now, seconds=seconds)


def finish_and_settle(
    s: Session, update_id: int, *, chat_id: int, holder: str, now: datetime, seconds: float
) -> Optional[InboundMessage]:
    """Mark an answered message done, renew the lease and take the next one, in one transaction (make bench counts them)."""
    inbox.mark_done(s, update_id, chat_id=chat_id, now=now)
    if not take(s, chat_id, holder=holder, now=now, seconds=seconds):
        return None  # our lease ran out and another process took the chat: it answers the rest
    return _next_or_let_go(s, chat_id, holder=holder, now=now, seconds=seconds)


def release_and_peek(s: Session, chat_id: int, *, holder: str) -> bool:
    """Let go of the chat, then say whether a message waits in it (stored while we held it)."""
    release(s, chat_id, holder=holder)
    return inbox.next_pending(s, chat_id) is not None


def _next_or_let_go(s: Session, chat_id: int, *, holder: str, now: datetime, seconds: float) -> Optional[InboundMessage]:
    """The chat's next message, the lease still held; or None, the lease let go."""
    message = inbox.next_pending(s, chat_id)
    if message is not None:
        return message
    # Let go first, then look once more: a replica that stored a message just
    # before we let go was refused the lease, so the message is ours to answer.
    release(s, chat_id, holder=holder)
    message = inbox.next_pending(s, chat_id)
    if message is not None and take(s, chat_id, holder=holder, now=now, seconds=seconds):
        return message
    return None


def chats_to_retry(s: Session, *, holder: str, now: datetime) -> List[int]:
    """Chats with waiting messages, oldest first, leaving out those another process is answering."""
    held = held_by_others(s, holder=holder, now=now)
    return [chat_id for chat_id in inbox.pending_chats(s) if chat_id not in held]
