"""The blind everyday set (heldout_everyday.yml): every typed intent as people write it, through the trained model.

Written by someone who had not read nlu/data; a miss is fixed by other
phrasings of that kind in nlu/data, never by the held-out sentence itself.
The shortest sentences ("hoi", "ja", "mijn sollicitaties") were in nlu/data
already before the set was written; they prove nothing about new phrasings,
so only the sentences the model never saw are scored.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.nlu.test_heldout_applications import entity_misses, intent_misses, normalised, parse_with_model, report
from werkmaatje.settings import REPO_ROOT

HELDOUT = yaml.safe_load(Path(__file__).with_name("heldout_everyday.yml").read_text(encoding="utf-8"))["examples"]
MIN_PER_INTENT = 10


def training_sentences() -> set:
    from rasa.shared.nlu.training_data.loading import load_data

    return {normalised(m.get("text")) for m in load_data(str(REPO_ROOT / "nlu" / "data")).intent_examples}


@pytest.fixture(scope="module")
def unseen():
    known = training_sentences()
    return [e for e in HELDOUT if normalised(e["text"]) not in known]


@pytest.fixture(scope="module")
def parses(unseen, tmp_path_factory):
    return parse_with_model([e["text"] for e in unseen], tmp_path_factory.mktemp("heldout_everyday") / "parses.json")


def test_the_set_is_large_and_covers_every_intent_ten_times():
    assert len(HELDOUT) >= 300
    thin = {intent: n for intent, n in Counter(e["intent"] for e in HELDOUT).items() if n < MIN_PER_INTENT}
    assert thin == {}
    texts = [normalised(e["text"]) for e in HELDOUT]
    assert len(texts) == len(set(texts)), "a held-out sentence is listed twice"


def test_at_least_300_sentences_are_new_to_the_model(unseen):
    assert len(unseen) >= 300


def test_intent_accuracy_at_least_95_percent(unseen, parses):
    misses = intent_misses(unseen, parses)
    summary = report("everyday intents", misses, len(unseen))
    print(summary)
    assert 1 - len(misses) / len(unseen) >= 0.95, summary


@pytest.mark.parametrize("entity", ["employer", "position"])
def test_employer_and_position_at_least_90_percent(unseen, parses, entity):
    misses = entity_misses(unseen, parses, entity)
    summary = report(entity, misses, len(unseen))
    print(summary)
    assert 1 - len(misses) / len(unseen) >= 0.90, summary
