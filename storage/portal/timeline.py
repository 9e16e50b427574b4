"""What happened with a client, as events from Werkmaatje's own tables (not Rasa's tracker).

The portal groups these per day into conversation summaries. Each event names
its kind and the few facts a summary needs; wording is the portal's job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.applications import applications_for_client, status_histories
from storage.appointments import appointments_for_client
from storage.consent import consent_history
from storage.handoffs import handoffs_for_client
from storage.intake import answer_history, intakes_for_client
from storage.portal.inbox import notes_for_client
from storage.tables import ScheduledMessage, TelegramLink
from storage.tables.trainings import TrainingAttendance, TrainingEdition, TrainingParticipant, TrainingSession
from storage.scheduled import payload_of


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str
    facts: Dict[str, Any] = field(default_factory=dict)


def client_timeline(s: Session, client_id: str) -> List[TimelineEvent]:
    """Every event, oldest first."""
    events: List[TimelineEvent] = []
    link = s.execute(select(TelegramLink).where(TelegramLink.client_id == client_id)).scalar_one_or_none()
    if link is not None:
        events.append(TimelineEvent(link.linked_at, "linked"))
    for record in consent_history(s, client_id):
        events.append(TimelineEvent(record.recorded_at, f"consent_{record.decision}"))
    for handoff in handoffs_for_client(s, client_id):
        events.append(TimelineEvent(handoff.created_at, f"handoff_{handoff.kind}", {"reason": handoff.reason}))
    for note in notes_for_client(s, client_id):
        events.append(TimelineEvent(note.at, f"handoff_{note.status}", {"note": note.note, "author": note.author}))
    histories = status_histories(s, client_id)
    for application in applications_for_client(s, client_id):
        facts = {"employer": application.employer, "position": application.position}
        events.append(TimelineEvent(application.created_at, "application_logged", facts))
        for change in histories.get(application.id, [])[1:]:  # the first is the logging itself
            events.append(TimelineEvent(change.changed_at, "application_status", {**facts, "status": change.status}))
    own = s.execute(
        select(ScheduledMessage).where(ScheduledMessage.client_id == client_id, ScheduledMessage.kind == "own_reminder")
    ).scalars()
    for message in own:
        about = payload_of(message).get("about")
        events.append(TimelineEvent(message.created_at, "reminder_set", {"about": about, "due_at": message.due_at}))
    for appointment in appointments_for_client(s, client_id):
        events.append(
            TimelineEvent(appointment.created_at, "appointment_planned", {"starts_at": appointment.starts_at, "waar": appointment.waar})
        )
    events.extend(_intake_events(s, client_id))
    events.extend(_training_events(s, client_id))
    events.sort(key=lambda event: event.at)
    return events


def _intake_events(s: Session, client_id: str) -> List[TimelineEvent]:
    events = []
    for run in intakes_for_client(s, client_id):
        events.append(TimelineEvent(run.started_at, "intake_started"))
        for record in answer_history(s, client_id, run.id):
            events.append(TimelineEvent(record.answered_at, "intake_answer", {"question": record.question, "status": record.status}))
        if run.finished_at is not None:
            events.append(TimelineEvent(run.finished_at, "intake_finished"))
    return events


def _training_events(s: Session, client_id: str) -> List[TimelineEvent]:
    events = []
    rows = s.execute(
        select(TrainingParticipant, TrainingEdition.titel)
        .join(TrainingEdition, TrainingEdition.id == TrainingParticipant.edition_id)
        .where(TrainingParticipant.client_id == client_id)
    ).all()
    for participant, titel in rows:
        if participant.invited_at is not None:
            events.append(TimelineEvent(participant.invited_at, "training_invited", {"titel": titel}))
        if participant.responded_at is not None and participant.status in ("aangemeld", "wachtlijst", "afgemeld"):
            events.append(
                TimelineEvent(participant.responded_at, f"training_{participant.status}", {"titel": titel, "reason": participant.reason})
            )
    marks = s.execute(
        select(TrainingAttendance, TrainingEdition.titel)
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .join(TrainingEdition, TrainingEdition.id == TrainingSession.edition_id)
        .where(TrainingAttendance.client_id == client_id)
    ).all()
    for mark, titel in marks:
        events.append(TimelineEvent(mark.registered_at, f"training_{mark.status}_registered", {"titel": titel}))
    return events
