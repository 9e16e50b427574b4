"""A planned application ("ik ga morgen solliciteren bij lidl") is not logged as done.

The bot encourages and offers a reminder. The "Ja, herinner me" button sends
`/plan_reminder{"employer": ..., "time": "YYYY-MM-DD"}` (keys only when known);
what that does belongs to the reminders feature, which handles the intent.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.applications.fields import first_entity, is_button_payload, timezone, tidy_name
from actions.applications.base import ApplicationSubmitAction
from actions.applications.log import EMPLOYERS
from actions.helpers import Person, utc_now
from dutch.dates import resolve_date
from storage.agreements import local_date

PLAN_REMINDER_INTENT = "plan_reminder"
# The plan may have been said a few messages back ("ik heb morgen gesolliciteerd" ... "Nee, nog niet").
_MESSAGES_TO_SEARCH = 4


def planned_day(tracker: Tracker) -> Optional[date]:
    """The first day from today on named in the latest few messages."""
    now = utc_now()
    today = local_date(now, timezone())
    user_texts = [e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "user"]
    for text in user_texts[:_MESSAGES_TO_SEARCH]:
        if is_button_payload(text):
            continue
        resolved = resolve_date(text, reference=now, timezone=timezone(), bias="future")
        if resolved is not None and resolved.grain == "day" and resolved.day >= today:
            return resolved.day
    return None


def planned_employer(tracker: Tracker) -> Optional[str]:
    named = first_entity(tracker, "employer")
    if named:
        return tidy_name(named)
    # Coming from the logging form ("Nee, nog niet"): the employer it already knew.
    known = tracker.get_slot(EMPLOYERS) or []
    return known[0] if known else None


def reminder_payload(employer: Optional[str], day: Optional[date]) -> str:
    entities = {}
    if employer:
        entities["employer"] = employer
    if day:
        entities["time"] = day.isoformat()
    return f"/{PLAN_REMINDER_INTENT}" + (json.dumps(entities, ensure_ascii=False) if entities else "")


class ActionPlanApplication(ApplicationSubmitAction):
    """Encourage the plan and offer a reminder; store nothing.

    A reminder needs a linked chat and consent, so the same check as logging comes first.
    """

    def name(self) -> Text:
        return "action_plan_application"

    def submit(self, dispatcher: CollectingDispatcher, tracker: Tracker, person: Person) -> None:
        employer = planned_employer(tracker)
        if employer:
            dispatcher.utter_message(response="utter_plan_application_encourage_employer", werkgever=employer)
        else:
            dispatcher.utter_message(response="utter_plan_application_encourage")
        dispatcher.utter_message(
            response="utter_plan_application_offer_reminder",
            herinner_payload=reminder_payload(employer, planned_day(tracker)),
        )
