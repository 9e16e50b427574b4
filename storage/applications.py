"""Applications (sollicitaties): the client's own log, with a history of every status change.

Every function that reads or changes one application takes the client id too,
so an id from a button can never reach another client's record.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Dict, List, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.clients import require_client
from storage.employer_names import MATCH_THRESHOLD, clean_employer, employer_similarity
from storage.errors import NotFoundError, ValidationError
from storage.tables import (
    APPLICATION_CHANNELS,
    APPLICATION_STATUSES,
    POSITION_LENGTH,
    Application,
    ApplicationStatusChange,
)
from storage.timestamps import as_utc
from storage.validation import require_choice

FIRST_STATUS = "verstuurd"
# After these nothing more is expected, so a result update without an employer
# ("ik ben aangenomen!") looks among the other, still open applications.
CLOSED_STATUSES = ("afgewezen", "aangenomen")
RECENT_LIMIT = 5


class _Unchanged:
    """Marks an argument of update_application that was not passed."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


def clean_position(position: Optional[str]) -> Optional[str]:
    """None or blank means "weet ik niet meer"; otherwise cleaned like an employer name."""
    if position is None or (isinstance(position, str) and not position.strip()):
        return None
    return clean_employer(position, field="position", max_length=POSITION_LENGTH)


def _check_channel(channel: Optional[str]) -> Optional[str]:
    return None if channel is None else require_choice(channel, APPLICATION_CHANNELS, field="channel")


def _check_day(day: date, field: str) -> date:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValidationError(f"{field} must be a date (a calendar day), not {type(day).__name__}.")
    return day


def log_application(
    s: Session,
    client_id: str,
    *,
    employer: str,
    position: Optional[str],
    channel: Optional[str],
    applied_on: date,
    now: datetime,
) -> Application:
    """Store a done application with status "verstuurd", which is also its first history row."""
    now = as_utc(now)
    require_client(s, client_id)
    application = Application(
        client_id=client_id,
        applied_on=_check_day(applied_on, "applied_on"),
        employer=clean_employer(employer),
        position=clean_position(position),
        channel=_check_channel(channel),
        status=FIRST_STATUS,
        interview_time_known=False,
        created_at=now,
        updated_at=now,
    )
    s.add(application)
    s.flush()
    s.add(ApplicationStatusChange(application_id=application.id, status=FIRST_STATUS, changed_at=now))
    s.flush()
    return application


def get_application(s: Session, client_id: str, application_id: int) -> Optional[Application]:
    application = s.get(Application, application_id)
    return application if application is not None and application.client_id == client_id else None


def require_application(s: Session, client_id: str, application_id: int) -> Application:
    application = get_application(s, client_id, application_id)
    if application is None:
        raise NotFoundError(f"Client {client_id!r} has no application {application_id!r}.")
    return application


def set_status(s: Session, client_id: str, application_id: int, status: str, *, now: datetime) -> Application:
    """Change the status and add a history row; saying the same status again changes nothing."""
    now = as_utc(now)
    require_choice(status, APPLICATION_STATUSES, field="status")
    application = require_application(s, client_id, application_id)
    if application.status == status:
        return application
    application.status = status
    application.updated_at = now
    s.add(ApplicationStatusChange(application_id=application.id, status=status, changed_at=now))
    s.flush()
    return application


def set_interview(
    s: Session, client_id: str, application_id: int, *, interview_at: datetime, time_known: bool, now: datetime
) -> Application:
    """Remember when the interview is, for a reminder and a "hoe ging het?" afterwards."""
    application = require_application(s, client_id, application_id)
    application.interview_at = as_utc(interview_at)
    application.interview_time_known = bool(time_known)
    application.updated_at = as_utc(now)
    s.flush()
    return application


def update_application(
    s: Session,
    client_id: str,
    application_id: int,
    *,
    now: datetime,
    employer=UNCHANGED,
    position=UNCHANGED,
    channel=UNCHANGED,
    applied_on=UNCHANGED,
) -> Application:
    """Correct the fields the client says are wrong; the others stay as they are."""
    now = as_utc(now)
    application = require_application(s, client_id, application_id)
    if employer is not UNCHANGED:
        application.employer = clean_employer(employer)
    if position is not UNCHANGED:
        application.position = clean_position(position)
    if channel is not UNCHANGED:
        application.channel = _check_channel(channel)
    if applied_on is not UNCHANGED:
        application.applied_on = _check_day(applied_on, "applied_on")
    application.updated_at = now
    s.flush()
    return application


def delete_application(s: Session, client_id: str, application_id: int) -> None:
    """Remove the application and its history: nothing of it is kept."""
    application = require_application(s, client_id, application_id)
    # Explicit, so SQLite without foreign-key enforcement forgets the history too.
    s.execute(
        delete(ApplicationStatusChange)
        .where(ApplicationStatusChange.application_id == application.id)
        .execution_options(synchronize_session=False)
    )
    s.delete(application)
    s.flush()


def _newest_first(stmt):
    return stmt.order_by(Application.applied_on.desc(), Application.created_at.desc(), Application.id.desc())


def recent(s: Session, client_id: str, *, limit: int = RECENT_LIMIT) -> List[Application]:
    """The latest applications by the day they were made, newest first."""
    stmt = _newest_first(select(Application).where(Application.client_id == client_id)).limit(limit)
    return list(s.execute(stmt).scalars())


def open_applications(s: Session, client_id: str, *, limit: int = RECENT_LIMIT) -> List[Application]:
    """Newest first, leaving out those that were already turned down or led to a job."""
    stmt = _newest_first(
        select(Application).where(Application.client_id == client_id, Application.status.not_in(CLOSED_STATUSES))
    ).limit(limit)
    return list(s.execute(stmt).scalars())


def last_logged(s: Session, client_id: str) -> Optional[Application]:
    """The application told most recently ("die laatste"), whatever day it was made."""
    stmt = (
        select(Application)
        .where(Application.client_id == client_id)
        .order_by(Application.created_at.desc(), Application.id.desc())
        .limit(1)
    )
    return s.execute(stmt).scalar_one_or_none()


def applications_for_client(s: Session, client_id: str) -> List[Application]:
    """All of them, oldest first: the order of a werkmap."""
    stmt = (
        select(Application)
        .where(Application.client_id == client_id)
        .order_by(Application.applied_on, Application.created_at, Application.id)
    )
    return list(s.execute(stmt).scalars())


def find_by_employer(s: Session, client_id: str, employer: str) -> List[Application]:
    """Applications whose employer is like `employer` ("de jumbo" ~ "Jumbo Hengelo").

    Best match first; equally good matches newest first. Usually one; several
    means the caller must ask which one.
    """
    scored = [
        (employer_similarity(employer, application.employer), application)
        for application in recent(s, client_id, limit=None)
    ]
    matches = [(score, application) for score, application in scored if score >= MATCH_THRESHOLD]
    # sorted() is stable, so the newest-first order of recent() breaks ties.
    return [application for _, application in sorted(matches, key=lambda pair: -pair[0])]


def status_history(s: Session, application_id: int) -> List[ApplicationStatusChange]:
    """Oldest first."""
    stmt = (
        select(ApplicationStatusChange)
        .where(ApplicationStatusChange.application_id == application_id)
        .order_by(ApplicationStatusChange.changed_at, ApplicationStatusChange.id)
    )
    return list(s.execute(stmt).scalars())


def status_histories(s: Session, client_id: str) -> Dict[int, List[ApplicationStatusChange]]:
    """Every application's history in one query, keyed by application id, oldest first."""
    stmt = (
        select(ApplicationStatusChange)
        .join(Application, Application.id == ApplicationStatusChange.application_id)
        .where(Application.client_id == client_id)
        .order_by(ApplicationStatusChange.changed_at, ApplicationStatusChange.id)
    )
    histories: Dict[int, List[ApplicationStatusChange]] = {}
    for change in s.execute(stmt).scalars():
        histories.setdefault(change.application_id, []).append(change)
    return histories


def count_applied_between(s: Session, client_id: str, *, start: date, end: date) -> int:
    """How many applications were made on days from `start` up to but not including `end`."""
    stmt = select(func.count(Application.id)).where(
        Application.client_id == client_id,
        Application.applied_on >= _check_day(start, "start"),
        Application.applied_on < _check_day(end, "end"),
    )
    return s.execute(stmt).scalar_one()


def interviews_between(s: Session, start: datetime, end: datetime) -> List[Application]:
    """Applications of all clients with an interview from `start` up to but not including `end`, soonest first.

    For reminders before an interview and a "hoe ging het?" after it. When only the day is
    known, interview_at is the start of that local day (interview_time_known is false).
    """
    stmt = (
        select(Application)
        .where(Application.interview_at >= as_utc(start), Application.interview_at < as_utc(end))
        .order_by(Application.interview_at, Application.id)
    )
    return list(s.execute(stmt).scalars())
