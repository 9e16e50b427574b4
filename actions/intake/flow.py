"""What the intake actions share: who may do it, the current run, asking a question, storing an answer.

State lives in the intake tables (storage/intake.py), never only in Rasa's
memory: after a restart of every service the next question is read from the
database, so the intake goes on where it stopped.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.helpers import Person, consent_refusal, linked_person
from actions.intake.parsers import TESTS
from storage import intake as store
from storage import scheduled
from werkmaatje.intake_questions import question
from werkmaatje.settings import get_settings

# One friendly reminder, two days after the last answer.
REMINDER_AFTER = timedelta(days=2)
# Stored as the value of a question whose condition did not hold (no children: no childcare question).
NOT_ASKED = "not_asked"
# The slot that counts answers not understood for the current question: "key:count".
FAILURES_SLOT = "intake_failures"
# Topics still to redo after the one being redone (from a summary button).
REDO_SLOT = "intake_redo"


def access_refusal(session: Session, tracker: Tracker) -> tuple:
    """(person, None) when they may do the intake; otherwise (person or None, the response that says why)."""
    person = linked_person(session, tracker)
    return person, consent_refusal(person)


def today_local() -> date:
    return datetime.now(ZoneInfo(get_settings().timezone)).date()


def open_run(session: Session, person: Person):
    return store.open_intake(session, person.client_id)


def skip_not_applicable(session: Session, person: Person, run, now: datetime) -> Optional[str]:
    """The next question to ask, after storing "not asked" for questions whose condition fails."""
    while True:
        key = store.next_question(session, person.client_id, run.id)
        if key is None:
            return None
        condition = question(key).ask_if
        if condition is None:
            return key
        source, test = condition
        answer = store.current_answers(session, person.client_id, run.id).get(source)
        if answer is not None and answer.status == "answered" and TESTS[test](answer.value):
            return key
        store.record_answer(
            session, person.client_id, run.id, key, status="skipped", value=NOT_ASKED, raw_text=None, now=now
        )


def ask(dispatcher: CollectingDispatcher, session: Session, person: Person, run, key: str) -> None:
    """Say "vraag n van t" and the question, with its buttons (from domain.yml)."""
    numbers = store.progress(session, person.client_id, run.id)
    dispatcher.utter_message(response=f"utter_intake_q_{key}", nummer=numbers["number"], totaal=numbers["total"])


def plan_reminder(session: Session, person: Person, run, now: datetime) -> None:
    """One reminder per run, due two days after the last answer: each answer moves it on.

    The dedupe key `intake:<id>` makes it one per run: once sent, no second one.
    """
    due = (run.last_answer_at or now) + REMINDER_AFTER
    pending = scheduled.upcoming_for_client(session, person.client_id, kinds=["intake_unfinished"])
    mine = [m for m in pending if m.dedupe_key == f"intake:{run.id}" and m.status == "pending"]
    if mine:
        scheduled.postpone(session, mine[0].id, until=due)
        return
    scheduled.schedule_message(
        session,
        client_id=person.client_id,
        kind="intake_unfinished",
        due_at=due,
        now=now,
        payload={"intake_id": run.id},
        dedupe_key=f"intake:{run.id}",
    )


def cancel_reminder(session: Session, person: Person) -> None:
    scheduled.cancel_pending(session, person.client_id, kinds=["intake_unfinished"], reason="intake finished")


def failures(tracker: Tracker, key: str) -> int:
    raw = tracker.get_slot(FAILURES_SLOT) or ""
    name, _, count = raw.partition(":")
    return int(count) if name == key and count.isdigit() else 0


def answers_for_rules(session: Session, person: Person, run) -> Dict[str, tuple]:
    return {k: (r.status, r.value) for k, r in store.current_answers(session, person.client_id, run.id).items()}


def button_value(tracker: Tracker) -> Optional[str]:
    """The value a choice button carried (`/intake_choice{"intake_value": ...}`), if that was pressed."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "intake_value":
            return str(entity.get("value"))
    return None


def redo_rest(tracker: Tracker) -> List[str]:
    value: Any = tracker.get_slot(REDO_SLOT)
    return list(value) if isinstance(value, list) else []
