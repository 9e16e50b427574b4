"""Issue 5: two dispatchers at once on PostgreSQL send 1 000 rows, none twice.

Each dispatcher is built as a bot process builds it (bot/app.py): its own
engine, its own Rasa client and python-telegram-bot Bot with the rate limiter,
its own chat locks, and its own worker name. They share the database, the
session's real Rasa and action server, and the Telegram stand-in.
`FOR UPDATE SKIP LOCKED` must hand every row to exactly one of them.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cli.common import prepare_database
from bot.conversations import Conversations
from bot.dispatcher import Dispatcher
from storage.db import unit_of_work
from storage.tables import ScheduledMessage
from storage.timestamps import utc_now
from testing.due_reminders import Deliveries, seed_due_reminders, status_counts, write_open_gemeente
from testing.bot_parts import bot_parts
from testing.postgres import fresh_postgres_database
from testing.telegram import TelegramStandIn
from werkmaatje.gemeenten import load_gemeenten

ROWS = 1_000
CLIENTS = 100
MARKER = "samen"
FIRST_CHAT_ID = 750_000_000
WORKERS = ("verzender-a", "verzender-b")
# A round ends when a dispatcher finds nothing left to claim; one is normally enough.
MAX_ROUNDS = 3


@pytest.fixture
def postgres_url():
    with fresh_postgres_database() as url:
        yield url


@asynccontextmanager
async def dispatcher_of_one_process(settings, telegram: TelegramStandIn, worker: str):
    async with bot_parts(settings, telegram) as parts:
        db, rasa, out = parts.db, parts.rasa, parts.out
        yield Dispatcher(
            db,
            rasa,
            out,
            Conversations(db, rasa, out, settings.inbox_retry_seconds, lease_seconds=settings.chat_lease_seconds),
            load_gemeenten(settings.gemeenten_dir),
            timezone_name=settings.timezone,
            concurrency=settings.dispatch_concurrency,
            sending_timeout=timedelta(seconds=settings.dispatch_sending_timeout_seconds),
            worker=worker,
        )


def sent_rows_by_worker(factory) -> Counter:
    with unit_of_work(factory) as session:
        rows = session.execute(
            select(ScheduledMessage.claimed_by, func.count())
            .where(ScheduledMessage.status == "sent")
            .group_by(ScheduledMessage.claimed_by)
        )
        return Counter(dict(rows.all()))


def test_two_dispatchers_at_once_send_every_row_exactly_once(stack, postgres_url, tmp_path):
    now = utc_now()
    settings = stack.settings.copy(
        update={"database_url": postgres_url, "gemeenten_dir": write_open_gemeente(tmp_path / "gemeenten", now)}
    )
    factory = prepare_database(settings)
    expected = seed_due_reminders(
        factory, clients_count=CLIENTS, per_client=ROWS // CLIENTS, first_chat_id=FIRST_CHAT_ID, marker_prefix=MARKER, now=now
    )

    async def scenario():
        async with TelegramStandIn() as telegram:
            async with dispatcher_of_one_process(settings, telegram, WORKERS[0]) as first, dispatcher_of_one_process(
                settings, telegram, WORKERS[1]
            ) as second:
                for _round in range(MAX_ROUNDS):
                    await asyncio.gather(first.dispatch_due(), second.dispatch_due())
                    if not {"pending", "sending"} & set(await asyncio.to_thread(status_counts, factory)):
                        break
            return Deliveries(expected, MARKER).update(telegram.sent), len(telegram.sent)

    deliveries, messages_sent = asyncio.run(scenario())
    shares = sent_rows_by_worker(factory)
    print(f"\nrows sent per dispatcher: {dict(shares)}; messages at the stand-in: {messages_sent}")

    assert status_counts(factory) == Counter({"sent": ROWS})
    assert messages_sent == ROWS
    assert deliveries.lost == []
    assert deliveries.duplicated == {}
    assert deliveries.wrong_chat == []
    assert set(shares) == set(WORKERS) and min(shares.values()) > 0, "both dispatchers sent a share"
