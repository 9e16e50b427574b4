"""What a job seeker may know about their own data: an overview, and who looked at it (AVG art. 15)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.tables import (
    Application,
    AuditEntry,
    Caseworker,
    Client,
    Intake,
    IntakeAnswer,
    IntakeSensitiveAnswer,
    TrainingEdition,
    TrainingParticipant,
)
from storage.clients import client_for_chat
from storage.export import export_client
from storage.handoff_threads import messages_for_client
from storage.scheduled import upcoming_for_client


@dataclass(frozen=True)
class DataOverview:
    """Counts and topics, never the answers themselves: the chat may be read over a shoulder."""

    intake_topics: List[str]  # question keys, in the order first answered
    applications: int
    open_reminders: int
    trainings: List[str]  # edition titles
    klantmanager: Optional[str]  # the caseworker's name; the client knows them
    thread_messages: int = 0  # messages between the person and their klantmanager in the chat


def data_overview(s: Session, client_id: str) -> DataOverview:
    client = s.get(Client, client_id)
    topics: List[str] = []
    for table in (IntakeAnswer, IntakeSensitiveAnswer):
        rows = s.execute(
            select(table.question, func.min(table.answered_at))
            .join(Intake, Intake.id == table.intake_id)
            .where(Intake.client_id == client_id)
            .group_by(table.question)
        ).all()
        topics.extend((at, question) for question, at in rows)
    applications = s.execute(
        select(func.count()).select_from(Application).where(Application.client_id == client_id)
    ).scalar_one()
    trainings = s.execute(
        select(TrainingEdition.titel)
        .join(TrainingParticipant, TrainingParticipant.edition_id == TrainingEdition.id)
        .where(TrainingParticipant.client_id == client_id)
        .order_by(TrainingEdition.id)
    ).scalars()
    caseworker = s.get(Caseworker, client.caseworker_id) if client and client.caseworker_id else None
    return DataOverview(
        intake_topics=[question for _, question in sorted(topics, key=lambda pair: pair[0])],
        applications=applications,
        open_reminders=len(upcoming_for_client(s, client_id)),
        trainings=list(trainings),
        klantmanager=caseworker.naam if caseworker is not None else None,
        thread_messages=len(messages_for_client(s, client_id)),
    )


# Audit actions that are a person reading the client's data (not the bot, not a change).
READ_ACTIONS = (
    "portal_dossier", "portal_transcript", "portal_export_json", "portal_export_csv", "export", "portal_training", "portal_gesprek",
)


def data_readers(s: Session, client_id: str, *, limit: int = 20) -> List[Tuple[str, datetime]]:
    """(role, when) of the latest reads, newest first. Roles only: the client asked who, not which colleague.

    A read from the command line (`cli:<user>`) counts as the role "beheer".
    """
    rows = s.execute(
        select(AuditEntry.actor, AuditEntry.at, Caseworker.role)
        .outerjoin(Caseworker, Caseworker.email == AuditEntry.actor)
        .where(AuditEntry.client_id == client_id, AuditEntry.action.in_(READ_ACTIONS))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    ).all()
    return [(role or "beheer", at) for _actor, at, role in rows]


def export_document_for_chat(s: Session, chat_id: int) -> Optional[bytes]:
    """The linked client's export as UTF-8 JSON bytes, or None for a chat without a client."""
    client = client_for_chat(s, chat_id)
    if client is None:
        return None
    return json.dumps(export_client(s, client.id), ensure_ascii=False, indent=2).encode("utf-8")
