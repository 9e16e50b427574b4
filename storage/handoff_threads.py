"""The conversation on a request: the klantmanager writes, the person answers in the chat.

A thread is open while its request is not afgehandeld and the klantmanager
has written in it. While it is open, the person's free text goes to the
thread instead of being answered by Rasa (bot/handoff_relay.py), so no bot
answer can contradict what the klantmanager just wrote.

A klantmanager's message is a `caseworker_reply` scheduled message, sent by
the dispatcher like every other message (claimed once, paced, 403 handled),
but with the klantmanager's own words and outside quiet hours.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.clients import client_for_chat
from storage.errors import ValidationError
from storage.tables import Caseworker, HandoffMessage, HandoffRequest, ScheduledMessage
from storage.portal.inbox import close_handoff
from storage.scheduled import schedule_message
from storage.timestamps import as_utc

# Telegram's limit for one message; the form refuses more, so nothing is cut off unseen.
MAX_MESSAGE_CHARS = 4096
# Requests a person waits on an answer for; the others (a training "Nee") need no chat.
KINDS_WITH_THREAD = ("contact", "distress", "training_question")
# Scheduled kinds that carry a person's words rather than a text from Rasa.
DIRECT_KINDS = ("caseworker_reply", "handoff_closed")


class ThreadError(ValidationError):
    """Why a message cannot be written; `code` is a key of texts.PORTAL_THREAD_ERRORS."""

    def __init__(self, code: str, **details) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class ThreadEntry:
    message: HandoffMessage
    delivery: Optional[ScheduledMessage]  # None for the person's own messages


def first_name(naam: Optional[str]) -> Optional[str]:
    parts = (naam or "").split()
    return parts[0] if parts else None


def write_reply(s: Session, handoff: HandoffRequest, caseworker: Caseworker, text: str, *, now: datetime) -> HandoffMessage:
    """Store the klantmanager's message and queue it for the chat, due now."""
    now = as_utc(now)
    text = (text or "").replace("\r\n", "\n").strip()
    # Two klantmanagers writing at once: the row lock makes the second wait, so its
    # message and its delivery both come after the first's (the bot sends in
    # delivery order), and a request closed meanwhile is seen as closed.
    s.refresh(handoff, with_for_update=True)
    if handoff.kind not in KINDS_WITH_THREAD:
        raise ThreadError("soort")
    if handoff.status == "afgehandeld":
        raise ThreadError("dicht")
    if not text:
        raise ThreadError("leeg")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ThreadError("te_lang", max=MAX_MESSAGE_CHARS, lengte=len(text))
    message = HandoffMessage(
        handoff_id=handoff.id,
        client_id=handoff.client_id,
        author_kind="klantmanager",
        author=caseworker.email,
        author_name=first_name(caseworker.naam),
        text=text,
        created_at=now,
    )
    s.add(message)
    s.flush()
    outgoing = schedule_message(
        s, client_id=handoff.client_id, kind="caseworker_reply", due_at=now, now=now, payload={"handoff_message_id": message.id}
    )
    message.scheduled_message_id = outgoing.id
    if handoff.status == "open":
        # Writing is taking the request up: noted like the button, so the dashboard counts the answer time.
        close_handoff(s, handoff, status="in_behandeling", note=None, author=caseworker.email, now=now)
    handoff.updated_at = now
    s.flush()
    return message


def announce_closing(s: Session, handoff: HandoffRequest, caseworker: Caseworker, *, now: datetime) -> Optional[ScheduledMessage]:
    """Queue the one sentence that tells the person their request was handled (once per request)."""
    return schedule_message(
        s,
        client_id=handoff.client_id,
        kind="handoff_closed",
        due_at=now,
        now=now,
        payload={"handoff_id": handoff.id, "voornaam": first_name(caseworker.naam)},
        dedupe_key=f"handoff_closed:{handoff.id}",
    )


def open_thread_for_chat(s: Session, chat_id: int) -> Optional[HandoffRequest]:
    """The newest request of this chat's client that is not afgehandeld and where the klantmanager wrote."""
    client = client_for_chat(s, chat_id)
    if client is None:
        return None
    stmt = (
        select(HandoffRequest)
        .join(HandoffMessage, HandoffMessage.handoff_id == HandoffRequest.id)
        .where(
            HandoffRequest.client_id == client.id,
            HandoffRequest.status != "afgehandeld",
            HandoffMessage.author_kind == "klantmanager",
        )
        .order_by(HandoffRequest.id.desc())
        .limit(1)
    )
    return s.execute(stmt).scalars().first()


def add_client_message(s: Session, handoff: HandoffRequest, text: str, *, now: datetime) -> bool:
    """Store the person's message in the thread; True if it is their first one there (the bot then says so)."""
    earlier = s.execute(
        select(func.count(HandoffMessage.id)).where(
            HandoffMessage.handoff_id == handoff.id, HandoffMessage.author_kind == "client"
        )
    ).scalar_one()
    s.add(
        HandoffMessage(
            handoff_id=handoff.id,
            client_id=handoff.client_id,
            author_kind="client",
            text=text[:MAX_MESSAGE_CHARS],
            created_at=as_utc(now),
        )
    )
    handoff.updated_at = as_utc(now)
    s.flush()
    return earlier == 0


def last_writer_name(s: Session, handoff_id: int) -> Optional[str]:
    """The first name of the klantmanager who wrote last, as the person knows them."""
    return s.execute(
        select(HandoffMessage.author_name)
        .where(HandoffMessage.handoff_id == handoff_id, HandoffMessage.author_kind == "klantmanager")
        .order_by(HandoffMessage.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def thread(s: Session, handoff_id: int) -> List[ThreadEntry]:
    """Oldest first, each klantmanager message with the scheduled message that carries it."""
    stmt = (
        select(HandoffMessage, ScheduledMessage)
        .outerjoin(ScheduledMessage, ScheduledMessage.id == HandoffMessage.scheduled_message_id)
        .where(HandoffMessage.handoff_id == handoff_id)
        .order_by(HandoffMessage.created_at, HandoffMessage.id)
    )
    return [ThreadEntry(message=m, delivery=d) for m, d in s.execute(stmt).all()]


def messages_for_client(s: Session, client_id: str) -> List[HandoffMessage]:
    """Every thread message of the client, oldest first (export, "wat weet je van mij?")."""
    stmt = select(HandoffMessage).where(HandoffMessage.client_id == client_id).order_by(HandoffMessage.created_at, HandoffMessage.id)
    return list(s.execute(stmt).scalars())


def message_for_delivery(s: Session, scheduled_message_id: int) -> Optional[HandoffMessage]:
    """The klantmanager's message a `caseworker_reply` row carries; None when it is gone (erased)."""
    return s.execute(
        select(HandoffMessage).where(HandoffMessage.scheduled_message_id == scheduled_message_id)
    ).scalar_one_or_none()


def earlier_direct_waiting(s: Session, message: ScheduledMessage) -> bool:
    """An earlier direct message to this client is not out yet: this one waits, so they land in order.

    Two klantmanagers writing at once give two rows the dispatcher may claim in
    one batch and send side by side; only the lowest id may go first.
    """
    return (
        s.execute(
            select(func.count(ScheduledMessage.id)).where(
                ScheduledMessage.client_id == message.client_id,
                ScheduledMessage.kind.in_(DIRECT_KINDS),
                ScheduledMessage.status.in_(("pending", "sending")),
                ScheduledMessage.id < message.id,
            )
        ).scalar_one()
        > 0
    )

