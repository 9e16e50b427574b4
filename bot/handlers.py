"""Telegram update handlers: store first, then let the chat's inbox drain through Rasa.

A handler returns once the update is stored; the drain runs as a background
task (bot/background.py), so the webhook server can answer Telegram 200 as
soon as nothing can be lost, and not only after Rasa answered.
"""
from __future__ import annotations

import json
import logging

from telegram import Update
from telegram.ext import ContextTypes

from werkmaatje.texts import chat as texts
from bot.background import note_handler_failed
from bot.conversations import as_rasa_text
from bot.database import utc_now
from bot.telegram_out import parse_callback_data
from storage import keyboards, inbox

logger = logging.getLogger(__name__)

# Telegram allows at most 64 characters in a deep-link parameter.
MAX_KOPPELCODE_CHARS = 64

COMMAND_INTENTS = {
    "help": "/ask_capabilities",
    "privacy": "/ask_privacy",
    # /stop pauses everything the bot sends until /start (issue: reminders).
    "stop": "/pause_messages",
}


def link_message(args) -> str:
    """The Rasa message for `/start [koppelcode]` from a t.me deep link."""
    if not args:
        return "/link"
    # json.dumps quotes the code, so no text can break out of the entity.
    return "/link" + json.dumps({"koppelcode": args[0][:MAX_KOPPELCODE_CHARS]})


def _services(context: ContextTypes.DEFAULT_TYPE):
    return context.application.bot_data["services"]


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Link the chat with the koppelcode from the deep link."""
    await _forward(update, context, link_message(context.args))


# "/stop verwijderen": not a pause but a withdrawal, with erasure offered.
WITHDRAW_INTENT = "/withdraw_consent"


def command_message(text: str) -> str:
    """The Rasa message for a Telegram command (and its words, for /stop)."""
    words = text.split()
    command = words[0].lstrip("/").split("@")[0].lower() if words else ""
    if command == "stop" and any(word.lower().startswith(("verwijder", "wis")) for word in words[1:]):
        return WITHDRAW_INTENT
    return COMMAND_INTENTS.get(command, COMMAND_INTENTS["help"])


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Map a Telegram command to its intent; unknown commands show the menu."""
    await _forward(update, context, command_message(update.effective_message.text or ""))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pass free text on to Rasa."""
    await _forward(update, context, as_rasa_text(update.effective_message.text or ""))


async def _forward(update: Update, context: ContextTypes.DEFAULT_TYPE, rasa_text: str) -> None:
    services = _services(context)
    chat_id = update.effective_chat.id
    if not rasa_text:
        await services.out.send_text(chat_id, texts.ONLY_TEXT)
        return
    is_new = await services.conversations.accept(
        update_id=update.update_id, chat_id=chat_id, kind="text", text=rasa_text
    )
    if is_new:
        _answer_later(services, update, chat_id)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Take a button's stored payload once, however often it is tapped."""
    services = _services(context)
    query = update.callback_query
    parsed = parse_callback_data(query.data)
    chat_id = update.effective_chat.id if update.effective_chat else None
    if parsed is None or chat_id is None:
        await query.answer(texts.BUTTON_ALREADY_USED)
        return
    keyboard_id, index = parsed

    def claim_and_store(session):
        button = keyboards.claim_button(session, keyboard_id, index, chat_id=chat_id, now=utc_now())
        if button is not None:
            inbox.enqueue_inbound(
                session, update_id=update.update_id, chat_id=chat_id, kind="button", text=button["payload"], now=utc_now()
            )
        return button

    button = await services.db(claim_and_store)
    if button is None:
        await query.answer(texts.BUTTON_ALREADY_USED)
        return
    # Stored: the rest talks to Telegram and Rasa, after the handler returned.
    services.background.start(_answer_button(services, query, button["title"], chat_id), update)


async def _answer_button(services, query, title: str, chat_id: int) -> None:
    await query.answer()
    if query.message is not None:
        await services.out.mark_chosen(query.message, texts.BUTTON_CHOSEN.format(title=title))
    await services.conversations.drain(chat_id)


def _answer_later(services, update: Update, chat_id: int) -> None:
    services.background.start(services.conversations.drain(chat_id), update)


async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say kindly that only text is read (photos, voice notes, stickers, ...)."""
    services = _services(context)
    chat_id = update.effective_chat.id
    if await services.conversations.accept_handled(update_id=update.update_id, chat_id=chat_id, kind="media"):
        await services.out.send_text(chat_id, texts.ONLY_TEXT)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log for operators; the person gets a short Dutch sorry, never a traceback."""
    logger.error("Fout bij update %s", getattr(update, "update_id", "?"), exc_info=context.error)
    # A webhook request whose handler failed is not answered 200: Telegram sends it again.
    note_handler_failed()
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await _services(context).out.send_text(update.effective_chat.id, texts.SOMETHING_WENT_WRONG)
        except Exception:  # noqa: BLE001 - the error handler itself must not fail
            logger.exception("Ook de foutmelding kon niet verstuurd worden")
