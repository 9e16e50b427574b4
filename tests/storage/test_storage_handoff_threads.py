"""Threads on requests: open while the klantmanager wrote and the request is not handled; in order, also when two write at once."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from sqlalchemy import select, text

from storage import caseworkers, clients, gemeenten, handoff_threads, handoffs
from storage.db import session_factory, unit_of_work
from storage.tables import Client, HandoffMessage, HandoffRequest, ScheduledMessage
from storage.portal.inbox import close_handoff


def test_a_thread_opens_when_the_klantmanager_writes_and_closes_when_handled(session, client, caseworker, now):
    clients.link_chat(session, chat_id=4242, client_id=client.id, now=now)
    request = handoffs.create_handoff(session, client.id, kind="contact", reason=None, urgent=False, now=now)
    assert handoff_threads.open_thread_for_chat(session, 4242) is None  # nobody wrote yet: the bot answers
    handoff_threads.write_reply(session, request, caseworker, "Hoi, wanneer kan ik bellen?", now=now)
    assert handoff_threads.open_thread_for_chat(session, 4242).id == request.id
    assert handoff_threads.add_client_message(session, request, "morgen", now=now + timedelta(minutes=1)) is True
    assert handoff_threads.add_client_message(session, request, "na 2 uur", now=now + timedelta(minutes=2)) is False
    assert handoff_threads.last_writer_name(session, request.id) == "Anna"
    assert [e.message.author_kind for e in handoff_threads.thread(session, request.id)] == ["klantmanager", "client", "client"]
    close_handoff(session, request, status="afgehandeld", note=None, author=caseworker.email, now=now)
    assert handoff_threads.open_thread_for_chat(session, 4242) is None


def test_a_request_without_a_chat_kind_gets_no_thread(session, client, caseworker, now):
    request = handoffs.create_handoff(session, client.id, kind="training_declined", reason=None, urgent=False, now=now)
    with pytest.raises(handoff_threads.ThreadError) as refused:
        handoff_threads.write_reply(session, request, caseworker, "ok", now=now)
    assert refused.value.code == "soort"


def test_two_klantmanagers_writing_at_once_both_land_in_order(engine, now):
    factory = session_factory(engine)
    tag = str(id(factory))[-6:]
    with unit_of_work(factory) as s:
        gemeenten.upsert_gemeente(s, "hengelo", "Hengelo")
        people = [
            caseworkers.add_caseworker(s, email=f"km{i}-{tag}@hengelo.example", naam=f"Km{i} Test", gemeente_id="hengelo")
            for i in (1, 2)
        ]
        client = clients.add_client(s, gemeente_id="hengelo", naam="Piet", caseworker_email=people[0].email)
        request_id = handoffs.create_handoff(s, client.id, kind="distress", reason=None, urgent=True, now=now).id
    start = threading.Barrier(2)
    errors = []

    def write(person):
        try:
            start.wait()
            with unit_of_work(factory) as s:
                request = s.get(HandoffRequest, request_id)
                handoff_threads.write_reply(s, request, person, f"van {person.naam}", now=now)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        _check_both_in_order(factory, request_id, errors)
    finally:
        # Committed for real (two threads), so removed again: other tests share this database.
        with unit_of_work(factory) as s:
            s.delete(s.get(Client, client.id))
            for person in people:
                s.delete(s.get(type(person), person.id))


def _check_both_in_order(factory, request_id, errors):
    assert errors == []
    with unit_of_work(factory) as s:
        rows = s.execute(
            select(HandoffMessage, ScheduledMessage)
            .join(ScheduledMessage, ScheduledMessage.id == HandoffMessage.scheduled_message_id)
            .where(HandoffMessage.handoff_id == request_id)
            .order_by(HandoffMessage.id)
        ).all()
        assert sorted(m.text for m, _ in rows) == ["van Km1 Test", "van Km2 Test"]
        # The thread's order is the order the bot sends in: the later row waits for the earlier one.
        first, second = (d for _, d in rows)
        assert first.id < second.id
        assert handoff_threads.earlier_direct_waiting(s, second) and not handoff_threads.earlier_direct_waiting(s, first)


def test_sqlite_overwrites_erased_rows(engine, backend):
    if backend != "sqlite":
        pytest.skip("a SQLite setting")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA secure_delete")).scalar_one() == 1
