"""A new conversation session that goes on where the person was.

Rasa starts a new session after a quiet pause (`session_minutes`), and from
then on loads and sends only that session's events, so a message costs the
same after a year as on the first day. Rasa's own session start keeps the
slots but drops the rest: a form in progress and the last question asked.
Here the new session also gets

- the active form (with `requested_slot` among the slots), so an intake,
  an application card or a handoff reason resumes at the question asked;
- the last action before the pause, so rules that wait for an answer to it
  (consent "Akkoord", an erasure "Ja, wissen", a reminder's "Later") still
  match the answer that comes hours later.

Only action events are repeated, never what was said: the portal's chat
view reads the spoken lines of every session, and nothing appears twice.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

ACTION_LISTEN = "action_listen"
SESSION_START = "action_session_start"
# Set by Rasa itself at every session start; carrying it over would only repeat it.
NOT_CARRIED_SLOTS = frozenset({"session_started_metadata"})


class ActionSessionStart(Action):
    """Open the new session with the slots, the active form and the last action of the old one."""

    def name(self) -> Text:
        return SESSION_START

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        return carried_over_events(tracker)


def carried_over_events(tracker: Tracker) -> List[Dict]:
    events: List[Dict] = [SessionStarted()]
    events += [
        SlotSet(name, value)
        for name, value in tracker.current_slot_values().items()
        if value is not None and name not in NOT_CARRIED_SLOTS
    ]
    active_loop = (tracker.active_loop or {}).get("name")
    if active_loop:
        events.append(ActiveLoop(active_loop))
    last_action = last_action_before_listening(tracker.events)
    if last_action:
        events.append(ActionExecuted(last_action))
    events.append(ActionExecuted(ACTION_LISTEN))
    return events


def last_action_before_listening(events: List[Dict]) -> Optional[str]:
    """The name of the last action the bot ran before it waited for the person, if any."""
    for event in reversed(events):
        if event.get("event") != "action":
            continue
        name = event.get("name")
        if name == SESSION_START:
            return None
        if name and name != ACTION_LISTEN:
            return name
    return None
