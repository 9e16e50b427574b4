"""Yes or no to a date: "ja, ik kom" and "ik kan niet" after a reminder or an invitation.

The generic answer (an appointment, or nothing known) is here. Feature packages
answer their own messages first: each entry of `YES_ANSWERS` / `NO_ANSWERS`
returns its events, or None when the answer is not about its messages. The
trainings package is the one entry today (invitations, sessions, no-shows);
it decides on the message kind in the slots and on the entities of the
answer, so the table is of answerers, tried in order, not of kinds alone.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.helpers import as_id, database, latest_intent, linked_person, may_serve, utc_now
from actions.trainings.chat import answer_cannot_attend as training_cannot_attend
from actions.trainings.rsvp import answer_yes as training_yes
from storage import handoffs, scheduled
from werkmaatje.texts import caseworker as caseworker_texts

Answerer = Callable[[CollectingDispatcher, Tracker], Optional[List[Dict]]]

YES_ANSWERS: Tuple[Answerer, ...] = (training_yes,)
NO_ANSWERS: Tuple[Answerer, ...] = (training_cannot_attend,)

# Messages that ask "Kun je komen?": a plain "ja" or "nee" right after them answers that.
# After any other message a plain yes or no keeps its old meaning (menu, "oké").
ATTEND_KINDS = ("appointment", "training_session")


def first_answer(answerers: Tuple[Answerer, ...], dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict]]:
    for answerer in answerers:
        events = answerer(dispatcher, tracker)
        if events is not None:
            return events
    return None


class ActionWillAttend(Action):
    def name(self) -> Text:
        return "action_will_attend"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        answered = first_answer(YES_ANSWERS, dispatcher, tracker)
        if answered is not None:
            return answered
        if latest_intent(tracker) == "affirm" and tracker.get_slot("scheduled_kind") not in ATTEND_KINDS:
            dispatcher.utter_message(response="utter_menu")
            return []
        dispatcher.utter_message(response="utter_will_attend")
        return []


class ActionCannotAttend(Action):
    """"Ik kan niet": the klantmanager hears it as a contact request and makes a new appointment."""

    def name(self) -> Text:
        return "action_cannot_attend"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        answered = first_answer(NO_ANSWERS, dispatcher, tracker)
        if answered is not None:
            return answered
        if latest_intent(tracker) == "deny" and tracker.get_slot("scheduled_kind") not in ATTEND_KINDS:
            dispatcher.utter_message(response="utter_no_contact_ok")
            return []
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        with database() as session:
            person = linked_person(session, tracker)
            if not may_serve(dispatcher, person):
                return []
            message_id = as_id(tracker.get_slot("scheduled_id"))
            message = scheduled.get_message(session, message_id) if message_id else None
            about = _what_cannot_be_attended(message, person.client_id)
            reason = about if text.startswith("/") else f"{about}: {text}"
            handoffs.create_handoff(session, person.client_id, kind="cannot_attend", reason=reason, urgent=False, now=utc_now())
        dispatcher.utter_message(response="utter_cannot_attend_passed_on", termijn=person.gemeente.contact.reactietermijn)
        return [SlotSet("scheduled_id", None), SlotSet("scheduled_kind", None)]


def _what_cannot_be_attended(message, client_id: str) -> str:
    """For the klantmanager: which appointment or session (a fact line, not a chat text)."""
    if message is None or message.client_id != client_id:
        return caseworker_texts.CANNOT_ATTEND
    moment = message.event_at.isoformat() if message.event_at else ""
    payload = scheduled.payload_of(message)
    who_or_what = payload.get("met") or payload.get("titel") or ""
    return caseworker_texts.CANNOT_ATTEND_WHICH.format(soort=message.kind, moment=moment, wie_of_wat=who_or_what).strip()
