"""Finding which stored application someone means: for a result, a correction or a deletion.

"de jumbo" is matched fuzzily against the stored employers ("Jumbo Hengelo").
One match is taken; several give buttons; none ends the form so its submit
action can say so (and, for a result, offer to log it).
"""
from __future__ import annotations

import json
from abc import ABC
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.applications.fields import (
    UNKNOWN,
    application_id_in,
    day_label,
    first_entity,
    is_button_payload,
    latest_text,
    tidy_name,
)
from actions.applications.base import ApplicationFormValidation
from actions.helpers import database, linked_person
from storage import applications
from storage.employer_names import same_employer
from storage.models import Application

TARGET_EMPLOYER = "application_target_employer"
TARGET = "application_target"
# The target when there is nothing to choose from.
NOTHING = "none"
# "die laatste klopt niet": the application told most recently.
_LAST_WORDS = {"laatste", "laatst", "vorige", "zojuist"}


@dataclass(frozen=True)
class PickQuestion:
    """How a form asks "which one?": the question, and the intent its buttons send."""

    response: str
    button_intent: str
    # Result updates without an employer look only at applications still open.
    only_open: bool
    # With no employer named and one candidate: take it, or still ask (results).
    ask_even_if_one: bool


PICK_QUESTIONS: Dict[str, PickQuestion] = {
    "application_result_form": PickQuestion("utter_ask_result_target", "application_result", True, True),
    "application_edit_form": PickQuestion("utter_ask_edit_target", "correct_application", False, False),
    "application_delete_form": PickQuestion("utter_ask_delete_target", "delete_application", False, False),
}


def target_employer(tracker: Tracker) -> Optional[str]:
    employer = tracker.get_slot(TARGET_EMPLOYER)
    return None if employer in (None, UNKNOWN) else employer


def candidates(session, client_id: str, employer: Optional[str], question: PickQuestion) -> List[Application]:
    if employer:
        return applications.find_by_employer(session, client_id, employer)[: applications.RECENT_LIMIT]
    if question.only_open:
        return applications.open_applications(session, client_id)
    return applications.recent(session, client_id)


def target_facts(tracker: Tracker) -> Optional[Dict[str, str]]:
    """Employer and date of the chosen application, to name it in a question; None if none is chosen."""
    target = tracker.get_slot(TARGET)
    if target in (None, NOTHING):
        return None
    with database() as session:
        person = linked_person(session, tracker)
        application = applications.get_application(session, person.client_id, int(target)) if person else None
        if application is None:
            return None
        return {"werkgever": application.employer, "datum": day_label(application.applied_on)}


class PickApplicationValidation(ApplicationFormValidation, ABC):
    """Fills application_target_employer and application_target for the forms that need them."""

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot(TARGET) == NOTHING:
            # Nothing to pick: ask nothing more, keep what was said; the submit action explains.
            return [slot for slot in domain_slots if tracker.get_slot(slot) is not None]
        return list(domain_slots)

    @property
    def question(self) -> PickQuestion:
        return PICK_QUESTIONS[self.form_name()]

    def extract_application_target_employer(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker):
            named = first_entity(tracker, "employer")
            return {TARGET_EMPLOYER: tidy_name(named) if named else UNKNOWN}
        # Only ever read from the first message, never asked.
        return {TARGET_EMPLOYER: UNKNOWN} if tracker.get_slot(TARGET_EMPLOYER) is None else {}

    def extract_application_target(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker):
            return {TARGET: self._first_target(tracker)}
        if self.answering(tracker, TARGET):
            return {TARGET: self._chosen_target(tracker)}
        return {}

    def validate_application_target_employer(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {TARGET_EMPLOYER: value}

    def validate_application_target(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {TARGET: value}

    def _first_target(self, tracker: Tracker) -> Optional[str]:
        employer = target_employer(tracker)
        words = set(latest_text(tracker).lower().split())
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                return NOTHING
            if employer is None and words & _LAST_WORDS:
                last = applications.last_logged(session, person.client_id)
                return str(last.id) if last else NOTHING
            found = candidates(session, person.client_id, employer, self.question)
        if not found:
            return NOTHING
        if len(found) == 1 and (employer or not self.question.ask_even_if_one):
            return str(found[0].id)
        return None

    def _chosen_target(self, tracker: Tracker) -> Optional[str]:
        """A tapped button, or a typed name that fits exactly one of the candidates."""
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                return None
            chosen = application_id_in(tracker)
            if chosen is not None:
                return str(chosen) if applications.get_application(session, person.client_id, chosen) else None
            text = latest_text(tracker)
            if is_button_payload(text):
                return None
            said = first_entity(tracker, "employer") or text
            found = [
                application
                for application in candidates(session, person.client_id, target_employer(tracker), self.question)
                if same_employer(said, application.employer)
            ]
        return str(found[0].id) if len(found) == 1 else None


class ActionAskApplicationTarget(Action):
    """Ask which application is meant, with a button per candidate (employer · date)."""

    def name(self) -> Text:
        return "action_ask_application_target"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        question = PICK_QUESTIONS.get((tracker.active_loop or {}).get("name"), PICK_QUESTIONS["application_edit_form"])
        with database() as session:
            person = linked_person(session, tracker)
            found = candidates(session, person.client_id, target_employer(tracker), question) if person else []
            buttons = [
                {
                    "title": f"{application.employer} · {day_label(application.applied_on)}",
                    "payload": f"/{question.button_intent}" + json.dumps({"application_id": str(application.id)}),
                }
                for application in found
            ]
        dispatcher.utter_message(response=question.response, buttons=buttons)
        return []
