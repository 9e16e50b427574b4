"""Greeting, questions the gemeente answers, and what is out of scope (not understood: actions/conversation/fallback.py)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.helpers import database, first_name, linked_person
from nlu.distress_lexicon import names_money_trouble


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


class ActionAnswerOutOfScope(Action):
    """Say what Werkmaatje is for; money trouble gets the way to debt help and the klantmanager instead."""

    def name(self) -> Text:
        return "action_answer_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        text = (tracker.latest_message or {}).get("text") or ""
        dispatcher.utter_message(response="utter_debts_help" if names_money_trouble(text) else "utter_out_of_scope")
        return []
