"""The durable inbox: every message is stored first, then answered in order, once.

A message is marked done only after Rasa answered it and the answer went to
Telegram. If Rasa or the action server is down, the message stays pending, the
person hears once that we are away, and a retry loop answers it later.
Crash window: a crash after Telegram accepted the reply but before the
message is marked done makes Rasa see that message once more on restart; we
prefer a rare repeated answer over a lost one.

Several bot processes (webhook replicas, the dispatcher) may share one
database, so a chat's order is kept by a lease in the database
(storage.chat_leases), not by memory alone: whoever holds a chat answers all
it has pending; a process that finds the chat held leaves the message to the
holder, which looks for new messages once more as it lets go. Taking,
renewing and letting go ride along in the transactions that fetch and finish
messages, so a message costs no more round trips than it did with a lock.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections import defaultdict
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import AsyncIterator, Dict, Optional, Set

from werkmaatje.texts import chat as texts
from bot.database import Database, utc_now
from bot.handoff_relay import HandoffRelay
from bot.metrics import BotMetrics
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.telegram_out import TelegramOut
from bot.privacy_jobs import announce_erasures
from storage import chat_leases, clients, inbox, keyboards, rasa_events

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

# The dispatcher waits this long for a chat another process is answering; a
# reminder that cannot wait goes back to the queue rather than hold a send slot.
CHAT_WAIT_SECONDS = 5.0
CHAT_POLL_SECONDS = 0.2


class ChatBusy(Exception):
    """Another bot process held the chat for longer than the caller would wait."""


def new_holder_name() -> str:
    """Unique per process: a restarted replica on the same host must not inherit a dead one's leases."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def as_rasa_text(text: str) -> str:
    """Free text can never be an intent command: only buttons and bot commands are."""
    text = text.strip()[:MAX_TEXT_FOR_RASA]
    return text.lstrip("/").strip() if text.startswith("/") else text


class Conversations:
    def __init__(
        self,
        db: Database,
        rasa: RasaClient,
        out: TelegramOut,
        retry_seconds: float,
        metrics: Optional[BotMetrics] = None,
        *,
        lease_seconds: float,
        holder: Optional[str] = None,
        chat_wait_seconds: float = CHAT_WAIT_SECONDS,
    ) -> None:
        self._db = db
        self._rasa = rasa
        self._out = out
        self._retry_seconds = retry_seconds
        self._lease_seconds = lease_seconds
        self._chat_wait_seconds = chat_wait_seconds
        self.holder = holder or new_holder_name()
        # Public: the dispatcher counts its sends on the same bot's metrics.
        self.metrics = metrics or BotMetrics()
        # Taken before the lease, so this process's own tasks queue here instead of polling the database.
        self._locks: Dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._retry_task: Optional[asyncio.Task] = None
        self._late_drains: Set[asyncio.Task] = set()
        # While a klantmanager talks with the person, their words go to the klantmanager.
        self._relay = HandoffRelay(db, rasa, out)

    def _lease(self) -> dict:
        return {"holder": self.holder, "now": utc_now(), "seconds": self._lease_seconds}

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
        """Answer this chat's pending messages in order; stop at the first outage.

        Returns at once when another process holds the chat: it answers what waits.
        """
        async with self._locks[chat_id]:
            message = await self._db(chat_leases.take_and_settle, chat_id, **self._lease())
            if message is None:
                return
            async with self._renewing(chat_id):
                try:
                    while message is not None:
                        if not await self._answer(message):
                            break
                        message = await self._db(
                            chat_leases.finish_and_settle, message.update_id, chat_id=chat_id, **self._lease()
                        )
                        self.metrics.messages_handled.inc()
                finally:
                    if message is not None:  # an outage or an error: the chat is still ours
                        await self._db(chat_leases.release, chat_id, holder=self.holder)

    @asynccontextmanager
    async def hold_chat(self, chat_id: int) -> AsyncIterator[None]:
        """Held while the dispatcher speaks in the chat, so reminders never land inside an answer.

        Raises ChatBusy when another process holds the chat for longer than
        `chat_wait_seconds`. Messages that arrived meanwhile (their process found the
        chat held) are answered after letting go.
        """
        async with self._locks[chat_id]:
            await self._wait_for_lease(chat_id)
            try:
                async with self._renewing(chat_id):
                    yield
            finally:
                waiting = await self._db(chat_leases.release_and_peek, chat_id, holder=self.holder)
        if waiting:
            task = asyncio.get_running_loop().create_task(self._drain_logged(chat_id))
            self._late_drains.add(task)
            task.add_done_callback(self._late_drains.discard)

    async def _wait_for_lease(self, chat_id: int) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._chat_wait_seconds
        while not await self._db(chat_leases.take, chat_id, **self._lease()):
            if loop.time() >= deadline:
                raise ChatBusy(chat_id)
            await asyncio.sleep(CHAT_POLL_SECONDS)

    async def _drain_logged(self, chat_id: int) -> None:
        try:
            await self.drain(chat_id)
        except Exception:  # noqa: BLE001 - the retry loop tries again
            logger.exception("Wachtende berichten in chat %s konden niet beantwoord worden", chat_id)

    @asynccontextmanager
    async def _renewing(self, chat_id: int) -> AsyncIterator[None]:
        """Keep the lease alive through a long Rasa call; each finished message renews it too."""
        renewer = asyncio.get_running_loop().create_task(self._keep_renewing(chat_id))
        try:
            yield
        finally:
            renewer.cancel()

    async def _keep_renewing(self, chat_id: int) -> None:
        while True:
            await asyncio.sleep(self._lease_seconds / 3)
            try:
                if not await self._db(chat_leases.renew, chat_id, **self._lease()):
                    logger.warning("Chat %s: de lease van %s is verlopen en overgenomen", chat_id, self.holder)
                    return
            except Exception:  # noqa: BLE001 - a failed renewal is retried; the lease may still hold
                logger.exception("Chat %s: lease verlengen mislukte", chat_id)

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
        """Answer what waits in every chat no other process is answering right now."""
        for chat_id in await self._db(chat_leases.chats_to_retry, holder=self.holder, now=utc_now()):
            await self.drain(chat_id)

    def start_retrying(self) -> None:
        self._retry_task = asyncio.get_running_loop().create_task(self._retry_forever())

    async def stop_retrying(self) -> None:
        """The bot's shutdown: stop the retry loop and let go of every chat this process holds."""
        for task in [self._retry_task, *self._late_drains]:
            if task is None:
                continue
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
        # Other replicas need not wait for the leases to expire.
        await self._db(chat_leases.release_all, holder=self.holder)

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


def housekeeping(session, *, now) -> None:
    inbox.purge_done(session, older_than=now - INBOX_KEEP)
    chat_leases.purge_expired(session, now=now)
    keyboards.purge_keyboards(session, older_than=now - KEYBOARDS_KEEP)
    for chat_id in rasa_events.refused_chats(session):
        rasa_events.erase_quiet_conversation(session, str(chat_id), quiet_since=now - REFUSED_CONVERSATION_QUIET)


def mark_chat_unreachable(session, chat_id: int, *, now) -> None:
    """Telegram said 403 while answering: the client blocked the bot."""
    client = clients.client_for_chat(session, chat_id)
    if client is not None:
        clients.mark_unreachable(session, client.id, now=now)
