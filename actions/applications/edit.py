"""Correcting and deleting a stored application: "die laatste klopt niet", "verwijder die van lidl"."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.applications.fields import (
    FIELDS,
    UNKNOWN,
    Answer,
    channel_in,
    check_applied_on,
    check_name,
    check_position,
    field_said,
    named_in_answer,
)
from actions.applications.base import ApplicationSubmitAction
from actions.applications.log import (
    CHANGE_FIELD,
    CHANNEL,
    DATE,
    EMPLOYERS,
    POSITION,
    ask_for_field,
    card_facts,
    position_answer,
    typed_text,
)
from actions.applications.pick import NOTHING, TARGET, TARGET_EMPLOYER, PickApplicationValidation, target_employer, target_facts
from actions.helpers import Person, database, latest_intent, utc_now
from storage import applications
from storage.models import APPLICATION_CHANNELS, EMPLOYER_LENGTH

EDIT_VALUE = "application_edit_value"
DELETE_CONFIRMED = "application_delete_confirmed"
# update_application's keyword for each field of the form.
FIELD_COLUMNS = {EMPLOYERS: "employer", POSITION: "position", DATE: "applied_on", CHANNEL: "channel"}


def explain_nothing_found(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    employer = target_employer(tracker)
    if employer:
        dispatcher.utter_message(response="utter_application_not_found", werkgever=employer)
    else:
        dispatcher.utter_message(response="utter_applications_none")


def check_edit_value(field: str, raw: Any) -> Answer:
    if field == EMPLOYERS:
        return check_name(raw, max_length=EMPLOYER_LENGTH)
    if field == POSITION:
        return check_position(raw)
    if field == DATE:
        return check_applied_on(raw, now=utc_now())
    return Answer(value=raw if raw in APPLICATION_CHANNELS else None)


class ValidateApplicationEditForm(PickApplicationValidation):
    """Which application, which field, and the right value for it."""

    form_slots = (TARGET_EMPLOYER, TARGET, CHANGE_FIELD, EDIT_VALUE)

    def name(self) -> Text:
        return "validate_application_edit_form"

    def extract_application_change_field(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        # "de datum van die laatste klopt niet" names the field straight away.
        if self.first_turn(tracker) or self.answering(tracker, CHANGE_FIELD):
            return {CHANGE_FIELD: field_said(typed_text(tracker) or "")}
        return {}

    def extract_application_edit_value(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker):
            return {EDIT_VALUE: None}
        if not self.answering(tracker, EDIT_VALUE):
            return {}
        field = tracker.get_slot(CHANGE_FIELD)
        if field == EMPLOYERS:
            named = named_in_answer(tracker, "employer")
            return {EDIT_VALUE: named[0] if named else None}
        if field == POSITION:
            return {EDIT_VALUE: position_answer(tracker)}
        if field == CHANNEL:
            return {EDIT_VALUE: channel_in(tracker)}
        return {EDIT_VALUE: typed_text(tracker)}

    def validate_application_change_field(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {CHANGE_FIELD: value if value in FIELDS else None}

    def validate_application_edit_value(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        field = tracker.get_slot(CHANGE_FIELD)
        return self.with_problem(tracker, EDIT_VALUE, check_edit_value(field, value))


class ActionAskApplicationChangeField(Action):
    """Ask which field to change: on the card of a new application, or for a stored one."""

    def name(self) -> Text:
        return "action_ask_application_change_field"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if (tracker.active_loop or {}).get("name") != "application_edit_form":
            dispatcher.utter_message(response="utter_ask_application_change_field")
            return []
        facts = target_facts(tracker)
        if facts is None:
            dispatcher.utter_message(response="utter_ask_application_change_field")
            return []
        dispatcher.utter_message(response="utter_ask_edit_change_field", **facts)
        return []


class ActionAskApplicationEditValue(Action):
    def name(self) -> Text:
        return "action_ask_application_edit_value"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        ask_for_field(dispatcher, tracker, tracker.get_slot(CHANGE_FIELD), EDIT_VALUE, editing=True)
        return []


class ActionSaveApplicationEdit(ApplicationSubmitAction):
    """Store the corrected field and show the application as it is now."""

    def name(self) -> Text:
        return "action_save_application_edit"

    def submit(self, dispatcher: CollectingDispatcher, tracker: Tracker, person: Person) -> None:
        field, value = tracker.get_slot(CHANGE_FIELD), tracker.get_slot(EDIT_VALUE)
        if tracker.get_slot(TARGET) in (None, NOTHING) or field not in FIELD_COLUMNS or value is None:
            explain_nothing_found(dispatcher, tracker)
            return
        if field == DATE:
            value = date.fromisoformat(value)
        elif field == POSITION and value == UNKNOWN:
            value = None
        with database() as session:
            application = applications.update_application(
                session, person.client_id, int(tracker.get_slot(TARGET)), now=utc_now(), **{FIELD_COLUMNS[field]: value}
            )
            facts = card_facts([application.employer], application.position, application.applied_on, application.channel)
        dispatcher.utter_message(response="utter_application_updated", **facts)


class ValidateApplicationDeleteForm(PickApplicationValidation):
    """Which application, and a clear yes before it is gone."""

    form_slots = (TARGET_EMPLOYER, TARGET, DELETE_CONFIRMED)

    def name(self) -> Text:
        return "validate_application_delete_form"

    def extract_application_delete_confirmed(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker):
            return {DELETE_CONFIRMED: None}
        if not self.answering(tracker, DELETE_CONFIRMED):
            return {}
        return {DELETE_CONFIRMED: {"affirm": True, "deny": False}.get(latest_intent(tracker))}

    def validate_application_delete_confirmed(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {DELETE_CONFIRMED: value if isinstance(value, bool) else None}


class ActionAskApplicationDeleteConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_application_delete_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        facts = target_facts(tracker)
        if facts is None:
            explain_nothing_found(dispatcher, tracker)
            return []
        dispatcher.utter_message(response="utter_ask_application_delete_confirmed", **facts)
        return []


class ActionDeleteApplication(ApplicationSubmitAction):
    """Delete after a yes; nothing of it is kept. A no keeps it."""

    def name(self) -> Text:
        return "action_delete_application"

    def submit(self, dispatcher: CollectingDispatcher, tracker: Tracker, person: Person) -> None:
        if tracker.get_slot(TARGET) in (None, NOTHING):
            explain_nothing_found(dispatcher, tracker)
            return
        if tracker.get_slot(DELETE_CONFIRMED) is not True:
            dispatcher.utter_message(response="utter_application_kept")
            return
        with database() as session:
            application = applications.require_application(session, person.client_id, int(tracker.get_slot(TARGET)))
            employer = application.employer
            applications.delete_application(session, person.client_id, application.id)
        dispatcher.utter_message(response="utter_application_deleted", werkgever=employer)
