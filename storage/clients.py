"""Clients (job seekers) and the link between a client and their Telegram chat."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from storage.caseworkers import get_caseworker_by_email
from storage.errors import NotFoundError, ValidationError
from storage.tables import NAAM_LENGTH, Client, Gemeente, TelegramLink
from storage.timestamps import as_utc, utc_now
from storage.tokens import LOWER_BASE32, random_string, unused_primary_key
from storage.validation import clean_text

CLIENT_ID_PREFIX = "wm-"
# 8 base32 characters = 40 random bits: unguessable enough for an id that is
# never a secret on its own, and short enough to read out over the phone.
_CLIENT_ID_RANDOM_CHARS = 8


def new_client_id() -> str:
    return CLIENT_ID_PREFIX + random_string(LOWER_BASE32, _CLIENT_ID_RANDOM_CHARS)


def add_client(
    s: Session,
    *,
    gemeente_id: str,
    naam: str,
    caseworker_email: Optional[str] = None,
    now: Optional[datetime] = None,
) -> Client:
    """Register a client, optionally with their klantmanager (who must work for the same gemeente)."""
    naam = clean_text(naam, field="naam", max_length=NAAM_LENGTH)
    if s.get(Gemeente, gemeente_id) is None:
        raise NotFoundError(f"Unknown gemeente {gemeente_id!r}.")

    caseworker_id = None
    if caseworker_email is not None:
        caseworker = get_caseworker_by_email(s, caseworker_email)
        if caseworker is None:
            raise NotFoundError(f"Unknown caseworker {caseworker_email!r}.")
        if caseworker.gemeente_id != gemeente_id:
            raise ValidationError("The caseworker works for another gemeente than the client.")
        if not caseworker.active:
            raise ValidationError("The caseworker is no longer active.")
        caseworker_id = caseworker.id

    client = Client(
        id=unused_primary_key(s, Client, new_client_id),
        naam=naam,
        gemeente_id=gemeente_id,
        caseworker_id=caseworker_id,
        created_at=as_utc(now) if now is not None else utc_now(),
    )
    s.add(client)
    s.flush()
    return client


def get_client(s: Session, client_id: str) -> Optional[Client]:
    return s.get(Client, client_id)


def require_client(s: Session, client_id: str) -> Client:
    client = s.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"Unknown client {client_id!r}.")
    return client


def client_for_chat(s: Session, chat_id: int) -> Optional[Client]:
    stmt = select(Client).join(TelegramLink, TelegramLink.client_id == Client.id).where(TelegramLink.chat_id == chat_id)
    return s.execute(stmt).scalar_one_or_none()


def chat_for_client(s: Session, client_id: str) -> Optional[int]:
    stmt = select(TelegramLink.chat_id).where(TelegramLink.client_id == client_id)
    return s.execute(stmt).scalar_one_or_none()


def get_link(s: Session, client_id: str) -> Optional[TelegramLink]:
    stmt = select(TelegramLink).where(TelegramLink.client_id == client_id)
    return s.execute(stmt).scalar_one_or_none()


def link_chat(s: Session, *, chat_id: int, client_id: str, now: datetime) -> TelegramLink:
    """Link `chat_id` to `client_id`, replacing any earlier link of either.

    One chat per client and one client per chat: a client who switches phones
    re-links, and the old chat stops receiving their messages.
    """
    now = as_utc(now)
    s.execute(
        delete(TelegramLink)
        .where(or_(TelegramLink.chat_id == chat_id, TelegramLink.client_id == client_id))
        .execution_options(synchronize_session="fetch")
    )
    link = TelegramLink(chat_id=chat_id, client_id=client_id, linked_at=now)
    s.add(link)
    s.flush()
    return link


def mark_unreachable(s: Session, client_id: str, *, now: datetime) -> None:
    """The client blocked the bot (Telegram 403): stop sending and let the klantmanager see it."""
    client = require_client(s, client_id)
    if client.unreachable_since is None:
        client.unreachable_since = as_utc(now)
        s.flush()


def mark_reachable_chat(s: Session, chat_id: int) -> bool:
    """A message from the chat shows the bot is unblocked; True if it was marked unreachable."""
    client = client_for_chat(s, chat_id)
    if client is None or client.unreachable_since is None:
        return False
    client.unreachable_since = None
    s.flush()
    return True
