"""Rasa NLU component: crisis language makes the intent `distress`, whatever the classifier said.

Why in the NLU pipeline, after the FallbackClassifier, rather than in the
fallback action: every path then sees the same intent. The rule "distress
always gets support", the forms' interruption checks and the fallback all
read `distress` from the parse; a check in one action would leave the others
(a form that stores "ik zie het niet meer zitten" as "nee", a confident
out_of_scope) without it. The classifier's own reading stays in the parse
data under `distress_lexicon`, so a form can still tell a health complaint
from a crisis, and the once-per-episode rule (actions/handoff/distress.py) decides
whether the crisis text is given again.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.distress_lexicon import names_money_trouble, scan

DISTRESS_INTENT = "distress"
# Where the parse keeps what the lexicon found and what the classifier had said.
LEXICON_KEY = "distress_lexicon"
FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DistressLexiconClassifier(GraphComponent, IntentClassifier):
    """Sets the intent to `distress` when the curated lexicon finds crisis language.

    Without crisis language the classifier's distress is undone in two cases
    only: the crisis word is negated, or the message is about money trouble.
    """

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DistressLexiconClassifier":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            finding = scan(message.get(TEXT))
            classified = message.get(INTENT) or {}
            if finding.match is not None:
                message.set(LEXICON_KEY, {"match": finding.match, "classifier_intent": classified}, add_to_output=True)
                if classified.get("name") != DISTRESS_INTENT:
                    message.set(INTENT, {"name": DISTRESS_INTENT, "confidence": 1.0}, add_to_output=True)
            elif classified.get("name") == DISTRESS_INTENT and (finding.negated or names_money_trouble(message.get(TEXT))):
                # "nee, ik denk niet aan zelfmoord": the classifier saw the word, not the "niet";
                # "ik heb schulden": money trouble needs the debt path, not the crisis line.
                undone = {"negated": finding.negated} if finding.negated else {"money_trouble": True}
                message.set(LEXICON_KEY, {**undone, "classifier_intent": classified}, add_to_output=True)
                message.set(INTENT, _best_other_intent(message), add_to_output=True)
        return messages


def _best_other_intent(message: Message) -> Dict[Text, Any]:
    ranking = message.get(INTENT_RANKING_KEY) or []
    others = [r for r in ranking if r.get("name") not in (DISTRESS_INTENT, FALLBACK_INTENT)]
    if not others:
        return {"name": FALLBACK_INTENT, "confidence": 0.0}
    return {"name": others[0]["name"], "confidence": others[0]["confidence"]}
