"""Figures for the portal dashboard, per gemeente, straight from the stored rows.

Each function returns plain numbers; the portal draws them. Nothing here is
estimated or cached, so a chart always matches the database.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import List, Optional, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage import anonymous_counts
from storage.consent import current_consent
from storage.tables import Application, Client, HandoffRequest, TelegramLink
from storage.tables.portal import HandoffNote
from storage.timestamps import as_utc

# Requests where the client waits for a person: these count for "answered within the promised time".
ANSWER_EXPECTED = ("contact", "distress", "cannot_attend", "training_question")
# Statuses that mean the client works (paid) or takes part in a work placement.
PAID_WORK = ("aangenomen",)
WORK_PLACEMENT = ("proefplaatsing",)


def applications_per_week(s: Session, gemeente_id: str, *, last_monday: date, weeks: int) -> List[Tuple[date, int]]:
    """(Monday, count) for `weeks` weeks up to and including the week of `last_monday`, by the day applied."""
    first = last_monday - timedelta(weeks=weeks - 1)
    days = s.execute(
        select(Application.applied_on)
        .join(Client, Client.id == Application.client_id)
        .where(Client.gemeente_id == gemeente_id, Application.applied_on >= first, Application.applied_on < last_monday + timedelta(days=7))
    ).scalars()
    counts = Counter(day - timedelta(days=day.weekday()) for day in days)
    # Applications of erased clients still count, as anonymous weekly totals.
    erased = anonymous_counts.counts(s, gemeente_id, "sollicitaties_gewist")
    mondays = [first + timedelta(weeks=i) for i in range(weeks)]
    return [(monday, counts.get(monday, 0) + erased.get(anonymous_counts.iso_week(monday), 0)) for monday in mondays]


@dataclass(frozen=True)
class HandoffTiming:
    created_at: datetime
    answered_at: Optional[datetime]  # the first note (in behandeling or afgehandeld)


def handoff_timings(s: Session, gemeente_id: str, *, since: datetime) -> List[HandoffTiming]:
    """Contact requests and distress flags since `since`, with when a caseworker first acted on them."""
    first_note = (
        select(HandoffNote.handoff_id, func.min(HandoffNote.at).label("answered_at"))
        .group_by(HandoffNote.handoff_id)
        .subquery()
    )
    rows = s.execute(
        select(HandoffRequest.created_at, first_note.c.answered_at)
        .join(Client, Client.id == HandoffRequest.client_id)
        .outerjoin(first_note, first_note.c.handoff_id == HandoffRequest.id)
        .where(
            Client.gemeente_id == gemeente_id,
            HandoffRequest.kind.in_(ANSWER_EXPECTED),
            HandoffRequest.created_at >= as_utc(since),
        )
        .order_by(HandoffRequest.created_at)
    ).all()
    # The subquery's MIN() comes back without the UtcDateTime type on SQLite.
    return [HandoffTiming(created_at=created, answered_at=_aware(answered)) for created, answered in rows]


def _aware(value):
    if value is None or isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


@dataclass(frozen=True)
class Participation:
    clients: int
    paid_work: int
    work_placement: int


def participation(s: Session, gemeente_id: str) -> Participation:
    """Clients of the gemeente, and how many found paid work or a work placement through an application."""
    total = s.execute(select(func.count(Client.id)).where(Client.gemeente_id == gemeente_id)).scalar_one()

    def clients_with(statuses) -> int:
        return s.execute(
            select(func.count(func.distinct(Application.client_id)))
            .join(Client, Client.id == Application.client_id)
            .where(Client.gemeente_id == gemeente_id, Application.status.in_(statuses))
        ).scalar_one()

    return Participation(clients=total, paid_work=clients_with(PAID_WORK), work_placement=clients_with(WORK_PLACEMENT))


@dataclass(frozen=True)
class Onboarding:
    clients: int
    linked: int
    consent_given: int


def onboarding(s: Session, gemeente_id: str) -> Onboarding:
    """How many clients linked their chat, and how many of them gave consent (latest decision)."""
    ids = list(s.execute(select(Client.id).where(Client.gemeente_id == gemeente_id)).scalars())
    linked = s.execute(
        select(func.count(TelegramLink.chat_id)).join(Client, Client.id == TelegramLink.client_id).where(Client.gemeente_id == gemeente_id)
    ).scalar_one()
    given = 0
    for client_id in ids:
        record = current_consent(s, client_id)
        given += record is not None and record.decision == "given"
    return Onboarding(clients=len(ids), linked=linked, consent_given=given)
