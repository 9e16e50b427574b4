"""The intake form: one Rasa form whose single slot is asked again and again, one question per turn.

Why not one slot per question: the set and order of questions differ per
gemeente (gemeenten/*.yml) and a stopped intake must go on after a restart of
every service. A plain form fixes its slots in domain.yml and keeps its place
in Rasa's tracker. Here the form's only slot, `intake_answer`, stays empty
until the last question is answered; which question is asked next is read
from the intake tables each turn (storage.intake.next_question). Rasa still
does what forms do well: the form is active, interruptions (stop, a question
about the form, a person, distress) leave it for a rule, and it comes back.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.applications.fields import latest_text
from actions.helpers import database, latest_intent, utc_now
from actions.handoff.distress import distress_answered_this_episode, record_distress
from actions.intake.explain import explain, is_question_about_the_form
from actions.intake.flow import (
    FAILURES_SLOT,
    REDO_SLOT,
    access_refusal,
    ask,
    button_value,
    failures,
    open_run,
    plan_reminder,
    redo_rest,
    skip_not_applicable,
    today_local,
)
from actions.intake.parsing import (
    Reading,
    correction_target,
    is_correction,
    merge_certificates,
    read_answer,
    strip_correction,
)
from nlu.distress_lexicon import find_distress, names_money_trouble
from storage import intake as store
from storage.tables import SENSITIVE_QUESTIONS
from werkmaatje.intake_questions import question
from werkmaatje.intake_summary import describe, group_of
from werkmaatje.texts import chat as texts

ANSWER_SLOT = "intake_answer"
DONE = "klaar"
NO_INTAKE = "geen_intake"
# These leave the question for a rule (nlu/dialogue/intake.yml); everything else is read as an answer.
# "later" is `reminder_later` right after a reminder, and a stop in the form.
INTERRUPTING_INTENTS = ("stop", "reminder_later", "request_handoff", "distress")
# Answers that are lists: a button gives one item of them.
LIST_QUESTIONS = ("certificaten", "week", "belemmeringen", "wens_sector")
# After this many answers that were not understood, explain and offer to skip or stop.
MAX_FAILURES = 2


def leaves_form(intent: Optional[str], key: str, text: str) -> bool:
    """Whether a message leaves the form for a rule, rather than answer the current question.

    The model reads some answers as a way out: "mbo 3 maar gestopt" as stop,
    "ik heb depressie" (to the health question) as distress, "een paar
    uurtjes" as "later". An answer the question's own parser understands is
    kept as the answer. Open questions understand any text, so there the
    intent decides. Distress always leaves, except on the health and
    obstacle questions, whose answers name such things on purpose; words of
    crisis ("ik wil niet meer leven", nlu/distress_lexicon.yml) are no answer
    there either. Money trouble without such words never leaves for the
    crisis answer, on any question.
    """
    if intent not in INTERRUPTING_INTENTS:
        return False
    crisis = intent == "distress" and find_distress(text) is not None
    if intent == "distress" and not crisis and names_money_trouble(text):
        return False  # "schulden" is an answer, or the debt path: never the crisis line
    if question(key).parser == "open" or crisis:
        return True
    if intent == "distress" and key not in SENSITIVE_QUESTIONS:
        return True  # safety first: "ik zie het niet meer zitten" must never be stored as "nee"
    return read_answer(key, text, today=today_local()).kind != "answered"


def _only_debts(text: str) -> bool:
    """"schulden" to the health question: no health answer, but the debt path."""
    return names_money_trouble(text) and read_answer("gezondheid", text, today=today_local()).kind != "answered"


def _button_reading(key: str, value: str) -> Reading:
    if value in question(key).choices:
        return Reading("answered", [value] if key in LIST_QUESTIONS else value)
    return read_answer(key, value, today=today_local())


class ValidateIntakeForm(Action):
    """Read one answer to the current question, store it, and say whether more questions follow."""

    def name(self) -> Text:
        return "validate_intake_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        now = utc_now()
        with database() as session:
            person, refusal = access_refusal(session, tracker)
            run = open_run(session, person) if refusal is None else None
            if run is None:
                return [SlotSet(ANSWER_SLOT, NO_INTAKE)]
            current = skip_not_applicable(session, person, run, now)
            if tracker.get_slot(REQUESTED_SLOT) != ANSWER_SLOT:
                # The message that started the form is not an answer.
                return [SlotSet(ANSWER_SLOT, None if current else DONE)]
            if current is None:
                return [SlotSet(ANSWER_SLOT, DONE)]
            if leaves_form(latest_intent(tracker), current, latest_text(tracker)):
                if latest_intent(tracker) == "distress" and distress_answered_this_episode(tracker):
                    # The crisis text was given in this episode: the klantmanager reads this too,
                    # and the question takes its usual path (an example, then explain and skip).
                    record_distress(session, person.client_id, latest_text(tracker), now)
                    return [SlotSet(ANSWER_SLOT, None), SlotSet(FAILURES_SLOT, f"{current}:{failures(tracker, current) + 1}")]
                return []  # no slot set: Rasa rejects the form and a rule answers
            if current == "gezondheid" and _only_debts(latest_text(tracker)) and button_value(tracker) is None:
                dispatcher.utter_message(response="utter_intake_debts_not_health")
                return [SlotSet(ANSWER_SLOT, None)]
            if button_value(tracker) is None and (
                latest_intent(tracker) == "intake_question" or is_question_about_the_form(latest_text(tracker))
            ):
                # Answered here rather than by a rule, so a question the model misreads still gets its answer.
                explain(dispatcher, latest_text(tracker), current)
                return [SlotSet(ANSWER_SLOT, None)]
            events = self._correct(dispatcher, session, person, run, tracker, current, now)
            if events is not None:
                return events
            return self._answer(session, person, run, tracker, current, now)

    def _correct(self, dispatcher, session, person, run, tracker, current, now) -> Optional[List[EventType]]:
        """"nee wacht, ik heb wel een rijbewijs": change an earlier answer, then ask the current question again."""
        text = latest_text(tracker)
        if button_value(tracker) is not None or not is_correction(text):
            return None
        answers = store.current_answers(session, person.client_id, run.id)
        target = correction_target(text, [k for k in answers if k != current])
        if target is None:
            return None
        reading = read_answer(target, strip_correction(text), today=today_local())
        if reading.kind != "answered":
            return None
        value = reading.value
        if target == "certificaten":
            value = merge_certificates(answers[target].value, text, value)
        store.record_answer(session, person.client_id, run.id, target, status="answered", value=value, raw_text=text, now=now)
        dispatcher.utter_message(
            response="utter_intake_corrected",
            onderwerp=texts.INTAKE_TOPICS[target].lower(),
            antwoord=describe(target, "answered", value),
        )
        return [SlotSet(ANSWER_SLOT, None)]

    def _answer(self, session, person, run, tracker, current, now) -> List[EventType]:
        pressed = button_value(tracker)
        text = latest_text(tracker)
        if latest_intent(tracker) == "intake_personal":
            reading = Reading("personal")
        elif pressed is not None:
            reading = _button_reading(current, pressed)
        else:
            reading = read_answer(current, text, today=today_local())
        failed = failures(tracker, current)
        may_skip = question(current).optional or failed >= MAX_FAILURES
        if reading.kind == "not_understood" or (reading.kind == "skipped" and not may_skip):
            return [SlotSet(ANSWER_SLOT, None), SlotSet(FAILURES_SLOT, f"{current}:{failed + 1}")]
        store.record_answer(
            session, person.client_id, run.id, current, status=reading.kind, value=reading.value, raw_text=text, now=now
        )
        plan_reminder(session, person, run, now)
        events: List[EventType] = [SlotSet(FAILURES_SLOT, None)]
        rest = redo_rest(tracker)
        if rest and run.redo_question is None:
            store.request_redo(session, person.client_id, run.id, rest[0], now=now)
            events.append(SlotSet(REDO_SLOT, rest[1:] or None))
        following = skip_not_applicable(session, person, run, now)
        return events + [SlotSet(ANSWER_SLOT, None if following else DONE)]


class ActionAskIntakeAnswer(Action):
    """Ask the current question with "vraag n van t"; after a miss with an example, after two an explanation."""

    def name(self) -> Text:
        return "action_ask_intake_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        with database() as session:
            person, refusal = access_refusal(session, tracker)
            run = open_run(session, person) if refusal is None else None
            if run is None:
                return []
            key = skip_not_applicable(session, person, run, utc_now())
            if key is None:
                return []
            failed = failures(tracker, key)
            if failed >= MAX_FAILURES:
                dispatcher.utter_message(response=f"utter_intake_why_{group_of(key)}")
                dispatcher.utter_message(response="utter_intake_offer_skip")
                return []
            if failed == 1:
                dispatcher.utter_message(response=f"utter_intake_example_{key}")
            ask(dispatcher, session, person, run, key)
        return []
