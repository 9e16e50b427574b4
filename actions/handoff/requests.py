"""Handing a conversation to a person: contact requests and distress."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.helpers import database, latest_intent, linked_person, utc_now
from actions.handoff.distress import distress_answered_this_episode, record_distress
from storage import handoffs

NO_REASON = "-"
# A reason is for a klantmanager to read, not an archive of a whole rant.
MAX_REASON_CHARS = 2000


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_handoff_form"

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        # Asking why makes no sense when we cannot pass it on to anyone.
        with database() as session:
            if linked_person(session, tracker) is None:
                return []
        return domain_slots

    def validate_handoff_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = str(value or "").strip()
        return {"handoff_reason": text[:MAX_REASON_CHARS] if text else NO_REASON}


class ActionSubmitHandoff(Action):
    """Store the contact request and say when the klantmanager will answer."""

    def name(self) -> Text:
        return "action_submit_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        reason = tracker.get_slot("handoff_reason")
        # The reason itself may be a cry for help; then it must not wait days.
        urgent = latest_intent(tracker) == "distress"
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                dispatcher.utter_message(response="utter_not_linked")
                return [SlotSet("handoff_reason", None)]
            said = None if reason in (None, NO_REASON) else reason
            if urgent:
                record_distress(session, person.client_id, said or "", utc_now())
            else:
                handoffs.create_handoff(session, person.client_id, kind="contact", reason=said, urgent=False, now=utc_now())
        if urgent:
            dispatcher.utter_message(response="utter_distress_support")
            dispatcher.utter_message(response="utter_handoff_urgent_done")
        else:
            dispatcher.utter_message(response="utter_handoff_done", termijn=person.gemeente.contact.reactietermijn)
        return [SlotSet("handoff_reason", None)]


class ActionDistress(Action):
    """Answer calmly with 113 and ask the klantmanager to reach out soon; once per episode (actions/handoff/distress.py)."""

    def name(self) -> Text:
        return "action_distress"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        again = distress_answered_this_episode(tracker)
        dispatcher.utter_message(response="utter_distress_again" if again else "utter_distress_support")
        message = (tracker.latest_message or {}).get("text") or ""
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                return []
            record_distress(session, person.client_id, message, utc_now())
        if not again:
            dispatcher.utter_message(response="utter_distress_flagged")
        return []
