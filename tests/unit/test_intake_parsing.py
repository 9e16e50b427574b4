"""Free-text intake answers: every question's parser on held-out phrasings, and the markers around them."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from actions.intake.parsing import (
    correction_target,
    is_correction,
    merge_certificates,
    normalise,
    read_answer,
    strip_correction,
)
from werkmaatje.intake_questions import DEFAULT_ORDER, QUESTIONS

HELDOUT = yaml.safe_load((Path(__file__).parents[1] / "nlu" / "heldout_intake.yml").read_text(encoding="utf-8"))
TODAY = date.fromisoformat(HELDOUT["today"])
KINDS = ("unknown", "skipped", "personal", "not_understood")
CASES = [(key, case["text"], case["expect"]) for key, cases in HELDOUT["answers"].items() for case in cases]


def _comparable(value):
    return sorted(value) if isinstance(value, list) else value


def test_every_question_has_at_least_five_held_out_phrasings():
    counts = {key: len(HELDOUT["answers"].get(key, [])) for key in DEFAULT_ORDER}
    assert set(HELDOUT["answers"]) == set(QUESTIONS)
    assert min(counts.values()) >= 5, counts


def test_no_held_out_answer_is_in_the_training_data():
    from rasa.shared.nlu.training_data.loading import load_data

    training = {normalise(m.get("text")) for m in load_data("nlu/data").intent_examples}
    leaked = [text for _, text, _ in CASES if normalise(text) in training]
    # Short words like "ja", "nee" and "geen" are trained as affirm/deny; the parsers must read them too.
    assert [t for t in leaked if len(t.split()) > 2] == []


@pytest.mark.parametrize("key,text,expect", CASES, ids=[f"{k}:{t}" for k, t, _ in CASES])
def test_held_out_answer(key, text, expect):
    reading = read_answer(key, text, today=TODAY)
    if expect in KINDS:
        assert reading.kind == expect, reading
    else:
        assert reading.kind == "answered", reading
        assert _comparable(reading.value) == _comparable(expect)


def test_button_values_are_read_as_themselves():
    for key, question in QUESTIONS.items():
        for choice in question.choices:
            reading = read_answer(key, choice.replace("_", " "), today=TODAY)
            assert reading.kind == "answered", (key, choice)


@pytest.mark.parametrize(
    "text", ["nee wacht, ik heb wel een rijbewijs", "oh wacht ik heb toch wel een rijbewijs", "ik bedoel: ik heb wel een rijbewijs"]
)
def test_a_correction_names_its_earlier_question(text):
    assert is_correction(text)
    assert correction_target(text, ["leeftijd", "certificaten"]) == "certificaten"
    corrected = read_answer("certificaten", strip_correction(text), today=TODAY)
    assert merge_certificates(["geen"], text, corrected.value) == ["rijbewijs"]


def test_a_correction_adds_to_and_takes_from_what_was_said():
    assert merge_certificates(["vca"], "nee wacht ik heb wel een rijbewijs", ["rijbewijs"]) == ["vca", "rijbewijs"]
    assert merge_certificates(["vca", "rijbewijs"], "sorry, ik heb geen vca", ["geen"]) == ["rijbewijs"]


def test_plain_answers_are_not_corrections():
    for text in ("nee", "nee nooit", "ik ben 34", "wacht even"):
        assert not is_correction(text) or correction_target(text, ["certificaten"]) is None


def test_a_correction_of_a_question_not_yet_answered_is_not_a_target():
    assert correction_target("nee wacht ik ben 45", ["certificaten"]) is None
    assert correction_target("nee wacht ik ben 45", ["leeftijd"]) == "leeftijd"
    assert read_answer("leeftijd", strip_correction("nee wacht ik ben 45"), today=TODAY).value == "45-54"


def test_odd_input_is_never_an_error():
    for text in ("", "   ", "😀😀", "<script>alert(1)</script>", "'; drop table intakes;--", "x" * 5000):
        for key in QUESTIONS:
            assert read_answer(key, text, today=TODAY).kind in ("answered", *KINDS)
