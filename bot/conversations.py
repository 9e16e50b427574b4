"""The durable inbox: every message is stored first, then answered in order, once.

A message is marked done only after Rasa answered it and the answer went to
Telegram. If Rasa or the action server is down, the message stays pending, the
person hears once that we are away, and a retry loop answers it later.
Crash window: a crash after Telegram accepted the reply but before the
message is marked done makes Rasa see that message once more on restart; we
prefer a rare repeated answer over a lost one.
"""
from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from datetime import timedelta
from typing import Dict, Optional

from werkmaatje.texts import chat as texts
from bot.database import Database, utc_now
from bot.handoff_relay import HandoffRelay
from bot.metrics import BotMetrics
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.telegram_out import TelegramOut
from bot.privacy_jobs import announce_erasures
from storage import clients, inbox, keyboards, rasa_events

logger = logging.getLogger(__name__)

# Handled messages are kept (without text) only to recognise a redelivery by
# Telegram, which happens within hours; a pressed-or-not keyboard older than a
# month is no longer worth answering.
INBOX_KEEP = timedelta(days=7)
KEYBOARDS_KEEP = timedelta(days=30)
HOUSEKEEPING_EVERY = timedelta(hours=1)
# Someone who said no to consent keeps no conversation with us; we wait until
# the chat is quiet, because Rasa must not be mid-turn when its events go.
REFUSED_CONVERSATION_QUIET = timedelta(minutes=10)

# Rasa's classifier gains nothing from more text, and a 10 000-character
# message should not slow every other chat down.
MAX_TEXT_FOR_RASA = 1500


def as_rasa_text(text: str) -> str:
    """Free text can never be an intent command: only buttons and bot commands are."""
    text = text.strip()[:MAX_TEXT_FOR_RASA]
    return text.lstrip("/").strip() if text.startswith("/") else text


class Conversations:
    def __init__(
        self, db: Database, rasa: RasaClient, out: TelegramOut, retry_seconds: float, metrics: Optional[BotMetrics] = None
    ) -> None:
        self._db = db
        self._rasa = rasa
        self._out = out
        self._retry_seconds = retry_seconds
        # Public: the dispatcher counts its sends on the same bot's metrics.
        self.metrics = metrics or BotMetrics()
        self._locks: Dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._retry_task: Optional[asyncio.Task] = None
        # While a klantmanager talks with the person, their words go to the klantmanager.
        self._relay = HandoffRelay(db, rasa, out)

    def chat_lock(self, chat_id: int) -> asyncio.Lock:
        """Held while anything is said in the chat, so answers and reminders never interleave."""
        return self._locks[chat_id]

    async def accept(self, *, update_id: int, chat_id: int, kind: str, text: Optional[str]) -> bool:
        """Store an incoming update; False if this update_id was handled already."""

        def store(session) -> bool:
            # Someone who writes to us has unblocked the bot, if they had blocked it.
            clients.mark_reachable_chat(session, chat_id)
            return inbox.enqueue_inbound(
                session, update_id=update_id, chat_id=chat_id, kind=kind, text=text, now=utc_now()
            )

        return await self._db(store)

    async def accept_handled(self, *, update_id: int, chat_id: int, kind: str) -> bool:
        """Record an update that needs no Rasa (a photo, say), so a redelivery is ignored."""

        def store_done(session) -> bool:
            now = utc_now()
            is_new = inbox.enqueue_inbound(session, update_id=update_id, chat_id=chat_id, kind=kind, text=None, now=now)
            if is_new:
                inbox.mark_done(session, update_id, chat_id=chat_id, now=now)
            return is_new

        return await self._db(store_done)

    async def drain(self, chat_id: int) -> None:
        """Answer this chat's pending messages in order; stop at the first outage."""
        async with self.chat_lock(chat_id):
            message = await self._db(inbox.next_pending, chat_id)
            while message is not None:
                if not await self._answer(message):
                    return
                message = await self._db(finish_and_take_next, message.update_id, chat_id=chat_id, now=utc_now())
                self.metrics.messages_handled.inc()

    async def _answer(self, message) -> bool:
        """Answer one message; True when it is handled (the caller marks it done), False when it must wait."""
        try:
            if await self._relay.take(message):
                return True
            replies = await self._rasa.send(str(message.chat_id), message.text or "")
        except RasaUnavailable as error:
            self.metrics.rasa_errors.inc()
            logger.warning("Bericht %s wacht: %s", message.update_id, error)
            await self._db(inbox.note_attempt, message.update_id, chat_id=message.chat_id)
            if message.attempts == 0:
                await self._out.send_text(message.chat_id, texts.NOT_REACHABLE)
            return False
        except Exception:  # noqa: BLE001 - one bad message must not block the chat
            logger.exception("Bericht %s kon niet verwerkt worden", message.update_id)
            await self._out.send_text(message.chat_id, texts.SOMETHING_WENT_WRONG)
            return True
        if not await self._out.send_replies(message.chat_id, replies):
            await self._db(mark_chat_unreachable, message.chat_id, now=utc_now())
        return True

    async def drain_all(self) -> None:
        for chat_id in await self._db(inbox.pending_chats):
            await self.drain(chat_id)

    def start_retrying(self) -> None:
        self._retry_task = asyncio.get_running_loop().create_task(self._retry_forever())

    async def stop_retrying(self) -> None:
        if self._retry_task:
            self._retry_task.cancel()
            try:
                await self._retry_task
            except asyncio.CancelledError:
                pass

    async def _retry_forever(self) -> None:
        last_housekeeping = None
        while True:
            try:
                await self.drain_all()
                await announce_erasures(self._db, self._out)
                if last_housekeeping is None or utc_now() - last_housekeeping > HOUSEKEEPING_EVERY:
                    await self._db(housekeeping, now=utc_now())
                    last_housekeeping = utc_now()
            except Exception:  # noqa: BLE001 - the loop must outlive a bad round
                logger.exception("Opnieuw proberen van wachtende berichten mislukte")
            await asyncio.sleep(self._retry_seconds)


def finish_and_take_next(session, update_id: int, *, chat_id: int, now):
    """Mark an answered message done and take the chat's next one, in one transaction (make bench)."""
    inbox.mark_done(session, update_id, chat_id=chat_id, now=now)
    return inbox.next_pending(session, chat_id)


def housekeeping(session, *, now) -> None:
    inbox.purge_done(session, older_than=now - INBOX_KEEP)
    keyboards.purge_keyboards(session, older_than=now - KEYBOARDS_KEEP)
    for chat_id in rasa_events.refused_chats(session):
        rasa_events.erase_quiet_conversation(session, str(chat_id), quiet_since=now - REFUSED_CONVERSATION_QUIET)


def mark_chat_unreachable(session, chat_id: int, *, now) -> None:
    """Telegram said 403 while answering: the client blocked the bot."""
    client = clients.client_for_chat(session, chat_id)
    if client is not None:
        clients.mark_unreachable(session, client.id, now=now)
