"""The production profile under load: 1 or 2 Rasa replicas, 1 or 2 bot replicas, against stock Rasa.

Each shape runs `werkmaatje run --profile production` as it runs on a server
(testing/production.py): Rasa replicas with their own action servers on one
PostgreSQL database and Redis locks, bot replicas in webhook mode behind
nginx, a dispatcher and the portal. The Telegram stand-in delivers the
updates by webhook through nginx, as Telegram does. The load is the
end-to-end load of bench/e2e.py, and each ratio is to stock Rasa's figure
at the same level in the same run.
"""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from bench import conversation_load as load
from bench import e2e
from bench.stats import ratio
from bench.variants import TrainedModel
from cli.common import prepare_database
from testing.bot_process import wait_until
from testing.postgres import fresh_database
from testing.production import ProductionStack, RedisServer
from werkmaatje.settings import Settings

NAME = "topology"
# (Rasa replicas, bot replicas): one of each, a second Rasa, and a second bot too.
SHAPES: Tuple[Tuple[int, int], ...] = ((1, 1), (2, 1), (2, 2))
# The levels it runs at, of those the whole benchmark runs (--levels), unless told otherwise.
LEVELS = (16, 64)
SET_WEBHOOK_SECONDS = 120


def default_levels(levels: Sequence[int]) -> List[int]:
    """16 and 64 users where the run has them; none in a tiny run (1 and 2 users), which then skips it."""
    return [users for users in levels if users in LEVELS]


def parse_shapes(text: str) -> List[Tuple[int, int]]:
    """"1x1,2x2" as [(1, 1), (2, 2)]: Rasa replicas x bot replicas."""
    shapes = []
    for item in text.split(","):
        rasa, _, bots = item.strip().partition("x")
        shapes.append((int(rasa), int(bots)))
    return shapes


def shape_name(shape: Tuple[int, int]) -> str:
    return f"{shape[0]} Rasa, {shape[1]} bot"


async def _measure_shape(model: TrainedModel, database_url: str, shape: Tuple[int, int], levels: Sequence[int],
                         seconds: float, chat_ids: Sequence[int], log_dir: Path) -> Dict[str, dict]:
    name = shape_name(shape)
    redis = RedisServer(log_dir / "redis.log")
    redis.start()
    await redis.wait_ready()
    async with load.TimedStandIn() as telegram:
        stack = ProductionStack(
            database_url=database_url, redis_url=redis.url, telegram=telegram, run_dir=log_dir,
            rasa=shape[0], bots=shape[1],
            extra_env={
                "RASA_MODEL_DIR": str(model.path.parent),
                # As in bench/e2e.py: the stand-in is not Telegram, and its 30 msg/s is not what is measured.
                "WERKMAATJE_TELEGRAM_MAX_PER_SECOND": str(e2e.UNLIMITED_TELEGRAM_RATE),
            },
        )
        watcher = load.DoneWatcher(database_url)
        watcher.start()
        await stack.start()
        try:
            await stack.wait_ready()
            await wait_until(lambda: len(telegram.calls_of("setWebhook")) >= shape[1], timeout=SET_WEBHOOK_SECONDS, what="setWebhook")
            # Telegram allows a bot up to 100 connections; every user has one turn in flight.
            telegram.start_delivering(stack.public_url, max_connections=max(max(levels), e2e.WARM_UP_CHATS))
            people = await e2e.warm_up(telegram, watcher, chat_ids, name, log_dir)
            pids = {**stack.process_pids(), "redis": redis.pid}
            return await e2e.measure_levels(telegram, watcher, people, levels, seconds, pids, name)
        except BaseException:
            print(stack.log_tail(80), flush=True)
            raise
        finally:
            await telegram.stop_delivering()
            await watcher.stop()
            await stack.stop()
            redis.stop()


def run(model: TrainedModel, postgres_url: str, levels: Sequence[int], seconds: float, workdir: Path,
        shapes: Sequence[Tuple[int, int]] = SHAPES) -> Dict[str, dict]:
    """Figures per shape ("2 Rasa, 2 bot"), each level as bench/e2e.py measures it."""
    measured: Dict[str, dict] = {}
    for shape in shapes:
        name = shape_name(shape)
        log_dir = workdir / f"production-{shape[0]}x{shape[1]}"
        log_dir.mkdir(parents=True, exist_ok=True)
        print(f"Production profile: {name} replica(s) ...", flush=True)
        with fresh_database(postgres_url, f"production{shape[0]}x{shape[1]}") as database_url:
            factory = prepare_database(Settings().copy(update={"database_url": database_url}))
            chat_ids = load.seed_users(factory, e2e.WARM_UP_CHATS + max(levels) * load.PEOPLE_PER_USER)
            factory.kw["bind"].dispose()
            measured[name] = {"rasa_replicas": shape[0], "bot_replicas": shape[1],
                              "levels": asyncio.run(_measure_shape(model, database_url, shape, levels, seconds, chat_ids, log_dir))}
    return measured


def by_kind(per_process: Dict[str, Optional[float]]) -> Dict[str, float]:
    """Figures of "rasa-1", "rasa-2", ... added up as "rasa"; the others as they are."""
    summed: Dict[str, float] = {}
    for process, value in per_process.items():
        kind = process.split("-")[0]
        summed[kind] = round(summed.get(kind, 0.0) + (value or 0.0), 1)
    return summed


def compare(topology: Dict[str, dict], stock: dict) -> Dict[str, Dict[str, dict]]:
    """Per shape and level: msg/s and p95 against stock Rasa's in this run."""
    compared: Dict[str, Dict[str, dict]] = {}
    for shape, figures in topology.items():
        compared[shape] = {}
        for users, level in figures["levels"].items():
            theirs = (stock.get("levels") or {}).get(users) or {}
            compared[shape][users] = {
                "throughput_ratio": ratio(level["messages_per_s"], theirs.get("messages_per_s")),
                "p95_ratio": ratio(level["latency_ms"]["p95"], (theirs.get("latency_ms") or {}).get("p95")),
                "stack_peak_mb": round(sum(process["peak"] for process in level["memory_mb"].values()), 1),
            }
    return compared


def _ms(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.0f}"


def _x(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.2f}x"


def table_rows(topology: Dict[str, dict], compared: Dict[str, Dict[str, dict]]) -> List[tuple]:
    rows = [("shape, users: msg/s, p50/p95/p99 ms", "| vs stock msg/s, p95 | CPU ms/msg | peak RSS (per Rasa, per bot, all)")]
    for shape, figures in topology.items():
        for users, level in figures["levels"].items():
            latency, ratios = level["latency_ms"], compared[shape][users]
            cpu = ", ".join(f"{kind} {value:.0f}" for kind, value in by_kind(level["cpu_ms_per_message"]).items())
            memory = level["memory_mb"]
            per_rasa = max(process["peak"] for name, process in memory.items() if name.startswith("rasa-"))
            per_bot = max(process["peak"] for name, process in memory.items() if name.startswith("bot-"))
            rows.append(
                (
                    f"{shape}, {users} users",
                    f"{level['messages_per_s']:.1f}, {_ms(latency['p50'])}/{_ms(latency['p95'])}/{_ms(latency['p99'])}"
                    f" | {_x(ratios['throughput_ratio'])}, {_x(ratios['p95_ratio'])} | {cpu}"
                    f" | {_ms(per_rasa)}, {_ms(per_bot)}, {_ms(ratios['stack_peak_mb'])} MB",
                )
            )
    return rows
