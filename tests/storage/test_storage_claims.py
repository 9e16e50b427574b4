"""Handing claimed rows back on a clean stop and taking them back after a crash, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import List

import pytest
from sqlalchemy import select

from testing.due_reminders import OPEN_GEMEENTE, seed_due_reminders, write_open_gemeente
from bot.database import Database
from bot.dispatcher import ORDER_WAIT, Dispatcher
from bot.conversations import Conversations
from bot.rasa_client import Reply
from storage import chat_leases, clients, scheduled
from storage.db import unit_of_work
from storage.tables import ScheduledMessage
from storage.timestamps import utc_now
from testing.postgres import BACKENDS, migrated_database
from werkmaatje.gemeenten import load_gemeenten


def add_due(session, client, now, minutes_ago: int = 1, **overrides):
    values = dict(client_id=client.id, kind="own_reminder", due_at=now - timedelta(minutes=minutes_ago), now=now)
    values.update(overrides)
    return scheduled.schedule_message(session, **values)


def states(session, ids):
    session.expire_all()
    rows = [scheduled.get_message(session, message_id) for message_id in ids]
    return [(row.status, row.claimed_by) for row in rows]


def test_own_claims_go_back_as_they_were_before_the_claim(session, client, now):
    first = add_due(session, client, now, minutes_ago=3)
    second = add_due(session, client, now, minutes_ago=2)
    due_before = {first.id: first.due_at, second.id: second.due_at}
    scheduled.postpone(session, first.id, until=first.due_at, error="netwerk", attempts=2)
    claimed = scheduled.claim_due(session, now=now, worker="bot-a", limit=10)
    assert {row.id for row in claimed} == {first.id, second.id}

    assert scheduled.release_own_claims(session, worker="bot-a") == 2

    session.expire_all()
    for message_id, due_at in due_before.items():
        row = scheduled.get_message(session, message_id)
        assert (row.status, row.claimed_by, row.claimed_at) == ("pending", None, None)
        assert row.due_at == due_at
    assert scheduled.get_message(session, first.id).attempts == 2
    assert scheduled.get_message(session, second.id).attempts == 0
    # Back in line at once: the next claim (any worker) takes them again, oldest first.
    assert [row.id for row in scheduled.claim_due(session, now=now, worker="bot-b", limit=10)] == [first.id, second.id]


def test_another_workers_claims_stay_until_the_sending_timeout(session, client, now):
    mine = add_due(session, client, now, minutes_ago=2)
    scheduled.claim_due(session, now=now, worker="bot-a", limit=1)
    theirs = add_due(session, client, now, minutes_ago=1)
    scheduled.claim_due(session, now=now, worker="bot-b", limit=1)

    assert scheduled.release_own_claims(session, worker="bot-a") == 1

    assert states(session, [mine.id, theirs.id]) == [("pending", None), ("sending", "bot-b")]
    assert scheduled.release_stale_claims(session, now=now + timedelta(minutes=1), older_than=timedelta(minutes=5)) == 0
    assert states(session, [theirs.id]) == [("sending", "bot-b")]


def test_rows_kept_and_rows_no_longer_sending_are_left_alone(session, client, now):
    in_flight = add_due(session, client, now, minutes_ago=4)
    waiting = add_due(session, client, now, minutes_ago=3)
    sent = add_due(session, client, now, minutes_ago=2)
    postponed = add_due(session, client, now, minutes_ago=1)
    scheduled.claim_due(session, now=now, worker="bot-a", limit=10)
    scheduled.mark_sent(session, sent.id, now=now)
    later = now + timedelta(hours=1)
    scheduled.postpone(session, postponed.id, until=later)

    assert scheduled.release_own_claims(session, worker="bot-a", keep={in_flight.id}) == 1

    assert states(session, [in_flight.id, waiting.id, sent.id, postponed.id]) == [
        ("sending", "bot-a"),
        ("pending", None),
        ("sent", "bot-a"),
        ("pending", None),
    ]
    assert scheduled.get_message(session, postponed.id).due_at == later


def test_nothing_claimed_nothing_released(session, client, now):
    pending = add_due(session, client, now)
    assert scheduled.release_own_claims(session, worker="bot-a") == 0
    assert scheduled.release_own_claims(session, worker="bot-a", keep=[pending.id]) == 0
    assert states(session, [pending.id]) == [("pending", None)]


class GatedRasa:
    """Words a reminder only when the test opens the gate, so a send can be caught under way."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.asked: List[str] = []

    async def trigger_intent(self, sender_id: str, intent: str, entities: dict):
        self.asked.append(entities["scheduled_id"])
        await self.gate.wait()
        return [Reply(text=f"herinnering {entities['scheduled_id']}")]


class RecordingOut:
    def __init__(self) -> None:
        self.sent: List[str] = []

    async def send_replies(self, chat_id: int, replies, *, paced: bool = False) -> bool:
        self.sent.extend(reply.text for reply in replies)
        return True


def dispatcher_for(factory, gemeenten, rasa, out, *, worker: str) -> Dispatcher:
    db = Database(factory)
    # The real Conversations: the dispatcher holds chats through it and counts on its metrics.
    conversations = Conversations(db, rasa, out, 60.0, lease_seconds=30.0, chat_wait_seconds=0.3)
    return Dispatcher(
        db, rasa, out, conversations, gemeenten,
        timezone_name="Europe/Amsterdam", concurrency=1, sending_timeout=timedelta(minutes=5), worker=worker,
    )


@pytest.fixture(params=BACKENDS)
def due_reminders(request, tmp_path_factory):
    """Three due reminders for three linked clients in a fresh database; yields (factory, gemeenten, ids)."""
    now = utc_now()
    with migrated_database(request.param, tmp_path_factory, {OPEN_GEMEENTE: "Gemeente Proeftuin"}) as (_url, factory):
        seed_due_reminders(factory, clients_count=3, first_chat_id=1_000, marker_prefix="claim", now=now)
        gemeenten = load_gemeenten(write_open_gemeente(tmp_path_factory.mktemp("gemeenten"), now))
        with unit_of_work(factory) as s:
            ids = sorted(row.id for row in s.execute(select(ScheduledMessage)).scalars())
        yield factory, gemeenten, ids


def statuses(factory, ids):
    with unit_of_work(factory) as s:
        return [(scheduled.get_message(s, i).status, scheduled.get_message(s, i).claimed_by) for i in ids]


def test_stop_finishes_the_send_under_way_and_hands_back_the_waiting_claim(due_reminders):
    factory, gemeenten, (under_way, waiting, unclaimed) = due_reminders
    rasa, out = GatedRasa(), RecordingOut()
    dispatcher = dispatcher_for(factory, gemeenten, rasa, out, worker="bot-a")

    async def scenario():
        scan = asyncio.create_task(dispatcher.dispatch_due())
        while not rasa.asked:  # one slot: the first row is being worded, the second waits for the slot
            await asyncio.sleep(0.01)
        stop = asyncio.create_task(dispatcher.stop())
        await asyncio.sleep(0.1)
        rasa.gate.set()
        return await stop, await scan

    handed_back, _handled = asyncio.run(scenario())
    assert rasa.asked == [str(under_way)]
    assert out.sent == [f"herinnering {under_way}"]
    assert handed_back == 1
    assert statuses(factory, [under_way, waiting, unclaimed]) == [("sent", "bot-a"), ("pending", None), ("pending", None)]


def test_a_restarted_worker_takes_back_its_own_claims_at_once_and_leaves_others(due_reminders):
    factory, gemeenten, (crashed_mine, crashed_theirs, pending) = due_reminders
    with unit_of_work(factory) as s:  # what a crash leaves: rows `sending`, claimed a moment ago
        assert [m.id for m in scheduled.claim_due(s, now=utc_now(), worker="bot-a", limit=1)] == [crashed_mine]
        assert [m.id for m in scheduled.claim_due(s, now=utc_now(), worker="bot-b", limit=1)] == [crashed_theirs]
    rasa, out = GatedRasa(), RecordingOut()
    rasa.gate.set()

    asyncio.run(dispatcher_for(factory, gemeenten, rasa, out, worker="bot-a").dispatch_due())

    assert sorted(out.sent) == sorted([f"herinnering {crashed_mine}", f"herinnering {pending}"])
    assert statuses(factory, [crashed_mine, crashed_theirs, pending]) == [
        ("sent", "bot-a"),
        ("sending", "bot-b"),
        ("sent", "bot-a"),
    ]


def test_a_row_whose_chat_another_process_holds_goes_back_and_is_sent_once_the_chat_is_free(due_reminders):
    factory, gemeenten, (held, free, also_free) = due_reminders
    with unit_of_work(factory) as s:
        held_chat = clients.chat_for_client(s, scheduled.get_message(s, held).client_id)
        assert chat_leases.take(s, held_chat, holder="andere-replica", now=utc_now(), seconds=60)
    rasa, out = GatedRasa(), RecordingOut()
    rasa.gate.set()
    dispatcher = dispatcher_for(factory, gemeenten, rasa, out, worker="bot-a")

    asyncio.run(dispatcher.dispatch_due())
    assert sorted(out.sent) == sorted([f"herinnering {free}", f"herinnering {also_free}"])
    with unit_of_work(factory) as s:
        waiting = scheduled.get_message(s, held)
        assert (waiting.status, waiting.claimed_by, waiting.attempts) == ("pending", None, 0)

    with unit_of_work(factory) as s:
        chat_leases.release(s, held_chat, holder="andere-replica")
    time.sleep(ORDER_WAIT.total_seconds() + 0.1)  # postponed by ORDER_WAIT
    asyncio.run(dispatcher.dispatch_due())
    assert out.sent.count(f"herinnering {held}") == 1
    assert statuses(factory, [held]) == [("sent", "bot-a")]
