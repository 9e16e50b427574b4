"""Wording the messages the dispatcher sends, and the answers people give to them.

The dispatcher triggers `EXTERNAL_<kind>` with the row's facts as entities, so
this action never reads the scheduled_messages table: it only chooses a
response and fills it in. It remembers which message it was in the slots
`scheduled_id` / `scheduled_kind`, so "Later", "Ik kan niet" or a free-text
"ik kan niet" refer to it.
"""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import database, latest_intent, linked_person, may_serve, quiet_rules, utc_now
from dutch.wording import moment_facts, parse_iso
from actions.trainings_messages import TRAINING_KINDS, training_slots, training_wording  # --- trainings ---
from storage import handoffs, scheduled
from werkmaatje.scheduling import next_allowed
from werkmaatje.settings import get_settings
from werkmaatje.texts import caseworker as caseworker_texts

EXTERNAL_PREFIX = "EXTERNAL_"
# An own reminder this much later than asked says that it is late.
OWN_REMINDER_LATE = timedelta(hours=1)
SNOOZE = timedelta(hours=1)
# The follow-up's buttons: each records this result on the application (actions/applications_results.py).
INTERVIEW_OUTCOMES = ("gesprek_gehad", "aangenomen", "afgewezen")
# Messages that ask "Kun je komen?": a plain "ja" or "nee" right after them answers that.
# After any other message a plain yes or no keeps its old meaning (menu, "oké").
ATTEND_KINDS = ("appointment", "training_session")


def result_payload(employer: str, status: str) -> str:
    """A button that tells the application-result form what happened where."""
    return "/application_result" + json.dumps({"employer": employer, "application_status": status}, ensure_ascii=False)


def latest_entities(tracker: Tracker) -> Dict[str, str]:
    return {e.get("entity"): e.get("value") for e in (tracker.latest_message or {}).get("entities") or []}


def _wording(kind: str, payload: Dict[str, Any], event_at, due_at, now, tz) -> Optional[Tuple[str, Dict[str, Any]]]:
    """The response and its facts for one kind of scheduled message."""
    when = moment_facts(event_at or due_at, now=now, timezone_name=tz)
    if kind == "own_reminder":
        asked_for = event_at or due_at
        facts = {"wat": payload.get("about", ""), **moment_facts(asked_for, now=now, timezone_name=tz)}
        late = asked_for is not None and now - asked_for > OWN_REMINDER_LATE
        return ("utter_reminder_own_late" if late else "utter_reminder_own"), facts
    if kind == "appointment":
        facts = {"met": payload.get("met", ""), "waar": payload.get("waar", ""), **when}
        return ("utter_appointment_missed" if event_at and now > event_at else "utter_appointment_reminder"), facts
    if kind == "training_session":
        facts = {"titel": payload.get("titel", ""), "waar": payload.get("waar", ""), **when}
        return ("utter_training_session_missed" if event_at and now > event_at else "utter_training_session_reminder"), facts
    if kind == "interview_followup":
        employer = payload.get("werkgever", "")
        buttons = {f"knop_{status}": result_payload(employer, status) for status in INTERVIEW_OUTCOMES}
        return "utter_interview_followup", {"werkgever": employer, **when, **buttons}
    if kind == "application_nudge":
        return "utter_application_nudge", {"aantal": payload.get("aantal", 0), "gedaan": payload.get("gedaan", 0)}
    if kind == "intake_unfinished":
        return "utter_intake_unfinished", {}
    # --- trainings (issue 6) ---
    if kind in TRAINING_KINDS:
        return training_wording(kind, payload, event_at, due_at, now, tz)
    return None


class ActionSendScheduled(Action):
    def name(self) -> Text:
        return "action_send_scheduled"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
        kind = intent[len(EXTERNAL_PREFIX):] if intent.startswith(EXTERNAL_PREFIX) else ""
        entities = latest_entities(tracker)
        try:
            payload = json.loads(entities.get("scheduled_payload") or "{}")
        except ValueError:
            payload = {}
        now = parse_iso(entities.get("dispatch_time")) or utc_now()
        wording = _wording(
            kind, payload, parse_iso(entities.get("event_at")), parse_iso(entities.get("due_at")), now, get_settings().timezone
        )
        if wording is None:  # nothing to say: the dispatcher records it as failed
            return []
        response, facts = wording
        dispatcher.utter_message(response=response, **facts)
        return [
            SlotSet("scheduled_id", entities.get("scheduled_id")),
            SlotSet("scheduled_kind", kind),
            *training_slots(kind, payload),  # --- trainings (issue 6) ---
        ]


class ActionReminderDone(Action):
    def name(self) -> Text:
        return "action_reminder_done"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        dispatcher.utter_message(response="utter_reminder_done")
        return [SlotSet("scheduled_id", None), SlotSet("scheduled_kind", None)]


class ActionReminderLater(Action):
    """Snooze: the same reminder again in an hour, or at the first moment after that that is not quiet."""

    def name(self) -> Text:
        return "action_reminder_later"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        message_id = as_id(tracker.get_slot("scheduled_id"))
        now = utc_now()
        tz = get_settings().timezone
        with database() as session:
            person = linked_person(session, tracker)
            if person is None or message_id is None:
                dispatcher.utter_message(response="utter_reminder_later_unknown")
                return []
            original = scheduled.get_message(session, message_id)
            kind = original.kind if original else "own_reminder"
            until = next_allowed(now + SNOOZE, quiet_rules(session, person, kind))
            again = scheduled.snooze(session, message_id, until=until, client_id=person.client_id, now=now)
        if again is None:
            dispatcher.utter_message(response="utter_reminder_later_unknown")
            return []
        dispatcher.utter_message(response="utter_reminder_later_ok", **moment_facts(until, now=now, timezone_name=tz))
        return [SlotSet("scheduled_id", None), SlotSet("scheduled_kind", None)]


class ActionWillAttend(Action):
    def name(self) -> Text:
        return "action_will_attend"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        # --- trainings (issue 6): a yes to a training invitation takes a place ---
        from actions.trainings_rsvp import answer_yes  # imported here: that module builds on this one

        training = answer_yes(dispatcher, tracker)
        if training is not None:
            return training
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
        # --- trainings (issue 6): a no to an invitation, a session or the no-show question ---
        from actions.trainings_chat import answer_cannot_attend  # imported here: that module builds on this one

        training = answer_cannot_attend(dispatcher, tracker)
        if training is not None:
            return training
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


def as_id(value: Any) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
