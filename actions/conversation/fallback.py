"""Not understood: first "Bedoel je ...?" with the model's closest guesses as buttons, then the ladder.

Rasa's two-stage fallback pattern, with buttons instead of a yes/no per
guess: people on a phone tap faster than they rephrase. A button repeats the
message's entities, so "bij de jumbo" is not lost when "Sollicitatie
doorgeven" is tapped.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from werkmaatje.texts import chat as texts

FALLBACK_INTENT = "nlu_fallback"
# First a question with buttons, then a plain second try, then a person.
FALLBACK_LADDER = ["utter_fallback_clarify", "utter_fallback_rephrase", "utter_fallback_offer_human"]
# A guess below this is no guess; a second guess must be at least this share of the first.
MIN_GUESS_CONFIDENCE = 0.15
CLOSE_SHARE = 0.5
MAX_GUESSES = 2


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many of the latest user messages in a row were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if (event.get("parse_data") or {}).get("intent", {}).get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count


def guesses(message: Dict[Text, Any]) -> List[str]:
    """The one or two intents the model thought closest, that a person can choose."""
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") in texts.FALLBACK_CHOICES]
    ranking = [r for r in ranking if r.get("confidence", 0) >= MIN_GUESS_CONFIDENCE][:MAX_GUESSES]
    if len(ranking) == 2 and ranking[1]["confidence"] < CLOSE_SHARE * ranking[0]["confidence"]:
        ranking = ranking[:1]
    return [r["name"] for r in ranking]


def payload(intent: str, entities: List[Dict[Text, Any]]) -> str:
    """"/log_application{"employer": "jumbo"}": the chosen intent with what the message said."""
    values: Dict[str, List[Any]] = {}
    for entity in entities:
        values.setdefault(entity["entity"], []).append(entity["value"])
    if not values:
        return f"/{intent}"
    flat = {name: found[0] if len(found) == 1 else found for name, found in values.items()}
    return f"/{intent}{json.dumps(flat, ensure_ascii=False)}"


class ActionHandleFallback(Action):
    """Ask "Bedoel je ...?" with the closest guesses; without guesses, or again, climb the ladder."""

    def name(self) -> Text:
        return "action_handle_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        step = min(max(consecutive_fallbacks(tracker), 1), len(FALLBACK_LADDER)) - 1
        message = tracker.latest_message or {}
        choices = guesses(message) if step == 0 else []
        if not choices:
            dispatcher.utter_message(response=FALLBACK_LADDER[step])
            return []
        entities = message.get("entities") or []
        buttons = [{"title": texts.FALLBACK_CHOICES[intent], "payload": payload(intent, entities)} for intent in choices]
        buttons.append({"title": texts.FALLBACK_SOMETHING_ELSE, "payload": "/ask_capabilities"})
        dispatcher.utter_message(response="utter_fallback_did_you_mean", buttons=buttons)
        return []
