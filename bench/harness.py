"""Pieces the benchmarks and the dispatcher's crash tests share.

A database full of due reminders, the real bot process (`werkmaatje bot`)
pointed at the Telegram stand-in, counting what arrived, and memory read
from /proc. The bot runs with the real clock, so the reminders belong to a
municipality whose quiet hours cannot get in the way (those are tested with
an injected clock in tests/e2e/test_scheduled_flow.py).
"""
from __future__ import annotations

import asyncio
import inspect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, select

from cli.supervisor import STOCK_RASA_ENV, TENSORFLOW_THREAD_VARIABLES, bot_command, child_env
from storage import clients, scheduled
from storage.db import unit_of_work
from storage.models import ScheduledMessage
from tests.stack import RasaStack
from werkmaatje.settings import REPO_ROOT, Settings

OPEN_GEMEENTE = "proeftuin"
# Rows per unit of work while seeding: one transaction per 10 000 rows holds
# SQLite's write lock too long for Rasa's tracker store next to it.
SEED_CHUNK = 500
# The settings the bot process reads from its environment, by their Settings names.
BOT_SETTINGS = (
    "database_url",
    "rasa_url",
    "rasa_token",
    "action_server_url",
    "gemeenten_dir",
    "timezone",
    "telegram_max_per_second",
    "dispatch_scan_seconds",
    "dispatch_sending_timeout_seconds",
    "dispatch_concurrency",
    "inbox_retry_seconds",
)


def write_open_gemeente(folder: Path, now: datetime, timezone_name: str = "Europe/Amsterdam") -> Path:
    """A municipality file whose only quiet minute is 12 hours from `now`, without rest days."""
    quiet = (now.astimezone(ZoneInfo(timezone_name)) + timedelta(hours=12)).replace(second=0, microsecond=0)
    config = {
        "id": OPEN_GEMEENTE,
        "naam": "Gemeente Proeftuin",
        "contact": {
            "telefoon": "14 000",
            "bereikbaar": "op werkdagen",
            "reactietermijn": "binnen 2 werkdagen",
            "uitkering": "het Werkplein",
        },
        "rusttijden": {
            "vanaf": quiet.strftime("%H:%M"),
            "tot": (quiet + timedelta(minutes=1)).strftime("%H:%M"),
            "rustdagen": [],
        },
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{OPEN_GEMEENTE}.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return folder


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def seed_due_reminders(
    factory, *, clients_count: int, per_client: int = 1, first_chat_id: int, marker_prefix: str, now: datetime
) -> Dict[str, int]:
    """Linked clients with due own reminders, each carrying a unique marker; returns marker -> chat id.

    A client's reminders are interleaved with the others' (same due time, ids in
    turn), as real due moments spread over many people.
    """
    chat_ids = [first_chat_id + index for index in range(clients_count)]
    client_ids: List[str] = []
    for chunk in _chunks(chat_ids, SEED_CHUNK):
        with unit_of_work(factory) as session:
            for chat_id in chunk:
                client = clients.add_client(session, gemeente_id=OPEN_GEMEENTE, naam=f"Proef {chat_id}", now=now)
                clients.link_chat(session, chat_id=chat_id, client_id=client.id, now=now)
                client_ids.append(client.id)
    expected: Dict[str, int] = {}
    order = [index for _round in range(per_client) for index in range(clients_count)]
    for chunk in _chunks(order, SEED_CHUNK):
        with unit_of_work(factory) as session:
            for index in chunk:
                marker = f"{marker_prefix}-{len(expected):05d}"
                scheduled.schedule_message(
                    session,
                    client_id=client_ids[index],
                    kind="own_reminder",
                    due_at=now - timedelta(minutes=1),
                    now=now,
                    payload={"about": f"bericht {marker}"},
                )
                expected[marker] = chat_ids[index]
    return expected


def status_counts(factory) -> Counter:
    with unit_of_work(factory) as session:
        rows = session.execute(select(ScheduledMessage.status, func.count()).group_by(ScheduledMessage.status))
        return Counter(dict(rows.all()))


@dataclass
class Deliveries:
    """Which markers reached which chat, read from the stand-in's sent messages."""

    expected: Dict[str, int]
    prefix: str
    counts: Counter = field(default_factory=Counter)
    wrong_chat: List[str] = field(default_factory=list)
    _seen: int = 0

    def update(self, sent: Sequence[dict]) -> "Deliveries":
        """Read the messages sent since the last update (the stand-in only appends)."""
        pattern = re.compile(rf"\b{re.escape(self.prefix)}-\d{{5}}\b")
        for message in sent[self._seen :]:
            for marker in pattern.findall(message.get("text") or ""):
                if self.expected.get(marker) == message["chat"]["id"]:
                    self.counts[marker] += 1
                else:
                    self.wrong_chat.append(marker)
        self._seen = len(sent)
        return self

    @property
    def delivered(self) -> int:
        return len(self.counts)

    @property
    def lost(self) -> List[str]:
        return sorted(marker for marker in self.expected if marker not in self.counts)

    @property
    def duplicated(self) -> Dict[str, int]:
        return {marker: times for marker, times in self.counts.items() if times > 1}


class BenchStack(RasaStack):
    """The test stack, keeping its child processes by name so their memory can be read.

    `tuned=False` runs Rasa as stock Rasa runs, without Werkmaatje's run-time tuning.
    """

    def __init__(self, settings: Settings, log_dir: Path, *, tuned: bool = True) -> None:
        super().__init__(settings, log_dir)
        self.processes: Dict[str, object] = {}
        self.tuned = tuned
        if not tuned:
            for name in TENSORFLOW_THREAD_VARIABLES:
                self._env.pop(name, None)
            self._env.update(STOCK_RASA_ENV)

    @classmethod
    def for_variant(cls, database_url: str, log_dir: Path, model) -> "BenchStack":
        """A stack serving `model` (a bench.variants.TrainedModel), tuned as its variant says."""
        settings = RasaStack.for_database(database_url, log_dir).settings.copy(update={"rasa_model_dir": model.path.parent})
        return cls(settings, log_dir, tuned=model.variant.tuned)

    def _spawn(self, name: str, command):
        process = super()._spawn(name, command)
        self.processes[name] = process
        return process


def bot_env(settings: Settings, telegram) -> Dict[str, str]:
    """The environment `werkmaatje bot` needs to run with `settings` against the stand-in."""
    env = child_env(settings)
    for name in BOT_SETTINGS:
        env[Settings.__fields__[name].field_info.extra["env"]] = str(getattr(settings, name))
    env.update(
        {
            "WERKMAATJE_ENV": "test",
            "TELEGRAM_MODE": "polling",
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": f"{telegram.url}/bot",
        }
    )
    return env


class BotProcess:
    """`werkmaatje bot` (python -m cli bot) as a child process of the running event loop."""

    def __init__(self, env: Dict[str, str], log_path: Path) -> None:
        self._env = env
        self._log_path = log_path
        self._process: Optional[asyncio.subprocess.Process] = None

    async def start(self) -> None:
        with open(self._log_path, "ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                *bot_command(), env=self._env, cwd=REPO_ROOT, stdout=log, stderr=asyncio.subprocess.STDOUT
            )

    @property
    def pid(self) -> int:
        assert self._process is not None, "the bot was not started"
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    async def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no last commit; a crash as a power cut makes it."""
        if self.running:
            self._process.kill()
        if self._process is not None:
            await self._process.wait()

    async def stop(self, grace: float = 20.0) -> None:
        if not self.running:
            return
        self._process.terminate()
        try:
            await asyncio.wait_for(self._process.wait(), grace)
        except asyncio.TimeoutError:
            await self.kill()

    def log_tail(self, lines: int = 30) -> str:
        if not self._log_path.exists():
            return ""
        return "\n".join(self._log_path.read_text(errors="replace").splitlines()[-lines:])


async def wait_until(
    condition: Callable, *, timeout: float, what: str, bot: Optional[BotProcess] = None, interval: float = 0.02
) -> None:
    """Poll `condition` (sync or async) without blocking the stand-in that shares this loop."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = condition()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return
        if bot is not None and not bot.running:
            raise RuntimeError(f"the bot stopped while waiting for {what}; its log ends:\n{bot.log_tail()}")
        if loop.time() > deadline:
            tail = f"; the bot's log ends:\n{bot.log_tail()}" if bot is not None else ""
            raise TimeoutError(f"no {what} within {timeout:.0f} s{tail}")
        await asyncio.sleep(interval)
