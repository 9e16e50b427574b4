"""Data-rights actions against a real database: re-consent, withdrawal, overview, export, erasure, readers."""
from __future__ import annotations

from datetime import timedelta

from actions.conversation.greeting import ActionGreet
from actions.privacy.consent import ActionAskConsent, ActionRecordConsentGiven
from actions.privacy.rights import (
    SEND_EXPORT_DOCUMENT,
    ActionAskErasure,
    ActionRequestErasure,
    ActionSendMyData,
    ActionShowDataReaders,
    ActionShowMyData,
    ActionWithdrawConsent,
)
from bot.database import utc_now
from storage import audit, caseworkers, consent
from storage.applications import log_application
from storage.audit import audit_for_client
from storage.db import unit_of_work
from storage.erasure import open_request_for_client
from storage.tables import Client
from storage.preferences import get_preferences
from tests.actions.conftest import run_action, tracker_for
from werkmaatje.texts import chat as texts


def _followups(events):
    return [e.get("name") for e in events if e.get("event") == "followup"]


def test_a_new_privacy_text_version_asks_again_at_the_next_conversation(db, linked_client, monkeypatch):
    with unit_of_work(db) as session:
        consent.record_consent(session, linked_client, text_version="2026-11-v1", decision="given", now=utc_now())
    # Agreed to v1; the current text is newer, so the next greeting asks again, saying why.
    assert texts.PRIVACY_TEXT_VERSION != "2026-11-v1"
    assert _followups(run_action(ActionGreet(), tracker_for())[2]) == ["action_ask_consent"]
    assert run_action(ActionAskConsent(), tracker_for())[0] == [
        "utter_consent_new_version", "utter_consent_privacy", "utter_ask_consent",
    ]
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    assert _followups(run_action(ActionGreet(), tracker_for())[2]) == []
    with unit_of_work(db) as session:
        assert [(r.text_version, r.decision) for r in consent.consent_history(session, linked_client)] == [
            ("2026-11-v1", "given"), (texts.PRIVACY_TEXT_VERSION, "given"),
        ]
    # Bumping the version (a changed text) asks once more.
    monkeypatch.setattr(texts, "PRIVACY_TEXT_VERSION", "2099-01-v9")
    assert _followups(run_action(ActionGreet(), tracker_for())[2]) == ["action_ask_consent"]
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    with unit_of_work(db) as session:
        assert consent.current_consent(session, linked_client).text_version == "2099-01-v9"


def test_withdrawal_stops_processing_and_offers_erasure(db, linked_client):
    run_action(ActionRecordConsentGiven(), tracker_for(intent="affirm"))
    responses, _, _ = run_action(ActionWithdrawConsent(), tracker_for(intent="withdraw_consent"))
    assert responses == ["utter_consent_withdrawn", "utter_offer_erasure"]
    with unit_of_work(db) as session:
        assert consent.current_consent(session, linked_client).decision == "withdrawn"
        assert get_preferences(session, linked_client).paused
    # Anything else now asks for consent first instead of doing it.
    assert _followups(run_action(ActionGreet(), tracker_for())[2]) == ["action_ask_consent"]


def test_overview_says_topics_counts_and_who_reads(db, linked_client):
    with unit_of_work(db) as session:
        caseworkers.add_caseworker(session, email="sanne@losser.example", naam="Sanne Bakker", gemeente_id="losser")
        session.get(Client, linked_client).caseworker_id = caseworkers.get_caseworker_by_email(session, "sanne@losser.example").id
        log_application(session, linked_client, employer="Jumbo", position=None, channel=None, applied_on=utc_now().date(), now=utc_now())
    responses, messages, _ = run_action(ActionShowMyData(), tracker_for(intent="ask_my_data"))
    assert responses == ["utter_my_data", "utter_my_data_choices"]
    overzicht = messages[0]["overzicht"]
    assert "Vragenlijst: nog niet ingevuld" in overzicht
    assert "Sollicitaties: 1." in overzicht
    assert "Herinneringen die nog komen: 0." in overzicht
    assert "Trainingen: geen." in overzicht
    assert "je klantmanager, Sanne Bakker" in overzicht
    assert "Jumbo" not in overzicht  # kinds and counts, not the data itself


def test_send_my_data_asks_the_bot_for_the_document_and_audits_it(db, linked_client):
    responses, messages, _ = run_action(ActionSendMyData(), tracker_for(intent="request_data_export"))
    assert messages[0]["custom"] == SEND_EXPORT_DOCUMENT
    assert responses[1:] == ["utter_export_sent"]
    with unit_of_work(db) as session:
        assert [(e.actor, e.action) for e in audit_for_client(session, linked_client)][-1] == ("client", "client_export")


def test_erasure_is_explained_with_what_the_law_keeps_then_requested(db, linked_client):
    responses, messages, _ = run_action(ActionAskErasure(), tracker_for(intent="request_erasure"))
    assert responses == ["utter_erasure_explain", "utter_ask_erasure_confirm"]
    assert "je sollicitaties" in messages[0]["bewaard"] and "sollicitatieplicht" in messages[0]["bewaard"]
    with unit_of_work(db) as session:
        assert open_request_for_client(session, linked_client) is None  # asking is not requesting
    responses, messages, _ = run_action(ActionRequestErasure(), tracker_for(intent="affirm"))
    assert responses == ["utter_erasure_requested"]
    with unit_of_work(db) as session:
        request = open_request_for_client(session, linked_client)
        assert (request.chat_id, request.gemeente_id) == (4242, "losser")


def test_who_looked_gives_roles_and_dates(db, linked_client):
    assert run_action(ActionShowDataReaders(), tracker_for(intent="ask_who_viewed"))[0] == ["utter_data_readers_none"]
    with unit_of_work(db) as session:
        reader = caseworkers.add_caseworker(session, email="km@losser.example", naam="Kees Klant", gemeente_id="losser")
        audit.record_audit(session, actor=reader.email, action="portal_dossier", client_id=linked_client, now=utc_now() - timedelta(days=1))
    responses, messages, _ = run_action(ActionShowDataReaders(), tracker_for(intent="ask_who_viewed"))
    assert responses == ["utter_data_readers"]
    assert messages[0]["lijst"].startswith("• Je klantmanager, ")
    assert "Kees" not in messages[0]["lijst"] and "km@" not in messages[0]["lijst"]


def test_not_linked_chats_hear_how_to_link(settings):
    for action in (ActionShowMyData(), ActionSendMyData(), ActionAskErasure(), ActionWithdrawConsent(), ActionShowDataReaders()):
        assert run_action(action, tracker_for("999"))[0] == ["utter_not_linked"]
