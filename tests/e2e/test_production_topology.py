"""The production profile end to end: 2 Rasa replicas with 2 action servers, 2 bot webhook
replicas and a dispatcher behind nginx, on PostgreSQL and a Redis server of its own.

Many chats talk at once; midway one Rasa replica is killed (SIGKILL) and one bot
replica is stopped (SIGTERM, as a deploy does). Every message must be answered once,
in order per chat. Then Redis goes away: a message waits, and is answered when Redis
is back. And a webhook without Telegram's secret is refused by nginx, nothing stored.
"""
from __future__ import annotations

import asyncio
import os
import signal

import httpx
from sqlalchemy import func, select

from storage.db import cached_session_factory, unit_of_work
from storage.tables import InboundMessage
from testing.bot_process import wait_until
from testing.postgres import fresh_database, postgres_server_url
from testing.production import WEBHOOK_SECRET, ProductionStack, RedisServer
from testing.telegram import TelegramStandIn
from testing.telegram.updates import text_content, user
from werkmaatje.texts import chat as texts

CHATS = 12
ROUNDS = 6
FIRST_CHAT = 7_700_001
# Two questions with answers that tell them apart, for a chat that is not linked yet.
QUESTIONS = [("ben je een robot", "computerprogramma"), ("wat kun je allemaal", "Dit kan ik voor je doen")]
ANSWER_SECONDS = 240


def _answers(telegram, chat_id: int) -> list:
    """What the chat was told, without the 'even niet bereikbaar' notes an outage adds."""
    return [text for text in telegram.texts_to(chat_id) if text != texts.NOT_REACHABLE]


def _inbox_rows(database_url: str, **where) -> int:
    factory = cached_session_factory(database_url)
    with unit_of_work(factory) as session:
        statement = select(func.count()).select_from(InboundMessage)
        for column, value in where.items():
            statement = statement.where(getattr(InboundMessage, column) == value)
        return session.execute(statement).scalar_one()


def _forged_update(update_id: int) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1, "date": 1795430000,
            "chat": {"id": 7_799_999, "type": "private", "first_name": "Eva"},
            "from": user(7_799_999, "Eva"), **text_content("ben je een robot"),
        },
    }


async def _refuses_forged_webhooks(stack: ProductionStack, database_url: str) -> None:
    before = _inbox_rows(database_url)
    async with httpx.AsyncClient(timeout=10.0) as http:
        missing = await http.post(f"{stack.public_url}/telegram", json=_forged_update(990_001))
        wrong = await http.post(
            f"{stack.public_url}/telegram", json=_forged_update(990_002),
            headers={"X-Telegram-Bot-Api-Secret-Token": "not-" + WEBHOOK_SECRET},
        )
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert _inbox_rows(database_url) == before


async def _talk(telegram, chat_id: int, answered: list) -> None:
    """One person: a question, wait for its answer, the next question."""
    for round_number in range(ROUNDS):
        question, _ = QUESTIONS[round_number % len(QUESTIONS)]
        telegram.push_text(chat_id, question, first_name="Eva")
        await wait_until(lambda: len(_answers(telegram, chat_id)) > round_number, timeout=ANSWER_SECONDS,
                         what=f"answer {round_number + 1} in chat {chat_id}", interval=0.1)
        answered.append(chat_id)


async def _faults_midway(stack: ProductionStack, answered: list) -> None:
    total = CHATS * ROUNDS
    await wait_until(lambda: len(answered) >= total // 4, timeout=ANSWER_SECONDS, what="a quarter of the answers")
    os.kill(stack.rasa_pid(0), signal.SIGKILL)
    await wait_until(lambda: len(answered) >= total // 2, timeout=ANSWER_SECONDS, what="half of the answers")
    os.kill(stack.bot_pid(0), signal.SIGTERM)


async def _conversations_survive_faults(telegram, stack: ProductionStack, database_url: str) -> None:
    answered: list = []
    chats = [FIRST_CHAT + index for index in range(CHATS)]
    await asyncio.gather(_faults_midway(stack, answered), *(_talk(telegram, chat, answered) for chat in chats))
    # Quiet for a while: a message answered twice would show up now.
    await asyncio.sleep(8)
    for chat_id in chats:
        expected = [QUESTIONS[n % len(QUESTIONS)][1] for n in range(ROUNDS)]
        told = _answers(telegram, chat_id)
        assert len(told) == ROUNDS, f"chat {chat_id} was told {told}"
        assert all(word in text for word, text in zip(expected, told)), told
    assert _inbox_rows(database_url, status="pending") == 0


async def _messages_wait_while_redis_is_down(telegram, redis: RedisServer, database_url: str) -> None:
    chat_id = FIRST_CHAT + CHATS
    redis.stop()
    telegram.push_text(chat_id, QUESTIONS[0][0], first_name="Eva")
    await wait_until(lambda: _inbox_rows(database_url, chat_id=chat_id, status="pending") == 1 and
                     texts.NOT_REACHABLE in telegram.texts_to(chat_id), timeout=60, what="the message waiting")
    assert _answers(telegram, chat_id) == []
    redis.start()
    await wait_until(lambda: _answers(telegram, chat_id), timeout=ANSWER_SECONDS, what="the answer after Redis came back")
    assert QUESTIONS[0][1] in _answers(telegram, chat_id)[0]


def test_production_topology_answers_once_through_faults(tmp_path):
    async def scenario(database_url: str) -> None:
        redis = RedisServer(tmp_path / "redis.log")
        redis.start()
        await redis.wait_ready()
        async with TelegramStandIn() as telegram:
            stack = ProductionStack(database_url=database_url, redis_url=redis.url, telegram=telegram, run_dir=tmp_path)
            await stack.start()
            try:
                await stack.wait_ready()
                await wait_until(lambda: len(telegram.calls_of("setWebhook")) >= 2, timeout=120, what="setWebhook")
                telegram.start_delivering(stack.public_url)
                await _refuses_forged_webhooks(stack, database_url)
                await _conversations_survive_faults(telegram, stack, database_url)
                await _messages_wait_while_redis_is_down(telegram, redis, database_url)
            except BaseException:
                print(stack.log_tail(200))
                raise
            finally:
                code = await stack.stop()
                redis.stop()
            assert code == 0, stack.log_tail()

    with fresh_database(postgres_server_url(), "production") as database_url:
        asyncio.run(scenario(database_url))
