"""The intake: runs, answers with their raw text and history, and resuming where it stopped.

The database, not Rasa's memory, is the source of truth: after a restart of
every service `open_intake` and `next_question` say where the client was.
Answers are append-only; the newest row per question counts. Answers to the
questions in SENSITIVE_QUESTIONS go to their own table (see models_intake).
Every function that touches an intake takes the client id too, so an id from
a button can never reach another client's intake.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.clients import require_client
from storage.errors import NotFoundError, ValidationError
from storage.tables import (
    ANSWER_STATUSES,
    SENSITIVE_QUESTIONS,
    Intake,
    IntakeAnswer,
    IntakeSensitiveAnswer,
)
from storage.ladder import confirm_ladder, current_step, ladder_overview  # noqa: F401 (re-exported for callers)
from storage.tables.intake import (  # noqa: F401 (the vocabulary is re-exported for callers)
    AGE_BANDS,
    BENEFIT_DURATIONS,
    LANGUAGE_LEVELS,
    QUESTION_KEY_LENGTH,
    RAW_TEXT_LENGTH,
    SECTORS,
)
from storage.timestamps import as_utc
from storage.validation import require_choice

UNFINISHED = ("open", "stopped")


@dataclass(frozen=True)
class AnswerRecord:
    """One stored answer, from either table, with its JSON value decoded."""

    question: str
    status: str
    value: Any
    raw_text: Optional[str]
    answered_at: datetime
    sensitive: bool


def _check_question(question: str) -> str:
    if not isinstance(question, str) or not question or len(question) > QUESTION_KEY_LENGTH:
        raise ValidationError(f"Not a question key: {question!r}.")
    return question


def questions_of(intake: Intake) -> List[str]:
    return list(json.loads(intake.questions))


def start_intake(s: Session, client_id: str, questions: Sequence[str], *, now: datetime) -> Intake:
    """Resume the client's unfinished intake, or start a new run with this question order."""
    now = as_utc(now)
    require_client(s, client_id)
    existing = open_intake(s, client_id)
    if existing is not None:
        if existing.status != "open":
            existing.status = "open"
            existing.updated_at = now
            s.flush()
        return existing
    keys = [_check_question(q) for q in questions]
    if not keys or len(set(keys)) != len(keys):
        raise ValidationError("An intake needs at least one question, each once.")
    intake = Intake(
        client_id=client_id, status="open", questions=json.dumps(keys), started_at=now, updated_at=now
    )
    s.add(intake)
    s.flush()
    return intake


def open_intake(s: Session, client_id: str) -> Optional[Intake]:
    """The client's unfinished run (open or stopped), newest first."""
    stmt = (
        select(Intake)
        .where(Intake.client_id == client_id, Intake.status.in_(UNFINISHED))
        .order_by(Intake.started_at.desc(), Intake.id.desc())
        .limit(1)
    )
    return s.execute(stmt).scalar_one_or_none()


def latest_finished_intake(s: Session, client_id: str) -> Optional[Intake]:
    stmt = (
        select(Intake)
        .where(Intake.client_id == client_id, Intake.status == "finished")
        .order_by(Intake.finished_at.desc(), Intake.id.desc())
        .limit(1)
    )
    return s.execute(stmt).scalar_one_or_none()


def intakes_for_client(s: Session, client_id: str) -> List[Intake]:
    """Every run, oldest first (for export and the portal)."""
    stmt = select(Intake).where(Intake.client_id == client_id).order_by(Intake.started_at, Intake.id)
    return list(s.execute(stmt).scalars())


def require_intake(s: Session, client_id: str, intake_id: int) -> Intake:
    intake = s.get(Intake, intake_id)
    if intake is None or intake.client_id != client_id:
        raise NotFoundError(f"Client {client_id!r} has no intake {intake_id!r}.")
    return intake


def record_answer(
    s: Session,
    client_id: str,
    intake_id: int,
    question: str,
    *,
    status: str,
    value: Any = None,
    raw_text: Optional[str],
    now: datetime,
) -> AnswerRecord:
    """Append an answer (a correction is just a newer row) and clear a pending redo of it."""
    now = as_utc(now)
    intake = require_intake(s, client_id, intake_id)
    if intake.status == "finished":
        raise ValidationError("A finished intake is history; start a new run to change answers.")
    question = _check_question(question)
    require_choice(status, ANSWER_STATUSES, field="status")
    if question not in questions_of(intake):
        raise ValidationError(f"Question {question!r} is not part of intake {intake_id}.")
    if raw_text is not None:
        raw_text = str(raw_text)[:RAW_TEXT_LENGTH]
    sensitive = question in SENSITIVE_QUESTIONS
    table = IntakeSensitiveAnswer if sensitive else IntakeAnswer
    encoded = None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    s.add(
        table(intake_id=intake.id, question=question, status=status, value=encoded, raw_text=raw_text, answered_at=now)
    )
    intake.last_answer_at = now
    intake.updated_at = now
    if intake.redo_question == question:
        intake.redo_question = None
    s.flush()
    return AnswerRecord(question, status, value, raw_text, now, sensitive)


def _rows(s: Session, intake_id: int) -> List[AnswerRecord]:
    """Both tables' rows of one run, oldest first (id breaks ties within a table)."""
    keyed = []
    for table, sensitive in ((IntakeAnswer, False), (IntakeSensitiveAnswer, True)):
        for row in s.execute(select(table).where(table.intake_id == intake_id)).scalars():
            value = None if row.value is None else json.loads(row.value)
            record = AnswerRecord(row.question, row.status, value, row.raw_text, row.answered_at, sensitive)
            keyed.append(((row.answered_at, row.id), record))
    keyed.sort(key=lambda item: item[0])
    return [record for _, record in keyed]


def answer_history(s: Session, client_id: str, intake_id: int) -> List[AnswerRecord]:
    """Every answer of the run, oldest first, corrections included."""
    require_intake(s, client_id, intake_id)
    return _rows(s, intake_id)


def current_answers(s: Session, client_id: str, intake_id: int) -> Dict[str, AnswerRecord]:
    """The newest answer per question."""
    latest: Dict[str, AnswerRecord] = {}
    for record in answer_history(s, client_id, intake_id):
        latest[record.question] = record
    return latest


def next_question(s: Session, client_id: str, intake_id: int) -> Optional[str]:
    """The question to ask now: a redo from the summary first, else the first one without an answer."""
    intake = require_intake(s, client_id, intake_id)
    if intake.redo_question:
        return intake.redo_question
    answered = current_answers(s, client_id, intake_id)
    for question in questions_of(intake):
        if question not in answered:
            return question
    return None


def progress(s: Session, client_id: str, intake_id: int) -> Dict[str, int]:
    """{"number": n, "total": t} for "vraag n van t"; number counts the question being asked."""
    intake = require_intake(s, client_id, intake_id)
    keys = questions_of(intake)
    question = next_question(s, client_id, intake_id)
    number = keys.index(question) + 1 if question in keys else len(keys)
    return {"number": number, "total": len(keys)}


def request_redo(s: Session, client_id: str, intake_id: int, question: str, *, now: datetime) -> Intake:
    """The client wants to change one answer from the summary: ask that question next."""
    intake = require_intake(s, client_id, intake_id)
    if question not in questions_of(intake):
        raise ValidationError(f"Question {question!r} is not part of intake {intake_id}.")
    intake.redo_question = question
    intake.status = "open"
    intake.updated_at = as_utc(now)
    s.flush()
    return intake


def stop_intake(s: Session, client_id: str, intake_id: int, *, now: datetime) -> Intake:
    """"Ik stop even": the run waits, answers kept, to be resumed with start_intake."""
    intake = require_intake(s, client_id, intake_id)
    if intake.status == "open":
        intake.status = "stopped"
        intake.updated_at = as_utc(now)
        s.flush()
    return intake


def finish_intake(s: Session, client_id: str, intake_id: int, *, summary_text: str, now: datetime) -> Intake:
    """The client confirmed the summary: the run becomes history with the klantmanager's paragraph."""
    now = as_utc(now)
    intake = require_intake(s, client_id, intake_id)
    if not isinstance(summary_text, str) or not summary_text.strip():
        raise ValidationError("A finished intake needs its summary text.")
    intake.status = "finished"
    intake.redo_question = None
    intake.summary_text = summary_text.strip()
    intake.finished_at = now
    intake.updated_at = now
    s.flush()
    return intake


# Reading a finished intake, for the features that build on it.
def _answered(answers: Dict[str, AnswerRecord], question: str, allowed: Sequence[str]) -> Optional[str]:
    record = answers.get(question)
    if record is None or record.status != "answered" or record.value not in allowed:
        return None
    return record.value


def profile_for_matching(s: Session, client_id: str) -> Optional[Dict[str, Any]]:
    """What trainings and vacancies match on, from the newest finished intake; None without one.

    Only answered values count: "weet ik niet" or a skip is None, never a guess.
    """
    intake = latest_finished_intake(s, client_id)
    if intake is None:
        return None
    answers = current_answers(s, client_id, intake.id)
    training = _answered(answers, "wens_opleiding", ("ja", "nee", "misschien"))
    sectors_answer = answers.get("wens_sector")
    sectors: List[str] = []
    if sectors_answer is not None and sectors_answer.status == "answered" and isinstance(sectors_answer.value, list):
        sectors = [key for key in sectors_answer.value if key in SECTORS]
    return {
        "age_band": _answered(answers, "leeftijd", AGE_BANDS),
        "benefit_duration": _answered(answers, "uitkering_duur", BENEFIT_DURATIONS),
        "ladder_step": current_step(s, client_id),
        "wants_training": {"ja": True, "nee": False}.get(training) if training else None,
        "wish_sectors": sectors,
        "language_level": _answered(answers, "taal", LANGUAGE_LEVELS),
    }

