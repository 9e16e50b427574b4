"""Logging a done application: the form, its questions, the confirmation card and storing it.

"ik heb gisteren bij de jumbo gesolliciteerd als vakkenvuller" fills employer,
position and date at once; the form asks only for what is missing, one question
at a time, then shows a card (Klopt / Aanpassen) before anything is stored.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.applications.fields import (
    FIELDS,
    PROBLEM_FUTURE,
    PROBLEM_RANT,
    PROBLEM_UNCLEAR,
    UNKNOWN,
    channel_in,
    check_applied_on,
    check_employers,
    check_position,
    day_label,
    entity_values,
    field_said,
    first_entity,
    label,
    latest_text,
    named_in_answer,
    names_label,
    says_a_date,
    status_in,
    typed_text,
)
from actions.applications.base import (
    ApplicationFormValidation,
    ApplicationSubmitAction,
    problem_of,
    reset_application_slots,
)
from actions.helpers import Person, database, latest_intent, utc_now
from storage import applications
from storage.applications import FIRST_STATUS
from storage.models import APPLICATION_CHANNELS, APPLICATION_STATUSES

EMPLOYERS = "application_employers"
POSITION = "application_position"
DATE = "application_date"
CHANNEL = "application_channel"
INITIAL_STATUS = "application_initial_status"
CONFIRMED = "application_confirmed"
CHANGE_FIELD = "application_change_field"

SKIPPING_INTENTS = ("skip", "deny")


def position_answer(tracker: Tracker) -> Optional[str]:
    """"Weet ik niet meer" (skip) means no position; otherwise the entity or the words."""
    if latest_intent(tracker) in SKIPPING_INTENTS:
        return UNKNOWN
    named = named_in_answer(tracker, "position")
    return named[0] if named else None


def ask_for_field(dispatcher: CollectingDispatcher, tracker: Tracker, field: str, problem_slot: str, *, editing: bool) -> None:
    """Ask for one werkmap field; after a problem, ask in the way that explains it."""
    problem = problem_of(tracker, problem_slot)
    if field == EMPLOYERS:
        if problem == PROBLEM_RANT:
            response = "utter_ask_application_employers_name_only"
        else:
            response = "utter_ask_edit_employer" if editing else "utter_ask_application_employers"
    elif field == DATE:
        if problem == PROBLEM_FUTURE and not editing:
            response = "utter_application_date_future"
        elif problem in (PROBLEM_FUTURE, PROBLEM_UNCLEAR):
            response = "utter_ask_application_date_typed"
        else:
            response = "utter_ask_application_date"
    elif field == POSITION:
        response = "utter_ask_application_position"
    else:
        response = "utter_ask_application_channel"
    dispatcher.utter_message(response=response)


def card_facts(employers: List[str], position: Optional[str], applied_on: Any, channel: Optional[str]) -> Dict[str, str]:
    return {
        "werkgever": names_label(employers),
        "functie": label(position),
        "datum": day_label(applied_on),
        "hoe": label(channel),
    }


class ValidateApplicationForm(ApplicationFormValidation):
    """Fill the werkmap fields from the first message and the answers, then confirm."""

    form_slots = (INITIAL_STATUS, EMPLOYERS, POSITION, DATE, CHANNEL, CHANGE_FIELD, CONFIRMED)
    interrupting_intents = ("stop", "distress", "plan_application", "request_handoff")

    def name(self) -> Text:
        return "validate_application_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        slots = list(domain_slots)
        if tracker.get_slot(CONFIRMED) is False:
            # "Aanpassen": ask which field, then that field again, then the card again.
            slots.insert(slots.index(CONFIRMED), CHANGE_FIELD)
        return slots

    def answering(self, tracker: Tracker, slot: str) -> bool:
        # "overmorgen" as the answer to "Wanneer?" sounds like a plan to the NLU, but it
        # answers the question; the check then asks whether they applied already.
        if slot == DATE and tracker.get_slot(REQUESTED_SLOT) == DATE and latest_intent(tracker) == "plan_application":
            return says_a_date(latest_text(tracker), now=utc_now())
        return super().answering(tracker, slot)

    # Reading the first message and the answers

    def extract_application_initial_status(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        # A result can come along ("ja, opslaan" after "afgewezen bij de action"); never asked.
        if self.first_turn(tracker) or tracker.get_slot(INITIAL_STATUS) is None:
            return {INITIAL_STATUS: status_in(tracker) or FIRST_STATUS}
        return {}

    def extract_application_employers(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker):
            return {EMPLOYERS: entity_values(tracker, "employer") or None}
        if self.answering(tracker, EMPLOYERS):
            return {EMPLOYERS: named_in_answer(tracker, "employer") or None}
        return {}

    def extract_application_position(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker):
            return {POSITION: first_entity(tracker, "position")}
        if self.answering(tracker, POSITION):
            return {POSITION: position_answer(tracker)}
        return {}

    def extract_application_date(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        text = latest_text(tracker)
        if self.first_turn(tracker):
            return {DATE: text if says_a_date(text, now=utc_now()) else None}
        if self.answering(tracker, DATE):
            return {DATE: typed_text(tracker)}
        return {}

    def extract_application_channel(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker) or self.answering(tracker, CHANNEL):
            return {CHANNEL: channel_in(tracker)}
        return {}

    def extract_application_confirmed(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker):
            return {CONFIRMED: None}
        if not self.answering(tracker, CONFIRMED):
            return {}
        intent = latest_intent(tracker)
        if intent == "affirm":
            return {CONFIRMED: True}
        if intent in ("deny", "correct_application"):
            # "nee, de datum klopt niet" already says which field.
            field = field_said(typed_text(tracker) or "")
            return {CONFIRMED: False, CHANGE_FIELD: field} if field else {CONFIRMED: False}
        return {CONFIRMED: None}

    def extract_application_change_field(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.answering(tracker, CHANGE_FIELD):
            return {CHANGE_FIELD: field_said(latest_text(tracker))}
        return {}

    # Checking them

    def validate_application_initial_status(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {INITIAL_STATUS: value if value in APPLICATION_STATUSES else FIRST_STATUS}

    def validate_application_employers(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return self.with_problem(tracker, EMPLOYERS, check_employers(value))

    def validate_application_position(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return self.with_problem(tracker, POSITION, check_position(value))

    def validate_application_date(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return self.with_problem(tracker, DATE, check_applied_on(value, now=utc_now()))

    def validate_application_channel(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {CHANNEL: value if value in APPLICATION_CHANNELS else None}

    def validate_application_confirmed(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {CONFIRMED: value if isinstance(value, bool) else None}

    def validate_application_change_field(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if value not in FIELDS:
            return {CHANGE_FIELD: None}
        # Forget the field and the "no": the form asks for the field, then shows the card again.
        return {CHANGE_FIELD: None, CONFIRMED: None, value: None}


class ActionAskApplicationEmployers(Action):
    def name(self) -> Text:
        return "action_ask_application_employers"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        ask_for_field(dispatcher, tracker, EMPLOYERS, EMPLOYERS, editing=False)
        return []


class ActionAskApplicationDate(Action):
    def name(self) -> Text:
        return "action_ask_application_date"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        ask_for_field(dispatcher, tracker, DATE, DATE, editing=False)
        return []


class ActionAskApplicationConfirmed(Action):
    """Show the card with what will be stored: Klopt / Aanpassen."""

    def name(self) -> Text:
        return "action_ask_application_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(
            response="utter_ask_application_confirmed",
            **card_facts(
                tracker.get_slot(EMPLOYERS) or [],
                tracker.get_slot(POSITION),
                tracker.get_slot(DATE),
                tracker.get_slot(CHANNEL),
            ),
        )
        return []


class ActionSaveApplication(ApplicationSubmitAction):
    """Store the confirmed application (one per employer), then encourage."""

    def name(self) -> Text:
        return "action_save_application"

    def submit(self, dispatcher: CollectingDispatcher, tracker: Tracker, person: Person) -> None:
        employers = tracker.get_slot(EMPLOYERS) or []
        if tracker.get_slot(CONFIRMED) is not True or not employers:
            return
        position = tracker.get_slot(POSITION)
        status = tracker.get_slot(INITIAL_STATUS) or FIRST_STATUS
        now = utc_now()
        with database() as session:
            for employer in employers:
                logged = applications.log_application(
                    session,
                    person.client_id,
                    employer=employer,
                    position=None if position == UNKNOWN else position,
                    channel=tracker.get_slot(CHANNEL),
                    applied_on=date.fromisoformat(tracker.get_slot(DATE)),
                    now=now,
                )
                applications.set_status(session, person.client_id, logged.id, status, now=now)
        werkgever = names_label(employers)
        dispatcher.utter_message(
            response="utter_application_saved" if len(employers) == 1 else "utter_application_saved_several",
            werkgever=werkgever,
        )
        if status != FIRST_STATUS:
            dispatcher.utter_message(response=f"utter_result_{status}", werkgever=werkgever)


class ActionStopApplicationForm(Action):
    """After "stop" in any application form: say nothing was stored or changed, forget the answers."""

    def name(self) -> Text:
        return "action_stop_application_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        stopped = next(
            (
                event.get("name")
                for event in reversed(tracker.events)
                if event.get("event") == "active_loop" and event.get("name")
            ),
            None,
        )
        logging_new = stopped == "application_form"
        dispatcher.utter_message(response="utter_application_stopped" if logging_new else "utter_application_unchanged")
        return reset_application_slots()
