"""Werkmaatje with one and with two Rasa replicas, as the Werkplein runs it, against stock Rasa.

Each replica is a tuned Rasa with its own action server; the replicas share
one PostgreSQL database (Werkmaatje's and Rasa's tracker store) and lock
conversations in Redis; the one real bot process routes each chat to its
replica by hash (bot/rasa_replicas.py). One replica runs the same way (Redis
locks, the bot given a list of one), so the two set-ups differ only in the
number of replicas. The load is the end-to-end load of bench/e2e.py, and the
ratio is to stock Rasa's msg/s at the same level in the same run.
"""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bench import conversation_load as load
from bench import e2e
from bench.harness import BenchStack
from bench.stats import ratio
from bench.variants import TrainedModel
from cli.common import prepare_database
from testing.postgres import fresh_database

NAME = "topology"
REPLICA_COUNTS = (1, 2)
# The levels it runs at, of those the whole benchmark runs (--levels), unless told otherwise.
LEVELS = (16, 64)


def default_levels(levels: Sequence[int]) -> List[int]:
    """16 and 64 users where the run has them; none in a tiny run (1 and 2 users), which then skips it."""
    return [users for users in levels if users in LEVELS]


class ReplicaStacks:
    """`count` Rasa replicas (each with its action server) on one database, seen by the bot as one list."""

    def __init__(self, database_url: str, log_dir: Path, model: TrainedModel, count: int) -> None:
        self.stacks: List[BenchStack] = []
        for number in range(1, count + 1):
            folder = log_dir / f"replica-{number}"
            folder.mkdir(parents=True, exist_ok=True)
            self.stacks.append(BenchStack.for_variant(database_url, folder, model, shared_locks=True))
        # The bot's other settings (database, token) are the same for every replica.
        self.settings = self.stacks[0].settings

    @property
    def processes(self) -> Dict[str, object]:
        return {f"{name}-{number}": process for number, stack in enumerate(self.stacks, 1) for name, process in stack.processes.items()}

    def bot_routing_env(self) -> Dict[str, str]:
        return {
            "WERKMAATJE_RASA_URLS": ",".join(stack.settings.rasa_url for stack in self.stacks),
            "WERKMAATJE_ACTION_SERVER_URLS": ",".join(stack.settings.action_server_url for stack in self.stacks),
        }

    def start(self) -> None:
        # One after the other: the first Rasa creates its tables in the shared database.
        for stack in self.stacks:
            stack.start()

    def stop(self) -> None:
        for stack in self.stacks:
            stack.stop()


def run(model: TrainedModel, postgres_url: str, levels: Sequence[int], seconds: float, workdir: Path) -> Dict[str, dict]:
    """Figures per replica count ("1", "2"), each level as bench/e2e.py measures it."""
    measured: Dict[str, dict] = {}
    for count in REPLICA_COUNTS:
        name = f"replicas-{count}"
        log_dir = workdir / name
        print(f"Topology: {count} Rasa replica(s) ...", flush=True)
        with fresh_database(postgres_url, f"replicas{count}") as database_url:
            stacks = ReplicaStacks(database_url, log_dir, model, count)
            factory = prepare_database(stacks.settings)
            chat_ids = load.seed_users(factory, e2e.WARM_UP_CHATS + max(levels) * load.PEOPLE_PER_USER)
            try:
                stacks.start()
                measured[str(count)] = asyncio.run(e2e.load_levels(stacks, levels, seconds, chat_ids, log_dir, name))
            finally:
                stacks.stop()
                factory.kw["bind"].dispose()
    return measured


def by_kind(per_process: Dict[str, Optional[float]]) -> Dict[str, float]:
    """Figures of "rasa-1", "rasa-2", ... added up as "rasa"; the others as they are."""
    summed: Dict[str, float] = {}
    for process, value in per_process.items():
        kind = process.split("-")[0]
        summed[kind] = round(summed.get(kind, 0.0) + (value or 0.0), 1)
    return summed


def compare(topology: Dict[str, dict], stock: dict) -> Dict[str, Dict[str, dict]]:
    """Per replica count and level: msg/s and p95 against stock Rasa's in this run."""
    compared: Dict[str, Dict[str, dict]] = {}
    for count, figures in topology.items():
        compared[count] = {}
        for users, level in figures["levels"].items():
            theirs = (stock.get("levels") or {}).get(users) or {}
            compared[count][users] = {
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
    rows = [("replicas, users: msg/s, p50/p95/p99 ms", "| vs stock msg/s, p95 | CPU ms/msg | stack peak RSS")]
    for count, figures in topology.items():
        for users, level in figures["levels"].items():
            latency, ratios = level["latency_ms"], compared[count][users]
            cpu = ", ".join(f"{kind} {value:.0f}" for kind, value in by_kind(level["cpu_ms_per_message"]).items())
            rows.append(
                (
                    f"{count} Rasa, {users} users",
                    f"{level['messages_per_s']:.1f}, {_ms(latency['p50'])}/{_ms(latency['p95'])}/{_ms(latency['p99'])}"
                    f" | {_x(ratios['throughput_ratio'])}, {_x(ratios['p95_ratio'])} | {cpu} | {_ms(ratios['stack_peak_mb'])} MB",
                )
            )
    return rows
