"""The client in control: cancel a reminder, no nudges, no weekend, a part of the day, pause."""
from __future__ import annotations

import json
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.helpers import database, linked_person, may_serve, utc_now
from dutch.wording import moment_facts
from actions.reminders.own import scheduled_line
from actions.helpers import as_id, latest_entities
from dutch.dates import FUTURE, resolve_date
from storage import scheduled
from storage.preferences import update_preferences
from werkmaatje.scheduling import NUDGE_KINDS
from werkmaatje.settings import get_settings

PARTS_OF_DAY = ("ochtend", "middag", "avond")


class ActionCancelReminder(Action):
    """"zet die van dinsdag uit": one match is cancelled, several get a button each."""

    def name(self) -> Text:
        return "action_cancel_reminder"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        now = utc_now()
        tz = get_settings().timezone
        text = (tracker.latest_message or {}).get("text") or ""
        chosen = as_id(latest_entities(tracker).get("scheduled_id"))
        with database() as session:
            person = linked_person(session, tracker)
            if not may_serve(dispatcher, person):
                return []
            upcoming = scheduled.upcoming_for_client(session, person.client_id)
            if chosen is not None:
                upcoming = [message for message in upcoming if message.id == chosen]
            else:
                day = resolve_date(text, reference=now, timezone=tz, bias=FUTURE)
                if day is not None:
                    upcoming = [m for m in upcoming if _local_day(m.due_at, tz) == day.day]
            if len(upcoming) == 1:
                message = upcoming[0]
                scheduled.cancel(session, message.id, reason="cliënt zette de herinnering uit")
                dispatcher.utter_message(
                    response="utter_reminder_cancelled", **moment_facts(message.due_at, now=now, timezone_name=tz)
                )
                return []
        if not upcoming:
            dispatcher.utter_message(response="utter_reminder_cancel_none")
            return []
        buttons = [
            {"title": scheduled_line(message, now).lstrip("• "), "payload": _cancel_payload(message.id)}
            for message in upcoming[:8]
        ]
        dispatcher.utter_message(response="utter_reminder_cancel_which", buttons=buttons)
        return []


def _cancel_payload(message_id: int) -> str:
    return "/cancel_reminder" + json.dumps({"scheduled_id": str(message_id)})


def _local_day(moment, tz: str):
    return moment.astimezone(ZoneInfo(tz)).date()


class PreferenceAction(Action, ABC):
    """Store one wish for a linked client who gave consent, then confirm it."""

    response = ""

    @abstractmethod
    def changes(self, tracker: Tracker) -> Optional[Dict[str, Any]]:
        """The preferences to change; None if the message did not say enough."""

    def after(self, session, client_id: str) -> None:
        """Anything else the wish means for messages already planned."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        changes = self.changes(tracker)
        with database() as session:
            person = linked_person(session, tracker)
            if not may_serve(dispatcher, person):
                return []
            if changes is None:
                dispatcher.utter_message(response="utter_ask_part_of_day")
                return []
            update_preferences(session, person.client_id, now=utc_now(), **changes)
            self.after(session, person.client_id)
        dispatcher.utter_message(response=self.response, **{k: v for k, v in changes.items() if isinstance(v, str)})
        return []


class ActionNudgesOff(PreferenceAction):
    response = "utter_nudges_off"

    def name(self) -> Text:
        return "action_nudges_off"

    def changes(self, tracker):
        return {"nudges_off": True}

    def after(self, session, client_id: str) -> None:
        scheduled.cancel_pending(session, client_id, kinds=NUDGE_KINDS, reason="cliënt wil geen herinneringen van de bot")


class ActionNudgesOn(PreferenceAction):
    response = "utter_nudges_on"

    def name(self) -> Text:
        return "action_nudges_on"

    def changes(self, tracker):
        return {"nudges_off": False}


class ActionNoWeekend(PreferenceAction):
    response = "utter_no_weekend_ok"

    def name(self) -> Text:
        return "action_no_weekend"

    def changes(self, tracker):
        return {"no_weekend": True}


class ActionPreferPartOfDay(PreferenceAction):
    response = "utter_part_of_day_ok"

    def name(self) -> Text:
        return "action_prefer_part_of_day"

    def changes(self, tracker):
        part = str(latest_entities(tracker).get("part_of_day") or "").lower()
        return {"part_of_day": part} if part in PARTS_OF_DAY else None


class ActionPauseMessages(PreferenceAction):
    """/stop: nothing from the bot's side until /start; nothing planned is lost."""

    response = "utter_messages_paused"

    def name(self) -> Text:
        return "action_pause_messages"

    def changes(self, tracker):
        return {"paused_since": utc_now()}
