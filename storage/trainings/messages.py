"""The scheduled messages a training participant gets: the invitation, session reminders, the move-up note.

`storage.trainings.participants` decides who holds a place; this module plans and
cancels the messages that follow from it, all keyed by `dedupe_prefix` so a
change of mind revives or cancels the same rows instead of adding new ones.
The caller passes `reminders_for(client_id, starts_at) -> [due moments]`, because
quiet hours and the municipality's reminder rhythm are configuration that
storage does not read.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable, List

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage import scheduled
from storage.tables.scheduled import ScheduledMessage
from storage.tables.trainings import TrainingAttendance, TrainingEdition
from storage.timestamps import as_utc
from storage.trainings.editions import dedupe_prefix, sessions_of

ReminderMoments = Callable[[str, datetime], List[datetime]]


def invitation_payload(edition: TrainingEdition, sessions) -> dict:
    """Everything the invitation names, so the chat side can word it without reading the database."""
    first = sessions[0]
    return {
        "edition_id": edition.id,
        "titel": edition.titel,
        "omschrijving": edition.omschrijving,
        "meenemen": edition.meenemen,
        "verplicht": edition.verplicht,
        "sessies": len(sessions),
        "eerste": first.starts_at.isoformat(),
        "waar": first.waar,
    }


def schedule_session_reminders(
    s: Session, edition: TrainingEdition, client_id: str, *, now: datetime, reminders_for: ReminderMoments
) -> None:
    """Reminders for every upcoming session the client has not said they will skip."""
    skipped = set(
        s.execute(
            select(TrainingAttendance.session_id).where(
                TrainingAttendance.client_id == client_id, TrainingAttendance.status == "afgemeld"
            )
        ).scalars()
    )
    for session_row in sessions_of(s, edition.id):
        if session_row.starts_at <= as_utc(now) or session_row.id in skipped:
            continue
        for index, due_at in enumerate(reminders_for(client_id, session_row.starts_at)):
            schedule_or_revive(
                s,
                client_id=client_id,
                kind="training_session",
                due_at=due_at,
                now=now,
                event_at=session_row.starts_at,
                payload={"edition_id": edition.id, "session_id": session_row.id, "titel": edition.titel, "waar": session_row.waar},
                dedupe_key=dedupe_prefix(edition.id, session_row.id) + f"r{index}",
            )


def schedule_or_revive(s: Session, *, client_id: str, dedupe_key: str, due_at: datetime, now: datetime, **fields) -> None:
    """Schedule once per key; a row cancelled earlier (the client stopped, then came back) is planned again."""
    if scheduled.schedule_message(s, client_id=client_id, dedupe_key=dedupe_key, due_at=due_at, now=now, **fields):
        return
    s.execute(
        update(ScheduledMessage)
        .where(
            ScheduledMessage.client_id == client_id,
            ScheduledMessage.dedupe_key == dedupe_key,
            ScheduledMessage.status == "cancelled",
        )
        .values(status="pending", due_at=as_utc(due_at), last_error=None, attempts=0)
        .execution_options(synchronize_session=False)
    )


def cancel_participant_messages(s: Session, edition_id: int, client_id: str, *, reason: str) -> None:
    """Stop everything still planned for the client about this edition: reminders, move-up note, invitation."""
    scheduled.cancel_pending(
        s,
        client_id,
        kinds=["training_session", "training_moved_up", "training_invitation"],
        reason=reason,
        dedupe_prefix=dedupe_prefix(edition_id),
    )
