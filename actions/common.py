"""Greeting, questions the gemeente answers, and what to do when the bot does not understand."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.context import database, first_name, linked_person

FALLBACK_INTENT = "nlu_fallback"
# First a question with buttons, then a plain second try, then a person.
FALLBACK_LADDER = ["utter_fallback_clarify", "utter_fallback_rephrase", "utter_fallback_offer_human"]


class ActionGreet(Action):
    """Greet by first name; ask for consent first if it is still missing."""

    def name(self) -> Text:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
        if person is None:
            dispatcher.utter_message(response="utter_greet")
            dispatcher.utter_message(response="utter_link_how")
            return []
        dispatcher.utter_message(response="utter_greet_name", naam=first_name(person.naam))
        if not person.consent_given:
            return [FollowupAction("action_ask_consent")]
        return []


class ActionAnswerUitkering(Action):
    """Say who answers questions about the benefit itself."""

    def name(self) -> Text:
        return "action_answer_uitkering"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
        if person is None:
            dispatcher.utter_message(response="utter_uitkering_unknown_gemeente")
            return []
        contact = person.gemeente.contact
        dispatcher.utter_message(
            response="utter_uitkering_contact",
            uitkering=contact.uitkering,
            telefoon=contact.telefoon,
            bereikbaar=contact.bereikbaar,
        )
        return []


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many of the latest user messages in a row were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if (event.get("parse_data") or {}).get("intent", {}).get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count


class ActionHandleFallback(Action):
    """Climb the fallback ladder: clarify, ask to rephrase, offer a person."""

    def name(self) -> Text:
        return "action_handle_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        step = min(max(consecutive_fallbacks(tracker), 1), len(FALLBACK_LADDER)) - 1
        dispatcher.utter_message(response=FALLBACK_LADDER[step])
        return []
