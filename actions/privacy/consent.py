"""Consent before anything else is stored (AVG): ask, record, or respect a no."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.helpers import database, latest_intent, linked_person, utc_now
from storage import consent, handoffs
from werkmaatje.texts import chat as texts

# The version lives with the texts (werkmaatje/texts/chat.py), so every record says
# which text the person agreed to, and a new version asks again.
CONSENT_TEXT_VERSION = texts.PRIVACY_TEXT_VERSION


class ActionAskConsent(Action):
    """Show what is stored and who reads it, then ask for consent with buttons."""

    def name(self) -> Text:
        return "action_ask_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if latest_intent(tracker) != "ask_more_info":
            if _agreed_to_older_version(tracker):
                dispatcher.utter_message(response="utter_consent_new_version")
            dispatcher.utter_message(response="utter_consent_privacy")
        dispatcher.utter_message(response="utter_ask_consent")
        return []


def _agreed_to_older_version(tracker: Tracker) -> bool:
    """The person said yes before, to a text that has changed since."""
    with database() as session:
        person = linked_person(session, tracker)
        latest = consent.current_consent(session, person.client_id) if person is not None else None
    return latest is not None and latest.decision == "given" and latest.text_version != texts.PRIVACY_TEXT_VERSION


class RecordConsent(Action, ABC):
    """Store a consent decision with the text version it answers, then say what follows."""

    decision: str
    follow_up_responses: tuple

    @abstractmethod
    def name(self) -> Text:
        ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                dispatcher.utter_message(response="utter_not_linked")
                return []
            consent.record_consent(
                session, person.client_id, text_version=texts.PRIVACY_TEXT_VERSION, decision=self.decision, now=utc_now()
            )
        for response in self.follow_up_responses:
            dispatcher.utter_message(response=response)
        return []


class ActionRecordConsentGiven(RecordConsent):
    """Store the yes, then show what the bot can do."""

    decision = "given"
    follow_up_responses = ("utter_consent_thanks", "utter_menu")

    def name(self) -> Text:
        return "action_record_consent_given"


class ActionRecordConsentRefused(RecordConsent):
    """Store only the refusal, and offer personal contact instead."""

    decision = "refused"
    follow_up_responses = ("utter_consent_refused", "utter_offer_contact_instead")

    def name(self) -> Text:
        return "action_record_consent_refused"


class ActionContactWithoutConsent(Action):
    """The person said no to the bot but yes to a call: pass that on, nothing more."""

    def name(self) -> Text:
        return "action_contact_without_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        with database() as session:
            person = linked_person(session, tracker)
            if person is None:
                dispatcher.utter_message(response="utter_not_linked")
                return []
            handoffs.create_handoff(
                session, person.client_id, kind="no_consent", reason=None, urgent=False, now=utc_now()
            )
        dispatcher.utter_message(
            response="utter_contact_without_consent_done", termijn=person.gemeente.contact.reactietermijn
        )
        return []
