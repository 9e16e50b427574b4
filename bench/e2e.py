"""One variant's whole stack under load: start-up, NLU only, and end to end at 1, 16 and 64 users.

Each variant gets its own fresh database (PostgreSQL, as in production), its
own Rasa and action server, the real bot process (`werkmaatje bot`) and the
Telegram stand-in. The bot's Telegram rate limit is lifted for this
benchmark: the stand-in is not Telegram, and the 30 messages/s Telegram
allows a bot would otherwise be what is measured (dispatch measures that
limit on its own).
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Sequence

from bench import conversation_load as load
from bench import nlu_parse
from bench.harness import BenchStack
from bench.memory import CpuMeter, MemorySampler, postgres_server_pid
from bench.variants import TrainedModel
from cli.common import prepare_database
from bot.rasa_client import RasaClient
from testing.bot_process import BotProcess, bot_env, wait_until
from testing.postgres import fresh_database

LEVELS = (1, 16, 64)
WARM_UP_CHATS = 16
UNLIMITED_TELEGRAM_RATE = 10_000.0
BOT_START_SECONDS = 120


@dataclass(frozen=True)
class LoadPlan:
    levels: Sequence[int] = LEVELS
    seconds_per_level: float = 30.0
    parse_requests: int = 200


def _first_answer_seconds(stack: BenchStack, started: float) -> float:
    """From spawning Rasa to its first answer to a user message."""

    async def ask() -> None:
        settings = stack.settings
        rasa = RasaClient(settings.rasa_url, settings.action_server_url, settings.rasa_timeout, token=settings.rasa_token)
        try:
            await rasa.send("opstart-meting", "hoi")
        finally:
            await rasa.close()

    asyncio.run(ask())
    return round(time.monotonic() - started, 1)


async def measure_levels(telegram, watcher, people, user_levels: Sequence[int], seconds_per_level: float,
                         pids: Dict[str, int], name: str) -> Dict[str, dict]:
    """Each level of users in turn, with the memory and CPU of the processes in `pids` (name: pid)."""
    levels: Dict[str, dict] = {}
    for users in user_levels:
        sampler = MemorySampler(pids)
        sampler.start()
        # The database server's CPU too (not its memory: it is shared with the machine).
        database_cpu = CpuMeter(postgres_server_pid())
        own_cpu = time.process_time()
        result = await load.run_level(telegram, watcher, people, users, seconds_per_level)
        cpu = {**sampler.cpu_seconds(), "postgres": database_cpu.seconds(), "benchmark": time.process_time() - own_cpu}
        await sampler.stop()
        figures_now = result.figures(users)
        answered = max(1, figures_now["latency_ms"]["count"])
        levels[str(users)] = {
            **figures_now,
            "memory_mb": sampler.summary(),
            # Where the CPU went per answered message; "benchmark" is this process (stand-in and users).
            "cpu_ms_per_message": {process: round((seconds or 0.0) * 1000 / answered, 1) for process, seconds in cpu.items()},
        }
        print(f"  {name}: {users} users, {levels[str(users)]['messages_per_s']} msg/s", flush=True)
    return levels


async def warm_up(telegram, watcher, chat_ids: Sequence[int], name: str, workdir: Path) -> "load.People":
    """A first turn in the warm-up chats; the rest of `chat_ids` are the people of the levels."""
    warm = await load.warm_up(telegram, watcher, chat_ids[:WARM_UP_CHATS])
    if not warm.latencies:
        raise RuntimeError(f"{name}: no user got an answer while warming up; see {workdir}")
    return load.People(chat_ids[WARM_UP_CHATS:])


async def load_levels(stack, user_levels: Sequence[int], seconds_per_level: float, chat_ids: Sequence[int], workdir: Path, name: str) -> dict:
    """The real bot, polling, against `stack` (a BenchStack) at each level of users."""
    async with load.TimedStandIn() as telegram:
        settings = stack.settings.copy(update={"telegram_max_per_second": UNLIMITED_TELEGRAM_RATE})
        bot = BotProcess(bot_env(settings, telegram), workdir / f"bot-{name}.log")
        watcher = load.DoneWatcher(stack.settings.database_url)
        watcher.start()
        await bot.start()
        try:
            await wait_until(lambda: telegram.calls_of("getUpdates"), timeout=BOT_START_SECONDS, what="bot polling", bot=bot)
            people = await warm_up(telegram, watcher, chat_ids, name, workdir)
            pids = {"bot": bot.pid, **{n: p.pid for n, p in stack.processes.items()}}
            return {"levels": await measure_levels(telegram, watcher, people, user_levels, seconds_per_level, pids, name)}
        finally:
            await watcher.stop()
            await bot.stop()


def run_variant(model: TrainedModel, postgres_url: str, plan: LoadPlan, workdir: Path) -> dict:
    """Start the variant's stack on its own database and measure it; the stack is stopped after."""
    name = model.variant.name
    log_dir = workdir / name
    log_dir.mkdir(parents=True, exist_ok=True)
    with fresh_database(postgres_url, name) as database_url:
        stack = BenchStack.for_variant(database_url, log_dir, model)
        factory = prepare_database(stack.settings)
        chat_ids = load.seed_users(factory, WARM_UP_CHATS + max(plan.levels) * load.PEOPLE_PER_USER)
        started = time.monotonic()
        try:
            stack.start()
            figures: Dict[str, object] = {"startup_seconds": _first_answer_seconds(stack, started)}
            print(f"  {name}: answering {figures['startup_seconds']} s after start", flush=True)
            figures["nlu"] = asyncio.run(nlu_parse.measure(stack.settings.rasa_url, stack.settings.rasa_token, plan.parse_requests))
            figures.update(asyncio.run(load_levels(stack, plan.levels, plan.seconds_per_level, chat_ids, log_dir, name)))
        finally:
            stack.stop()
            factory.kw["bind"].dispose()
    figures["training_seconds"] = model.training_seconds
    return figures
