"""Invitations, answers, capacity and the waitlist of a training edition.

Capacity under concurrency: every change to who holds a place first locks the
edition row (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite every unit of work
is `BEGIN IMMEDIATE`, see storage.db), then counts. So twenty people tapping
"Ja" in the same second for fifteen places give exactly fifteen signed up and
five on the waitlist, in the order their transactions got the lock.

Session reminders are scheduled when someone gets a place (the messages
themselves are built in `storage.trainings.messages`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage import scheduled
from storage.clients import require_client
from storage.errors import ValidationError
from storage.tables.trainings import TrainingEdition, TrainingParticipant, TrainingSession
from storage.timestamps import as_utc
from storage.trainings import attendance as training_attendance
from storage.trainings.editions import dedupe_prefix, is_open_for_signup, require_edition, sessions_of
from storage.trainings.messages import (
    ReminderMoments,
    cancel_participant_messages,
    invitation_payload,
    schedule_or_revive,
    schedule_session_reminders,
)

REASON_MAX_LENGTH = 2000
# Outcomes of a "Ja".
SIGNED_UP, WAITLISTED, ALREADY, CLOSED = "aangemeld", "wachtlijst", "al_aangemeld", "gesloten"


@dataclass(frozen=True)
class Answer:
    outcome: str  # SIGNED_UP, WAITLISTED, ALREADY or CLOSED
    position: Optional[int] = None  # on the waitlist, 1 = next in line


@dataclass(frozen=True)
class Withdrawal:
    was: Optional[str]  # the status before, None if the client was not on the list
    moved_up: Optional[str]  # the client who got the freed place


def lock_edition(s: Session, edition_id: int) -> TrainingEdition:
    """The edition, locked until the transaction ends (PostgreSQL); SQLite holds its write lock already."""
    stmt = select(TrainingEdition).where(TrainingEdition.id == edition_id)
    if s.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    edition = s.execute(stmt).scalar_one_or_none()
    if edition is None:
        require_edition(s, edition_id)  # raises NotFoundError
    return edition


def get_participant(s: Session, edition_id: int, client_id: str) -> Optional[TrainingParticipant]:
    stmt = select(TrainingParticipant).where(
        TrainingParticipant.edition_id == edition_id, TrainingParticipant.client_id == client_id
    )
    return s.execute(stmt).scalar_one_or_none()


def participants(s: Session, edition_id: int) -> List[TrainingParticipant]:
    stmt = select(TrainingParticipant).where(TrainingParticipant.edition_id == edition_id)
    return list(s.execute(stmt.order_by(TrainingParticipant.id)).scalars())


def participations_of(s: Session, client_id: str) -> List[TrainingParticipant]:
    stmt = select(TrainingParticipant).where(TrainingParticipant.client_id == client_id)
    return list(s.execute(stmt.order_by(TrainingParticipant.id)).scalars())


def count_signed_up(s: Session, edition_id: int) -> int:
    stmt = select(func.count()).where(
        TrainingParticipant.edition_id == edition_id, TrainingParticipant.status == "aangemeld"
    )
    return s.execute(stmt).scalar_one()


def waitlist_position(s: Session, participant: TrainingParticipant) -> Optional[int]:
    if participant.status != "wachtlijst" or participant.waitlist_seq is None:
        return None
    stmt = select(func.count()).where(
        TrainingParticipant.edition_id == participant.edition_id,
        TrainingParticipant.status == "wachtlijst",
        TrainingParticipant.waitlist_seq <= participant.waitlist_seq,
    )
    return s.execute(stmt).scalar_one()


def invite(s: Session, edition_id: int, client_ids: Iterable[str], *, now: datetime) -> List[str]:
    """Invite clients: a participant row and a `training_invitation` message each.

    Returns the ids actually invited now; someone already on the list is skipped
    (inviting twice never sends twice).
    """
    edition = require_edition(s, edition_id)
    if not is_open_for_signup(edition, now):
        raise ValidationError("This edition no longer takes sign-ups.")
    sessions = sessions_of(s, edition.id)
    if not sessions:
        raise ValidationError("This edition has no sessions left.")
    invited = []
    for client_id in dict.fromkeys(client_ids):
        client = require_client(s, client_id)
        if client.gemeente_id != edition.gemeente_id:
            raise ValidationError(f"Client {client_id} belongs to another gemeente.")
        if get_participant(s, edition.id, client_id) is not None:
            continue
        s.add(
            TrainingParticipant(
                edition_id=edition.id,
                client_id=client_id,
                status="uitgenodigd",
                source="uitnodiging",
                invited_at=as_utc(now),
                updated_at=as_utc(now),
            )
        )
        scheduled.schedule_message(
            s,
            client_id=client_id,
            kind="training_invitation",
            due_at=now,
            now=now,
            event_at=None,
            payload=invitation_payload(edition, sessions),
            dedupe_key=dedupe_prefix(edition.id) + "invite",
        )
        invited.append(client_id)
    s.flush()
    return invited


def say_yes(
    s: Session,
    edition_id: int,
    client_id: str,
    *,
    now: datetime,
    reminders_for: ReminderMoments,
    source: str = "uitnodiging",
) -> Answer:
    """"Ja, ik kom" (or signing up in the chat): a place if one is free, else the waitlist."""
    edition = lock_edition(s, edition_id)
    participant = get_participant(s, edition_id, client_id)
    if participant is not None and participant.status == "aangemeld":
        return Answer(ALREADY)
    if participant is not None and participant.status == "wachtlijst":
        return Answer(WAITLISTED, waitlist_position(s, participant))
    if not is_open_for_signup(edition, now):
        return Answer(CLOSED)
    require_client(s, client_id)
    if participant is None:
        participant = TrainingParticipant(edition_id=edition_id, client_id=client_id, source=source, status="uitgenodigd")
        s.add(participant)
    participant.responded_at = participant.updated_at = as_utc(now)
    participant.reason = None
    if count_signed_up(s, edition_id) < edition.capacity:
        participant.status, participant.waitlist_seq = "aangemeld", None
        s.flush()
        schedule_session_reminders(s, edition, client_id, now=now, reminders_for=reminders_for)
        return Answer(SIGNED_UP)
    highest = s.execute(
        select(func.max(TrainingParticipant.waitlist_seq)).where(TrainingParticipant.edition_id == edition_id)
    ).scalar_one()
    participant.status, participant.waitlist_seq = "wachtlijst", (highest or 0) + 1
    s.flush()
    return Answer(WAITLISTED, waitlist_position(s, participant))


def withdraw(
    s: Session,
    edition_id: int,
    client_id: str,
    *,
    reason: Optional[str],
    now: datetime,
    reminders_for: ReminderMoments,
) -> Withdrawal:
    """"Nee, ik kan niet", or stopping later: off the list; a freed place goes to the first on the waitlist."""
    edition = lock_edition(s, edition_id)
    participant = get_participant(s, edition_id, client_id)
    if participant is None:
        require_client(s, client_id)
        participant = TrainingParticipant(edition_id=edition_id, client_id=client_id, source="zelf")
        s.add(participant)
        was = None
    else:
        was = participant.status
    participant.status, participant.waitlist_seq = "afgemeld", None
    participant.reason = _clean_reason(reason)
    participant.responded_at = participant.updated_at = as_utc(now)
    s.flush()
    cancel_participant_messages(s, edition_id, client_id, reason="afgemeld voor de training")
    moved_up = None
    if was == "aangemeld" and edition.status == "gepland":
        moved_up = _move_up_first(s, edition, now=now, reminders_for=reminders_for)
    return Withdrawal(was=was, moved_up=moved_up)


def _move_up_first(s: Session, edition: TrainingEdition, *, now: datetime, reminders_for: ReminderMoments) -> Optional[str]:
    if count_signed_up(s, edition.id) >= edition.capacity:
        return None
    stmt = (
        select(TrainingParticipant)
        .where(TrainingParticipant.edition_id == edition.id, TrainingParticipant.status == "wachtlijst")
        .order_by(TrainingParticipant.waitlist_seq, TrainingParticipant.id)
        .limit(1)
    )
    first = s.execute(stmt).scalar_one_or_none()
    if first is None:
        return None
    first.status, first.waitlist_seq, first.moved_up = "aangemeld", None, True
    first.updated_at = as_utc(now)
    s.flush()
    sessions = sessions_of(s, edition.id)
    upcoming = [row for row in sessions if row.starts_at > as_utc(now)]
    schedule_or_revive(
        s,
        client_id=first.client_id,
        kind="training_moved_up",
        due_at=now,
        now=now,
        event_at=upcoming[0].starts_at if upcoming else None,
        payload={"edition_id": edition.id, "titel": edition.titel, "waar": upcoming[0].waar if upcoming else ""},
        dedupe_key=dedupe_prefix(edition.id) + "movedup",
    )
    schedule_session_reminders(s, edition, first.client_id, now=now, reminders_for=reminders_for)
    return first.client_id


def skip_session(s: Session, session_id: int, client_id: str, *, now: datetime) -> None:
    """The client says beforehand they cannot come to one session: noted, and its reminders stop."""
    row = s.get(TrainingSession, session_id)
    if row is None:
        raise ValidationError(f"Unknown training session {session_id}.")
    training_attendance.record(s, session_id, client_id, status="afgemeld", by="cliënt", now=now)
    scheduled.cancel_pending(
        s,
        client_id,
        kinds=["training_session"],
        reason="cliënt meldde zich af voor deze bijeenkomst",
        dedupe_prefix=dedupe_prefix(row.edition_id, session_id) + "r",
    )


def _clean_reason(reason: Optional[str]) -> Optional[str]:
    if reason is None:
        return None
    trimmed = str(reason).strip()[:REASON_MAX_LENGTH].strip()
    return trimmed or None
