"""Sends due scheduled messages: claimed once, worded by Rasa, paced for Telegram.

Each due row is claimed (storage.scheduled.claim_due), checked against quiet
hours and the client's wishes, worded by Rasa through an external intent (so
texts stay in domain.yml and the person's answer continues the conversation),
sent, and marked sent. No more is claimed than the pacer sends in about a
second, so a claimed row never waits long in `sending`.

A row's send starts when its chat is held (Conversations.hold_chat: a lease
in the database, shared with the other bot processes) for Rasa and Telegram;
a chat another process holds too long sends its row back to wait. On a
clean stop (`stop`, from the bot's shutdown) rows whose send has not started
are handed back to `pending` in one statement; sends under way get a short
grace to finish and be marked sent. A worker's name is stable across restarts
(WERKMAATJE_DISPATCH_WORKER, by default host name + "-bot"), so after a crash
the restarted dispatcher takes its own claims back at once; another worker's
claims wait for `sending_timeout`, as that worker may still be alive.

What can repeat: only a row whose send had started when the process died
(SIGKILL, a power cut, a grace that ran out) or whose `mark_sent` failed:
Telegram may have taken it while the row still says `sending`. It is sent
once more, never a third time, and no row is ever lost. A clean stop within
the grace repeats nothing. Two live processes must never share a name.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Dict, Optional, Set

from bot import direct_messages
from bot.conversations import ChatBusy, Conversations
from bot.database import Database, utc_now
from bot.dispatch_claims import STOP_GRACE, ClaimedRows, claim_limit, new_worker_name  # noqa: F401 - new_worker_name for callers
from bot.rasa_client import RasaClient, RasaUnavailable, Reply
from bot.telegram_out import TelegramOut
from storage import clients, scheduled
from werkmaatje.texts import caseworker as caseworker_texts
from storage.handoff_threads import DIRECT_KINDS
from storage.tables import ScheduledMessage
from storage.preferences import Preferences, get_preferences
from werkmaatje.gemeenten import Gemeente
from werkmaatje.scheduling import NUDGE_KINDS, next_allowed, rules_for

logger = logging.getLogger(__name__)

# Network trouble and Telegram or Rasa errors: retry with growing pauses, then give up visibly.
MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# Past these, a message no longer helps: an appointment long gone, last week's nudge.
STALE_AFTER_EVENT = timedelta(days=1)
STALE_NUDGE = timedelta(days=2)
# A klantmanager's message behind an earlier one still on its way, or a row whose chat
# another bot process is answering, tries again after this.
ORDER_WAIT = timedelta(seconds=1)


@dataclass(frozen=True)
class Recipient:
    chat_id: Optional[int]
    gemeente_id: str
    preferences: Preferences


def external_intent(kind: str) -> str:
    return f"EXTERNAL_{kind}"


def rasa_entities(message: ScheduledMessage, now: datetime) -> Dict[str, str]:
    """What the action needs to word the message, without reading our database."""
    return {
        "scheduled_id": str(message.id),
        "scheduled_payload": message.payload or "{}",
        "event_at": message.event_at.isoformat() if message.event_at else "",
        "due_at": message.due_at.isoformat(),
        "dispatch_time": now.isoformat(),
    }


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def is_stale(message: ScheduledMessage, now: datetime) -> bool:
    if message.kind == "own_reminder":  # asked for by the person: late beats never
        return False
    if message.event_at is not None:
        return now - message.event_at > STALE_AFTER_EVENT
    return message.kind in NUDGE_KINDS and now - message.due_at > STALE_NUDGE


def _recipient(session, message_id: int) -> Optional[Recipient]:
    message = scheduled.get_message(session, message_id)
    client = clients.get_client(session, message.client_id) if message else None
    if client is None:
        return None
    return Recipient(
        chat_id=clients.chat_for_client(session, client.id),
        gemeente_id=client.gemeente_id,
        preferences=get_preferences(session, client.id),
    )


class Dispatcher:
    def __init__(
        self,
        db: Database,
        rasa: RasaClient,
        out: TelegramOut,
        conversations: Conversations,
        gemeenten: Dict[str, Gemeente],
        *,
        timezone_name: str,
        concurrency: int,
        sending_timeout: timedelta,
        clock: Callable[[], datetime] = utc_now,
        worker: Optional[str] = None,
        send_rate: Optional[float] = None,
    ) -> None:
        self._db = db
        self._rasa = rasa
        self._out = out
        self._conversations = conversations
        self._gemeenten = gemeenten
        self._timezone = timezone_name
        self._concurrency = concurrency
        self._slots = asyncio.Semaphore(concurrency)
        self._sending_timeout = sending_timeout
        self._clock = clock
        self.worker = worker or new_worker_name()
        self._claim_limit = claim_limit(concurrency, send_rate)
        self._claims = ClaimedRows(db, self.worker)
        self._scanning = asyncio.Lock()

    async def dispatch_due(self) -> int:
        """One scan: send everything that is due now. Returns how many rows were handled.

        Rows are claimed a few at a time as slots free up, at most `claim_limit`
        in flight: that bounds what a stop or crash strands, and keeps the send
        rate steady instead of batch by batch.
        """
        if self._claims.stopping:
            return 0
        async with self._scanning:
            await self._claims.take_back_once()
            released = await self._db(scheduled.release_stale_claims, now=self._clock(), older_than=self._sending_timeout)
            if released:
                logger.warning("%s berichten van een gestopte verzender worden opnieuw verstuurd", released)
            return await self._claim_and_send()

    async def _claim_and_send(self) -> int:
        handled = 0
        in_flight: Set[asyncio.Task] = set()
        exhausted = False
        while True:
            room = self._claim_limit - len(in_flight)
            if not exhausted and not self._claims.stopping and room >= max(1, self._claim_limit // 2):
                batch = await self._db(scheduled.claim_due, now=self._clock(), worker=self.worker, limit=room)
                exhausted = not batch
                if not self._claims.stopping:  # else the batch is left to stop()'s hand-back
                    in_flight.update(self._claims.start(m.id, self._handle_in_slot(m)) for m in batch)
                    handled += len(batch)
            if not in_flight:
                return handled
            done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            if exhausted and not in_flight:
                return handled

    async def stop(self, grace: timedelta = STOP_GRACE) -> int:
        """For the bot's shutdown: see ClaimedRows.stop. Returns how many rows went back to pending."""
        return await self._claims.stop(self._scan_idle, grace)

    async def _scan_idle(self) -> None:
        async with self._scanning:
            return

    async def _handle_in_slot(self, message: ScheduledMessage) -> None:
        async with self._slots:
            try:
                await self._handle(message)
            except ChatBusy:
                # Another bot process is answering in this chat: the row waits for a later scan.
                await self._db(scheduled.postpone, message.id, until=self._clock() + ORDER_WAIT)
            except Exception as error:  # noqa: BLE001 - one bad row must not stop the others
                logger.exception("Gepland bericht %s mislukte", message.id)
                await self._retry_or_fail(message, f"{type(error).__name__}: {error}")
            finally:
                self._claims.end(message.id)

    async def _handle(self, message: ScheduledMessage) -> None:
        now = self._clock()
        recipient = await self._db(_recipient, message.id)
        if recipient is None:
            return
        if recipient.chat_id is None:
            await self._db(scheduled.mark_failed, message.id, error=caseworker_texts.SCHEDULED_NOT_LINKED)
            return
        if message.kind in DIRECT_KINDS:
            await self._send_direct(message, recipient.chat_id)
            return
        if is_stale(message, now):
            await self._db(scheduled.cancel_claimed, message.id, reason=caseworker_texts.SCHEDULED_TOO_LATE)
            return
        if message.kind in NUDGE_KINDS and recipient.preferences.nudges_off:
            await self._db(scheduled.cancel_claimed, message.id, reason=caseworker_texts.SCHEDULED_OPTED_OUT)
            return
        allowed_at = self._next_allowed(message, recipient, now)
        if allowed_at > now:
            await self._db(scheduled.postpone, message.id, until=allowed_at)
            return
        await self._send(message, recipient.chat_id, now)

    def _next_allowed(self, message: ScheduledMessage, recipient: Recipient, now: datetime) -> datetime:
        gemeente = self._gemeenten.get(recipient.gemeente_id)
        if gemeente is None:  # a municipality without a file: no quiet hours known, send now
            logger.error("Geen configuratie voor gemeente %s", recipient.gemeente_id)
            return now
        return next_allowed(now, rules_for(gemeente, timezone_name=self._timezone, kind=message.kind, wishes=recipient.preferences))

    async def _send(self, message: ScheduledMessage, chat_id: int, now: datetime) -> None:
        # Holding the chat keeps a reminder from landing in the middle of an answer.
        async with self._conversations.hold_chat(chat_id):
            if await self._db(_blocked_meanwhile, message.client_id):
                # An earlier message to this chat just got a 403: wait until they are back.
                await self._db(scheduled.postpone, message.id, until=now)
                return
            if not self._claims.begin_send(message.id):
                return
            try:
                replies = await self._rasa.trigger_intent(
                    str(chat_id), external_intent(message.kind), rasa_entities(message, now)
                )
            except RasaUnavailable as error:
                self._conversations.metrics.rasa_errors.inc()
                await self._retry_or_fail(message, str(error))
                return
            if not replies:
                await self._db(scheduled.mark_failed, message.id, error=caseworker_texts.SCHEDULED_NO_TEXT)
                return
            await self._deliver(message, chat_id, replies)

    async def _send_direct(self, message: ScheduledMessage, chat_id: int) -> None:
        """A klantmanager's words (or the closing sentence): straight to Telegram, in the order written."""
        async with self._conversations.hold_chat(chat_id):
            if await self._db(_blocked_meanwhile, message.client_id):
                await self._db(scheduled.postpone, message.id, until=self._clock())
                return
            text, must_wait = await self._db(direct_messages.prepare, message.id)
            if must_wait:
                await self._db(scheduled.postpone, message.id, until=self._clock() + ORDER_WAIT)
                return
            if text is None:
                await self._db(scheduled.cancel_claimed, message.id, reason=caseworker_texts.SCHEDULED_GONE)
                return
            if not self._claims.begin_send(message.id):
                return
            await self._deliver(message, chat_id, [Reply(text=text)])

    async def _deliver(self, message: ScheduledMessage, chat_id: int, replies) -> None:
        if not await self._out.send_replies(chat_id, replies, paced=True):
            await self._db(blocked, message.id, client_id=message.client_id, now=self._clock())
            return
        self._conversations.metrics.messages_sent.labels(kind=message.kind).inc()
        try:
            await self._db(scheduled.mark_sent, message.id, now=self._clock())
        except Exception:  # noqa: BLE001 - Telegram has it; a retry now would repeat it
            # Left `sending`: resent once after a restart or the timeout, the documented window.
            self._claims.delivered_unmarked(message.id)
            logger.exception("Gepland bericht %s verstuurd maar niet als verstuurd opgeslagen", message.id)

    async def _retry_or_fail(self, message: ScheduledMessage, error: str) -> None:
        attempts = message.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            logger.error("Gepland bericht %s na %s pogingen opgegeven: %s", message.id, attempts, error)
            await self._db(scheduled.mark_failed, message.id, error=error, attempts=attempts)
            return
        await self._db(
            scheduled.postpone, message.id, until=self._clock() + retry_delay(attempts), error=error, attempts=attempts
        )


def _blocked_meanwhile(session, client_id: str) -> bool:
    client = clients.get_client(session, client_id)
    return client is None or client.unreachable_since is not None


def blocked(session, message_id: int, *, client_id: str, now: datetime) -> None:
    """Telegram said 403: the client blocked the bot. Stop sending; the klantmanager sees it."""
    clients.mark_unreachable(session, client_id, now=now)
    scheduled.mark_failed(session, message_id, error=caseworker_texts.SCHEDULED_BLOCKED)
