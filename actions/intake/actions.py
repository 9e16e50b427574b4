"""Starting, stopping, explaining and closing the intake (the form itself is in form.py)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.applications.fields import latest_text
from actions.helpers import database, utc_now
from actions.intake.flow import (
    FAILURES_SLOT,
    REDO_SLOT,
    access_refusal,
    answers_for_rules,
    cancel_reminder,
    open_run,
    plan_reminder,
    skip_not_applicable,
)
from actions.intake.form import ANSWER_SLOT, DONE, NO_INTAKE
from actions.intake.explain import explain
from storage import intake as store
from storage import ladder
from werkmaatje.texts import chat as texts
from werkmaatje.intake_rules import propose
from werkmaatje.intake_summary import GROUPS, caseworker_paragraph, client_lines


def _reset() -> List[EventType]:
    return [SlotSet(ANSWER_SLOT, None), SlotSet(FAILURES_SLOT, None), SlotSet(REDO_SLOT, None), SlotSet(REQUESTED_SLOT, None)]


class ActionIntakeStart(Action):
    """Start the intake, or go on where it stopped (the database knows where)."""

    def name(self) -> Text:
        return "action_intake_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        # The form runs right after this action: a filled slot makes it end at once
        # (nothing to ask: no access, or every question answered and the summary is due).
        with database() as session:
            person, refusal = access_refusal(session, tracker)
            if refusal is not None:
                dispatcher.utter_message(response=refusal)
                return _reset() + [SlotSet(ANSWER_SLOT, NO_INTAKE)]
            run = open_run(session, person)
            if run is None and store.latest_finished_intake(session, person.client_id) is not None:
                dispatcher.utter_message(response="utter_intake_already_done")
                return _reset() + [SlotSet(ANSWER_SLOT, NO_INTAKE)]
            resuming = run is not None
            now = utc_now()
            run = store.start_intake(session, person.client_id, person.gemeente.intake.vragen, now=now)
            if resuming and store.current_answers(session, person.client_id, run.id):
                dispatcher.utter_message(response="utter_intake_resume")
            else:
                dispatcher.utter_message(response="utter_intake_intro", totaal=len(store.questions_of(run)))
            remaining = skip_not_applicable(session, person, run, now)
        return _reset() + [SlotSet(ANSWER_SLOT, None if remaining else DONE)]


class ActionIntakeStop(Action):
    """"Ik stop even": keep the answers, plan one reminder, say how to go on."""

    def name(self) -> Text:
        return "action_intake_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        now = utc_now()
        with database() as session:
            person, refusal = access_refusal(session, tracker)
            run = open_run(session, person) if refusal is None else None
            if run is not None:
                store.stop_intake(session, person.client_id, run.id, now=now)
                plan_reminder(session, person, run, now)
        dispatcher.utter_message(response="utter_intake_stopped")
        return _reset()


class ActionIntakeExplain(Action):
    """A question about the intake outside the form ("waarom wil je dat weten?")."""

    def name(self) -> Text:
        return "action_intake_explain"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        explain(dispatcher, latest_text(tracker), None)
        return []


class ActionIntakeSummary(Action):
    """All questions answered: show the answers in plain words, with a button per topic to change."""

    def name(self) -> Text:
        return "action_intake_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot(ANSWER_SLOT) != DONE:
            return _reset()
        with database() as session:
            person, refusal = access_refusal(session, tracker)
            run = open_run(session, person) if refusal is None else None
            if run is None:
                return _reset()
            order = store.questions_of(run)
            lines = client_lines(order, answers_for_rules(session, person, run))
        topics = [group for group, keys in GROUPS.items() if any(key in order for key in keys)]
        buttons = [{"title": texts.INTAKE_CONFIRM_BUTTON, "payload": "/intake_confirm"}] + [
            {
                "title": texts.INTAKE_CHANGE_BUTTON.format(onderwerp=texts.INTAKE_GROUP_TITLES[topic]),
                "payload": '/intake_change{"intake_topic": "%s"}' % topic,
            }
            for topic in topics
        ]
        dispatcher.utter_message(response="utter_intake_summary", lijst="\n".join(lines), buttons=buttons)
        return _reset()


class ActionIntakeConfirm(Action):
    """The client confirmed: store the proposal and the klantmanager's paragraph, thank them."""

    def name(self) -> Text:
        return "action_intake_confirm"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        now = utc_now()
        with database() as session:
            person, refusal = access_refusal(session, tracker)
            run = open_run(session, person) if refusal is None else None
            if run is None or skip_not_applicable(session, person, run, now) is not None:
                dispatcher.utter_message(response="utter_intake_nothing_to_confirm")
                return _reset()
            answers = answers_for_rules(session, person, run)
            proposal = propose(answers)
            ladder.record_proposal(
                session,
                person.client_id,
                intake_id=run.id,
                step=proposal.step,
                group=proposal.group,
                flags=proposal.flags,
                reasons=proposal.reasons,
                now=now,
            )
            paragraph = caseworker_paragraph(answers, step=proposal.step, group=proposal.group, flags=proposal.flags)
            store.finish_intake(session, person.client_id, run.id, summary_text=paragraph, now=now)
            cancel_reminder(session, person)
            termijn = person.gemeente.contact.reactietermijn
        dispatcher.utter_message(response="utter_intake_thanks")
        dispatcher.utter_message(response="utter_intake_next_steps", termijn=termijn)
        return _reset()


class ActionIntakeChange(Action):
    """A topic button under the summary: ask that topic's questions again, then show the summary again."""

    def name(self) -> Text:
        return "action_intake_change"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        topic = next(
            (e.get("value") for e in (tracker.latest_message or {}).get("entities") or [] if e.get("entity") == "intake_topic"),
            None,
        )
        with database() as session:
            person, refusal = access_refusal(session, tracker)
            run = open_run(session, person) if refusal is None else None
            keys = [k for k in GROUPS.get(topic, ()) if run is not None and k in store.questions_of(run)]
            if not keys:
                dispatcher.utter_message(response="utter_intake_nothing_to_confirm")
                return _reset()
            store.request_redo(session, person.client_id, run.id, keys[0], now=utc_now())
        dispatcher.utter_message(response="utter_intake_change_ok")
        return _reset() + [SlotSet(REDO_SLOT, keys[1:] or None)]
