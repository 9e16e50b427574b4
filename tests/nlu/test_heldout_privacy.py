"""Held-out evaluation of the trained model on data-rights phrasings it never saw (issue 8).

Parsing reuses the applications test's child process.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.nlu.test_heldout_applications import normalised, parse_with_model, report
from werkmaatje.settings import REPO_ROOT

HELDOUT = Path(__file__).with_name("heldout_privacy.yml")
PRIVACY_INTENTS = {"ask_my_data", "request_data_export", "request_erasure", "withdraw_consent", "ask_who_viewed"}
# Measured once on the committed model: 23/28 = 82%. Misses were "wat staat er
# allemaal over mij", "laat mn gegevens zien", "ik wil niet meer dat jullie mijn
# gegevens gebruiken", "ik wil mij afmelden" and "wie heeft mijn gegevens ingezien"
# (all nlu_fallback). Not tuned on these sentences; a floor just below the measurement.
MIN_INTENT_ACCURACY = 0.80


@pytest.fixture(scope="module")
def heldout() -> list:
    return yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["examples"]


def test_every_new_intent_has_heldout_phrasings(heldout):
    per_intent = {intent: sum(1 for e in heldout if e["intent"] == intent) for intent in PRIVACY_INTENTS}
    assert min(per_intent.values()) >= 5, per_intent


def test_no_heldout_sentence_is_in_the_training_data(heldout):
    from rasa.shared.nlu.training_data.loading import load_data

    trained = {normalised(message.get("text")) for message in load_data(str(REPO_ROOT / "nlu" / "data")).intent_examples}
    leaked = [e["text"] for e in heldout if normalised(e["text"]) in trained]
    assert leaked == [], f"held-out sentences also in nlu/data: {leaked}"


def test_privacy_intents_on_heldout_phrasings(heldout, tmp_path):
    parses = parse_with_model([e["text"] for e in heldout], tmp_path / "parses.json")
    misses = [
        f"{e['text']!r}: expected {e['intent']}, got {p['intent']['name']}"
        for e, p in zip(heldout, parses)
        if p["intent"]["name"] != e["intent"]
    ]
    accuracy = (len(heldout) - len(misses)) / len(heldout)
    print(report("intent", misses, len(heldout)))
    assert accuracy >= MIN_INTENT_ACCURACY, report("intent", misses, len(heldout))
