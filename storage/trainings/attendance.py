"""Attendance per session: what the caseworker registers, and a client's advance notice.

A no-show (registered `afwezig`) gets one friendly message at the moment the
caller chooses (the next morning, out of quiet hours); the answer goes to the
klantmanager as a handoff.
"""
from __future__ import annotations

from datetime import datetime
from typing import Dict, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import scheduled
from storage.clients import require_client
from storage.errors import NotFoundError
from storage.tables import (
    ATTENDANCE_STATUSES,
    EMAIL_LENGTH,
    TrainingAttendance,
    TrainingEdition,
    TrainingSession,
)
from storage.timestamps import as_utc
from storage.validation import clean_text, require_choice


def record(s: Session, session_id: int, client_id: str, *, status: str, by: str, now: datetime) -> TrainingAttendance:
    """Set the client's attendance for a session (a later registration replaces an earlier one)."""
    require_choice(status, ATTENDANCE_STATUSES, field="status")
    if s.get(TrainingSession, session_id) is None:
        raise NotFoundError(f"Unknown training session {session_id}.")
    require_client(s, client_id)
    stmt = select(TrainingAttendance).where(
        TrainingAttendance.session_id == session_id, TrainingAttendance.client_id == client_id
    )
    row = s.execute(stmt).scalar_one_or_none()
    if row is None:
        row = TrainingAttendance(session_id=session_id, client_id=client_id)
        s.add(row)
    row.status = status
    row.registered_by = clean_text(by, field="registered_by", max_length=EMAIL_LENGTH)
    row.registered_at = as_utc(now)
    s.flush()
    return row


def register(
    s: Session,
    session_id: int,
    client_id: str,
    *,
    status: str,
    by: str,
    now: datetime,
    noshow_due: Optional[datetime],
) -> TrainingAttendance:
    """The caseworker's registration after a session; `afwezig` plans the no-show message at `noshow_due`.

    Someone who said beforehand they could not come (afgemeld) is not asked what happened.
    """
    earlier = attendance_of(s, session_id, client_id)
    said_beforehand = earlier is not None and earlier.status == "afgemeld"  # read before `record` changes it
    row = record(s, session_id, client_id, status=status, by=by, now=now)
    if status == "afwezig" and noshow_due is not None and not said_beforehand:
        session_row = s.get(TrainingSession, session_id)
        edition = s.get(TrainingEdition, session_row.edition_id)
        scheduled.schedule_message(
            s,
            client_id=client_id,
            kind="training_noshow",
            due_at=noshow_due,
            now=now,
            # No event_at: the dispatcher drops messages a day after their event, and this
            # one is meant for after it. The session's moment travels in the payload.
            event_at=None,
            payload={
                "edition_id": edition.id,
                "session_id": session_id,
                "titel": edition.titel,
                "sessie_at": session_row.starts_at.isoformat(),
            },
            dedupe_key=f"training:{edition.id}:s{session_id}:noshow",
        )
    elif status != "afwezig" and noshow_due is not None:
        # A correction ("was er toch"): the question is no longer needed if it has not gone yet.
        for message in scheduled.upcoming_for_client(s, client_id, kinds=["training_noshow"]):
            if scheduled.payload_of(message).get("session_id") == session_id:
                scheduled.cancel(s, message.id, reason="aanwezigheid gecorrigeerd")
    return row


def attendance_of(s: Session, session_id: int, client_id: str) -> Optional[TrainingAttendance]:
    stmt = select(TrainingAttendance).where(
        TrainingAttendance.session_id == session_id, TrainingAttendance.client_id == client_id
    )
    return s.execute(stmt).scalar_one_or_none()


def attendance_by_session(s: Session, client_id: str) -> Dict[int, TrainingAttendance]:
    stmt = select(TrainingAttendance).where(TrainingAttendance.client_id == client_id)
    return {row.session_id: row for row in s.execute(stmt).scalars()}
