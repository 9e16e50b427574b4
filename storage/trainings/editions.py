"""Training editions and their sessions: planning, looking up, and a caseworker cancelling a session.

Participants are in `storage.trainings.participants`, attendance in
`storage.trainings.attendance` (see the package docstring for the dedupe keys
that tie an edition's scheduled messages together).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional, Sequence

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from storage import scheduled
from storage.errors import NotFoundError, ValidationError
from storage.tables import (
    EMAIL_LENGTH,
    Gemeente,
    ScheduledMessage,
    TrainingEdition,
    TrainingParticipant,
    TrainingSession,
)
from storage.tables.trainings import PLACE_LENGTH, TRAINING_TITLE_LENGTH
from storage.timestamps import as_utc
from storage.validation import clean_text

MAX_CAPACITY = 500
MAX_SESSIONS = 60
DESCRIPTION_LENGTH = 600


@dataclass(frozen=True)
class PlannedSession:
    starts_at: datetime
    minutes: int
    waar: str


def dedupe_prefix(edition_id: int, session_id: Optional[int] = None) -> str:
    """The start of every training message's dedupe key for this edition (or one session of it)."""
    return f"training:{edition_id}:" if session_id is None else f"training:{edition_id}:s{session_id}:"


def plan_edition(
    s: Session,
    *,
    gemeente_id: str,
    training_id: str,
    titel: str,
    omschrijving: str,
    meenemen: str,
    verplicht: bool,
    zelf_aanmelden: bool,
    capacity: int,
    signup_deadline: datetime,
    sessions: Sequence[PlannedSession],
    created_by: str,
    now: datetime,
) -> TrainingEdition:
    """Store an edition with its sessions; the catalogue facts are copied from the caller's catalogue."""
    if s.get(Gemeente, gemeente_id) is None:
        raise NotFoundError(f"Unknown gemeente {gemeente_id!r}.")
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError(f"Capacity must be between 1 and {MAX_CAPACITY}.")
    if not sessions or len(sessions) > MAX_SESSIONS:
        raise ValidationError(f"An edition needs 1 to {MAX_SESSIONS} sessions.")
    ordered = sorted(sessions, key=lambda planned: as_utc(planned.starts_at))
    if as_utc(signup_deadline) > as_utc(ordered[0].starts_at):
        raise ValidationError("The sign-up deadline must be before the first session.")
    edition = TrainingEdition(
        gemeente_id=gemeente_id,
        training_id=clean_text(training_id, field="training_id", max_length=40),
        titel=clean_text(titel, field="titel", max_length=TRAINING_TITLE_LENGTH),
        omschrijving=clean_text(omschrijving, field="omschrijving", max_length=DESCRIPTION_LENGTH),
        meenemen=clean_text(meenemen, field="meenemen", max_length=PLACE_LENGTH),
        verplicht=bool(verplicht),
        zelf_aanmelden=bool(zelf_aanmelden),
        capacity=capacity,
        signup_deadline=as_utc(signup_deadline),
        status="gepland",
        created_by=clean_text(created_by, field="created_by", max_length=EMAIL_LENGTH),
        created_at=as_utc(now),
    )
    s.add(edition)
    s.flush()
    for planned in ordered:
        if not isinstance(planned.minutes, int) or not 10 <= planned.minutes <= 12 * 60:
            raise ValidationError("A session lasts 10 minutes to 12 hours.")
        s.add(
            TrainingSession(
                edition_id=edition.id,
                starts_at=as_utc(planned.starts_at),
                minutes=planned.minutes,
                waar=clean_text(planned.waar, field="waar", max_length=PLACE_LENGTH),
                status="gepland",
            )
        )
    s.flush()
    return edition


def get_edition(s: Session, edition_id: int) -> Optional[TrainingEdition]:
    return s.get(TrainingEdition, edition_id)


def require_edition(s: Session, edition_id: int) -> TrainingEdition:
    edition = s.get(TrainingEdition, edition_id)
    if edition is None:
        raise NotFoundError(f"Unknown training edition {edition_id}.")
    return edition


def get_session(s: Session, session_id: int) -> Optional[TrainingSession]:
    return s.get(TrainingSession, session_id)


def sessions_of(s: Session, edition_id: int, *, include_cancelled: bool = False) -> List[TrainingSession]:
    stmt = select(TrainingSession).where(TrainingSession.edition_id == edition_id)
    if not include_cancelled:
        stmt = stmt.where(TrainingSession.status == "gepland")
    return list(s.execute(stmt.order_by(TrainingSession.starts_at, TrainingSession.id)).scalars())


def is_open_for_signup(edition: TrainingEdition, now: datetime) -> bool:
    return edition.status == "gepland" and as_utc(now) <= edition.signup_deadline


def open_editions(s: Session, gemeente_id: str, *, now: datetime) -> List[TrainingEdition]:
    """The gemeente's editions that still take sign-ups, soonest deadline first."""
    stmt = (
        select(TrainingEdition)
        .where(
            TrainingEdition.gemeente_id == gemeente_id,
            TrainingEdition.status == "gepland",
            TrainingEdition.signup_deadline >= as_utc(now),
        )
        .order_by(TrainingEdition.signup_deadline, TrainingEdition.id)
    )
    return list(s.execute(stmt).scalars())


def cancel_session(s: Session, session_id: int, *, now: datetime) -> List[str]:
    """A caseworker cancels a session: its reminders stop and every signed-up participant is told.

    Returns the ids of the clients who get a message. Cancelling twice tells nobody twice.
    """
    session_row = s.get(TrainingSession, session_id)
    if session_row is None:
        raise NotFoundError(f"Unknown training session {session_id}.")
    edition = require_edition(s, session_row.edition_id)
    if session_row.status == "geannuleerd":
        return []
    session_row.status = "geannuleerd"
    prefix = dedupe_prefix(edition.id, session_row.id)
    s.execute(
        update(ScheduledMessage)
        .where(
            and_(
                ScheduledMessage.status == "pending",
                ScheduledMessage.dedupe_key.like(prefix + "r%"),
            )
        )
        .values(status="cancelled", last_error="bijeenkomst geannuleerd")
        .execution_options(synchronize_session=False)
    )
    told = []
    confirmed = select(TrainingParticipant.client_id).where(
        TrainingParticipant.edition_id == edition.id, TrainingParticipant.status == "aangemeld"
    )
    for client_id in s.execute(confirmed.order_by(TrainingParticipant.id)).scalars():
        message = scheduled.schedule_message(
            s,
            client_id=client_id,
            kind="training_session_cancelled",
            due_at=now,
            now=now,
            event_at=session_row.starts_at,
            payload={"titel": edition.titel, "waar": session_row.waar},
            dedupe_key=prefix + "cancelled",
        )
        if message is not None:
            told.append(client_id)
    s.flush()
    return told
