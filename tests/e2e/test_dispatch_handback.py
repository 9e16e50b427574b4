"""A deploy loses no reminder time: the bot process is stopped (SIGTERM) or killed (SIGKILL) mid-dispatch.

20 due reminders for 20 chats go out through `werkmaatje bot` as a child
process (its Dispatcher, the session's real Rasa and action server,
python-telegram-bot) to the Telegram stand-in in this event loop. Two sends at
a time, so at the stop most claimed rows are still waiting for a slot. The
sending timeout stays at its 5 minutes: within the test's minute only the
hand-back (SIGTERM) or the take-back of the worker's own claims (SIGKILL) can
bring a claimed row back.

After SIGTERM every reminder arrives exactly once within 60 s of the restart.
After SIGKILL only rows the dead bot had left `sending` after Telegram took
them may arrive twice (bot.dispatcher's docstring), never more often.
"""
from __future__ import annotations

import asyncio
import re
from collections import Counter

import pytest

from testing.bot_process import BotProcess, bot_env, wait_until
from testing.due_reminders import Deliveries, markers_left_sending, seed_due_reminders, status_counts, write_open_gemeente
from cli.common import prepare_database
from bot.dispatch_claims import claim_limit
from storage.timestamps import utc_now
from testing.postgres import fresh_postgres_database
from testing.telegram import TelegramStandIn

REMINDERS = 20
MARKER = "overdracht"
FIRST_CHAT_ID = {
    ("stop", "sqlite"): 760_000_000,
    ("stop", "postgresql"): 761_000_000,
    ("crash", "sqlite"): 762_000_000,
    ("crash", "postgresql"): 763_000_000,
}
CONCURRENCY = 2
SCAN_SECONDS = 0.5
SENDING_TIMEOUT_SECONDS = 300.0
WORKER = "overdracht-bot"
FIRST_DELIVERY_WITHIN = 90
ALL_WITHIN_AFTER_RESTART = 60
HANDED_BACK = re.compile(r"stopped; (\d+) claimed messages handed back")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path):
    if request.param == "sqlite":
        yield request.param, f"sqlite:///{tmp_path / 'werkmaatje.db'}"
        return
    with fresh_postgres_database() as url:
        yield request.param, url


def run_with_restart(stack, backend_url, tmp_path, *, how: str):
    backend, database_url = backend_url
    now = utc_now()
    settings = stack.settings.copy(
        update={
            "database_url": database_url,
            "gemeenten_dir": write_open_gemeente(tmp_path / "gemeenten", now),
            "dispatch_scan_seconds": SCAN_SECONDS,
            "dispatch_sending_timeout_seconds": SENDING_TIMEOUT_SECONDS,
            "dispatch_concurrency": CONCURRENCY,
        }
    )
    factory = prepare_database(settings)
    expected = seed_due_reminders(
        factory, clients_count=REMINDERS, first_chat_id=FIRST_CHAT_ID[how, backend], marker_prefix=MARKER, now=now
    )

    async def scenario():
        deliveries = Deliveries(expected, MARKER)
        async with TelegramStandIn() as telegram:
            env = {**bot_env(settings, telegram), "WERKMAATJE_DISPATCH_WORKER": WORKER}
            first = BotProcess(env, tmp_path / "bot-first.log")
            await first.start()
            try:
                started = lambda: deliveries.update(telegram.sent).delivered >= 1  # noqa: E731
                await wait_until(started, timeout=FIRST_DELIVERY_WITHIN, what="a first reminder", bot=first, interval=0.005)
                await (first.kill() if how == "crash" else first.stop())
            finally:
                await first.kill()
            await asyncio.sleep(0.5)  # the stand-in answers what the bot sent before it went
            at_stop = Counter(deliveries.update(telegram.sent).counts)
            left_sending = await asyncio.to_thread(markers_left_sending, factory)

            second = BotProcess(env, tmp_path / "bot-second.log")
            restarted_at = asyncio.get_running_loop().time()
            await second.start()
            try:
                all_sent = lambda: asyncio.to_thread(lambda: status_counts(factory)["sent"] == REMINDERS)  # noqa: E731
                await wait_until(all_sent, timeout=ALL_WITHIN_AFTER_RESTART, what="every row sent", bot=second, interval=0.1)
                took = asyncio.get_running_loop().time() - restarted_at
                await asyncio.sleep(0.5)
            finally:
                await second.stop()
            deliveries.update(telegram.sent)
            return at_stop, left_sending, deliveries, took

    at_stop, left_sending, deliveries, took = asyncio.run(scenario())
    first_log = (tmp_path / "bot-first.log").read_text(errors="replace")
    second_log = (tmp_path / "bot-second.log").read_text(errors="replace")
    print(
        f"\n[{how}, {backend}] {len(at_stop)} of {REMINDERS} delivered before the {how}; "
        f"{len(left_sending)} rows left sending; all sent {took:.1f} s after the restart; "
        f"duplicates: {len(deliveries.duplicated)}"
    )
    assert 1 <= len(at_stop) < REMINDERS, f"the {how} must fall mid-dispatch"
    assert took <= ALL_WITHIN_AFTER_RESTART
    assert status_counts(factory) == Counter({"sent": REMINDERS}), "no row is left sending"
    assert deliveries.lost == []
    assert deliveries.wrong_chat == []
    return at_stop, left_sending, deliveries, first_log, second_log


def test_sigterm_hands_back_unsent_claims_and_everything_arrives_once(stack, backend_url, tmp_path):
    at_stop, left_sending, deliveries, first_log, second_log = run_with_restart(stack, backend_url, tmp_path, how="stop")
    handed_back = HANDED_BACK.findall(first_log)
    assert handed_back, "the stop ran the hand-back"
    print(f"rows handed back at the stop: {handed_back[0]}")
    assert left_sending == [], "a clean stop leaves nothing sending: finished or handed back"
    assert deliveries.duplicated == {}
    assert set(deliveries.counts.values()) == {1}
    assert "took back" not in second_log


def test_sigkill_leaves_claims_the_restarted_bot_takes_back_at_once(stack, backend_url, tmp_path):
    at_stop, left_sending, deliveries, _first_log, second_log = run_with_restart(stack, backend_url, tmp_path, how="crash")
    assert 1 <= len(left_sending) <= claim_limit(CONCURRENCY, stack.settings.telegram_max_per_second)
    assert f"Dispatcher {WORKER} took back {len(left_sending)} messages" in second_log
    # Only rows Telegram had taken while they still said `sending` come twice, and no row a third time.
    in_flight = {marker for marker in left_sending if at_stop[marker]}
    assert set(deliveries.duplicated) == in_flight
    assert max(deliveries.counts.values()) <= 2
