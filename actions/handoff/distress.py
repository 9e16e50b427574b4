"""Distress once per conversation episode: the crisis text the first time, one open signal for the klantmanager.

An episode is a Rasa session: everything since the last `session_started`.
Sending the full 113 text again on every sad message in one conversation
reads as a machine, and raising a new urgent request each time buries the
klantmanager's inbox in copies of one worry; instead the later messages are
added to the request that is still open.
"""
from __future__ import annotations

from datetime import datetime

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from storage import handoffs
from storage.models import HandoffRequest

DISTRESS_ACTION = "action_distress"
# A reason is for a klantmanager to read, not an archive of a whole rant.
MAX_REASON_CHARS = 2000


def distress_answered_this_episode(tracker: Tracker) -> bool:
    """Whether the distress answer was already given in this conversation episode."""
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started":
            return False
        if kind == "action" and event.get("name") == DISTRESS_ACTION:
            return True
    return False


def record_distress(session: Session, client_id: str, message: str, now: datetime) -> HandoffRequest:
    """Add the message to the client's open distress request, or raise a new urgent one."""
    reason = message[:MAX_REASON_CHARS]
    handoff = handoffs.add_to_open_distress(session, client_id, reason=reason, now=now)
    if handoff is None:
        # Stored even without consent: a person's safety (AVG art. 6.1.d,
        # vital interest) weighs more than not storing this one flag.
        handoff = handoffs.create_handoff(session, client_id, kind="distress", reason=reason, urgent=True, now=now)
    return handoff
