"""One client's long history: 1 000 turns through the real stack, on SQLite and on PostgreSQL.

A job seeker stays for months or years, and every message and reminder adds
events to Rasa's tracker. Here one linked client (consent given) talks
through the Telegram stand-in, the real bot process, Rasa and the action
server, day after day: an application, the overview, trainings, the menu, a
thank-you, and a reminder the dispatcher sends (`trigger_intent`) at the
start or the end of the day. Between days the chat is quiet for longer than
a session (`session_minutes`, made short here so a year fits in minutes).

Reported per block of 100 turns: the median latency of a turn (from offering
the update until the bot marked it done, after its last reply) and the
events per action-server call (counted by bench/action_proxy.py). The ratio
last block / first block is the figure that must stay near 1. A shorter
run with sessions switched off (the old `session_expiration_time: 0`) shows
what it was.
"""
from __future__ import annotations

import asyncio
import shutil
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import yaml
from sqlalchemy import create_engine, select, text

from bench import conversation_load as load
from bench.action_proxy import CountingActionProxy
from cli.common import prepare_database
from storage import scheduled
from storage.db import normalize_url, unit_of_work
from storage.tables import InboundMessage, ScheduledMessage, TelegramLink
from storage.timestamps import utc_now
from testing.bot_process import BotProcess, bot_env, wait_until
from testing.due_reminders import write_open_gemeente
from testing.postgres import fresh_database
from testing.stack import RasaStack
from testing.telegram import TelegramStandIn
from werkmaatje.settings import REPO_ROOT

NAME = "history"
BLOCK = 100
EMPLOYERS = ("jumbo", "lidl", "hema", "action", "albert heijn")
# One day of a person's chat; the first line is filled in with an employer.
DAY = (
    "hoi",
    "ik heb gisteren bij de {employer} gesolliciteerd als vakkenvuller",
    "online",
    "ja klopt",
    "laat mn sollicitaties zien",
    "welke trainingen zijn er",
    "wat kun je allemaal",
    "ok dankje 👍",
)
AFTER_REMINDER = "heb ik gedaan"
TURN_TIMEOUT_SECONDS = 60.0
POLL_SECONDS = 0.002


@dataclass(frozen=True)
class HistoryPlan:
    turns: int = 1000
    # Sessions made short so that a year of days fits in a run; the pause is a little longer.
    session_seconds: float = 2.0
    backends: tuple = ("sqlite", "postgresql")
    # The same client without sessions (Rasa's old setting here), SQLite only; 0 skips it.
    baseline_turns: int = 300


class Person:
    """The one client, talking turn by turn and waiting for each answer."""

    def __init__(self, telegram, factory, reader, proxy: CountingActionProxy, chat_id: int, client_id: str) -> None:
        # `reader` is a plain engine: the product's sessions on SQLite begin IMMEDIATE
        # (a write lock), and polling with them would queue the bot and Rasa behind us.
        self.telegram, self.factory, self.reader, self.proxy = telegram, factory, reader, proxy
        self.chat_id, self.client_id = chat_id, client_id
        self.latencies: List[float] = []
        self.events_per_call: List[List[int]] = []
        self.unanswered = 0
        self.reminders_sent = 0

    async def say(self, line: str) -> None:
        calls_before = len(self.proxy.calls)
        replies_before = len(self.telegram.sent_to(self.chat_id))
        started = time.perf_counter()
        update_id = self.telegram.push_text(self.chat_id, line)
        await wait_until(lambda: self._status(update_id) == "done", timeout=TURN_TIMEOUT_SECONDS, what="a turn", interval=POLL_SECONDS)
        self.latencies.append(time.perf_counter() - started)
        self.events_per_call.append([events for _action, events in self.proxy.calls_since(calls_before)])
        if len(self.telegram.sent_to(self.chat_id)) == replies_before:
            self.unanswered += 1

    async def get_reminder(self, day: int) -> None:
        """A reminder due now, sent by the bot's dispatcher through Rasa's trigger_intent."""
        now = utc_now()
        with unit_of_work(self.factory) as session:
            row = scheduled.schedule_message(
                session, client_id=self.client_id, kind="own_reminder", due_at=now - timedelta(minutes=1), now=now,
                payload={"about": f"de afspraak van dag {day}"},
            )
            row_id = row.id
        await wait_until(lambda: self._row_status(row_id) == "sent", timeout=TURN_TIMEOUT_SECONDS, what="a reminder", interval=POLL_SECONDS)
        self.reminders_sent += 1

    def _status(self, update_id: int) -> Optional[str]:
        return self._read(
            select(InboundMessage.status).where(InboundMessage.chat_id == self.chat_id, InboundMessage.update_id == update_id)
        )

    def _row_status(self, row_id: int) -> Optional[str]:
        return self._read(select(ScheduledMessage.status).where(ScheduledMessage.id == row_id))

    def _read(self, statement):
        with self.reader.connect() as connection:
            return connection.execute(statement).scalar_one_or_none()


async def live_days(person: Person, turns: int, pause: float) -> None:
    """Day after day until `turns` turns were measured; even days start with a reminder."""
    day = 0
    while len(person.latencies) < turns:
        lines = [line.format(employer=EMPLOYERS[day % len(EMPLOYERS)]) for line in DAY]
        if day % 2 == 0:
            await person.get_reminder(day)
            lines.insert(0, AFTER_REMINDER)
        else:
            lines.append(AFTER_REMINDER)
        for index, line in enumerate(lines):
            if len(person.latencies) >= turns:
                return
            if index == len(lines) - 1 and day % 2 == 1:
                await person.get_reminder(day)
            await person.say(line)
        day += 1
        if pause:
            await asyncio.sleep(pause)


def block_rows(person: Person) -> List[dict]:
    blocks = []
    for start in range(0, len(person.latencies), BLOCK):
        latencies = person.latencies[start : start + BLOCK]
        events = [count for turn in person.events_per_call[start : start + BLOCK] for count in turn]
        blocks.append(
            {
                "turns": f"{start}-{start + len(latencies) - 1}",
                "p50_ms": round(statistics.median(latencies) * 1000, 1),
                "events_per_call_p50": statistics.median(events) if events else None,
                "events_per_call_max": max(events) if events else None,
            }
        )
    return blocks


def _open_gemeenten(folder: Path) -> Path:
    """The real gemeente files, with Hengelo's quiet hours moved out of the run's way."""
    shutil.copytree(REPO_ROOT / "gemeenten", folder, dirs_exist_ok=True)
    open_hours = yaml.safe_load((write_open_gemeente(folder / "_open", utc_now()) / "proeftuin.yml").read_text(encoding="utf-8"))
    hengelo = yaml.safe_load((folder / "hengelo.yml").read_text(encoding="utf-8"))
    hengelo["rusttijden"] = open_hours["rusttijden"]
    (folder / "hengelo.yml").write_text(yaml.safe_dump(hengelo, allow_unicode=True), encoding="utf-8")
    shutil.rmtree(folder / "_open")
    return folder


@contextmanager
def _database(backend: str, postgres_url: str, workdir: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'history.db'}"
        return
    with fresh_database(postgres_url, NAME) as url:
        yield url


async def _drive(settings, factory, proxy: CountingActionProxy, turns: int, pause: float, log: Path) -> dict:
    [chat_id, warm_chat] = load.seed_users(factory, 2)
    reader = create_engine(normalize_url(settings.database_url), future=True)
    with unit_of_work(factory) as session:
        client_id = session.execute(select(TelegramLink.client_id).where(TelegramLink.chat_id == chat_id)).scalar_one()
    async with proxy, TelegramStandIn() as telegram:
        bot = BotProcess(bot_env(settings, telegram), log)
        await bot.start()
        try:
            await wait_until(lambda: telegram.calls_of("getUpdates"), timeout=120, what="bot polling", bot=bot)
            warm = Person(telegram, factory, reader, proxy, warm_chat, client_id)
            for line in DAY[:2]:  # Rasa's first answers are slow; keep them out of the figures.
                await warm.say(line)
            person = Person(telegram, factory, reader, proxy, chat_id, client_id)
            await live_days(person, turns, pause)
        finally:
            await bot.stop()
            reader.dispose()
    with unit_of_work(factory) as session:
        stored = session.execute(text("SELECT count(*) FROM events WHERE sender_id = :chat"), {"chat": str(chat_id)}).scalar_one()
        sessions = session.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :chat AND type_name = 'session_started'"), {"chat": str(chat_id)}
        ).scalar_one()
    blocks = block_rows(person)
    return {
        "turns": len(person.latencies),
        "without_reply": person.unanswered,
        "reminders_sent": person.reminders_sent,
        "sessions": sessions,
        "events_stored": stored,
        "blocks": blocks,
        "last_first_ratio": round(blocks[-1]["p50_ms"] / blocks[0]["p50_ms"], 2) if blocks and blocks[0]["p50_ms"] else None,
    }


def run_one(model_path: Path, backend: str, *, turns: int, session_minutes: float, pause: float, postgres_url: str, workdir: Path) -> dict:
    log_dir = workdir / f"{NAME}-{backend}-{'sessions' if session_minutes else 'no-sessions'}"
    log_dir.mkdir(parents=True, exist_ok=True)
    with _database(backend, postgres_url, log_dir) as database_url:
        settings = RasaStack.for_database(database_url, log_dir).settings.copy(
            update={
                "rasa_model_dir": model_path.parent,
                "session_minutes": session_minutes,
                "gemeenten_dir": _open_gemeenten(log_dir / "gemeenten"),
                "dispatch_scan_seconds": 0.2,
                "telegram_max_per_second": 10_000.0,
            }
        )
        stack = RasaStack(settings, log_dir)
        proxy = CountingActionProxy(settings.action_server_url)
        stack._env["WERKMAATJE_ACTION_ENDPOINT"] = f"{proxy.url}/webhook"
        stack._env["WERKMAATJE_GEMEENTEN_DIR"] = str(settings.gemeenten_dir)
        factory = prepare_database(settings)
        try:
            stack.start()
            return asyncio.run(_drive(settings, factory, proxy, turns, pause, log_dir / "bot.log"))
        finally:
            stack.stop()
            factory.kw["bind"].dispose()


def run(model_path: Path, plan: HistoryPlan, *, postgres_url: str, workdir: Path) -> Dict[str, dict]:
    """The history run per backend with sessions, and the short no-session reference."""
    minutes = plan.session_seconds / 60
    results = {}
    for backend in plan.backends:
        print(f"History: {plan.turns} turns on {backend} ...", flush=True)
        results[backend] = run_one(
            model_path, backend, turns=plan.turns, session_minutes=minutes, pause=plan.session_seconds + 0.5,
            postgres_url=postgres_url, workdir=workdir,
        )
    if plan.baseline_turns:
        print(f"History without sessions: {plan.baseline_turns} turns on sqlite ...", flush=True)
        results["sqlite_without_sessions"] = run_one(
            model_path, "sqlite", turns=plan.baseline_turns, session_minutes=0, pause=0,
            postgres_url=postgres_url, workdir=workdir,
        )
    return results


def table_rows(results: Dict[str, dict]) -> List[tuple]:
    rows = []
    for name, figures in results.items():
        medians = ", ".join(f"{block['p50_ms']:.0f}" for block in figures["blocks"])
        largest = max((block["events_per_call_max"] or 0) for block in figures["blocks"])
        rows.append((f"{name}: p50 ms per 100 turns", medians))
        rows.append(
            (
                f"{name}: last/first, events/call max",
                f"{figures['last_first_ratio']}x, {largest} (of {figures['events_stored']} stored, {figures['sessions']} sessions)",
            )
        )
    return rows


def passed(results: Dict[str, dict]) -> bool:
    """Every turn answered; the figures are reported, not judged here."""
    return all(figures["without_reply"] == 0 for figures in results.values())
