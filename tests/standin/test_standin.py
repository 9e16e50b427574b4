"""The Telegram stand-in speaks the Bot API well enough for the real ptb stack.

Each test runs python-telegram-bot's own `Application` (long polling, handler
dispatch, HTTP client, error mapping) or `Bot` against `TelegramStandIn`, so a
pass here means the stand-in is a sound base for the bot's own tests.
Tests are plain functions around `asyncio.run`: no pytest-asyncio needed.
"""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
from typing import AsyncIterator

import pytest
from telegram import (Bot, Document, InlineKeyboardButton, InlineKeyboardMarkup, Location,
                      PhotoSize, Sticker, Update, Voice)
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (Application, CallbackQueryHandler, CommandHandler, ContextTypes,
                          MessageHandler, filters)
from telegram.request import HTTPXRequest

from testing.telegram import TelegramStandIn

CHAT = 4242
TIMEOUT = 10.0
MEDIA = {"photo": PhotoSize, "voice": Voice, "sticker": Sticker, "document": Document,
         "location": Location}


# --- a tiny bot, wired the way Werkmaatje wires ptb -------------------------------

async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(f"start args={context.args}")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="ja"),
                                      InlineKeyboardButton("Nee", callback_data="nee")]])
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}",
                                              reply_markup=keyboard)


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    await query.message.reply_text(f"gekozen: {query.data}")


async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    msg = update.effective_message
    found = []
    for kind in MEDIA:
        value = getattr(msg, kind)
        if value:
            found.append(f"{kind}={type(value[-1] if kind == 'photo' else value).__name__}")
    await msg.reply_text(" ".join(found) or "nothing")


@contextlib.asynccontextmanager
async def running_bot(tg: TelegramStandIn, token: str | None = None) -> AsyncIterator[Application]:
    app = (Application.builder().token(token or tg.token)
           .base_url(f"{tg.url}/bot").base_file_url(f"{tg.url}/file/bot").build())
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_callback))
    app.add_handler(MessageHandler(filters.PHOTO | filters.VOICE | filters.Sticker.ALL
                                   | filters.Document.ALL | filters.LOCATION, on_media))
    errors: list[BaseException] = []

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)
    app.add_error_handler(on_error)

    await app.initialize()
    try:
        await app.start()
        try:
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            try:
                yield app
            finally:
                await app.updater.stop()
        finally:
            await app.stop()
    finally:
        await app.shutdown()
    assert not errors, f"handler errors: {errors!r}"
    assert not tg.errors, f"stand-in errors: {tg.errors!r}"


def run_with_bot(body) -> None:
    """Run `body(tg, app)` with a started stand-in and a polling bot, cleaning up always."""
    async def main() -> None:
        async with TelegramStandIn() as tg:
            async with running_bot(tg) as app:
                await body(tg, app)
    asyncio.run(main())


def run_with_standin(body) -> None:
    async def main() -> None:
        async with TelegramStandIn() as tg:
            await body(tg)
    asyncio.run(main())


# --- updates reach the right handlers -----------------------------------------------

def test_start_with_argument_reaches_context_args() -> None:
    async def body(tg: TelegramStandIn, app: Application) -> None:
        tg.push_text(CHAT, "/start ABC123", first_name="Sanne")
        [reply] = await tg.wait_for_sent(CHAT, timeout=TIMEOUT)
        assert reply["text"] == "start args=['ABC123']"
        assert reply["from"]["username"] == "werkmaatje_test_bot"
        assert reply["chat"] == {"id": CHAT, "type": "private", "first_name": "Sanne"}
        assert tg.calls_of("getMe") and tg.calls_of("deleteWebhook")
    run_with_bot(body)


def test_text_echo_with_inline_keyboard() -> None:
    async def body(tg: TelegramStandIn, app: Application) -> None:
        tg.push_text(CHAT, "hallo daar")
        [reply] = await tg.wait_for_sent(CHAT, timeout=TIMEOUT)
        assert reply["text"] == "echo: hallo daar"
        buttons = reply["reply_markup"]["inline_keyboard"][0]
        assert [b["callback_data"] for b in buttons] == ["ja", "nee"]
        assert tg.texts_to(CHAT) == ["echo: hallo daar"]
        assert tg.texts_to(CHAT + 1) == []
    run_with_bot(body)


def test_callback_query_is_answered_and_keyboard_removed() -> None:
    async def body(tg: TelegramStandIn, app: Application) -> None:
        tg.push_text(CHAT, "vraag")
        [question] = await tg.wait_for_sent(CHAT, timeout=TIMEOUT)
        tg.mark()
        tg.push_callback(CHAT, "ja", message_id=question["message_id"])
        [reply] = await tg.wait_for_sent(CHAT, timeout=TIMEOUT)
        assert reply["text"] == "gekozen: ja"
        [answer] = tg.calls_of("answerCallbackQuery")
        assert answer.ok
        [edit] = tg.calls_of("editMessageReplyMarkup")
        assert edit.ok and edit.params["message_id"] == question["message_id"]
        assert "reply_markup" not in tg.messages[(CHAT, question["message_id"])]
    run_with_bot(body)


@pytest.mark.parametrize("kind", list(MEDIA))
def test_media_parse_into_ptb_types(kind: str) -> None:
    async def body(tg: TelegramStandIn, app: Application) -> None:
        getattr(tg, f"push_{kind}")(CHAT)
        [reply] = await tg.wait_for_sent(CHAT, timeout=TIMEOUT)
        assert reply["text"] == f"{kind}={MEDIA[kind].__name__}"
    run_with_bot(body)


def test_duplicate_update_is_redelivered() -> None:
    async def body(tg: TelegramStandIn, app: Application) -> None:
        update_id = tg.push_text(CHAT, "een keer")
        await tg.wait_for_sent(CHAT, timeout=TIMEOUT)
        tg.duplicate_update(update_id)
        replies = await tg.wait_for_sent(CHAT, count=2, timeout=TIMEOUT)
        # This toy bot does not deduplicate, so it answers twice; Werkmaatje must not.
        assert [r["text"] for r in replies] == ["echo: een keer"] * 2
        delivered = [u["update_id"] for c in tg.calls_of("getUpdates")
                     for u in c.response.get("result", [])]
        assert delivered.count(update_id) == 2
    run_with_bot(body)


def test_get_updates_offset_confirms_and_long_poll_times_out() -> None:
    async def body(tg: TelegramStandIn) -> None:
        first, second = tg.push_text(CHAT, "a"), tg.push_text(CHAT, "b")
        async with Bot(tg.token, base_url=f"{tg.url}/bot") as bot:
            assert [u.update_id for u in await bot.get_updates(limit=1)] == [first]
            assert [u.update_id for u in await bot.get_updates(offset=first + 1)] == [second]
            assert await bot.get_updates(offset=second + 1, timeout=5) == ()
            assert tg.pending_update_ids == []
            # A redelivered copy is pending even though the bot confirmed that id before.
            tg.duplicate_update(first)
            redelivered = await bot.get_updates(offset=second + 1)
            assert [u.update_id for u in redelivered] == [first]
            assert redelivered[0].message.text == "a"
            assert await bot.get_updates(offset=first + 1) == ()
            started = asyncio.get_running_loop().time()
            waiting = asyncio.create_task(bot.get_updates(offset=second + 1, timeout=5))
            await asyncio.sleep(0.2)
            third = tg.push_text(CHAT, "c")
            assert [u.update_id for u in await waiting] == [third]
            assert asyncio.get_running_loop().time() - started < 1.0
    run_with_standin(body)


# --- errors surface as ptb's exceptions ---------------------------------------------

def test_flood_limit_raises_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # ptb 22's future type, and no warning

    async def body(tg: TelegramStandIn) -> None:
        tg.fail_next("sendMessage", error_code=429,
                     description="Too Many Requests: retry after 7", retry_after=7)
        async with Bot(tg.token, base_url=f"{tg.url}/bot") as bot:
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(CHAT, "te snel")
            assert caught.value.retry_after == dtm.timedelta(seconds=7)
            await bot.send_message(CHAT, "nu wel")  # only the next call fails
        assert tg.texts_to(CHAT) == ["nu wel"]
        assert [c.response["error_code"] for c in tg.calls_of("sendMessage") if not c.ok] == [429]
    run_with_standin(body)


def test_blocked_chat_raises_forbidden() -> None:
    async def body(tg: TelegramStandIn) -> None:
        tg.block_chat(CHAT)
        async with Bot(tg.token, base_url=f"{tg.url}/bot") as bot:
            for _ in range(2):
                with pytest.raises(Forbidden, match="bot was blocked by the user"):
                    await bot.send_message(CHAT, "hoi")
            await bot.send_message(CHAT + 1, "andere chat")
        assert tg.texts_to(CHAT) == [] and tg.texts_to(CHAT + 1) == ["andere chat"]
    run_with_standin(body)


def test_injected_forbidden_once() -> None:
    async def body(tg: TelegramStandIn) -> None:
        tg.fail_next("sendMessage", error_code=403, description="Forbidden: bot was blocked by the user")
        async with Bot(tg.token, base_url=f"{tg.url}/bot") as bot:
            with pytest.raises(Forbidden):
                await bot.send_message(CHAT, "hoi")
            await bot.send_message(CHAT, "hoi")
        assert tg.texts_to(CHAT) == ["hoi"]
    run_with_standin(body)


@pytest.mark.parametrize("text, error", [
    ("x" * 4097, "Message is too long"),
    ("", "Message text is empty"),
    ("<b>vet", "Can't parse entities"),
], ids=["too-long", "empty", "bad-html"])
def test_bad_text_is_rejected(text: str, error: str) -> None:
    async def body(tg: TelegramStandIn) -> None:
        async with Bot(tg.token, base_url=f"{tg.url}/bot") as bot:
            with pytest.raises(BadRequest, match=error):
                await bot.send_message(CHAT, text, parse_mode="HTML")
            ok = await bot.send_message(CHAT, "x" * 4096)
            assert len(ok.text) == 4096
        assert len(tg.sent) == 1
    run_with_standin(body)


def test_long_callback_data_is_rejected() -> None:
    async def body(tg: TelegramStandIn) -> None:
        too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
        just_fits = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 32)]])
        async with Bot(tg.token, base_url=f"{tg.url}/bot") as bot:
            with pytest.raises(BadRequest, match="Button_data_invalid"):
                await bot.send_message(CHAT, "kies", reply_markup=too_long)
            sent = await bot.send_message(CHAT, "kies", reply_markup=just_fits)
            assert sent.reply_markup == just_fits
    run_with_standin(body)


def test_edit_text_updates_stored_message_and_rejects_no_op() -> None:
    async def body(tg: TelegramStandIn) -> None:
        async with Bot(tg.token, base_url=f"{tg.url}/bot") as bot:
            sent = await bot.send_message(CHAT, "oud")
            edited = await bot.edit_message_text("nieuw", chat_id=CHAT, message_id=sent.message_id)
            assert edited.text == "nieuw" and edited.edit_date is not None
            with pytest.raises(BadRequest, match="Message is not modified"):
                await bot.edit_message_text("nieuw", chat_id=CHAT, message_id=sent.message_id)
            with pytest.raises(BadRequest, match="Message to edit not found"):
                await bot.edit_message_text("x", chat_id=CHAT, message_id=999)
        assert tg.messages[(CHAT, sent.message_id)]["text"] == "nieuw"
    run_with_standin(body)


def test_wrong_token_is_invalid_token() -> None:
    async def main() -> None:
        async with TelegramStandIn() as tg:
            # app.shutdown() is a no-op after a failed initialize(), so close the HTTP
            # clients ourselves (else: "unclosed transport" ResourceWarnings).
            requests = [HTTPXRequest(), HTTPXRequest()]
            app = (Application.builder().token("999:WRONG").base_url(f"{tg.url}/bot")
                   .base_file_url(f"{tg.url}/file/bot")
                   .request(requests[0]).get_updates_request(requests[1]).build())
            try:
                with pytest.raises(InvalidToken):
                    await app.initialize()
            finally:
                for request in requests:
                    await request.shutdown()
            assert tg.calls == []  # rejected before being recorded as the bot's call
    asyncio.run(main())


def test_commands_file_download_and_unknown_methods() -> None:
    async def body(tg: TelegramStandIn) -> None:
        tg.push_voice(CHAT)
        async with Bot(tg.token, base_url=f"{tg.url}/bot",
                       base_file_url=f"{tg.url}/file/bot") as bot:
            assert await bot.set_my_commands([("start", "Begin"), ("help", "Hulp")])
            assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
            [update] = await bot.get_updates()
            voice_file = await bot.get_file(update.message.voice.file_id)
            assert (await voice_file.download_as_bytearray()).startswith(b"stand-in file")
            assert await bot.send_chat_action(CHAT, "typing")
            assert await bot.set_my_description("Werkmaatje")  # not modelled: ok + recorded
        assert tg.calls_of("setMyDescription")[0].params["description"] == "Werkmaatje"
    run_with_standin(body)


def test_wait_for_sent_times_out_with_what_it_saw() -> None:
    async def body(tg: TelegramStandIn) -> None:
        async with Bot(tg.token, base_url=f"{tg.url}/bot") as bot:
            await bot.send_message(CHAT, "een")
            tg.mark()
            await bot.send_message(CHAT, "twee")
            with pytest.raises(AssertionError, match=r"got 1: \['twee'\]"):
                await tg.wait_for_sent(CHAT, count=2, timeout=0.2)
    run_with_standin(body)
