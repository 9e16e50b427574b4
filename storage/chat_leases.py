"""Chat leases: which bot process may speak in a chat right now.

With several bot replicas on one database, a chat's messages must still be
answered one at a time, in order, and a reminder must not land in the middle
of an answer. A process takes a chat's lease before it speaks there, renews it
while it works and releases it when done. A lease that is not renewed expires,
so a process that died does not hold a chat for ever. Pure storage functions,
like storage.inbox: the caller decides what a transaction holds.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Set

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from storage.inbox import dialect_insert
from storage.tables import ChatLease
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


def held_by_others(s: Session, *, holder: str, now: datetime) -> Set[int]:
    """Chats someone else holds an unexpired lease on."""
    stmt = select(ChatLease.chat_id).where(ChatLease.holder != holder, ChatLease.expires_at > as_utc(now))
    return set(s.execute(stmt).scalars())
