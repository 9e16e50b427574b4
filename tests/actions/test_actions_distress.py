"""Distress once per episode, money trouble on the debt path, "Bedoel je ...?" and the period asked for."""
from __future__ import annotations

from datetime import timedelta

import pytest
from rasa_sdk import Tracker

from actions.applications.overview import ActionShowApplications
from actions.conversation.greeting import ActionAnswerOutOfScope
from actions.privacy.consent import ActionRecordConsentGiven
from actions.helpers import utc_now
from actions.handoff.distress import distress_answered_this_episode
from actions.conversation.fallback import ActionHandleFallback, guesses, payload
from actions.handoff.requests import ActionDistress
from actions.intake.actions import ActionIntakeStart
from actions.intake.form import ValidateIntakeForm, leaves_form
from storage import applications, handoffs
from storage import intake as store
from storage.agreements import local_date
from storage.db import unit_of_work
from tests.actions.conftest import run_action, tracker_for
from werkmaatje.intake_questions import DEFAULT_ORDER

DISTRESS_GIVEN = [{"event": "session_started"}, {"event": "action", "name": "action_distress"}]
DEBTS = ("schulden", "ik heb schulden", "geldzorgen")


@pytest.fixture
def consenting_client(linked_client):
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    return linked_client


def _form_tracker(text, *, intent, events=()) -> Tracker:
    message = {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text}
    return Tracker("4242", {"requested_slot": "intake_answer"}, message, list(events), False, None,
                   {"name": "intake_form"}, "action_listen")


def _at_question(db, client_id, key):
    """An open intake whose next question is `key`: everything before it skipped."""
    run_action(ActionIntakeStart(), tracker_for(intent="intake_start"))
    with unit_of_work(db) as session:
        run = store.open_intake(session, client_id)
        for earlier in DEFAULT_ORDER[: DEFAULT_ORDER.index(key)]:
            store.record_answer(session, client_id, run.id, earlier, status="skipped", value=None, raw_text="-", now=utc_now())


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("text", DEBTS)
@pytest.mark.parametrize("key", ["gezondheid", "belemmeringen", "partner", "nodig"])
def test_debts_never_leave_a_question_for_the_crisis_answer(key, text):
    assert leaves_form("distress", key, text) is False


def test_crisis_words_still_leave_the_health_question():
    assert leaves_form("distress", "gezondheid", "schulden en ik zie geen uitweg meer") is True


@pytest.mark.parametrize("text", DEBTS)
def test_debts_as_the_health_answer_point_to_the_obstacles_question(db, consenting_client, text):
    _at_question(db, consenting_client, "gezondheid")
    names, _, events = run_action(ValidateIntakeForm(), _form_tracker(text, intent="distress"))
    assert names == ["utter_intake_debts_not_health"] and _slots(events) == {"intake_answer": None}
    with unit_of_work(db) as session:
        assert handoffs.handoffs_for_client(session, consenting_client) == []


def test_debts_as_the_obstacles_answer_are_stored(db, consenting_client):
    _at_question(db, consenting_client, "belemmeringen")
    names, _, _ = run_action(ValidateIntakeForm(), _form_tracker("ik heb schulden", intent="distress"))
    assert names == []
    with unit_of_work(db) as session:
        run = store.open_intake(session, consenting_client)
        assert store.current_answers(session, consenting_client, run.id)["belemmeringen"].value == ["schulden"]
        assert handoffs.handoffs_for_client(session, consenting_client) == []


@pytest.mark.parametrize("text", DEBTS)
def test_debts_as_a_free_message_get_the_debt_path(text):
    assert run_action(ActionAnswerOutOfScope(), tracker_for(intent="out_of_scope", text=text))[0] == ["utter_debts_help"]


def test_out_of_scope_otherwise():
    names = run_action(ActionAnswerOutOfScope(), tracker_for(intent="out_of_scope", text="wat eten we"))[0]
    assert names == ["utter_out_of_scope"]


def test_the_episode_starts_at_session_started():
    assert distress_answered_this_episode(tracker_for(events=DISTRESS_GIVEN)) is True
    assert distress_answered_this_episode(tracker_for(events=DISTRESS_GIVEN + [{"event": "session_started"}])) is False


def test_a_repeated_distress_message_raises_one_signal(db, linked_client):
    first = run_action(ActionDistress(), tracker_for(intent="distress", text="ik kan niet meer"))[0]
    again = run_action(ActionDistress(), tracker_for(intent="distress", text="echt niet meer", events=DISTRESS_GIVEN))[0]
    assert first == ["utter_distress_support", "utter_distress_flagged"]
    assert again == ["utter_distress_again"]
    # A new episode gets the whole answer again, but the open request still takes the message.
    run_action(ActionDistress(), tracker_for(intent="distress", text="nog steeds zwaar"))
    with unit_of_work(db) as session:
        [request] = handoffs.handoffs_for_client(session, linked_client)
        assert request.urgent and request.reason == "ik kan niet meer\necht niet meer\nnog steeds zwaar"
        request.status = "afgehandeld"
    run_action(ActionDistress(), tracker_for(intent="distress", text="het gaat weer mis"))
    with unit_of_work(db) as session:
        assert [h.reason for h in handoffs.handoffs_for_client(session, linked_client)][-1] == "het gaat weer mis"


def test_distress_in_the_intake_takes_the_skip_path_after_the_first_time(db, consenting_client):
    _at_question(db, consenting_client, "partner")
    first = run_action(ValidateIntakeForm(), _form_tracker("ik zie het niet meer zitten", intent="distress"))
    assert first[2] == []  # the form lets go: the rule gives the crisis answer
    run_action(ActionDistress(), tracker_for(intent="distress", text="ik zie het niet meer zitten"))
    names, _, events = run_action(
        ValidateIntakeForm(), _form_tracker("ik zie het echt niet meer zitten", intent="distress", events=DISTRESS_GIVEN)
    )
    assert names == [] and _slots(events) == {"intake_answer": None, "intake_failures": "partner:1"}
    with unit_of_work(db) as session:
        [request] = handoffs.handoffs_for_client(session, consenting_client)
        assert request.reason.endswith("ik zie het echt niet meer zitten")
        run = store.open_intake(session, consenting_client)
        assert "partner" not in store.current_answers(session, consenting_client, run.id)


RANKING = [
    {"name": "nlu_fallback", "confidence": 0.55},
    {"name": "ask_applications", "confidence": 0.41},
    {"name": "log_application", "confidence": 0.38},
    {"name": "greet", "confidence": 0.1},
]


def test_two_close_guesses_become_buttons_with_the_entities():
    assert guesses({"intent_ranking": RANKING}) == ["ask_applications", "log_application"]
    assert guesses({"intent_ranking": [RANKING[1], {"name": "log_application", "confidence": 0.1}]}) == ["ask_applications"]
    assert payload("log_application", [{"entity": "employer", "value": "jumbo"}]) == '/log_application{"employer": "jumbo"}'
    tracker = Tracker("4242", {}, {"intent": RANKING[0], "intent_ranking": RANKING, "text": "sollicitatie jumbo",
                                   "entities": [{"entity": "employer", "value": "jumbo"}]},
                      [{"event": "user", "parse_data": {"intent": RANKING[0]}}], False, None, {}, "action_listen")
    names, messages, _ = run_action(ActionHandleFallback(), tracker)
    assert names == ["utter_fallback_did_you_mean"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["Mijn sollicitaties bekijken", "Sollicitatie doorgeven", "Iets anders"]
    assert messages[0]["buttons"][1]["payload"] == '/log_application{"employer": "jumbo"}'


def test_this_month_is_counted_when_asked(db, consenting_client):
    today = local_date(utc_now(), "Europe/Amsterdam")
    with unit_of_work(db) as session:
        for day in (today, today.replace(day=1), today.replace(day=1) - timedelta(days=1)):
            applications.log_application(session, consenting_client, employer="Hema", position=None, channel="online",
                                         applied_on=day, now=utc_now())
    names, messages, _ = run_action(
        ActionShowApplications(), tracker_for(intent="ask_applications", text="hoeveel heb ik deze maand gesolliciteerd")
    )
    assert names == ["utter_applications_recent", "utter_applications_count_period"]
    expected = 2 if today.day > 1 else 1
    assert messages[1]["periode"] == "Deze maand" and messages[1]["aantal"] == expected
    assert messages[1]["van"] == today.replace(day=1).strftime("%d-%m-%Y") and messages[1]["tot"] == today.strftime("%d-%m-%Y")
