"""The application actions against a real SQLite database, with trackers built the way Rasa sends them."""
from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.applications.edit import ActionDeleteApplication, ValidateApplicationDeleteForm, ValidateApplicationEditForm
from actions.applications.log import ActionSaveApplication, ValidateApplicationForm
from actions.applications.overview import ActionShowApplications
from actions.applications.pick import ActionAskApplicationTarget
from actions.applications.plan import ActionPlanApplication
from actions.applications.results import ActionSaveApplicationResult, ValidateApplicationResultForm
from actions.privacy.consent import ActionRecordConsentGiven
from actions.helpers import utc_now
from storage import agreements, applications
from storage.db import unit_of_work
from tests.actions.conftest import run_action, tracker_for
from werkmaatje.settings import REPO_ROOT

DOMAIN = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def consenting_client(linked_client):
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    return linked_client


def _entities(**named):
    found = []
    for entity, values in named.items():
        for value in values if isinstance(values, list) else [values]:
            found.append({"entity": entity, "value": value, "start": len(found)})
    return found


def _tracker(intent, text, *, slots=None, form=None, **entities) -> Tracker:
    message = {"intent": {"name": intent, "confidence": 1.0}, "entities": _entities(**entities), "text": text}
    events = [{"event": "user", "text": text, "parse_data": message}]
    return Tracker("4242", dict(slots or {}), message, events, False, None, {"name": form} if form else {}, "action_listen")


def _validate(action, tracker):
    """Run a form's validation action; slots it set, with requested_slot as Rasa's form would pick it."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    slots = {}
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    if "requested_slot" not in slots:
        # The SDK leaves the next question to Rasa when the domain's order applies.
        merged = {**tracker.slots, **slots}
        required = DOMAIN["forms"][action.form_name()]["required_slots"]
        slots["requested_slot"] = next((slot for slot in required if merged.get(slot) is None), None)
    return slots, dispatcher.messages


def _log(client_id, employer, day, status=None):
    with unit_of_work(_db()) as session:
        logged = applications.log_application(
            session, client_id, employer=employer, position=None, channel="online", applied_on=day, now=utc_now()
        )
        if status:
            applications.set_status(session, client_id, logged.id, status, now=utc_now())
        return logged.id


def _db():
    from storage.db import cached_session_factory
    from werkmaatje.settings import get_settings

    return cached_session_factory(get_settings().database_url)


def test_one_sentence_fills_employer_position_and_a_past_date(consenting_client):
    text = "ik heb gisteren bij de jumbo gesolliciteerd als vakkenvuller"
    slots, _ = _validate(
        ValidateApplicationForm(), _tracker("log_application", text, employer="jumbo", position="vakkenvuller")
    )
    yesterday = (utc_now() - timedelta(days=1)).date()
    assert slots["application_employers"] == ["Jumbo"]
    assert slots["application_position"] == "vakkenvuller"
    assert date.fromisoformat(slots["application_date"]) in {yesterday, yesterday + timedelta(days=1)}
    assert slots["application_initial_status"] == "verstuurd"
    assert slots["requested_slot"] == "application_channel"


def test_two_employers_in_one_message(consenting_client):
    slots, _ = _validate(
        ValidateApplicationForm(), _tracker("log_application", "bij lidl en bij aldi", employer=["lidl", "aldi"])
    )
    assert slots["application_employers"] == ["Lidl", "Aldi"]
    assert slots["requested_slot"] == "application_position"


def test_no_employer_asks_for_it_and_a_rant_is_asked_again(consenting_client):
    slots, _ = _validate(ValidateApplicationForm(), _tracker("log_application", "ik heb bij gesolliciteerd"))
    assert slots["requested_slot"] == "application_employers"
    rant = "ze hebben me nooit teruggebeld en ik snap echt niet waarom dat zo moet " * 8
    slots, _ = _validate(
        ValidateApplicationForm(),
        _tracker("nlu_fallback", rant, slots={"requested_slot": "application_employers", "application_initial_status": "verstuurd"}, form="application_form"),
    )
    assert slots["application_employers"] is None
    assert slots["application_problem"] == "application_employers:rant"
    assert slots["requested_slot"] == "application_employers"


def test_a_future_date_is_questioned_not_stored(consenting_client):
    asked = {"requested_slot": "application_date", "application_initial_status": "verstuurd",
             "application_employers": ["Lidl"], "application_position": "-"}
    slots, _ = _validate(ValidateApplicationForm(), _tracker("nlu_fallback", "morgen", slots=asked, form="application_form"))
    assert slots["application_date"] is None
    assert slots["application_problem"] == "application_date:future"


def test_aanpassen_asks_the_field_then_that_field_again(consenting_client):
    filled = {
        "application_initial_status": "verstuurd",
        "application_employers": ["Jumbo"],
        "application_position": "-",
        "application_date": "2026-11-20",
        "application_channel": "online",
        "requested_slot": "application_confirmed",
    }
    slots, _ = _validate(ValidateApplicationForm(), _tracker("correct_application", "/correct_application", slots=filled, form="application_form"))
    assert slots["application_confirmed"] is False and slots["requested_slot"] == "application_change_field"
    filled.update(application_confirmed=False, requested_slot="application_change_field")
    slots, _ = _validate(ValidateApplicationForm(), _tracker("nlu_fallback", "datum", slots=filled, form="application_form"))
    assert slots["application_date"] is None and slots["application_confirmed"] is None
    assert slots["requested_slot"] == "application_date"


def test_save_stores_each_employer_and_needs_consent(db, linked_client):
    confirmed = {
        "application_initial_status": "verstuurd",
        "application_employers": ["Lidl", "Aldi"],
        "application_position": "-",
        "application_date": "2026-11-20",
        "application_channel": "brief",
        "application_confirmed": True,
    }
    responses, _, _ = run_action(ActionSaveApplication(), tracker_for(slots=confirmed))
    assert responses == ["utter_consent_needed"]
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    responses, messages, events = run_action(ActionSaveApplication(), tracker_for(slots=confirmed))
    assert responses == ["utter_application_saved_several"] and messages[0]["werkgever"] == "Lidl, Aldi"
    with unit_of_work(db) as session:
        stored = applications.applications_for_client(session, linked_client)
    assert sorted((a.employer, a.position, a.channel, a.applied_on) for a in stored) == [
        ("Aldi", None, "brief", date(2026, 11, 20)),
        ("Lidl", None, "brief", date(2026, 11, 20)),
    ]
    assert all(e["value"] is None for e in events if e["event"] == "slot")


def test_ambiguous_result_asks_with_buttons_then_stores_status_and_interview(db, consenting_client):
    hengelo = _log(consenting_client, "Jumbo Hengelo", date(2026, 11, 2))
    _log(consenting_client, "Jumbo Enschede", date(2026, 11, 9))
    text = "de jumbo heeft me uitgenodigd, gesprek is donderdag om 10 uur"
    slots, _ = _validate(
        ValidateApplicationResultForm(),
        _tracker("application_result", text, employer="jumbo", application_status="uitgenodigd"),
    )
    assert slots["requested_slot"] == "application_target" and slots["result_status"] == "uitgenodigd"
    assert "T10:00:00" in slots["result_interview"]

    asked = dict(slots)
    _, messages, _ = run_action(ActionAskApplicationTarget(), _tracker("application_result", text, slots=asked, form="application_result_form"))
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert titles == ["Jumbo Enschede · 09-11-2026", "Jumbo Hengelo · 02-11-2026"]
    pressed = messages[0]["buttons"][1]["payload"]
    assert pressed == f'/application_result{{"application_id": "{hengelo}"}}'

    slots, _ = _validate(
        ValidateApplicationResultForm(),
        _tracker("application_result", pressed, slots=asked, form="application_result_form", application_id=str(hengelo)),
    )
    asked.update(slots)
    assert asked["application_target"] == str(hengelo) and asked["requested_slot"] is None
    responses, messages, _ = run_action(ActionSaveApplicationResult(), tracker_for(slots=asked))
    assert responses == ["utter_result_interview_time"] and messages[0]["tijd"] == "10:00"
    with unit_of_work(db) as session:
        stored = applications.get_application(session, consenting_client, hengelo)
        assert stored.status == "uitgenodigd" and stored.interview_time_known
        assert [c.status for c in applications.status_history(session, hengelo)] == ["verstuurd", "uitgenodigd"]


def test_result_for_an_unknown_employer_offers_to_log_it(consenting_client):
    slots, _ = _validate(
        ValidateApplicationResultForm(),
        _tracker("application_result", "afgewezen bij de action", employer="action", application_status="afgewezen"),
    )
    assert slots["application_target"] == "none" and slots["requested_slot"] is None
    responses, messages, _ = run_action(ActionSaveApplicationResult(), tracker_for(slots=slots))
    assert responses == ["utter_result_no_match"]
    assert messages[0]["log_payload"] == '/log_application{"employer": "Action", "application_status": "afgewezen"}'


def test_hired_is_celebrated_and_rejected_comforted(db, consenting_client):
    lidl = _log(consenting_client, "Lidl", date(2026, 11, 2))
    for status, response in (("afgewezen", "utter_result_afgewezen"), ("aangenomen", "utter_result_aangenomen")):
        done = {"application_target": str(lidl), "result_status": status, "result_interview": "-"}
        assert run_action(ActionSaveApplicationResult(), tracker_for(slots=done))[0] == [response]
    with unit_of_work(db) as session:
        assert [c.status for c in applications.status_history(session, lidl)] == ["verstuurd", "afgewezen", "aangenomen"]


def test_overview_lists_the_last_five_and_counts_against_the_agreement(db, consenting_client):
    today = utc_now().date()
    for days_ago in range(7):
        _log(consenting_client, f"Werkgever {days_ago}", today - timedelta(days=days_ago + 1))
    with unit_of_work(db) as session:
        agreements.set_agreement(
            session, consenting_client, aantal=10, periode_weken=2, starts_on=today - timedelta(days=3),
            set_by="test", now=utc_now(),
        )
    responses, messages, _ = run_action(ActionShowApplications(), tracker_for(intent="ask_applications"))
    assert responses == ["utter_applications_recent", "utter_applications_progress_open"]
    assert messages[0]["lijst"].count("\n") == 4 and "Werkgever 0: verstuurd" in messages[0]["lijst"]
    assert (messages[1]["aantal"], messages[1]["afspraak"], messages[1]["nog"]) == (3, 10, 7)
    with unit_of_work(db) as session:
        agreements.set_agreement(session, consenting_client, vrijgesteld=True, starts_on=today, set_by="test", now=utc_now())
    assert run_action(ActionShowApplications(), tracker_for(intent="ask_applications"))[0] == ["utter_applications_recent"]


def test_edit_the_last_one_and_delete_after_a_yes(db, consenting_client):
    _log(consenting_client, "Hema", date(2026, 11, 2))
    last = _log(consenting_client, "Lidl", date(2026, 11, 1))
    slots, _ = _validate(ValidateApplicationEditForm(), _tracker("correct_application", "die laatste klopt niet"))
    assert slots["application_target"] == str(last) and slots["requested_slot"] == "application_change_field"

    slots, _ = _validate(ValidateApplicationDeleteForm(), _tracker("delete_application", "verwijder die van lidl", employer="lidl"))
    assert slots["application_target"] == str(last) and slots["requested_slot"] == "application_delete_confirmed"
    slots["application_delete_confirmed"] = True
    responses, messages, _ = run_action(ActionDeleteApplication(), tracker_for(slots=slots))
    assert responses == ["utter_application_deleted"] and messages[0]["werkgever"] == "Lidl"
    with unit_of_work(db) as session:
        assert [a.employer for a in applications.recent(session, consenting_client)] == ["Hema"]


def test_a_plan_is_not_stored_and_offers_a_reminder_payload(db, consenting_client):
    responses, messages, _ = run_action(
        ActionPlanApplication(), _tracker("plan_application", "ik ga morgen solliciteren bij lidl", employer="lidl")
    )
    assert responses == ["utter_plan_application_encourage_employer", "utter_plan_application_offer_reminder"]
    payload = messages[1]["herinner_payload"]
    assert payload.startswith('/plan_reminder{"employer": "Lidl", "time": "')
    with unit_of_work(db) as session:
        assert applications.recent(session, consenting_client) == []


def _answer(text, *spans):
    entities = [{"entity": "employer", "value": text[start:end], "start": start, "end": end} for start, end in spans]
    message = {"intent": {"name": "nlu_fallback"}, "entities": entities, "text": text}
    return Tracker("1", {}, message, [], False, None, {}, "action_listen")


def test_an_answer_is_the_name_itself_unless_it_is_a_sentence():
    from actions.applications.fields import named_in_answer

    assert named_in_answer(_answer("jumbo hengelo", (0, 5)), "employer") == ["jumbo hengelo"]
    assert named_in_answer(_answer("<b>Bakkerij</b> 🥖", (3, 11)), "employer") == ["<b>Bakkerij</b> 🥖"]
    assert named_in_answer(_answer("ik heb bij de jumbo gesolliciteerd", (14, 19)), "employer") == ["jumbo"]
    assert named_in_answer(_answer("bij de lidl en de aldi", (7, 11), (18, 22)), "employer") == ["lidl", "aldi"]
    assert named_in_answer(_answer("Bakker Bart"), "employer") == ["Bakker Bart"]
    rant = "de vacature stond op indeed en het leek me leuk werk maar ver weg"
    assert named_in_answer(_answer(rant, (21, 27)), "employer") == [rant]


def test_a_bare_future_day_answers_the_date_question_even_if_it_sounds_like_a_plan(consenting_client):
    asked = {"requested_slot": "application_date", "application_initial_status": "verstuurd",
             "application_employers": ["Lidl"], "application_position": "-"}
    slots, _ = _validate(ValidateApplicationForm(), _tracker("plan_application", "overmorgen", slots=asked, form="application_form"))
    assert slots["application_problem"] == "application_date:future"
    # "Nee, nog niet" carries no date: the plan rule takes over (the form rejects the turn).
    slots, _ = _validate(ValidateApplicationForm(), _tracker("plan_application", "/plan_application", slots=asked, form="application_form"))
    assert "application_date" not in slots


@pytest.mark.parametrize(
    "text, entities, expected",
    [
        ("ik ben niet aangenomen bij de jumbo", [{"entity": "application_status", "value": "aangenomen"}], "afgewezen"),
        ("helaas nie aangenome", [], "afgewezen"),
        ("ik ben aangenomen!!", [{"entity": "application_status", "value": "aangenomen"}], "aangenomen"),
    ],
)
def test_not_hired_is_never_read_as_hired(text, entities, expected):
    from actions.applications.fields import status_in

    tracker = tracker_for(intent="application_result", text=text)
    tracker.latest_message["entities"] = entities
    assert status_in(tracker) == expected
