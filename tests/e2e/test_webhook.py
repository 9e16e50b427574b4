"""Webhook mode with the product's handlers, real Rasa and the Telegram stand-in.

Telegram hears 200 only once the update is in the inbox; a request without
Telegram's secret token stores nothing; a redelivered update is answered once.
The 400/413 cases and the stop are in tests/unit/test_webhook_server.py.
"""
from __future__ import annotations

import asyncio
import sqlite3
from contextlib import asynccontextmanager

import httpx
from sqlalchemy import func, select

from bot.app import build_application
from bot.lifecycle import run_until_stopped
from bot.webhook import SECRET_HEADER
from storage.db import unit_of_work
from storage.tables import InboundMessage
from testing.stack import free_port
from testing.telegram import TelegramStandIn
from testing.telegram.updates import text_content, user

SECRET = "webhook-secret-for-tests"
PUBLIC_URL = "https://werkmaatje.example/telegram"


def text_update(update_id: int, chat_id: int, text: str) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id % 100_000,
            "date": 1795430000,
            "chat": {"id": chat_id, "type": "private", "first_name": "Eva"},
            "from": user(chat_id, "Eva"),
            **text_content(text),
        },
    }


def inbox_rows(db, update_id=None) -> int:
    with unit_of_work(db) as session:
        query = select(func.count()).select_from(InboundMessage)
        if update_id is not None:
            query = query.where(InboundMessage.update_id == update_id)
        return session.execute(query).scalar_one()


@asynccontextmanager
async def webhook_bot(stack):
    """The product's bot in webhook mode (role "all"), run as `werkmaatje bot` runs it, until the test ends."""
    port = free_port()
    async with TelegramStandIn() as telegram:
        settings = stack.settings.copy(
            update={
                "telegram_bot_token": telegram.token,
                "telegram_api_base_url": f"{telegram.url}/bot",
                "telegram_mode": "webhook",
                "telegram_webhook_url": PUBLIC_URL,
                "telegram_webhook_secret": SECRET,
                "telegram_webhook_port": port,
                "bot_metrics_port": 0,
            }
        )
        settings.check_secrets()
        stopping = asyncio.Event()
        running = asyncio.ensure_future(run_until_stopped(build_application(settings), settings, stopping))
        try:
            await telegram.wait_for_call("setWebhook")
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
                yield telegram, http
        finally:
            stopping.set()
            await asyncio.wait_for(running, 15)
        assert not telegram.calls_of("deleteWebhook"), "a stopping replica leaves the webhook to the others"


def post(http, update, secret=SECRET):
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return http.post("/telegram", json=update, headers=headers)


def test_webhook_requires_the_secret_token_and_stores_before_200(stack, db):
    chat_id, update_id = 880001, 990001

    async def scenario():
        async with webhook_bot(stack) as (telegram, http):
            [set_webhook] = telegram.calls_of("setWebhook")
            assert set_webhook.params["url"] == PUBLIC_URL
            assert set_webhook.params["secret_token"] == SECRET
            before = inbox_rows(db)
            update = text_update(update_id, chat_id, "ben je een robot")
            assert (await post(http, update, secret=None)).status_code == 403
            assert (await post(http, update, secret="webhook-secret-for-test")).status_code == 403
            assert inbox_rows(db) == before, "a forged request stores nothing"

            real = await post(http, update)
            assert real.status_code == 200
            assert inbox_rows(db, update_id) == 1, "the update is in the inbox when Telegram hears 200"
            [answer] = await telegram.wait_for_sent(chat_id, 1)
            assert "computerprogramma" in answer["text"]

    asyncio.run(scenario())


def test_telegram_hears_200_only_after_the_store(stack, db):
    """With the database's write lock held elsewhere, the bot cannot store: no 200 until it can."""
    chat_id, update_id = 880002, 990002
    database_file = stack.settings.database_url.removeprefix("sqlite:///")

    async def scenario():
        async with webhook_bot(stack) as (telegram, http):
            blocker = sqlite3.connect(database_file, isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")
            try:
                request = asyncio.ensure_future(post(http, text_update(update_id, chat_id, "ben je een robot")))
                await asyncio.sleep(1.5)
                assert not request.done(), "ptb's own webhook server would have answered 200 by now"
            finally:
                blocker.execute("ROLLBACK")
                blocker.close()
            assert (await request).status_code == 200
            assert inbox_rows(db, update_id) == 1
            await telegram.wait_for_sent(chat_id, 1)

    asyncio.run(scenario())


def test_a_redelivered_update_is_answered_once(stack):
    chat_id, update_id = 880003, 990003

    async def scenario():
        async with webhook_bot(stack) as (telegram, http):
            update = text_update(update_id, chat_id, "ben je een robot")
            # Telegram sends again when it missed the 200; at once and after a while.
            together = await asyncio.gather(post(http, update), post(http, update))
            assert [response.status_code for response in together] == [200, 200]
            await telegram.wait_for_sent(chat_id, 1)
            assert (await post(http, update)).status_code == 200
            await asyncio.sleep(3)
            assert len(telegram.sent_to(chat_id)) == 1

    asyncio.run(scenario())
