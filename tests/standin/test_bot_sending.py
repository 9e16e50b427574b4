"""Sending through the real ptb bot as Werkmaatje builds it: 429s are waited out, 403s do not crash."""
from __future__ import annotations

import asyncio

from bot.app import build_application
from bot.rasa_client import Button, Reply
from bot.database import Database, utc_now
from bot.telegram_out import TelegramOut, parse_callback_data
from storage import keyboards
from storage.db import cached_session_factory, run_migrations
from testing.telegram import TelegramStandIn
from werkmaatje.settings import Settings


def _run_with_bot(body):
    async def scenario():
        async with TelegramStandIn() as telegram:
            settings = Settings(
                _env_file=None, telegram_bot_token=telegram.token, telegram_api_base_url=f"{telegram.url}/bot"
            )
            application = build_application(settings)
            await application.initialize()
            try:
                await body(telegram, application.bot)
            finally:
                await application.shutdown()

    asyncio.run(scenario())


def test_a_429_is_retried_after_retry_after():
    async def body(telegram, bot):
        telegram.fail_next("sendMessage", error_code=429, description="Too Many Requests: retry after 1", retry_after=1)
        assert await TelegramOut(bot, run_db=None).send_text(101, "Hoi!") is True
        assert telegram.texts_to(101) == ["Hoi!"]
        assert [call.ok for call in telegram.calls_of("sendMessage")] == [False, True]

    _run_with_bot(body)


def test_a_blocked_chat_is_reported_not_raised():
    async def body(telegram, bot):
        telegram.block_chat(202)
        assert await TelegramOut(bot, run_db=None).send_text(202, "Hoi!") is False
        assert telegram.texts_to(202) == []

    _run_with_bot(body)


def test_long_replies_are_split_and_buttons_go_on_the_last_part(tmp_path):
    url = f"sqlite:///{tmp_path / 'sending.db'}"
    run_migrations(url)
    db = Database(cached_session_factory(url))

    async def body(telegram, bot):
        reply = Reply(text="woord " * 1500, buttons=[Button("Ja", "/affirm"), Button("Nee", "/deny")])
        assert await TelegramOut(bot, run_db=db).send_replies(303, [reply]) is True
        sent = telegram.sent_to(303)
        assert len(sent) == 3 and all(len(message["text"]) <= 4096 for message in sent)
        assert "reply_markup" not in sent[0] and "reply_markup" not in sent[1]
        [[yes], [no]] = sent[2]["reply_markup"]["inline_keyboard"]
        keyboard_id, index = parse_callback_data(no["callback_data"])
        # The payload stays server-side; the tap is claimed once.
        assert await db(keyboards.claim_button, keyboard_id, index, chat_id=303, now=utc_now()) == {
            "title": "Nee", "payload": "/deny"
        }
        assert await db(keyboards.claim_button, keyboard_id, 0, chat_id=303, now=utc_now()) is None

    _run_with_bot(body)
