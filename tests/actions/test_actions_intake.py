"""The intake actions against a real SQLite database, with trackers built the way Rasa sends them."""
from __future__ import annotations

import pytest
import yaml
from rasa_sdk import Tracker

from actions.privacy.consent import ActionRecordConsentGiven
from actions.intake.actions import ActionIntakeConfirm, ActionIntakeStart, ActionIntakeStop
from actions.intake.form import ActionAskIntakeAnswer, ValidateIntakeForm
from storage import intake as store
from storage import scheduled
from storage.db import unit_of_work
from tests.actions.conftest import run_action, tracker_for
from werkmaatje.intake_questions import QUESTIONS
from werkmaatje.intake_summary import GROUPS
from werkmaatje.settings import REPO_ROOT

DOMAIN = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))


def _answer_tracker(text, *, intent="nlu_fallback", slots=None, value=None) -> Tracker:
    entities = [{"entity": "intake_value", "value": value}] if value is not None else []
    message = {"intent": {"name": intent, "confidence": 1.0}, "entities": entities, "text": text}
    return Tracker("4242", {"requested_slot": "intake_answer", **(slots or {})}, message, [], False, None,
                   {"name": "intake_form"}, "action_listen")


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture
def consenting_client(linked_client):
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    return linked_client


def test_every_question_and_topic_has_its_dutch_responses():
    responses = DOMAIN["responses"]
    for key in QUESTIONS:
        [ask] = responses[f"utter_intake_q_{key}"]
        assert ask["text"].startswith("Vraag {nummer} van {totaal}\n")
        assert "\n\n" not in ask["text"]  # one Telegram message
        assert f"utter_intake_example_{key}" in responses
    for group in GROUPS:
        assert f"utter_intake_why_{group}" in responses


def test_no_intake_without_consent(linked_client):
    names, _, events = run_action(ActionIntakeStart(), tracker_for(intent="intake_start"))
    assert names == ["utter_consent_needed"]
    assert _slots(events)["intake_answer"] == "geen_intake"  # the form ends at once


def test_answers_are_stored_and_a_required_question_is_not_skipped_at_once(consenting_client, db):
    names, messages, _ = run_action(ActionIntakeStart(), tracker_for(intent="intake_start"))
    assert names == ["utter_intake_intro"] and messages[0]["totaal"] == 26
    names, messages, _ = run_action(ActionAskIntakeAnswer(), _answer_tracker(""))
    assert names == ["utter_intake_q_leeftijd"] and (messages[0]["nummer"], messages[0]["totaal"]) == (1, 26)

    _, _, events = run_action(ValidateIntakeForm(), _answer_tracker("sla over", intent="skip"))
    assert _slots(events) == {"intake_answer": None, "intake_failures": "leeftijd:1"}
    _, _, events = run_action(ValidateIntakeForm(), _answer_tracker("58", slots={"intake_failures": "leeftijd:1"}))
    assert _slots(events) == {"intake_failures": None, "intake_answer": None}

    with unit_of_work(db) as session:
        run = store.open_intake(session, consenting_client)
        assert store.current_answers(session, consenting_client, run.id)["leeftijd"].value == "55+"
        [reminder] = scheduled.upcoming_for_client(session, consenting_client, kinds=["intake_unfinished"])
        assert reminder.dedupe_key == f"intake:{run.id}"


def test_two_misses_explain_and_then_a_skip_is_allowed(consenting_client, db):
    run_action(ActionIntakeStart(), tracker_for(intent="intake_start"))
    names, _, _ = run_action(ActionAskIntakeAnswer(), _answer_tracker("", slots={"intake_failures": "leeftijd:1"}))
    assert names == ["utter_intake_example_leeftijd", "utter_intake_q_leeftijd"]
    names, _, _ = run_action(ActionAskIntakeAnswer(), _answer_tracker("", slots={"intake_failures": "leeftijd:2"}))
    assert names == ["utter_intake_why_situatie", "utter_intake_offer_skip"]
    _, _, events = run_action(ValidateIntakeForm(), _answer_tracker("sla over", slots={"intake_failures": "leeftijd:2"}))
    assert _slots(events)["intake_answer"] is None
    with unit_of_work(db) as session:
        run = store.open_intake(session, consenting_client)
        assert store.current_answers(session, consenting_client, run.id)["leeftijd"].status == "skipped"


def test_a_button_value_and_a_stop_and_no_children_means_no_childcare_question(consenting_client, db):
    run_action(ActionIntakeStart(), tracker_for(intent="intake_start"))
    for text, value in (("/intake_choice", "27-44"), ("/intake_choice", "bijstand"), ("2 jaar", None),
                        ("nee", None), ("nee", None), ("geen kinderen", None)):
        _, _, events = run_action(ValidateIntakeForm(), _answer_tracker(text, intent="intake_choice" if value else "deny", value=value))
        assert _slots(events)["intake_answer"] is None
    names, messages, _ = run_action(ActionAskIntakeAnswer(), _answer_tracker(""))
    assert names == ["utter_intake_q_mantelzorg"] and messages[0]["nummer"] == 8
    # A stop leaves the form for the rule; nothing is stored from it.
    _, _, events = run_action(ValidateIntakeForm(), _answer_tracker("ik stop even", intent="stop"))
    assert events == []
    names, _, _ = run_action(ActionIntakeStop(), tracker_for(intent="stop"))
    assert names == ["utter_intake_stopped"]
    with unit_of_work(db) as session:
        run = store.open_intake(session, consenting_client)
        answers = store.current_answers(session, consenting_client, run.id)
        assert run.status == "stopped" and answers["kinderopvang"].value == "not_asked"
        assert answers["uitkering"].value == "bijstand" and answers["uitkering"].raw_text == "/intake_choice"


def test_confirm_before_the_end_stores_nothing(consenting_client, db):
    run_action(ActionIntakeStart(), tracker_for(intent="intake_start"))
    names, _, _ = run_action(ActionIntakeConfirm(), tracker_for(intent="intake_confirm"))
    assert names == ["utter_intake_nothing_to_confirm"]
    with unit_of_work(db) as session:
        assert store.latest_finished_intake(session, consenting_client) is None


@pytest.mark.parametrize(
    "intent,key,text,leaves",
    [
        ("stop", "opleiding", "mbo niveau 3 maar gestopt", False),
        ("stop", "opleiding", "ik stop even", True),
        ("reminder_later", "wens_uren", "een paar uurtjes", False),
        ("reminder_later", "partner", "later", True),
        ("distress", "gezondheid", "ik heb depressie", False),
        ("distress", "gezondheid", "ik wil niet meer leven", True),
        ("distress", "partner", "ik zie het niet meer zitten", True),  # never stored as "nee"
        ("request_handoff", "nodig", "ik wil mijn klantmanager spreken", True),
        ("affirm", "partner", "ja", False),
    ],
)
def test_which_messages_leave_the_form(intent, key, text, leaves):
    from actions.intake.form import leaves_form

    assert leaves_form(intent, key, text) is leaves
