"""Scheduled messages: the database is the source of truth, the dispatcher a worker.

A row moves pending → sending → sent, or → failed / cancelled. `claim_due` is
the only way to move rows to `sending`, and it hands each row to exactly one
dispatcher: PostgreSQL locks the rows with `FOR UPDATE SKIP LOCKED`; SQLite
runs every unit of work as `BEGIN IMMEDIATE` (see storage.db), so a second
dispatcher waits for the first one's claim to commit and then sees the rows
as `sending`.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Dict, Iterable, List, Optional

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.errors import ValidationError
from storage.models import SCHEDULED_KINDS, Client, MessagePreferences, ScheduledMessage
from storage.timestamps import as_utc

# Enough for the text of an error, not for a copy of a whole reply.
LAST_ERROR_CHARS = 500


def payload_of(message: ScheduledMessage) -> Dict[str, Any]:
    return json.loads(message.payload or "{}")


def schedule_message(
    s: Session,
    *,
    client_id: str,
    kind: str,
    due_at: datetime,
    now: datetime,
    payload: Optional[Dict[str, Any]] = None,
    event_at: Optional[datetime] = None,
    dedupe_key: Optional[str] = None,
    appointment_id: Optional[int] = None,
) -> Optional[ScheduledMessage]:
    """Add a pending message; None if one with this client's `dedupe_key` exists already."""
    if kind not in SCHEDULED_KINDS:
        raise ValidationError(f"Unknown scheduled message kind {kind!r}.")
    message = ScheduledMessage(
        client_id=client_id,
        kind=kind,
        due_at=as_utc(due_at),
        event_at=as_utc(event_at) if event_at is not None else None,
        payload=json.dumps(payload or {}, ensure_ascii=False),
        status="pending",
        attempts=0,
        dedupe_key=dedupe_key,
        appointment_id=appointment_id,
        created_at=as_utc(now),
    )
    if dedupe_key is None:
        s.add(message)
        s.flush()
        return message
    # A savepoint, so a duplicate leaves the caller's transaction usable.
    try:
        with s.begin_nested():
            s.add(message)
    except IntegrityError:
        return None
    return message


def get_message(s: Session, message_id: int) -> Optional[ScheduledMessage]:
    return s.get(ScheduledMessage, message_id)


def claim_due(s: Session, *, now: datetime, worker: str, limit: int) -> List[ScheduledMessage]:
    """Move up to `limit` due rows to `sending` for `worker` and return them, oldest first.

    Rows of clients who paused all messages (/stop) or blocked the bot stay
    pending: they go out (adapted if late) once the client is back.
    """
    now = as_utc(now)
    stmt = (
        select(ScheduledMessage)
        .join(Client, Client.id == ScheduledMessage.client_id)
        .outerjoin(MessagePreferences, MessagePreferences.client_id == ScheduledMessage.client_id)
        .where(
            ScheduledMessage.status == "pending",
            ScheduledMessage.due_at <= now,
            Client.unreachable_since.is_(None),
            MessagePreferences.paused_since.is_(None),
        )
        .order_by(ScheduledMessage.due_at, ScheduledMessage.id)
        .limit(limit)
    )
    if s.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=ScheduledMessage, skip_locked=True)
    rows = list(s.execute(stmt).scalars())
    for row in rows:
        row.status = "sending"
        row.claimed_by = worker
        row.claimed_at = now
    s.flush()
    return rows


def release_stale_claims(s: Session, *, now: datetime, older_than: timedelta) -> int:
    """Put `sending` rows whose dispatcher died back to `pending`; returns how many.

    Documented choice: such a row is sent again. Its dispatcher may have died
    after Telegram took the message and before the row was marked sent, so this
    can repeat one message once; the alternative, dropping it, could lose an
    appointment reminder. `older_than` must exceed the longest a live send takes.
    """
    result = s.execute(
        update(ScheduledMessage)
        .where(ScheduledMessage.status == "sending", ScheduledMessage.claimed_at < as_utc(now) - older_than)
        .values(status="pending", claimed_by=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def release_own_claims(s: Session, *, worker: str, keep: Iterable[int] = ()) -> int:
    """Put `worker`'s `sending` rows back to `pending`, as they were before the claim; returns how many.

    One statement, so a stop hands back everything or nothing. Due time and
    attempts stay as they are: the row goes out as if it had never been
    claimed. The dispatcher calls it on a clean stop (rows it claimed but did
    not start sending) and at start-up (its own claims from before a crash,
    which no live process can hold, since the name is this worker's alone).
    `keep` are rows whose send may have reached Telegram: they stay `sending`.
    """
    conditions = [ScheduledMessage.status == "sending", ScheduledMessage.claimed_by == worker]
    kept = list(keep)
    if kept:
        conditions.append(ScheduledMessage.id.notin_(kept))
    result = s.execute(
        update(ScheduledMessage)
        .where(and_(*conditions))
        .values(status="pending", claimed_by=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def mark_sent(s: Session, message_id: int, *, now: datetime) -> None:
    _set(s, message_id, status="sent", sent_at=as_utc(now), last_error=None)


def mark_failed(s: Session, message_id: int, *, error: str, attempts: Optional[int] = None) -> None:
    """Given up: stays visible to the klantmanager (export, portal) with its error."""
    values: Dict[str, Any] = {"status": "failed", "last_error": error[:LAST_ERROR_CHARS]}
    if attempts is not None:
        values["attempts"] = attempts
    _set(s, message_id, **values)


def cancel_claimed(s: Session, message_id: int, *, reason: str) -> None:
    """The dispatcher decided not to send a claimed row (too late, nudges switched off)."""
    _set(s, message_id, status="cancelled", last_error=reason[:LAST_ERROR_CHARS])


def postpone(
    s: Session, message_id: int, *, until: datetime, error: Optional[str] = None, attempts: Optional[int] = None
) -> None:
    """Back to pending, due at `until`: quiet hours, a retry after an error (counted in `attempts`)."""
    values: Dict[str, Any] = {"status": "pending", "due_at": as_utc(until), "claimed_by": None, "claimed_at": None}
    if error is not None:
        values["last_error"] = error[:LAST_ERROR_CHARS]
    if attempts is not None:
        values["attempts"] = attempts
    _set(s, message_id, **values)


def snooze(s: Session, message_id: int, *, until: datetime, client_id: str, now: datetime) -> Optional[ScheduledMessage]:
    """Send a reminder once more at `until` ("Later") as a new row, so the first stays in the history.

    None if the message is not this client's, or was snoozed already (a double tap).
    """
    original = s.get(ScheduledMessage, message_id)
    if original is None or original.client_id != client_id:
        return None
    return schedule_message(
        s,
        client_id=client_id,
        kind=original.kind,
        due_at=until,
        now=now,
        payload={**payload_of(original), "snoozed_from": original.id},
        # An own reminder is about the moment asked for, which is now the snoozed one;
        # an appointment stays about the appointment.
        event_at=until if original.kind == "own_reminder" else original.event_at,
        dedupe_key=f"snooze:{original.id}",
        appointment_id=original.appointment_id,
    )


def cancel(s: Session, message_id: int, *, reason: str) -> bool:
    """Cancel one pending message; False if it was no longer pending."""
    result = s.execute(
        update(ScheduledMessage)
        .where(ScheduledMessage.id == message_id, ScheduledMessage.status == "pending")
        .values(status="cancelled", last_error=reason[:LAST_ERROR_CHARS])
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def cancel_pending(
    s: Session,
    client_id: str,
    *,
    kinds: Iterable[str],
    reason: str,
    appointment_id: Optional[int] = None,
    dedupe_prefix: Optional[str] = None,
) -> int:
    """Cancel a client's pending messages of these kinds (e.g. nudges after an opt-out).

    `dedupe_prefix` narrows it to one family of keys, e.g. one training edition's reminders.
    """
    conditions = [
        ScheduledMessage.client_id == client_id,
        ScheduledMessage.status == "pending",
        ScheduledMessage.kind.in_(list(kinds)),
    ]
    if appointment_id is not None:
        conditions.append(ScheduledMessage.appointment_id == appointment_id)
    if dedupe_prefix is not None:
        conditions.append(ScheduledMessage.dedupe_key.like(dedupe_prefix + "%"))
    result = s.execute(
        update(ScheduledMessage)
        .where(and_(*conditions))
        .values(status="cancelled", last_error=reason[:LAST_ERROR_CHARS])
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def upcoming_for_client(
    s: Session, client_id: str, *, kinds: Optional[Iterable[str]] = None
) -> List[ScheduledMessage]:
    """The client's messages still to come, soonest first."""
    stmt = select(ScheduledMessage).where(
        ScheduledMessage.client_id == client_id,
        or_(ScheduledMessage.status == "pending", ScheduledMessage.status == "sending"),
    )
    if kinds is not None:
        stmt = stmt.where(ScheduledMessage.kind.in_(list(kinds)))
    return list(s.execute(stmt.order_by(ScheduledMessage.due_at, ScheduledMessage.id)).scalars())


def messages_for_client(s: Session, client_id: str) -> List[ScheduledMessage]:
    """Every scheduled message of the client, for export."""
    stmt = select(ScheduledMessage).where(ScheduledMessage.client_id == client_id).order_by(ScheduledMessage.id)
    return list(s.execute(stmt).scalars())


def _set(s: Session, message_id: int, **values: Any) -> None:
    s.execute(
        update(ScheduledMessage)
        .where(ScheduledMessage.id == message_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
