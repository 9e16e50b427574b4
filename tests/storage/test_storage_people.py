"""Caseworkers, clients and the chat <-> client link."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from storage.caseworkers import add_caseworker, get_caseworker_by_email
from storage.clients import add_client, chat_for_client, client_for_chat, get_client, link_chat
from storage.errors import DuplicateError, NotFoundError, ValidationError
from storage.gemeenten import upsert_gemeente


def test_caseworker_email_is_stored_lowercased_and_found_in_any_case(session, caseworker):
    assert caseworker.email == "anna.devries@hengelo.nl"
    assert caseworker.role == "klantmanager"
    assert caseworker.active is True
    assert caseworker.created_at.tzinfo is not None
    assert get_caseworker_by_email(session, "  ANNA.DEVRIES@hengelo.NL ") is caseworker
    assert get_caseworker_by_email(session, "niemand@hengelo.nl") is None


def test_duplicate_caseworker_email(session, caseworker, gemeente):
    with pytest.raises(DuplicateError):
        add_caseworker(session, email="anna.devries@HENGELO.nl", naam="Anna 2", gemeente_id=gemeente.id)


def test_caseworker_needs_known_gemeente_and_valid_role(session, gemeente):
    with pytest.raises(NotFoundError):
        add_caseworker(session, email="x@y.nl", naam="X", gemeente_id="atlantis")
    with pytest.raises(ValidationError):
        add_caseworker(session, email="x@y.nl", naam="X", gemeente_id=gemeente.id, role="baas")
    with pytest.raises(ValidationError):
        add_caseworker(session, email="geen-email", naam="X", gemeente_id=gemeente.id)
    beheerder = add_caseworker(session, email="b@y.nl", naam="B", gemeente_id=gemeente.id, role="beheerder")
    assert beheerder.role == "beheerder"


def test_add_client_makes_pseudonymous_id(session, client, caseworker, gemeente):
    assert re.fullmatch(r"wm-[a-z2-7]{8}", client.id)
    assert client.naam == "Sanne Jansen"
    assert client.gemeente_id == gemeente.id
    assert client.caseworker_id == caseworker.id
    assert client.unreachable_since is None
    session.expire_all()
    assert get_client(session, client.id).naam == "Sanne Jansen"
    assert get_client(session, "wm-onbekend") is None


def test_client_ids_differ(session, gemeente):
    ids = {add_client(session, gemeente_id=gemeente.id, naam=f"Client {i}").id for i in range(20)}
    assert len(ids) == 20


def test_client_without_caseworker(session, gemeente):
    client = add_client(session, gemeente_id=gemeente.id, naam="Zonder Klantmanager")
    assert client.caseworker_id is None


def test_add_client_errors(session, gemeente, caseworker):
    with pytest.raises(NotFoundError):
        add_client(session, gemeente_id="atlantis", naam="X")
    with pytest.raises(NotFoundError):
        add_client(session, gemeente_id=gemeente.id, naam="X", caseworker_email="niemand@hengelo.nl")
    with pytest.raises(ValidationError):
        add_client(session, gemeente_id=gemeente.id, naam="  ")

    upsert_gemeente(session, "borne", "Borne")
    with pytest.raises(ValidationError):
        add_client(session, gemeente_id="borne", naam="X", caseworker_email=caseworker.email)


def test_inactive_caseworker_gets_no_new_clients(session, gemeente, caseworker):
    caseworker.active = False
    session.flush()
    with pytest.raises(ValidationError):
        add_client(session, gemeente_id=gemeente.id, naam="X", caseworker_email=caseworker.email)


def test_chat_links(session, client, gemeente, now):
    assert client_for_chat(session, 1001) is None
    assert chat_for_client(session, client.id) is None

    link_chat(session, chat_id=1001, client_id=client.id, now=now)
    assert client_for_chat(session, 1001) is client
    assert chat_for_client(session, client.id) == 1001

    # A new phone: the client's old chat is unlinked.
    link_chat(session, chat_id=2002, client_id=client.id, now=now + timedelta(days=1))
    assert client_for_chat(session, 1001) is None
    assert chat_for_client(session, client.id) == 2002

    # A shared phone: the chat now belongs to another client only.
    other = add_client(session, gemeente_id=gemeente.id, naam="Ander")
    link_chat(session, chat_id=2002, client_id=other.id, now=now + timedelta(days=2))
    assert client_for_chat(session, 2002) is other
    assert chat_for_client(session, client.id) is None


def test_large_telegram_chat_ids_fit(session, client, now):
    supergroup_chat = -1001234567890
    link_chat(session, chat_id=supergroup_chat, client_id=client.id, now=now)
    session.expire_all()
    assert chat_for_client(session, client.id) == supergroup_chat
