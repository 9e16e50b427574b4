"""Held-out evaluation of the trained model on training phrasings it never saw (issue 6).

The sentences the e2e tests type are training examples; this measures how the
model does on new ones. Parsing reuses the applications test's child process.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.nlu.test_heldout_applications import normalised, parse_with_model, report
from werkmaatje.settings import REPO_ROOT

HELDOUT = Path(__file__).with_name("heldout_trainings.yml")
# Measured once on the committed model: 19/24 = 79%. Misses were "kan ik mn vca
# halen via jullie", "ik meld me af voor de training van vrijdag" (set_reminder),
# "ik heb nog een vraag over die cursus", "moet ik die training echt doen" and
# "ja hoor daar ben ik bij" (all nlu_fallback). Not tuned on these sentences; a
# floor below the measurement, so a model that gets worse fails.
MIN_INTENT_ACCURACY = 0.75


@pytest.fixture(scope="module")
def heldout() -> list:
    return yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["examples"]


def test_no_heldout_sentence_is_in_the_training_data(heldout):
    from rasa.shared.nlu.training_data.loading import load_data

    trained = {normalised(message.get("text")) for message in load_data(str(REPO_ROOT / "nlu" / "data")).intent_examples}
    leaked = [e["text"] for e in heldout if normalised(e["text"]) in trained]
    assert leaked == [], f"held-out sentences also in nlu/data: {leaked}"


def test_training_intents_on_heldout_phrasings(heldout, tmp_path):
    parses = parse_with_model([e["text"] for e in heldout], tmp_path / "parses.json")
    misses = [
        f"{e['text']!r}: expected {e['intent']}, got {p['intent']['name']}"
        for e, p in zip(heldout, parses)
        if p["intent"]["name"] != e["intent"]
    ]
    accuracy = (len(heldout) - len(misses)) / len(heldout)
    assert accuracy >= MIN_INTENT_ACCURACY, report("intent", misses, len(heldout))
