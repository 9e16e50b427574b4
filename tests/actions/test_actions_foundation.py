from __future__ import annotations

from actions.conversation.greeting import ActionAnswerUitkering, ActionGreet
from actions.conversation.fallback import ActionHandleFallback, consecutive_fallbacks
from actions.privacy.consent import (
    CONSENT_TEXT_VERSION,
    ActionAskConsent,
    ActionContactWithoutConsent,
    ActionRecordConsentGiven,
    ActionRecordConsentRefused,
)
from actions.handoff.requests import ActionDistress, ActionSubmitHandoff
from actions.conversation.linking import ActionLinkChat
from cli.common import new_link
from storage import clients, consent, handoffs
from storage.db import unit_of_work
from tests.actions.conftest import run_action, tracker_for


def test_link_with_a_fresh_code_welcomes_and_asks_consent(settings, db):
    with unit_of_work(db) as session:
        client = clients.add_client(session, gemeente_id="hengelo", naam="Anna de Vries")
        code = new_link(session, client.id, settings)["koppelcode"]
    responses, messages, events = run_action(
        ActionLinkChat(), tracker_for("777", intent="link", slots={"koppelcode": code})
    )
    assert responses == ["utter_link_welcome"]
    assert messages[0]["naam"] == "Anna" and messages[0]["gemeente"] == "Gemeente Hengelo"
    assert {"event": "followup", "name": "action_ask_consent"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]
    assert {"event": "slot", "name": "koppelcode", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
    with unit_of_work(db) as session:
        assert clients.client_for_chat(session, 777).id == client.id


def test_link_with_unknown_or_used_code_explains_kindly(settings, db, linked_client):
    responses, _, _ = run_action(ActionLinkChat(), tracker_for("1", intent="link", slots={"koppelcode": "ZZZZZZZZZZ"}))
    assert responses == ["utter_link_unknown"]
    with unit_of_work(db) as session:
        code = new_link(session, linked_client, settings)["koppelcode"]
    assert run_action(ActionLinkChat(), tracker_for("5", intent="link", slots={"koppelcode": code}))[0] == [
        "utter_link_welcome"
    ]
    assert run_action(ActionLinkChat(), tracker_for("6", intent="link", slots={"koppelcode": code}))[0] == [
        "utter_link_used"
    ]


def test_start_without_code_explains_how_to_get_one(settings):
    responses, _, _ = run_action(ActionLinkChat(), tracker_for("31337", intent="link"))
    assert responses == ["utter_link_how"]


def test_consent_question_shows_privacy_text_once(settings):
    assert run_action(ActionAskConsent(), tracker_for(intent="link"))[0] == ["utter_consent_privacy", "utter_ask_consent"]
    assert run_action(ActionAskConsent(), tracker_for(intent="ask_more_info"))[0] == ["utter_ask_consent"]


def test_consent_given_is_recorded_with_text_version(db, linked_client):
    responses, _, _ = run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    assert responses == ["utter_consent_thanks", "utter_menu"]
    with unit_of_work(db) as session:
        record = consent.current_consent(session, linked_client)
        assert (record.decision, record.text_version) == ("given", CONSENT_TEXT_VERSION)


def test_refusal_stores_only_the_refusal_and_offers_contact(db, linked_client):
    responses, _, _ = run_action(ActionRecordConsentRefused(), tracker_for(intent="deny"))
    assert responses == ["utter_consent_refused", "utter_offer_contact_instead"]
    with unit_of_work(db) as session:
        assert consent.current_consent(session, linked_client).decision == "refused"
        assert handoffs.handoffs_for_client(session, linked_client) == []
    responses, messages, _ = run_action(ActionContactWithoutConsent(), tracker_for(intent="affirm"))
    assert messages[0]["termijn"] == "binnen 3 werkdagen"
    with unit_of_work(db) as session:
        [request] = handoffs.handoffs_for_client(session, linked_client)
        assert (request.kind, request.reason) == ("no_consent", None)


def test_handoff_with_reason_and_skipped_reason(db, linked_client):
    responses, messages, events = run_action(
        ActionSubmitHandoff(), tracker_for(intent="inform", slots={"handoff_reason": "<b>vraag</b> over '; DROP TABLE clients;--"})
    )
    assert responses == ["utter_handoff_done"]
    assert messages[0]["termijn"] == "binnen 3 werkdagen"
    run_action(ActionSubmitHandoff(), tracker_for(intent="skip", slots={"handoff_reason": "-"}))
    with unit_of_work(db) as session:
        reasons = sorted(str(r.reason) for r in handoffs.handoffs_for_client(session, linked_client))
    assert reasons == ["<b>vraag</b> over '; DROP TABLE clients;--", "None"]


def test_handoff_when_not_linked_says_so(settings):
    responses, _, _ = run_action(ActionSubmitHandoff(), tracker_for("999", slots={"handoff_reason": "hoi"}))
    assert responses == ["utter_not_linked"]


def test_distress_answers_with_113_and_flags_urgently(db, linked_client):
    responses, _, _ = run_action(ActionDistress(), tracker_for(intent="distress", text="ik zie het niet meer zitten"))
    assert responses == ["utter_distress_support", "utter_distress_flagged"]
    with unit_of_work(db) as session:
        [request] = handoffs.handoffs_for_client(session, linked_client)
    assert request.urgent and request.kind == "distress"


def test_distress_from_someone_unknown_still_gets_support(settings):
    assert run_action(ActionDistress(), tracker_for("1234", intent="distress"))[0] == ["utter_distress_support"]


def test_greeting_asks_consent_until_given(db, linked_client):
    responses, messages, events = run_action(ActionGreet(), tracker_for())
    assert responses == ["utter_greet_name"] and messages[0]["naam"] == "Fatima"
    assert events and events[0]["name"] == "action_ask_consent"
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    assert run_action(ActionGreet(), tracker_for())[2] == []


def test_uitkering_question_names_the_gemeente_contact(linked_client):
    _, messages, _ = run_action(ActionAnswerUitkering(), tracker_for(intent="ask_uitkering"))
    assert messages[0]["telefoon"] == "053 537 74 44"
    assert run_action(ActionAnswerUitkering(), tracker_for("55", intent="ask_uitkering"))[0] == [
        "utter_uitkering_unknown_gemeente"
    ]


def _user(intent):
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


def test_fallback_ladder_clarifies_then_rephrases_then_offers_a_person(settings):
    events = [_user("greet"), {"event": "bot"}, _user("nlu_fallback")]
    assert consecutive_fallbacks(tracker_for(events=events)) == 1
    ladder = []
    for extra in range(3):
        events = events + [{"event": "bot"}, _user("nlu_fallback")] if extra else events
        ladder += run_action(ActionHandleFallback(), tracker_for(intent="nlu_fallback", events=events))[0]
    assert ladder == ["utter_fallback_clarify", "utter_fallback_rephrase", "utter_fallback_offer_human"]


def test_every_custom_action_in_the_domain_is_served_and_no_other():
    import yaml
    from rasa_sdk.executor import ActionExecutor

    from werkmaatje.settings import REPO_ROOT

    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(domain["actions"])
