"""Trainings as the portal shows them: a gemeente's editions, open invitations, attendance figures."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import List

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.tables import Caseworker, Client
from storage.tables.trainings import TrainingAttendance, TrainingEdition, TrainingParticipant, TrainingSession
from storage.portal.scope import scoped_clients
from storage.timestamps import as_utc


def editions_of(s: Session, gemeente_id: str) -> List[TrainingEdition]:
    """Newest planned first."""
    stmt = select(TrainingEdition).where(TrainingEdition.gemeente_id == gemeente_id)
    return list(s.execute(stmt.order_by(TrainingEdition.created_at.desc(), TrainingEdition.id.desc())).scalars())


@dataclass(frozen=True)
class OpenInvitation:
    participant: TrainingParticipant
    edition: TrainingEdition
    client: Client


def unanswered_invitations(s: Session, caseworker: Caseworker, *, now: datetime) -> List[OpenInvitation]:
    """Invitations of clients in scope with no answer yet, for editions still open; oldest first."""
    clients = scoped_clients(caseworker).subquery()
    stmt = (
        select(TrainingParticipant, TrainingEdition, Client)
        .join(TrainingEdition, TrainingEdition.id == TrainingParticipant.edition_id)
        .join(Client, Client.id == TrainingParticipant.client_id)
        .where(
            TrainingParticipant.client_id.in_(select(clients.c.id)),
            TrainingParticipant.status == "uitgenodigd",
            TrainingEdition.status == "gepland",
            TrainingEdition.signup_deadline >= as_utc(now),
        )
        .order_by(TrainingParticipant.invited_at, TrainingParticipant.id)
    )
    return [OpenInvitation(p, e, c) for p, e, c in s.execute(stmt).all()]


def attendance_counts(s: Session, gemeente_id: str, *, since: datetime, until: datetime) -> Counter:
    """Registered attendance per status for sessions of the gemeente between `since` and `until`."""
    rows = s.execute(
        select(TrainingAttendance.status)
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .join(TrainingEdition, TrainingEdition.id == TrainingSession.edition_id)
        .where(
            TrainingEdition.gemeente_id == gemeente_id,
            TrainingSession.starts_at >= as_utc(since),
            TrainingSession.starts_at < as_utc(until),
        )
    ).scalars()
    return Counter(rows)


@dataclass(frozen=True)
class ComingUp:
    session: TrainingSession
    edition: TrainingEdition
    clients: List[Client]  # signed up, in the caseworker's scope


def sessions_coming_up(s: Session, caseworker: Caseworker, *, now: datetime, until: datetime) -> List[ComingUp]:
    """Sessions from now until `until` with who in scope is coming ("wie komt donderdag?"), soonest first."""
    clients = scoped_clients(caseworker).subquery()
    rows = s.execute(
        select(TrainingSession, TrainingEdition, Client)
        .join(TrainingEdition, TrainingEdition.id == TrainingSession.edition_id)
        .join(TrainingParticipant, TrainingParticipant.edition_id == TrainingEdition.id)
        .join(Client, Client.id == TrainingParticipant.client_id)
        .where(
            TrainingSession.status == "gepland",
            TrainingSession.starts_at >= as_utc(now),
            TrainingSession.starts_at < as_utc(until),
            TrainingParticipant.status == "aangemeld",
            TrainingParticipant.client_id.in_(select(clients.c.id)),
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id, Client.naam)
    ).all()
    grouped: dict = {}
    for session_row, edition, client in rows:
        grouped.setdefault(session_row.id, ComingUp(session_row, edition, [])).clients.append(client)
    return list(grouped.values())
