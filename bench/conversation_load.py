"""End-to-end load: simulated job seekers chat through the Telegram stand-in and wait for each answer.

Each user is a linked client who gave consent. They type a short, realistic
script (an application, a question about trainings, a thank-you) in a closed
loop: the next message goes as soon as the previous one is fully answered.
After the script the next person takes over with a chat of their own, so
conversations stay as short as real ones (Rasa's cost per message grows with
the length of the conversation it loads).
A turn is fully answered when the bot marked the message done in its inbox,
which it does only after every reply went to Telegram (PostgreSQL notifies the
benchmark of that commit); its latency runs from
the moment the update was offered to the bot until the last reply of that
turn reached the stand-in. So the figures include Telegram polling, the bot,
Rasa, the action server and the database.
"""
from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, List, Sequence

import psycopg2
from sqlalchemy.engine import make_url

from bench.stats import latency_summary
from storage import clients, consent
from storage.db import normalize_url, unit_of_work
from storage.timestamps import utc_now
from testing.telegram import TelegramStandIn
from werkmaatje.texts import chat as texts

# Written the way people type to Werkmaatje: lower case, short, a typo, an emoji.
SCRIPT = (
    "hoi",
    "ik heb gisteren bij de jumbo gesolliciteerd als vakkenvuller",
    "online",
    "ja klopt",
    "laat mn sollicitaties zien",
    "welke trainingen zijn er",
    "ok dankje 👍",
)
GEMEENTE = "hengelo"
FIRST_CHAT_ID = 920_000_000
# People seeded per concurrent user; when all had their turn, chats are used again.
PEOPLE_PER_USER = 40
# A turn unanswered for this long counts as failed; the user then goes on.
TURN_TIMEOUT_SECONDS = 60.0


class TimedStandIn(TelegramStandIn):
    """The Telegram stand-in, noting when each message to a chat arrived."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reply_times: Dict[int, List[float]] = defaultdict(list)

    def _api_sendmessage(self, params: dict) -> dict:
        sent = super()._api_sendmessage(params)
        self.reply_times[sent["chat"]["id"]].append(time.perf_counter())
        return sent


def seed_users(factory, count: int) -> List[int]:
    """Linked clients with consent, as after a finished welcome; returns their chat ids."""
    now = utc_now()
    chat_ids = [FIRST_CHAT_ID + index for index in range(count)]
    with unit_of_work(factory) as session:
        for chat_id in chat_ids:
            client = clients.add_client(session, gemeente_id=GEMEENTE, naam=f"Belasting {chat_id}", now=now)
            clients.link_chat(session, chat_id=chat_id, client_id=client.id, now=now)
            consent.record_consent(
                session, client.id, text_version=texts.PRIVACY_TEXT_VERSION, decision="given", now=now
            )
    return chat_ids


@dataclass
class Turn:
    update_id: int
    done: asyncio.Event = field(default_factory=asyncio.Event)


# The bot marks a message done only after all its replies went out; PostgreSQL
# tells the benchmark at that commit, so no one polls. Created in the
# benchmark's own database only.
TURN_DONE_CHANNEL = "bench_turn_done"
TURN_DONE_TRIGGER = f"""
CREATE FUNCTION bench_turn_done() RETURNS trigger AS $$
BEGIN
    IF NEW.status = 'done' THEN
        PERFORM pg_notify('{TURN_DONE_CHANNEL}', NEW.update_id::text);
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER bench_turn_done AFTER UPDATE OF status ON inbound_messages
    FOR EACH ROW EXECUTE FUNCTION bench_turn_done();
"""


class DoneWatcher:
    """Listens for the bot finishing turns (PostgreSQL NOTIFY) and wakes the user who waits."""

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url
        self._open: Dict[int, Turn] = {}
        self._connection = None

    def watch(self, turn: Turn) -> None:
        self._open[turn.update_id] = turn

    def forget(self, turn: Turn) -> None:
        self._open.pop(turn.update_id, None)

    def _on_readable(self) -> None:
        self._connection.poll()
        while self._connection.notifies:
            turn = self._open.pop(int(self._connection.notifies.pop(0).payload), None)
            if turn is not None:
                turn.done.set()

    def start(self) -> None:
        dsn = make_url(normalize_url(self._database_url)).set(drivername="postgresql").render_as_string(hide_password=False)
        self._connection = psycopg2.connect(dsn)
        self._connection.autocommit = True
        with self._connection.cursor() as cursor:
            cursor.execute(TURN_DONE_TRIGGER)
            cursor.execute(f"LISTEN {TURN_DONE_CHANNEL}")
        asyncio.get_running_loop().add_reader(self._connection.fileno(), self._on_readable)

    async def stop(self) -> None:
        if self._connection is not None:
            asyncio.get_running_loop().remove_reader(self._connection.fileno())
            self._connection.close()


@dataclass
class LevelResult:
    latencies: List[float] = field(default_factory=list)
    first_reply: List[float] = field(default_factory=list)
    unanswered: int = 0
    timed_out: int = 0
    seconds: float = 0.0

    def figures(self, users: int) -> dict:
        answered = len(self.latencies)
        return {
            "users": users,
            "turns": answered + self.unanswered + self.timed_out,
            "without_reply": self.unanswered,
            "timed_out": self.timed_out,
            "seconds": round(self.seconds, 1),
            "messages_per_s": round(answered / self.seconds, 2) if self.seconds else 0.0,
            "latency_ms": latency_summary(self.latencies),
            "first_reply_ms": latency_summary(self.first_reply),
        }


async def _one_turn(telegram: TimedStandIn, watcher: DoneWatcher, chat_id: int, text: str, result: LevelResult) -> None:
    replies_before = len(telegram.reply_times[chat_id])
    sent_at = time.perf_counter()
    turn = Turn(telegram.push_text(chat_id, text))
    watcher.watch(turn)
    try:
        await asyncio.wait_for(turn.done.wait(), TURN_TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        watcher.forget(turn)
        result.timed_out += 1
        return
    replies = telegram.reply_times[chat_id][replies_before:]
    if not replies:
        result.unanswered += 1
        return
    result.first_reply.append(replies[0] - sent_at)
    result.latencies.append(replies[-1] - sent_at)


class People:
    """The seeded chats, handed out in turn: each script run is one person's conversation."""

    def __init__(self, chat_ids: Sequence[int]) -> None:
        self._chat_ids = list(chat_ids)
        self._next = 0

    def next_chat(self) -> int:
        chat_id = self._chat_ids[self._next % len(self._chat_ids)]
        self._next += 1
        return chat_id


async def run_level(telegram: TimedStandIn, watcher: DoneWatcher, people: People, users: int, seconds: float) -> LevelResult:
    """`users` people chat at once in a closed loop for `seconds`; each turn started is waited for."""
    result = LevelResult()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds

    async def user(position: int) -> None:
        # Users start at different places in the script, so the load mixes intents.
        step = position % len(SCRIPT)
        chat_id = people.next_chat()
        while loop.time() < deadline:
            await _one_turn(telegram, watcher, chat_id, SCRIPT[step], result)
            step += 1
            if step == len(SCRIPT):
                step, chat_id = 0, people.next_chat()

    started = time.perf_counter()
    await asyncio.gather(*(user(position) for position in range(users)))
    result.seconds = time.perf_counter() - started
    return result


async def warm_up(telegram: TimedStandIn, watcher: DoneWatcher, chat_ids: Sequence[int]) -> LevelResult:
    """A first conversation turn in a few chats, so Rasa's first, slow answers stay out of the figures."""
    result = LevelResult()
    await asyncio.gather(*(_one_turn(telegram, watcher, chat_id, SCRIPT[0], result) for chat_id in chat_ids))
    return result
