"""The bot's aiohttp transport for python-telegram-bot puts on the wire what httpx did.

A real ptb Bot talks through it to the Telegram stand-in: texts with keyboards,
a document upload, Telegram's own errors (429 with retry_after, 403), and the
network failing (a refused port, a server slower than the read timeout).
"""
from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut

from bot.telegram_transport import AiohttpRequest
from testing.stack import free_port
from testing.telegram import TelegramStandIn

CHAT = 4_200_001


def bot_for(telegram: TelegramStandIn, **request) -> Bot:
    return Bot(telegram.token, base_url=f"{telegram.url}/bot", request=AiohttpRequest(**request),
               get_updates_request=AiohttpRequest(connections=1))


def run(scenario):
    async def with_stand_in():
        async with TelegramStandIn() as telegram:
            await scenario(telegram)

    asyncio.run(with_stand_in())


def test_texts_with_a_keyboard_and_unicode_arrive_whole():
    async def scenario(telegram):
        async with bot_for(telegram) as bot:
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja 👍", callback_data="ja&nee=1")]])
            text = "Top! Je sollicitatie bij \"Jumbo & Co\" <b>staat</b> erin. 100% 🎉"
            sent = await bot.send_message(CHAT, text, reply_markup=keyboard)
        assert telegram.texts_to(CHAT) == [text]
        assert sent.text == text and sent.chat.id == CHAT
        markup = telegram.sent_to(CHAT)[0]["reply_markup"]
        markup = json.loads(markup) if isinstance(markup, str) else markup
        assert markup["inline_keyboard"][0][0]["callback_data"] == "ja&nee=1"

    run(scenario)


def test_a_document_is_uploaded_as_multipart_with_its_name():
    async def scenario(telegram):
        content = json.dumps({"naam": "Eva", "sollicitaties": ["Jumbo"]}).encode()
        async with bot_for(telegram) as bot:
            message = await bot.send_document(CHAT, document=content, filename="mijn-gegevens.json", caption="Je gegevens")
        assert message.document.file_name == "mijn-gegevens.json"
        stored = telegram.documents[(CHAT, message.message_id)]
        assert stored["content"] == content

    run(scenario)


def test_telegram_errors_keep_their_meaning():
    async def scenario(telegram):
        telegram.fail_next("sendMessage", error_code=429, description="Too Many Requests: retry after 3", retry_after=3)
        telegram.block_chat(CHAT + 1)
        async with bot_for(telegram) as bot:
            with pytest.raises(RetryAfter) as too_many:
                await bot.send_message(CHAT, "hoi")
            with pytest.raises(Forbidden):
                await bot.send_message(CHAT + 1, "hoi")
        after = too_many.value.retry_after
        assert (after.total_seconds() if hasattr(after, "total_seconds") else after) == 3

    run(scenario)


def test_a_refused_connection_is_a_network_error():
    async def scenario():
        request = AiohttpRequest()
        await request.initialize()
        try:
            with pytest.raises(NetworkError) as error:
                await request.post(f"http://127.0.0.1:{free_port()}/bot123/sendMessage")
            assert not isinstance(error.value, TimedOut)
            assert "aiohttp.ClientConnectorError" in str(error.value)
        finally:
            await request.shutdown()

    asyncio.run(scenario())


def test_a_server_slower_than_the_read_timeout_is_timed_out():
    async def scenario():
        async def slow(request):
            await asyncio.sleep(2)
            return web.json_response({"ok": True, "result": True})

        app = web.Application()
        app.router.add_post("/{tail:.*}", slow)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        request = AiohttpRequest(read_timeout=0.3)
        await request.initialize()
        try:
            with pytest.raises(TimedOut):
                await request.post(f"http://127.0.0.1:{port}/bot123/sendMessage")
        finally:
            await request.shutdown()
            await runner.cleanup()

    asyncio.run(scenario())
