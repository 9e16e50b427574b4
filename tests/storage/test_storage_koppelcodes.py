"""Koppelcodes: issue, redeem once, expire, and survive a race."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from storage.clients import chat_for_client, client_for_chat
from storage.db import session_factory, unit_of_work
from storage.errors import NotFoundError, ValidationError
from storage.koppelcodes import (
    KOPPELCODE_ALPHABET,
    RedeemResult,
    hash_koppelcode,
    issue_koppelcode,
    redeem_koppelcode,
)
from storage.tables import Koppelcode

TTL = timedelta(days=14)


def test_issued_code_shape_and_only_hash_stored(session, client, now):
    code = issue_koppelcode(session, client.id, now=now, ttl=TTL)
    assert len(code) == 10
    assert set(code) <= set(KOPPELCODE_ALPHABET)
    assert not set(code) & set("0O1I")
    stored = session.execute(select(Koppelcode).where(Koppelcode.client_id == client.id)).scalar_one()
    assert stored.code_hash == hash_koppelcode(code)
    assert code not in stored.code_hash
    assert stored.expires_at == now + TTL
    assert stored.used_at is None


def test_issue_errors(session, client, now):
    with pytest.raises(NotFoundError):
        issue_koppelcode(session, "wm-onbekend", now=now, ttl=TTL)
    with pytest.raises(ValidationError):
        issue_koppelcode(session, client.id, now=now, ttl=timedelta(0))


def test_redeem_links_the_chat(session, client, now):
    code = issue_koppelcode(session, client.id, now=now, ttl=TTL)
    result = redeem_koppelcode(session, code, 4242, now=now + timedelta(hours=1))
    assert result == RedeemResult("linked", client.id)
    assert result.ok
    assert chat_for_client(session, client.id) == 4242
    assert client_for_chat(session, 4242) is client
    stored = session.get(Koppelcode, hash_koppelcode(code))
    assert stored.used_at == now + timedelta(hours=1)


def test_redeem_is_case_insensitive_and_trims_whitespace(session, client, now):
    code = issue_koppelcode(session, client.id, now=now, ttl=TTL)
    messy = f"  {code[:5].lower()} {code[5:].lower()}\n"
    assert redeem_koppelcode(session, messy, 4242, now=now).status == "linked"


@pytest.mark.parametrize("code", ["", "   ", "ABCDEFGHJK", "TOO-SHORT", "0O1IABCDEF", "ABCDEFGHJKLMN", None])
def test_unknown_codes(session, client, now, code):
    issue_koppelcode(session, client.id, now=now, ttl=TTL)
    assert redeem_koppelcode(session, code, 4242, now=now) == RedeemResult("unknown", None)


def test_used_code_cannot_link_another_chat(session, client, now):
    code = issue_koppelcode(session, client.id, now=now, ttl=TTL)
    assert redeem_koppelcode(session, code, 1111, now=now).status == "linked"
    result = redeem_koppelcode(session, code, 2222, now=now)
    assert result == RedeemResult("used", client.id)
    assert chat_for_client(session, client.id) == 1111


def test_same_chat_again_is_already_linked(session, client, now):
    code = issue_koppelcode(session, client.id, now=now, ttl=TTL)
    assert redeem_koppelcode(session, code, 1111, now=now).status == "linked"
    again = redeem_koppelcode(session, code.lower(), 1111, now=now + timedelta(minutes=1))
    assert again == RedeemResult("already_linked", client.id)
    assert again.ok


def test_expired_code(session, client, now):
    code = issue_koppelcode(session, client.id, now=now, ttl=TTL)
    assert redeem_koppelcode(session, code, 1111, now=now + TTL) == RedeemResult("expired", client.id)
    assert chat_for_client(session, client.id) is None
    # Still unused, so it cannot be redeemed later either.
    assert session.get(Koppelcode, hash_koppelcode(code)).used_at is None


def test_new_code_relinks_client_to_new_chat(session, client, now):
    first = issue_koppelcode(session, client.id, now=now, ttl=TTL)
    redeem_koppelcode(session, first, 1111, now=now)
    second = issue_koppelcode(session, client.id, now=now, ttl=TTL)
    assert redeem_koppelcode(session, second, 2222, now=now).status == "linked"
    assert chat_for_client(session, client.id) == 2222
    assert client_for_chat(session, 1111) is None


# SQLite serialises writers with a file lock, so the race can only happen on PostgreSQL.
postgresql_only = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


@postgresql_only
def test_concurrent_redeem_links_once_on_postgresql(engine, now):
    """Two real connections redeem the same code at the same time: exactly one wins.

    The first redeem holds the row lock until it commits; the second UPDATE waits for
    it and then finds used_at set, which is the race the conditional UPDATE exists for.
    """
    from storage.clients import add_client
    from storage.gemeenten import upsert_gemeente

    factory = session_factory(engine)
    with unit_of_work(factory) as s:
        upsert_gemeente(s, "race-town", "Race Town")
        client_id = add_client(s, gemeente_id="race-town", naam="Racer").id
        code = issue_koppelcode(s, client_id, now=now, ttl=TTL)

    first_updated = threading.Event()
    results = {}
    errors = []

    def first():
        try:
            with unit_of_work(factory) as s:
                results["first"] = redeem_koppelcode(s, code, 1111, now=now)
                first_updated.set()
                # Hold the row lock so the second redeem really has to wait for us.
                s.execute(text("SELECT pg_sleep(0.5)"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
            first_updated.set()

    def second():
        try:
            first_updated.wait(5)
            with unit_of_work(factory) as s:
                results["second"] = redeem_koppelcode(s, code, 2222, now=now)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert not errors
        statuses = sorted(result.status for result in results.values())
        assert statuses == ["linked", "used"]
        with unit_of_work(factory) as s:
            assert chat_for_client(s, client_id) == 1111
    finally:
        with unit_of_work(factory) as s:
            s.execute(text("DELETE FROM clients WHERE id = :id"), {"id": client_id})
            s.execute(text("DELETE FROM gemeenten WHERE id = 'race-town'"))


@postgresql_only
def test_concurrent_redeem_with_a_barrier_on_postgresql(engine, now):
    """Many threads start together; whatever the interleaving, one links and the rest see "used"."""
    from storage.clients import add_client
    from storage.gemeenten import upsert_gemeente

    factory = session_factory(engine)
    with unit_of_work(factory) as s:
        upsert_gemeente(s, "race-town-2", "Race Town 2")
        client_id = add_client(s, gemeente_id="race-town-2", naam="Racer").id
        code = issue_koppelcode(s, client_id, now=now, ttl=TTL)

    contenders = 4
    barrier = threading.Barrier(contenders)
    statuses = []
    errors = []

    def redeem(chat_id):
        try:
            with unit_of_work(factory) as s:
                barrier.wait(5)
                statuses.append(redeem_koppelcode(s, code, chat_id, now=now).status)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=redeem, args=(5000 + i,)) for i in range(contenders)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert not errors
        assert sorted(statuses) == ["linked"] + ["used"] * (contenders - 1)
    finally:
        with unit_of_work(factory) as s:
            s.execute(text("DELETE FROM clients WHERE id = :id"), {"id": client_id})
            s.execute(text("DELETE FROM gemeenten WHERE id = 'race-town-2'"))
