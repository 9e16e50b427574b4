"""Wording the training messages the dispatcher sends: invitation, moved up, session cancelled, no-show.

Called from actions/reminders/scheduled.py's `_wording`; like the other kinds,
everything needed is in the row's payload, so no database read. The buttons
carry the edition id, so a tap days later still answers the right invitation
(payloads stay well under Telegram's 64 bytes; the bot keeps them server-side anyway).
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk.events import SlotSet

from dutch.wording import moment_facts, parse_iso

TRAINING_KINDS = ("training_invitation", "training_moved_up", "training_session_cancelled", "training_noshow")
# Kinds whose "ja" / "nee" in free text answers the invitation (actions/trainings/rsvp.py).
RSVP_KINDS = ("training_invitation", "training_moved_up")
NOSHOW_REASONS = ("ziek", "vergeten", "anders")


def edition_payload(intent: str, edition_id: Any) -> str:
    return f"/{intent}" + json.dumps({"training_edition": str(edition_id)}, separators=(",", ":"))


def noshow_payload(reason: str) -> str:
    return "/cannot_attend" + json.dumps({"training_reason": reason}, separators=(",", ":"))


def training_wording(kind: str, payload: Dict[str, Any], event_at, due_at, now, tz) -> Optional[Tuple[str, Dict[str, Any]]]:
    edition = payload.get("edition_id", "")
    if kind == "training_invitation":
        first = parse_iso(payload.get("eerste")) or event_at or due_at
        facts = {
            "titel": payload.get("titel", ""),
            "omschrijving": payload.get("omschrijving", ""),
            "sessies": payload.get("sessies", 1),
            "waar": payload.get("waar", ""),
            "meenemen": payload.get("meenemen", ""),
            "knop_ja": edition_payload("will_attend", edition),
            "knop_nee": edition_payload("training_decline", edition),
            "knop_vraag": edition_payload("training_question", edition),
            **moment_facts(first, now=now, timezone_name=tz),
        }
        return ("utter_training_invitation_mandatory" if payload.get("verplicht") else "utter_training_invitation"), facts
    if kind == "training_moved_up":
        facts = {
            "titel": payload.get("titel", ""),
            "waar": payload.get("waar", ""),
            "knop_ja": edition_payload("will_attend", edition),
            "knop_nee": edition_payload("training_decline", edition),
            **moment_facts(event_at or due_at, now=now, timezone_name=tz),
        }
        return "utter_training_moved_up", facts
    if kind == "training_session_cancelled":
        facts = {"titel": payload.get("titel", ""), **moment_facts(event_at or due_at, now=now, timezone_name=tz)}
        return "utter_training_session_cancelled", facts
    if kind == "training_noshow":
        buttons = {f"knop_{reason}": noshow_payload(reason) for reason in NOSHOW_REASONS}
        session_at = parse_iso(payload.get("sessie_at")) or due_at
        facts = {"titel": payload.get("titel", ""), **moment_facts(session_at, now=now, timezone_name=tz), **buttons}
        return "utter_training_noshow", facts
    return None


def training_slots(kind: str, payload: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Which edition a free-text "ja hoor ik kom" after this message is about (None for other kinds)."""
    edition = payload.get("edition_id") if kind in TRAINING_KINDS else None
    return [SlotSet("training_edition", str(edition) if edition is not None else None)]
