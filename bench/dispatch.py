"""Dispatch benchmark (issues 5 and 9): due reminders through the real bot to the Telegram stand-in.

The bot is `werkmaatje bot` as in production: its Dispatcher claims the due
rows, Rasa words each one (external intent, action server), and ptb sends it
through AIORateLimiter at `telegram_max_per_second`. The figure is the rate
the stand-in saw against that limit, and every reminder must arrive exactly
once. The memory of the bot, Rasa and the action server is read from /proc
while the messages go out.
"""
from __future__ import annotations

import asyncio
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from bench.harness import BenchStack
from bench.memory import MemorySampler
from cli.common import prepare_database
from bot.dispatcher import external_intent, rasa_entities
from bot.rasa_client import RasaClient
from storage.tables import ScheduledMessage
from storage.timestamps import utc_now
from testing.bot_process import BotProcess, bot_env, wait_until
from testing.due_reminders import Deliveries, seed_due_reminders, status_counts, write_open_gemeente
from testing.postgres import fresh_database
from testing.telegram import TelegramStandIn
from werkmaatje.settings import Settings

NAME = "dispatch"
DEFAULT_MESSAGES = 10_000
FIRST_CHAT_ID = 910_000_000
# Rasa on its own, before the run: conversations apart from the dispatched ones.
CEILING_FIRST_CHAT_ID = 990_000_000
CEILING_TRIGGERS = 200
CEILING_WARM_UP = 10
PROGRESS_SECONDS = 60
MARKER = "bench"
BOT_START_SECONDS = 120
# No new reminder for this long means the run is stuck, not slow: the rest counts as lost.
STALL_SECONDS = 120
SETTLE_SECONDS = 30


async def rasa_ceiling(settings: Settings, triggers: int) -> float:
    """Rasa's own pace for the dispatcher's request (an external intent in a new conversation)
    at the dispatcher's concurrency, just before the run: when dispatch stays below
    Telegram's limit, this says whether Rasa is what holds it back."""
    rasa = RasaClient(settings.rasa_url, settings.action_server_url, settings.rasa_timeout, token=settings.rasa_token)
    slots = asyncio.Semaphore(settings.dispatch_concurrency)
    now = utc_now()
    row = ScheduledMessage(id=0, kind="own_reminder", payload=json.dumps({"about": "plafond"}), due_at=now, event_at=None)

    async def trigger(index: int) -> None:
        async with slots:
            await rasa.trigger_intent(str(CEILING_FIRST_CHAT_ID + index), external_intent(row.kind), rasa_entities(row, now))

    loop = asyncio.get_running_loop()
    try:
        # Untimed: Rasa's first answers after start-up are slow, and the bot meets a warm Rasa.
        await asyncio.gather(*(trigger(index) for index in range(CEILING_WARM_UP)))
        started = loop.time()
        await asyncio.gather(*(trigger(index) for index in range(CEILING_WARM_UP, CEILING_WARM_UP + triggers)))
    finally:
        await rasa.close()
    return triggers / (loop.time() - started)


async def _wait_for_every_marker(telegram: TelegramStandIn, deliveries: Deliveries, bot: BotProcess) -> None:
    loop = asyncio.get_running_loop()
    last_count, last_progress = -1, loop.time()
    next_report = loop.time() + PROGRESS_SECONDS
    while deliveries.update(telegram.sent).delivered < len(deliveries.expected):
        if loop.time() > next_report:
            print(f"  {deliveries.delivered} of {len(deliveries.expected)} reminders delivered", flush=True)
            next_report += PROGRESS_SECONDS
        if deliveries.delivered != last_count:
            last_count, last_progress = deliveries.delivered, loop.time()
        elif loop.time() - last_progress > STALL_SECONDS:
            return
        if not bot.running:
            raise RuntimeError(f"the bot stopped mid-run; its log ends:\n{bot.log_tail()}")
        await asyncio.sleep(0.2)


async def _measure(stack: BenchStack, settings: Settings, factory, expected: Dict[str, int], workdir: Path) -> dict:
    deliveries = Deliveries(expected, MARKER)
    ceiling = await rasa_ceiling(settings, min(len(expected), CEILING_TRIGGERS))
    async with TelegramStandIn() as telegram:
        bot = BotProcess(bot_env(settings, telegram), workdir / "bot.log")
        await bot.start()
        sampler: Optional[MemorySampler] = None
        try:
            first = lambda: deliveries.update(telegram.sent).delivered > 0  # noqa: E731
            await wait_until(first, timeout=BOT_START_SECONDS, what="first reminder", bot=bot, interval=0.1)
            pids = {"bot": bot.pid, **{name: process.pid for name, process in stack.processes.items()}}
            sampler = MemorySampler(pids)
            sampler.start()
            await _wait_for_every_marker(telegram, deliveries, bot)
            settled = lambda: asyncio.to_thread(lambda: not ({"pending", "sending"} & set(status_counts(factory))))  # noqa: E731
            try:
                await wait_until(settled, timeout=SETTLE_SECONDS, what="settled rows", bot=bot, interval=0.5)
            except TimeoutError:
                pass  # rows still pending or sending are reported below as not sent
        finally:
            if sampler is not None:
                await sampler.stop()
            await bot.stop()
        deliveries.update(telegram.sent)
        send_times = sorted(call.timestamp for call in telegram.calls_of("sendMessage") if call.ok)
    rows = await asyncio.to_thread(status_counts, factory)
    return _figures(settings, deliveries, send_times, rows, sampler.summary() if sampler else {}, ceiling)


def _figures(settings: Settings, deliveries: Deliveries, send_times: List[float], rows, memory, ceiling: float) -> dict:
    span = send_times[-1] - send_times[0] if len(send_times) > 1 else 0.0
    achieved = (len(send_times) - 1) / span if span > 0 else 0.0
    limit = settings.telegram_max_per_second
    return {
        "messages": len(deliveries.expected),
        "delivered": deliveries.delivered,
        "lost": len(deliveries.lost),
        "duplicates": len(deliveries.duplicated),
        "wrong_chat": len(deliveries.wrong_chat),
        "rows": dict(rows),
        "configured_rate_per_s": limit,
        "achieved_rate_per_s": round(achieved, 2),
        "rate_ratio": round(achieved / limit, 3) if limit else None,
        "rasa_alone_per_s": round(ceiling, 2),
        "send_seconds": round(span, 1),
        "dispatch_concurrency": settings.dispatch_concurrency,
        "memory_mb": memory,
        "database": "postgresql",
        "cpu_count": os.cpu_count(),
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def passed(result: dict) -> bool:
    return result["lost"] == 0 and result["duplicates"] == 0 and result["wrong_chat"] == 0


def table_rows(result: dict) -> List[Tuple[str, str]]:
    rows = [
        ("messages", str(result["messages"])),
        ("configured limit (msg/s)", f"{result['configured_rate_per_s']:g}"),
        ("achieved rate (msg/s)", f"{result['achieved_rate_per_s']:.2f}"),
        ("rate / limit", f"{result['rate_ratio']:.0%}" if result["rate_ratio"] is not None else "-"),
        ("Rasa alone, same requests (msg/s)", f"{result['rasa_alone_per_s']:.2f}"),
        ("send time (s)", f"{result['send_seconds']:.1f}"),
        ("lost / duplicates", f"{result['lost']} / {result['duplicates']}"),
    ]
    for name, figures in result["memory_mb"].items():
        rows.append((f"RSS {name} start/peak/end (MB)", f"{figures['start']:.0f} / {figures['peak']:.0f} / {figures['end']:.0f}"))
    return rows


def run(*, messages: int, rate: float, workdir: Path, postgres_url: str) -> dict:
    """Start Rasa and the action server on a fresh PostgreSQL database, seed, and measure."""
    now = utc_now()
    with fresh_database(postgres_url, NAME) as database_url:
        stack = BenchStack.for_database(database_url, workdir)
        gemeenten = write_open_gemeente(workdir / "gemeenten", now)
        settings = stack.settings.copy(update={"gemeenten_dir": gemeenten, "telegram_max_per_second": rate})
        factory = prepare_database(settings)
        # Seeded before Rasa starts, so the seeding does not compete with the run.
        expected = seed_due_reminders(factory, clients_count=messages, first_chat_id=FIRST_CHAT_ID, marker_prefix=MARKER, now=now)
        try:
            stack.start()
            return asyncio.run(_measure(stack, settings, factory, expected, workdir))
        finally:
            stack.stop()
            factory.kw["bind"].dispose()
