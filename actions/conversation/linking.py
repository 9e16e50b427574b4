"""Linking a Telegram chat to a client record with a one-time koppelcode."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.helpers import chat_id_of, database, first_name, linked_person, utc_now
from storage import koppelcodes
from storage.preferences import get_preferences, update_preferences

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
            resumed = person is not None and resume_messages(session, person.client_id)
        if person is None:
            dispatcher.utter_message(response="utter_link_how")
            return []
        # /start after /stop: the bot may send again.
        dispatcher.utter_message(response="utter_messages_resumed" if resumed else "utter_greet_name", naam=first_name(person.naam))
        return [] if person.consent_given else [FollowupAction("action_ask_consent")]


def resume_messages(session, client_id: str) -> bool:
    """End a /stop pause; True if there was one."""
    if not get_preferences(session, client_id).paused:
        return False
    update_preferences(session, client_id, now=utc_now(), paused_since=None)
    return True
