"""Issue 5's restart test: the bot process is killed mid-dispatch and restarted; no reminder is lost.

200 due reminders, each with a unique marker, go out through `werkmaatje bot`
as a child process (its Dispatcher, the session's real Rasa and action
server, python-telegram-bot) to the Telegram stand-in in this event loop.
Once at least 40 arrived, the bot gets SIGKILL. The rows it left `sending`
are the crash window W. After the restart every reminder must have arrived;
only rows of that window may arrive twice (those whose text Telegram had
already taken: the documented choice in storage.scheduled.release_stale_claims),
and none more often.
"""
from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from cli.common import prepare_database
from storage.timestamps import utc_now
from testing.bot_process import BotProcess, bot_env, wait_until
from testing.due_reminders import Deliveries, markers_left_sending, seed_due_reminders, status_counts, write_open_gemeente
from testing.postgres import fresh_postgres_database
from testing.telegram import TelegramStandIn

REMINDERS = 200
KILL_AFTER = 40
MARKER = "herstart"
# Distinct Rasa conversations per backend: both runs share the session's Rasa.
FIRST_CHAT_ID = {"sqlite": 730_000_000, "postgresql": 740_000_000}
# Short, so the restarted bot takes over the dead one's claims within the test.
SENDING_TIMEOUT_SECONDS = 3.0
SCAN_SECONDS = 0.5
WAIT_SECONDS = 90


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path):
    if request.param == "sqlite":
        yield request.param, f"sqlite:///{tmp_path / 'werkmaatje.db'}"
        return
    with fresh_postgres_database() as url:
        yield request.param, url


def test_killed_bot_loses_nothing_and_repeats_only_its_crash_window(stack, backend_url, tmp_path):
    backend, database_url = backend_url
    now = utc_now()
    settings = stack.settings.copy(
        update={
            "database_url": database_url,
            "gemeenten_dir": write_open_gemeente(tmp_path / "gemeenten", now),
            "dispatch_scan_seconds": SCAN_SECONDS,
            "dispatch_sending_timeout_seconds": SENDING_TIMEOUT_SECONDS,
        }
    )
    factory = prepare_database(settings)
    expected = seed_due_reminders(
        factory, clients_count=REMINDERS, first_chat_id=FIRST_CHAT_ID[backend], marker_prefix=MARKER, now=now
    )

    async def scenario():
        deliveries = Deliveries(expected, MARKER)
        async with TelegramStandIn() as telegram:
            env = bot_env(settings, telegram)
            first = BotProcess(env, tmp_path / "bot-first.log")
            await first.start()
            try:
                enough = lambda: deliveries.update(telegram.sent).delivered >= KILL_AFTER  # noqa: E731
                await wait_until(enough, timeout=WAIT_SECONDS, what=f"{KILL_AFTER} reminders", bot=first, interval=0.005)
                await first.kill()
            finally:
                await first.stop()
            # Let the stand-in answer what the bot had sent before it died.
            await asyncio.sleep(0.5)
            at_kill = Counter(deliveries.update(telegram.sent).counts)
            window = await asyncio.to_thread(markers_left_sending, factory)

            second = BotProcess(env, tmp_path / "bot-second.log")
            await second.start()
            try:
                all_sent = lambda: asyncio.to_thread(lambda: status_counts(factory)["sent"] == REMINDERS)  # noqa: E731
                await wait_until(all_sent, timeout=WAIT_SECONDS, what="every row sent", bot=second, interval=0.25)
            finally:
                await second.stop()
            deliveries.update(telegram.sent)
            return at_kill, window, deliveries

    at_kill, window, deliveries = asyncio.run(scenario())
    in_flight = {marker for marker in window if at_kill[marker]}
    duplicated = deliveries.duplicated
    print(
        f"\n[{backend}] killed after {len(at_kill)} of {REMINDERS} reminders; crash window W = {len(window)} rows "
        f"left sending ({len(in_flight)} already delivered); duplicates after the restart: {len(duplicated)}"
    )

    assert KILL_AFTER <= len(at_kill) < REMINDERS, "the kill must fall mid-dispatch"
    assert status_counts(factory) == Counter({"sent": REMINDERS})
    assert deliveries.lost == [], "every reminder reaches its chat"
    assert deliveries.wrong_chat == []
    assert max(deliveries.counts.values()) <= 2, "no reminder more than twice"
    assert len(duplicated) <= len(window)
    # Repeats come only from the crash window: exactly the rows Telegram took before they were marked sent.
    assert set(duplicated) == in_flight
