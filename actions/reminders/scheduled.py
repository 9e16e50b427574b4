"""Wording the messages the dispatcher sends, and "Klaar" / "Later" on them (yes or no to a date: attendance.py).

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

from actions.helpers import as_id, database, latest_entities, linked_person, quiet_rules, utc_now
from dutch.wording import moment_facts, parse_iso
from actions.trainings.messages import TRAINING_KINDS, training_slots, training_wording
from storage import scheduled
from werkmaatje.scheduling import next_allowed
from werkmaatje.settings import get_settings

EXTERNAL_PREFIX = "EXTERNAL_"
# An own reminder this much later than asked says that it is late.
OWN_REMINDER_LATE = timedelta(hours=1)
SNOOZE = timedelta(hours=1)
# The follow-up's buttons: each records this result on the application (actions/applications/results.py).
INTERVIEW_OUTCOMES = ("gesprek_gehad", "aangenomen", "afgewezen")


def result_payload(employer: str, status: str) -> str:
    """A button that tells the application-result form what happened where."""
    return "/application_result" + json.dumps({"employer": employer, "application_status": status}, ensure_ascii=False)


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
            *training_slots(kind, payload),
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
