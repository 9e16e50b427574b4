"""Issue 19: two bot replicas on one PostgreSQL database answer each chat once, in order.

Each replica is built as a bot process builds it (bot/app.py): its own engine,
Rasa client, python-telegram-bot Bot and Conversations (so its own holder
name and in-memory locks). They share the database, the session's real Rasa
and action server, and the Telegram stand-in. Updates of one chat go to both
replicas in turn, each one also redelivered to the other replica at once (as
Telegram does after a timeout), while earlier ones are still being answered.
"""
from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Dict, List

import pytest

from bot.conversations import Conversations
from bot.handlers import command_message
from cli.common import prepare_database
from storage import chat_leases, inbox
from storage.db import make_engine, session_factory, unit_of_work
from storage.timestamps import utc_now
from testing.bot_parts import bot_parts
from testing.postgres import fresh_postgres_database
from testing.telegram import TelegramStandIn

# Each has one fixed answer for someone who is not linked yet, and they differ,
# so the answers show the order the messages were handled in.
TEXTS = [command_message("/privacy"), "ben jij een robot", command_message("/help"), "doei", "dank je wel", command_message("/privacy")]
CHATS = 6
FIRST_CHAT_ID = 760_000_000
REFERENCE_CHAT_ID = 759_999_999
# Time between a chat's updates: shorter than Rasa takes to answer one, so they overlap.
UPDATE_GAP = 0.05


@pytest.fixture
def settings(stack):
    with fresh_postgres_database() as url:
        settings = stack.settings.copy(update={"database_url": url})
        prepare_database(settings)
        yield settings


@asynccontextmanager
async def replica(settings, telegram: TelegramStandIn, *, retry_seconds=None, lease_seconds=None):
    """One bot process's Conversations."""
    async with bot_parts(settings, telegram) as parts:
        conversations = Conversations(
            parts.db,
            parts.rasa,
            parts.out,
            retry_seconds or settings.inbox_retry_seconds,
            lease_seconds=lease_seconds or settings.chat_lease_seconds,
        )
        yield conversations
        await conversations.stop_retrying()


async def deliver(conversations: Conversations, update_id: int, chat_id: int, text: str) -> None:
    """What bot/handlers.py does with a text update."""
    if await conversations.accept(update_id=update_id, chat_id=chat_id, kind="text", text=text):
        await conversations.drain(chat_id)


def pending_in(settings, chat_ids) -> List[int]:
    with unit_of_work(session_factory(make_engine(settings.database_url))) as session:
        return [chat_id for chat_id in chat_ids if inbox.next_pending(session, chat_id) is not None]


def test_two_replicas_answer_every_message_once_and_in_order(settings):
    chat_ids = [FIRST_CHAT_ID + n for n in range(CHATS)]

    async def feed(replicas, chat_id: int) -> None:
        deliveries = []
        for number, text in enumerate(TEXTS):
            update_id = 1_000 + number
            first, second = replicas if number % 2 == 0 else reversed(replicas)
            deliveries.append(asyncio.create_task(deliver(first, update_id, chat_id, text)))
            deliveries.append(asyncio.create_task(deliver(second, update_id, chat_id, text)))  # redelivered
            await asyncio.sleep(UPDATE_GAP)
        await asyncio.gather(*deliveries)

    async def scenario():
        async with TelegramStandIn() as telegram, AsyncExitStack() as replicas_running:
            replicas = [await replicas_running.enter_async_context(replica(settings, telegram)) for _ in range(2)]
            for number, text in enumerate(TEXTS):  # one replica, one message at a time: what each chat should hear
                await deliver(replicas[0], 1_000 + number, REFERENCE_CHAT_ID, text)
            await asyncio.gather(*(feed(replicas, chat_id) for chat_id in chat_ids))
            return telegram.texts_to(REFERENCE_CHAT_ID), {chat_id: telegram.texts_to(chat_id) for chat_id in chat_ids}

    reference, heard = asyncio.run(scenario())
    print(f"\nwhat each chat should hear: {reference}")
    assert len(reference) >= len(TEXTS) and len(set(reference)) >= 4, "the answers must tell the messages apart"
    wrong = {chat_id: texts for chat_id, texts in heard.items() if texts != reference}
    assert wrong == {}, f"{len(wrong)} chats heard something else; answers per chat: {[len(t) for t in wrong.values()]}"
    assert pending_in(settings, chat_ids) == []


def test_a_chat_left_held_by_a_killed_replica_is_answered_once_its_lease_expires(settings):
    chat_id = FIRST_CHAT_ID + 100
    lease_seconds = 2.0

    async def scenario() -> Dict[str, List[str]]:
        async with TelegramStandIn() as telegram, replica(
            settings, telegram, lease_seconds=lease_seconds, retry_seconds=0.2  # the retry loop looks often: the expiry is what it waits for
        ) as survivor:
            engine = make_engine(settings.database_url)
            try:
                # What a replica killed while answering leaves behind: its lease, and the message it had not finished.
                with unit_of_work(session_factory(engine)) as session:
                    assert chat_leases.take(session, chat_id, holder="gedood-1234-abcd", now=utc_now(), seconds=lease_seconds)
            finally:
                engine.dispose()
            await deliver(survivor, 2_000, chat_id, TEXTS[0])
            while_held = list(telegram.texts_to(chat_id))
            survivor.start_retrying()
            await telegram.wait_for_sent(chat_id, 1, timeout=lease_seconds + 10)
            await asyncio.sleep(0.5)  # a second answer would come now
            return {"while_held": while_held, "after": telegram.texts_to(chat_id)}

    heard = asyncio.run(scenario())
    assert heard["while_held"] == []
    assert len(heard["after"]) == 1
    assert pending_in(settings, [chat_id]) == []
