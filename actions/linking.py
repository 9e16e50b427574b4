"""Linking a Telegram chat to a client record with a one-time koppelcode."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import chat_id_of, database, first_name, linked_person, utc_now
from storage import koppelcodes

REDEEM_FAILURE_RESPONSES = {
    "unknown": "utter_link_unknown",
    "used": "utter_link_used",
    "expired": "utter_link_expired",
}


class ActionLinkChat(Action):
    """Redeem the koppelcode from the deep link, then ask for consent."""

    def name(self) -> Text:
        return "action_link_chat"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        code = tracker.get_slot("koppelcode")
        chat_id = chat_id_of(tracker)
        # The code is one-time: never keep it in the conversation.
        forget_code = [SlotSet("koppelcode", None)]
        if not code or chat_id is None:
            return forget_code + self._without_code(dispatcher, tracker)
        with database() as session:
            result = koppelcodes.redeem_koppelcode(session, code, chat_id, now=utc_now())
            person = linked_person(session, tracker) if result.status in ("linked", "already_linked") else None
        if person is None:
            dispatcher.utter_message(response=REDEEM_FAILURE_RESPONSES.get(result.status, "utter_link_unknown"))
            return forget_code
        dispatcher.utter_message(
            response="utter_link_welcome", naam=first_name(person.naam), gemeente=person.gemeente.naam
        )
        if person.consent_given:
            return forget_code
        return forget_code + [FollowupAction("action_ask_consent")]

    @staticmethod
    def _without_code(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
        if person is None:
            dispatcher.utter_message(response="utter_link_how")
            return []
        dispatcher.utter_message(response="utter_greet_name", naam=first_name(person.naam))
        return [] if person.consent_given else [FollowupAction("action_ask_consent")]
