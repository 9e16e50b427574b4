"""Results over time: "de jumbo heeft me uitgenodigd", "afgewezen bij de action", "ik ben aangenomen!!".

Every change is kept as history in storage. An interview date ("gesprek is
donderdag om 10 uur") is stored on the application for reminders and a
"hoe ging het?" afterwards. "aangenomen" is celebrated, "afgewezen" comforted.
"""
from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any, Dict, Optional, Text, Tuple
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.applications.fields import UNKNOWN, day_label, status_in, timezone
from actions.applications.base import ApplicationSubmitAction
from actions.applications.fields import typed_text
from actions.applications.pick import NOTHING, TARGET, TARGET_EMPLOYER, PickApplicationValidation, target_employer
from actions.helpers import Person, database, utc_now
from dutch.dates import resolve_date
from storage import applications
from storage.agreements import local_date
from storage.tables import APPLICATION_STATUSES

INTERVIEW = "result_interview"
STATUS = "result_status"
INVITED = "uitgenodigd"


def interview_said(tracker: Tracker) -> Optional[str]:
    """A coming interview in the latest message: an ISO moment, or an ISO day when no time was said."""
    text = typed_text(tracker)
    if not text:
        return None
    now = utc_now()
    resolved = resolve_date(text, reference=now, timezone=timezone(), bias="future")
    if resolved is None or resolved.grain != "day":
        return None
    if resolved.moment is not None:
        return resolved.moment.isoformat() if resolved.moment > now else None
    return resolved.day.isoformat() if resolved.day >= local_date(now, timezone()) else None


def interview_moment(value: str) -> Tuple[datetime, bool]:
    """(when, time_known): a day alone becomes the start of that local day."""
    if "T" in value:
        return datetime.fromisoformat(value), True
    day = datetime.fromisoformat(value).date()
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone())), False


class ValidateApplicationResultForm(PickApplicationValidation):
    """Which application, and what happened (with an interview date if one was said)."""

    form_slots = (TARGET_EMPLOYER, INTERVIEW, TARGET, STATUS)

    def name(self) -> Text:
        return "validate_application_result_form"

    def extract_result_interview(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker):
            return {INTERVIEW: interview_said(tracker) or UNKNOWN}
        said = interview_said(tracker) if self.answering(tracker, STATUS) else None
        if said:
            return {INTERVIEW: said}
        return {INTERVIEW: UNKNOWN} if tracker.get_slot(INTERVIEW) is None else {}

    def extract_result_status(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if self.first_turn(tracker):
            # "gesprek is donderdag om 10 uur" says no status word but means invited.
            has_interview = tracker.get_slot(INTERVIEW) not in (None, UNKNOWN)
            return {STATUS: status_in(tracker) or (INVITED if has_interview else None)}
        if self.answering(tracker, STATUS):
            return {STATUS: status_in(tracker)}
        return {}

    def validate_result_interview(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {INTERVIEW: value}

    def validate_result_status(self, value, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        return {STATUS: value if value in APPLICATION_STATUSES else None}


class ActionSaveApplicationResult(ApplicationSubmitAction):
    """Store the new status (and interview), then celebrate, comfort or encourage."""

    def name(self) -> Text:
        return "action_save_application_result"

    def submit(self, dispatcher: CollectingDispatcher, tracker: Tracker, person: Person) -> None:
        target, status = tracker.get_slot(TARGET), tracker.get_slot(STATUS)
        if target in (None, NOTHING) or status is None:
            self._nothing_to_update(dispatcher, tracker)
            return
        interview = tracker.get_slot(INTERVIEW)
        now = utc_now()
        with database() as session:
            application = applications.set_status(session, person.client_id, int(target), status, now=now)
            employer = application.employer
            if status == INVITED and interview not in (None, UNKNOWN):
                at, time_known = interview_moment(interview)
                applications.set_interview(
                    session, person.client_id, application.id, interview_at=at, time_known=time_known, now=now
                )
                local = at.astimezone(ZoneInfo(timezone()))
                response = "utter_result_interview_time" if time_known else "utter_result_interview_day"
                dispatcher.utter_message(
                    response=response, werkgever=employer, datum=day_label(local.date()), tijd=local.strftime("%H:%M")
                )
                return
        dispatcher.utter_message(response=f"utter_result_{status}", werkgever=employer)

    @staticmethod
    def _nothing_to_update(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        employer = target_employer(tracker)
        if employer is None:
            dispatcher.utter_message(response="utter_result_nothing_open")
            return
        # Offer to log it, carrying the result along so it is not lost.
        entities = {"employer": employer}
        if tracker.get_slot(STATUS):
            entities["application_status"] = tracker.get_slot(STATUS)
        dispatcher.utter_message(
            response="utter_result_no_match",
            werkgever=employer,
            log_payload="/log_application" + json.dumps(entities, ensure_ascii=False),
        )
