"""Two real Rasa replicas behind one bot: when one is killed mid-run, every message is still answered.

Both replicas (each with its action server) share one PostgreSQL tracker store
and the Redis lock store, as on the Werkplein. The bot routes each chat to its
replica by hash (bot/rasa_replicas.py); killing one Rasa with SIGKILL while
messages are in flight must leave no chat unanswered and none answered twice.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import os
import random
import signal

from bot.rasa_replicas import ReplicaPool
from cli.common import new_link, prepare_database
from storage import clients
from storage.db import unit_of_work
from testing.e2e.bot import running_bot
from testing.e2e.chat import link_and_consent
from testing.postgres import fresh_postgres_database
from testing.stack import RasaStack
from werkmaatje.texts import chat as texts

CHATS_PER_REPLICA = 3
ANSWER_SECONDS = 90.0


class SharedLockStack(RasaStack):
    """A Rasa replica as on the Werkplein: the Redis lock store, whatever its worker count."""

    def __init__(self, settings, log_dir) -> None:
        super().__init__(settings, log_dir)
        self._env["WERKMAATJE_LOCK_STORE"] = "redis"

    def kill_rasa(self) -> None:
        """SIGKILL, as a crash or an OOM kill does: no shutdown, requests in flight cut off."""
        os.killpg(self._rasa.pid, signal.SIGKILL)
        self._rasa.wait()


def chats_by_replica(replicas, count: int):
    """`count` fresh chat ids per replica, by where the bot's hash sends them."""
    pool = ReplicaPool(replicas)
    chosen = {rasa: [] for rasa, _ in replicas}
    for chat_id in itertools.count(random.randrange(800_000_000, 900_000_000)):
        own = chosen[pool.order_for(str(chat_id))[0].rasa_url]
        if len(own) < count:
            own.append(chat_id)
        if all(len(ids) == count for ids in chosen.values()):
            return list(chosen.values())


def answers_since(telegram, chat_id, already: int):
    return [m for m in telegram.sent_to(chat_id)[already:] if m.get("text") != texts.NOT_REACHABLE]


def test_every_message_is_answered_when_a_rasa_replica_is_killed(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="bot.rasa_client")
    with fresh_postgres_database() as database_url:
        stacks = []
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            stacks.append(SharedLockStack.for_database(database_url, tmp_path / name))
        factory = prepare_database(stacks[0].settings)
        try:
            # One after the other: the first creates Rasa's tables in the shared database.
            for stack in stacks:
                stack.start()
            asyncio.run(_scenario(stacks, factory))
            # The bot noticed the dead replica and moved its chats (not only retried them there).
            assert any(
                "overgeslagen" in record.getMessage() and stacks[1].settings.rasa_url in record.getMessage()
                for record in caplog.records
            )
        finally:
            for stack in stacks:
                stack.stop()
            factory.kw["bind"].dispose()


async def _scenario(stacks, factory):
    replicas = [(stack.settings.rasa_url, stack.settings.action_server_url) for stack in stacks]
    on_a, on_b = chats_by_replica(replicas, CHATS_PER_REPLICA)
    routing = {
        "rasa_urls": ",".join(rasa for rasa, _ in replicas),
        "action_server_urls": ",".join(actions for _, actions in replicas),
    }
    async with running_bot(stacks[0], **routing) as telegram:
        for chat_id in on_a + on_b:
            with unit_of_work(factory) as session:
                client = clients.add_client(session, gemeente_id="hengelo", naam="Anna de Vries")
                koppelcode = new_link(session, client.id, stacks[0].settings)["koppelcode"]
            await link_and_consent(telegram, chat_id, koppelcode)

        # Every chat says hello at once; replica b dies while its messages are in flight.
        already = {chat_id: len(telegram.sent_to(chat_id)) for chat_id in on_a + on_b}
        for chat_id in on_a + on_b:
            telegram.push_text(chat_id, "hoi")
        await asyncio.sleep(0.3)
        stacks[1].kill_rasa()
        deadline = asyncio.get_running_loop().time() + ANSWER_SECONDS
        while not all(answers_since(telegram, chat_id, already[chat_id]) for chat_id in already):
            assert asyncio.get_running_loop().time() < deadline, {
                chat_id: [m.get("text") for m in telegram.sent_to(chat_id)[already[chat_id]:]] for chat_id in already
            }
            await asyncio.sleep(0.2)
        await asyncio.sleep(2)  # a second answer, were there one, would have come by now
        for chat_id in already:
            assert [m["text"] for m in answers_since(telegram, chat_id, already[chat_id])] == ["Hoi Anna! Fijn dat je er bent."]

        # From now on b's chats go straight to a: answered at once, without "not reachable".
        for chat_id in on_b:
            telegram.mark()
            telegram.push_text(chat_id, "wat kun je allemaal")
            [menu] = await telegram.wait_for_sent(chat_id, 1)
            titles = [row[0]["text"] for row in menu["reply_markup"]["inline_keyboard"]]
            assert "Klantmanager spreken" in titles
