"""Own reminders: "herinner me morgen om 10 uur aan mijn gesprek bij jumbo".

The moment is read with a future bias (dutch.dates) and moved out of quiet
hours when needed; the bot then says when it will really send it.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.helpers import Person, database, latest_intent, linked_person, may_serve, quiet_rules, utc_now
from dutch.wording import moment_facts, parse_iso
from dutch.dates import FUTURE, resolve_date
from storage import scheduled
from werkmaatje.texts import chat as texts
from werkmaatje.scheduling import local_moment, next_allowed
from werkmaatje.settings import get_settings

# "herinner me vrijdag aan ..." names no time: the morning, when most people can act on it.
DEFAULT_CLOCK = time(10, 0)
# Enough for "mijn cv sturen naar de hema", not for a letter.
MAX_SUBJECT_CHARS = 200
# A reminder for the next minute is a mistake, not a plan.
SOONEST = timedelta(minutes=1)

_ASKING = re.compile(
    r"^(?:(?:kun|kan|wil|zou)\s*(?:je|u|jij)\s*)?(?:me|mij)?\s*(?:ff|even|aub|pls)?\s*"
    r"(?:herinner(?:en|ing)?|herinder|stuur\s+(?:me|mij)\s+(?:een\s+)?(?:berichtje|bericht|seintje)"
    r"|zet\s+(?:een\s+)?herinnering|geef\s+(?:me|mij)\s+(?:een\s+)?seintje)\s*(?:me|mij)?\s*(?:ff|even)?\s*"
)
_LINKING_WORD = re.compile(r"^(?:voor|op|om|aan|dat|over|eraan\s+dat|eraan|,|:|-)(?:\s+|$)")


def reminder_subject(text: str, time_words: str = "") -> str:
    """What to remind of: the message without the request and the time words."""
    subject = " ".join(text.lower().split())
    if time_words:
        subject = subject.replace(time_words.lower(), " ")
    subject = _ASKING.sub("", " ".join(subject.split()))
    for _ in range(3):  # "aan dat ..." and similar stacks
        subject = _LINKING_WORD.sub("", subject.strip())
    subject = subject.strip(" ,.!?:;-")
    return subject[:MAX_SUBJECT_CHARS]


def reminder_moment(text: str, *, now: datetime, timezone_name: str) -> Optional[datetime]:
    """The moment asked for (future bias), or None if no day or time was said."""
    resolved = resolve_date(text, reference=now, timezone=timezone_name, bias=FUTURE)
    if resolved is None:
        return None
    if resolved.moment is not None:
        return resolved.moment
    return local_moment(resolved.day, DEFAULT_CLOCK, timezone_name)


def _time_words(text: str, now: datetime) -> str:
    resolved = resolve_date(text, reference=now, timezone=get_settings().timezone, bias=FUTURE)
    return resolved.text if resolved else ""


class ValidateReminderForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_reminder_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        with database() as session:
            person = linked_person(session, tracker)
        return domain_slots if person is not None and person.consent_given else []

    async def extract_reminder_about(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = (tracker.latest_message or {}).get("text") or ""
        if latest_intent(tracker) == "set_reminder" and not tracker.get_slot("requested_slot"):
            subject = reminder_subject(text, _time_words(text, utc_now()))
            return {"reminder_about": subject or None}
        if tracker.get_slot("requested_slot") == "reminder_about" and not text.startswith("/"):
            return {"reminder_about": text.strip()[:MAX_SUBJECT_CHARS] or None}
        return {}

    async def extract_reminder_due(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = (tracker.latest_message or {}).get("text") or ""
        first_turn = latest_intent(tracker) == "set_reminder" and not tracker.get_slot("requested_slot")
        if not first_turn and tracker.get_slot("requested_slot") != "reminder_due":
            return {}
        moment = reminder_moment(text, now=utc_now(), timezone_name=get_settings().timezone)
        if moment is None:
            return {} if first_turn else {"reminder_due": "?"}
        return {"reminder_due": moment.isoformat()}

    def validate_reminder_due(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        moment = parse_iso(value)
        if moment is None:
            dispatcher.utter_message(response="utter_reminder_time_unknown")
            return {"reminder_due": None}
        if moment < utc_now() + SOONEST:
            dispatcher.utter_message(response="utter_reminder_time_past")
            return {"reminder_due": None}
        return {"reminder_due": value}


class ActionSaveReminder(Action):
    def name(self) -> Text:
        return "action_save_reminder"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        clear = [SlotSet("reminder_about", None), SlotSet("reminder_due", None)]
        asked_for = parse_iso(tracker.get_slot("reminder_due"))
        about = tracker.get_slot("reminder_about")
        now = utc_now()
        with database() as session:
            person = linked_person(session, tracker)
            if not may_serve(dispatcher, person) or asked_for is None or not about:
                return clear
            send_at = save_own_reminder(session, person, about=about, asked_for=asked_for, now=now)
        facts = moment_facts(send_at, now=now, timezone_name=get_settings().timezone)
        dispatcher.utter_message(response="utter_reminder_set" if send_at == asked_for else "utter_reminder_set_moved", **facts)
        return clear


class ActionPlanReminder(Action):
    """"Ja, herinner me" after "ik ga morgen solliciteren bij lidl": a reminder that morning."""

    def name(self) -> Text:
        return "action_plan_reminder"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        entities = {e.get("entity"): e.get("value") for e in (tracker.latest_message or {}).get("entities") or []}
        employer = str(entities.get("employer") or "").strip()[:MAX_SUBJECT_CHARS]
        about = (
            texts.PLANNED_APPLICATION_ABOUT.format(werkgever=employer)
            if employer
            else texts.PLANNED_APPLICATION_ABOUT_NO_EMPLOYER
        )
        now = utc_now()
        tz = get_settings().timezone
        asked_for = _planned_morning(entities.get("time"), now, tz)
        with database() as session:
            person = linked_person(session, tracker)
            if not may_serve(dispatcher, person):
                return []
            send_at = save_own_reminder(session, person, about=about, asked_for=asked_for, now=now)
        facts = moment_facts(send_at, now=now, timezone_name=tz)
        dispatcher.utter_message(response="utter_reminder_set" if send_at == asked_for else "utter_reminder_set_moved", **facts)
        return []


def _planned_morning(day_text: Optional[str], now: datetime, tz: str) -> datetime:
    """The planned day at the default time; tomorrow when no day was said."""
    try:
        day = date.fromisoformat(str(day_text))
    except ValueError:
        day = now.astimezone(ZoneInfo(tz)).date() + timedelta(days=1)
    moment = local_moment(day, DEFAULT_CLOCK, tz)
    # "vandaag" after ten: an hour from now.
    return moment if moment >= now + SOONEST else now + timedelta(hours=1)


def save_own_reminder(session, person: Person, *, about: str, asked_for: datetime, now: datetime) -> datetime:
    """Store an own reminder, moved out of quiet hours; returns when it will really be sent."""
    send_at = next_allowed(asked_for, quiet_rules(session, person, "own_reminder"))
    scheduled.schedule_message(
        session,
        client_id=person.client_id,
        kind="own_reminder",
        due_at=send_at,
        now=now,
        # The moment asked for: if quiet hours or an outage delay it, the message says so.
        event_at=asked_for,
        payload={"about": about},
    )
    return send_at


class ActionListReminders(Action):
    def name(self) -> Text:
        return "action_list_reminders"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        now = utc_now()
        with database() as session:
            person = linked_person(session, tracker)
            if not may_serve(dispatcher, person):
                return []
            upcoming = scheduled.upcoming_for_client(session, person.client_id)
        if not upcoming:
            dispatcher.utter_message(response="utter_reminders_none")
            return []
        lines = [scheduled_line(message, now) for message in upcoming]
        dispatcher.utter_message(response="utter_reminders_list", lijst="\n".join(lines))
        return []


def scheduled_line(message, now: datetime) -> str:
    """"• morgen, 10:00: mijn gesprek bij jumbo" for lists and buttons."""
    payload = scheduled.payload_of(message)
    label = texts.SCHEDULED_LABELS.get(message.kind, texts.SCHEDULED_LABEL_FALLBACK)
    try:
        what = label.format(**payload)
    except KeyError:
        what = texts.SCHEDULED_LABEL_FALLBACK
    facts = moment_facts(message.due_at, now=now, timezone_name=get_settings().timezone)
    return texts.SCHEDULED_LINE.format(wat=what, **facts)


