"""Held-out intake sentences through the trained model: starting, asking about the form, stopping.

Answers to the questions themselves are read by actions/intake/parsing.py,
whatever intent they get (tests/unit/test_intake_parsing.py); here only the
intents that steer the dialogue are checked, with the model in a child
process as in test_heldout_applications.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.intake.form import leaves_form
from tests.nlu.test_heldout_applications import normalised, parse_with_model, report
from werkmaatje.settings import REPO_ROOT

HELDOUT = yaml.safe_load(Path(__file__).with_name("heldout_intake.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parses(tmp_path_factory):
    answers = [case["text"] for cases in HELDOUT["answers"].values() for case in cases]
    texts = [example["text"] for example in HELDOUT["intents"]] + answers
    return parse_with_model(texts, tmp_path_factory.mktemp("heldout_intake") / "parses.json")


def test_no_heldout_intent_sentence_is_in_the_training_data():
    from rasa.shared.nlu.training_data.loading import load_data

    training = {normalised(m.get("text")) for m in load_data(str(REPO_ROOT / "nlu" / "data")).intent_examples}
    assert [e["text"] for e in HELDOUT["intents"] if normalised(e["text"]) in training] == []


def test_intents_that_steer_the_intake(parses):
    examples = HELDOUT["intents"]
    misses = [
        f"{e['text']!r}: expected {e['intent']}, got {p['intent']['name']} ({p['intent']['confidence']:.2f})"
        for e, p in zip(examples, parses)
        if p["intent"]["name"] != e["intent"] and not (e["intent"] == "stop" and p["intent"]["name"] == "reminder_later")
    ]
    summary = report("intake intents", misses, len(examples))
    print(summary)
    assert 1 - len(misses) / len(examples) >= 0.9, summary


def test_answers_rarely_leave_the_form(parses):
    answers = [(key, case["text"]) for key, cases in HELDOUT["answers"].items() for case in cases]
    leaving = [
        f"{key}: {text!r} ({p['intent']['name']})"
        for (key, text), p in zip(answers, parses[len(HELDOUT["intents"]):])
        if leaves_form(p["intent"]["name"], key, text)
    ]
    summary = report("answers read as leaving the form", leaving, len(answers))
    print(summary)
    assert len(leaving) / len(answers) <= 0.03, summary
