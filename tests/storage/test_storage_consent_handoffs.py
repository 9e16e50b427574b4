"""Consent history and handoff requests."""
from __future__ import annotations

from datetime import timedelta

import pytest

from storage.consent import consent_history, current_consent, record_consent
from storage.errors import NotFoundError, ValidationError
from storage.handoffs import create_handoff, handoffs_for_client


def test_current_consent_is_latest_decision(session, client, now):
    assert current_consent(session, client.id) is None
    record_consent(session, client.id, text_version="2024-01", decision="given", now=now)
    record_consent(session, client.id, text_version="2024-01", decision="withdrawn", now=now + timedelta(days=3))
    latest = current_consent(session, client.id)
    assert latest.decision == "withdrawn"
    assert latest.recorded_at == now + timedelta(days=3)
    assert [r.decision for r in consent_history(session, client.id)] == ["given", "withdrawn"]


def test_consent_in_the_same_instant_orders_by_insertion(session, client, now):
    record_consent(session, client.id, text_version="v1", decision="refused", now=now)
    record_consent(session, client.id, text_version="v1", decision="given", now=now)
    assert current_consent(session, client.id).decision == "given"


def test_consent_is_append_only(session, client, now):
    first = record_consent(session, client.id, text_version="v1", decision="given", now=now)
    second = record_consent(session, client.id, text_version="v2", decision="given", now=now + timedelta(days=1))
    assert first.id != second.id
    assert len(consent_history(session, client.id)) == 2


def test_consent_validation(session, client, now):
    with pytest.raises(ValidationError):
        record_consent(session, client.id, text_version="v1", decision="maybe", now=now)
    with pytest.raises(ValidationError):
        record_consent(session, client.id, text_version="v" * 21, decision="given", now=now)
    with pytest.raises(NotFoundError):
        record_consent(session, "wm-onbekend", text_version="v1", decision="given", now=now)


def test_create_handoff(session, client, now):
    handoff = create_handoff(session, client.id, kind="contact", reason="  Wil graag bellen  ", urgent=False, now=now)
    assert handoff.id is not None
    assert handoff.reason == "Wil graag bellen"
    assert handoff.status == "open"
    assert handoff.urgent is False
    assert handoff.created_at == handoff.updated_at == now


def test_handoff_reason_is_trimmed_to_2000_chars_and_empty_becomes_none(session, client, now):
    long = create_handoff(session, client.id, kind="distress", reason="x" * 5000, urgent=True, now=now)
    empty = create_handoff(session, client.id, kind="no_consent", reason="   ", urgent=False, now=now)
    missing = create_handoff(session, client.id, kind="contact", reason=None, urgent=False, now=now)
    session.expire_all()
    assert len(long.reason) == 2000
    assert long.urgent is True
    assert empty.reason is None
    assert missing.reason is None


def test_handoffs_for_client_oldest_first(session, client, gemeente, now):
    from storage.clients import add_client

    other = add_client(session, gemeente_id=gemeente.id, naam="Ander")
    create_handoff(session, client.id, kind="contact", reason="later", urgent=False, now=now + timedelta(hours=1))
    create_handoff(session, client.id, kind="distress", reason="eerst", urgent=True, now=now)
    create_handoff(session, other.id, kind="contact", reason="van een ander", urgent=False, now=now)
    assert [h.reason for h in handoffs_for_client(session, client.id)] == ["eerst", "later"]
    assert handoffs_for_client(session, "wm-onbekend") == []


def test_handoff_validation(session, client, now):
    with pytest.raises(ValidationError):
        create_handoff(session, client.id, kind="chat", reason=None, urgent=False, now=now)
    with pytest.raises(NotFoundError):
        create_handoff(session, "wm-onbekend", kind="contact", reason=None, urgent=False, now=now)
