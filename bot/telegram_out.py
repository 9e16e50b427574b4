"""Turning Rasa's replies into Telegram messages within Telegram's limits."""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Callable, Dict, List, Optional, Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.database import utc_now
from bot.rasa_client import Reply
from storage import keyboards
from storage.privacy import export_document_for_chat
from werkmaatje.texts import chat as texts

logger = logging.getLogger(__name__)

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_PREFIX = "k"
# A network hiccup gets a few tries with growing pauses; 429s are already
# retried by ptb's rate limiter, honouring retry_after.
SEND_ATTEMPTS = 3
# Telegram asks bots not to send more than about one message a second to one chat.
PER_CHAT_INTERVAL_SECONDS = 1.0


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> List[str]:
    """Split on paragraph, line, then word boundaries so no part exceeds `limit`."""
    parts: List[str] = []
    remaining = text.strip()
    while len(remaining) > limit:
        window = remaining[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut <= limit // 2:
            cut = limit
        parts.append(remaining[:cut].rstrip())
        remaining = remaining[cut:].lstrip()
    if remaining:
        parts.append(remaining)
    return parts


def _pause_seconds(error: Exception, attempt: int) -> float:
    """Telegram's retry_after for a 429 (seconds or, in newer ptb, a timedelta); else back off."""
    retry_after = error.retry_after if isinstance(error, RetryAfter) else None
    if hasattr(retry_after, "total_seconds"):
        return retry_after.total_seconds()
    return float(retry_after or attempt)


def callback_data(keyboard_id: str, index: int) -> str:
    return f"{CALLBACK_PREFIX}:{keyboard_id}:{index}"


def parse_callback_data(data: Optional[str]):
    """Return (keyboard_id, index), or None for data this bot did not make."""
    try:
        prefix, keyboard_id, index = (data or "").split(":")
        return (keyboard_id, int(index)) if prefix == CALLBACK_PREFIX else None
    except ValueError:
        return None


class TelegramOut:
    """Sends replies in order; keeps button payloads server-side behind a short key."""

    def __init__(self, bot: Bot, run_db: Callable) -> None:
        self._bot = bot
        self._run_db = run_db
        self._last_paced_send: Dict[int, float] = {}

    async def send_replies(self, chat_id: int, replies: Sequence[Reply], *, paced: bool = False) -> bool:
        """Send every reply; False if this chat cannot be reached (blocked the bot).

        `paced` keeps messages the bot sends of its own accord at most one a
        second per chat; answers to the person go out at once.
        """
        for reply in replies:
            if reply.custom is not None:
                if not await self.send_custom(chat_id, reply.custom):
                    return False
                continue
            parts = split_text(reply.text) or [""]
            for position, part in enumerate(parts):
                is_last = position == len(parts) - 1
                markup = await self._keyboard(chat_id, reply) if is_last and reply.buttons else None
                if paced:
                    await self._wait_for_chat(chat_id)
                if not await self.send_text(chat_id, part, markup):
                    return False
        return True

    async def _wait_for_chat(self, chat_id: int) -> None:
        now = time.monotonic()
        if len(self._last_paced_send) > 10_000:  # forget chats that are long past their pause
            self._last_paced_send = {c: t for c, t in self._last_paced_send.items() if now - t < PER_CHAT_INTERVAL_SECONDS}
        wait = self._last_paced_send.get(chat_id, -PER_CHAT_INTERVAL_SECONDS) + PER_CHAT_INTERVAL_SECONDS - now
        if wait > 0:
            await asyncio.sleep(wait)
        self._last_paced_send[chat_id] = time.monotonic()

    async def send_text(self, chat_id: int, text: str, markup: Optional[InlineKeyboardMarkup] = None) -> bool:
        if not text.strip():
            return True
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                await self._bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
                return True
            except Forbidden:
                logger.warning("Chat %s heeft de bot geblokkeerd; bericht niet bezorgd", chat_id)
                return False
            except (RetryAfter, TimedOut, NetworkError) as error:
                if attempt == SEND_ATTEMPTS:
                    logger.error("Bericht aan chat %s na %s pogingen niet verstuurd: %s", chat_id, attempt, error)
                    raise
                await asyncio.sleep(_pause_seconds(error, attempt))
        return False

    async def send_custom(self, chat_id: int, custom: dict) -> bool:
        """Custom messages from actions; unknown ones are ignored (logged), never shown."""
        if custom.get("werkmaatje_document") == "export":
            return await self.send_export(chat_id)
        logger.warning("Onbekend custom bericht voor chat %s genegeerd", chat_id)
        return True

    async def send_export(self, chat_id: int) -> bool:
        """The person's own data as a JSON document, built here so it never passes through Rasa."""
        document = await self._run_db(export_document_for_chat, chat_id)
        if document is None:
            return True
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                await self._bot.send_document(
                    chat_id=chat_id,
                    document=InputFile(document, filename=texts.EXPORT_FILE_NAME),
                    caption=texts.EXPORT_CAPTION,
                )
                return True
            except Forbidden:
                logger.warning("Chat %s heeft de bot geblokkeerd; bestand niet bezorgd", chat_id)
                return False
            except (RetryAfter, TimedOut, NetworkError) as error:
                if attempt == SEND_ATTEMPTS:
                    raise
                await asyncio.sleep(_pause_seconds(error, attempt))
        return False

    async def _keyboard(self, chat_id: int, reply: Reply) -> InlineKeyboardMarkup:
        buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
        keyboard_id = await self._run_db(keyboards.store_keyboard, chat_id=chat_id, buttons=buttons, now=utc_now())
        rows = [
            [InlineKeyboardButton(button.title, callback_data=callback_data(keyboard_id, index))]
            for index, button in enumerate(reply.buttons)
        ]
        return InlineKeyboardMarkup(rows)

    async def mark_chosen(self, message, chosen_text: str) -> None:
        """Replace the keyboard of a pressed message by what was chosen."""
        try:
            if message.text and len(message.text) + len(chosen_text) + 2 <= TELEGRAM_TEXT_LIMIT:
                await message.edit_text(f"{message.text}\n\n{chosen_text}", reply_markup=None)
            else:
                await message.edit_reply_markup(reply_markup=None)
        except BadRequest as error:
            # Already edited by an earlier tap, or too old to edit: nothing to do.
            logger.info("Toetsenbord niet aangepast: %s", error)
