"""The audit log and the per-client export."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import delete

from storage.audit import audit_for_client, record_audit
from storage.clients import link_chat
from storage.consent import record_consent
from storage.errors import ValidationError
from storage.export import SECTION_BUILDERS, export_client
from storage.handoffs import create_handoff
from storage.koppelcodes import hash_koppelcode, issue_koppelcode, redeem_koppelcode
from storage.tables import Client


def test_audit_entries_oldest_first(session, client, now):
    record_audit(session, actor="anna.devries@hengelo.nl", action="export", client_id=client.id, now=now + timedelta(1))
    record_audit(session, actor="bot", action="koppelcode_issued", client_id=client.id, now=now)
    record_audit(session, actor="system", action="purge_inbox", client_id=None, now=now)
    entries = audit_for_client(session, client.id)
    assert [(e.actor, e.action) for e in entries] == [
        ("bot", "koppelcode_issued"),
        ("anna.devries@hengelo.nl", "export"),
    ]
    assert entries[0].at == now


def test_audit_survives_client_erasure(session, client, now):
    record_audit(session, actor="anna.devries@hengelo.nl", action="erase", client_id=client.id, now=now)
    session.execute(delete(Client).where(Client.id == client.id))
    session.expire_all()
    assert [e.action for e in audit_for_client(session, client.id)] == ["erase"]


def test_audit_validation(session, now):
    with pytest.raises(ValidationError):
        record_audit(session, actor="", action="x", client_id=None, now=now)
    with pytest.raises(ValidationError):
        record_audit(session, actor="bot", action="x" * 41, client_id=None, now=now)


def test_export_unknown_client(session):
    assert export_client(session, "wm-onbekend") is None


def test_export_contains_everything_but_secrets(session, client, caseworker, now):
    used_code = issue_koppelcode(session, client.id, now=now, ttl=timedelta(days=14))
    redeem_koppelcode(session, used_code, 4242, now=now + timedelta(hours=1))
    open_code = issue_koppelcode(session, client.id, now=now + timedelta(days=1), ttl=timedelta(days=14))
    record_consent(session, client.id, text_version="2024-01", decision="given", now=now + timedelta(hours=2))
    create_handoff(session, client.id, kind="contact", reason="Bel me", urgent=False, now=now + timedelta(hours=3))
    session.expire_all()

    export = export_client(session, client.id)
    assert list(export) == [name for name, _ in SECTION_BUILDERS]
    assert export["client"] == {
        "id": client.id,
        "naam": "Sanne Jansen",
        "gemeente_id": "hengelo",
        "created_at": client.created_at.isoformat(),
        "unreachable_since": None,
    }
    assert export["gemeente"] == {"id": "hengelo", "naam": "Hengelo"}
    assert export["klantmanager"] == {"naam": "Anna de Vries", "email": "anna.devries@hengelo.nl"}
    assert export["telegram"] == {"chat_id": 4242, "linked_at": "2024-03-01T10:30:00+00:00"}
    assert export["consent"] == [
        {"text_version": "2024-01", "decision": "given", "recorded_at": "2024-03-01T11:30:00+00:00"}
    ]
    assert export["handoffs"][0]["reason"] == "Bel me"
    assert export["handoffs"][0]["created_at"] == "2024-03-01T12:30:00+00:00"
    assert export["koppelcodes"] == [
        {
            "created_at": "2024-03-01T09:30:00+00:00",
            "expires_at": "2024-03-15T09:30:00+00:00",
            "used_at": "2024-03-01T10:30:00+00:00",
        },
        {
            "created_at": "2024-03-02T09:30:00+00:00",
            "expires_at": "2024-03-16T09:30:00+00:00",
            "used_at": None,
        },
    ]

    dumped = json.dumps(export)  # must not raise: plain JSON data only
    for secret in (used_code, open_code, hash_koppelcode(used_code), hash_koppelcode(open_code)):
        assert secret not in dumped
    assert "code_hash" not in dumped


def test_export_of_a_fresh_client(session, gemeente, now):
    from storage.clients import add_client

    client = add_client(session, gemeente_id=gemeente.id, naam="Nieuw", now=now)
    export = export_client(session, client.id)
    assert export["klantmanager"] is None
    assert export["telegram"] is None
    assert export["consent"] == export["handoffs"] == export["koppelcodes"] == []
    json.dumps(export)


def test_export_after_relinking_shows_current_chat(session, client, now):
    link_chat(session, chat_id=1, client_id=client.id, now=now)
    link_chat(session, chat_id=2, client_id=client.id, now=now + timedelta(days=1))
    assert export_client(session, client.id)["telegram"]["chat_id"] == 2
