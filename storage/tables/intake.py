"""Tables for the intake: one row per intake run, its answers, and the ladder assessments.

Privacy by layout: answers about health and obstacles (debts, psychological,
"liever persoonlijk bespreken") live in `intake_sensitive_answers`, a table of
their own, so retention and access rules can treat them apart from the rest.
Answers are append-only: a correction is a new row, the latest row per
question is the answer, and the earlier ones are the history.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped

from storage.tables.base import Base, client_ref_column
from storage.timestamps import UtcDateTime


INTAKE_STATUSES = ("open", "stopped", "finished")
# answered: a value; unknown: "weet ik niet"; skipped: "sla over";
# personal: "liever persoonlijk bespreken" (a flag for the klantmanager).
ANSWER_STATUSES = ("answered", "unknown", "skipped", "personal")
# Questions whose answers go to intake_sensitive_answers (domain.md §3).
SENSITIVE_QUESTIONS = ("gezondheid", "belemmeringen")
ASSESSMENT_KINDS = ("proposal", "confirmed")
LADDER_GROUPS = ("zelfredzaam", "middengroep", "participatie")
LADDER_STEPS = (1, 2, 3, 4, 5, 6)
QUESTION_KEY_LENGTH = 40

# The values profile_for_matching hands to other features (trainings, the portal).
AGE_BANDS = ("18-26", "27-44", "45-54", "55+")
BENEFIT_DURATIONS = ("<1", "1-3", ">3")
LANGUAGE_LEVELS = ("goed", "redelijk", "matig", "slecht")
# The sector keys every feature shares (wishes, experience, training matching).
SECTORS = (
    "zorg",
    "techniek",
    "logistiek",
    "bouw",
    "horeca",
    "schoonmaak",
    "detailhandel",
    "groen",
    "administratief",
    "ict",
    "productie",
    "transport",
    "onderwijs",
    "overig",
)
RAW_TEXT_LENGTH = 1000


class Intake(Base):
    """One run of the intake questionnaire; a yearly review is a new row, so history stays.

    `questions` is the ordered list of question keys (JSON) fixed when the run
    started, so a changed municipal configuration never shifts a run halfway.
    `redo_question` is a question the client chose to change from the summary.
    """

    __tablename__ = "intakes"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    status: Mapped[str] = Column(String(12), nullable=False, default="open", server_default="open")
    questions: Mapped[str] = Column(Text, nullable=False)
    redo_question: Mapped[Optional[str]] = Column(String(QUESTION_KEY_LENGTH), nullable=True)
    started_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    last_answer_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    finished_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    # The klantmanager's paragraph, template text written when the run finished.
    summary_text: Mapped[Optional[str]] = Column(Text, nullable=True)


class _AnswerColumns:
    """The shape both answer tables share."""

    id: Mapped[int] = Column(Integer, primary_key=True)
    question: Mapped[str] = Column(String(QUESTION_KEY_LENGTH), nullable=False)
    status: Mapped[str] = Column(String(12), nullable=False)
    value: Mapped[Optional[str]] = Column(Text, nullable=True)  # JSON
    raw_text: Mapped[Optional[str]] = Column(Text, nullable=True)  # what the client typed or pressed
    answered_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class IntakeAnswer(_AnswerColumns, Base):
    __tablename__ = "intake_answers"

    intake_id: Mapped[int] = Column(
        Integer, ForeignKey("intakes.id", ondelete="CASCADE"), nullable=False, index=True
    )


class IntakeSensitiveAnswer(_AnswerColumns, Base):
    __tablename__ = "intake_sensitive_answers"

    intake_id: Mapped[int] = Column(
        Integer, ForeignKey("intakes.id", ondelete="CASCADE"), nullable=False, index=True
    )


class LadderAssessment(Base):
    """Append-only: the bot's proposals and the klantmanager's decisions on ladder step and group.

    A proposal carries the flags and the reasons (answers that led to it); a
    confirmation carries the klantmanager and their reason. The newest row of
    each kind is the current one.
    """

    __tablename__ = "ladder_assessments"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    intake_id: Mapped[Optional[int]] = Column(
        Integer, ForeignKey("intakes.id", ondelete="SET NULL"), nullable=True, index=True
    )
    kind: Mapped[str] = Column(String(12), nullable=False)
    step: Mapped[int] = Column(Integer, nullable=False)
    ladder_group: Mapped[str] = Column(String(20), nullable=False)
    flags: Mapped[Optional[str]] = Column(Text, nullable=True)  # JSON list
    reasons: Mapped[Optional[str]] = Column(Text, nullable=True)  # JSON list (proposal) or plain text (confirmed)
    caseworker_id: Mapped[Optional[int]] = Column(
        Integer, ForeignKey("caseworkers.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
