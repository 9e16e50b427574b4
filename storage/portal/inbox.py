"""The portal's "Vandaag" page: requests for a person, unreachable clients, and what was done with them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from storage.errors import ValidationError
from storage.tables import EMAIL_LENGTH, Caseworker, Client, HandoffRequest
from storage.tables.portal import HandoffNote
from storage.portal.scope import scoped_clients
from storage.timestamps import as_utc
from storage.validation import clean_text, require_choice

NOTE_MAX_LENGTH = 2000
CLOSING_STATUSES = ("in_behandeling", "afgehandeld")


@dataclass(frozen=True)
class InboxItem:
    handoff: HandoffRequest
    client: Client


def open_handoffs(s: Session, caseworker: Caseworker) -> List[InboxItem]:
    """Handoff requests not yet afgehandeld, of clients in scope: distress signals first, then oldest first."""
    clients = scoped_clients(caseworker).subquery()
    stmt = (
        select(HandoffRequest, Client)
        .join(Client, Client.id == HandoffRequest.client_id)
        .where(HandoffRequest.client_id.in_(select(clients.c.id)), HandoffRequest.status != "afgehandeld")
        .order_by(case((HandoffRequest.kind == "distress", 0), else_=1), HandoffRequest.created_at, HandoffRequest.id)
    )
    return [InboxItem(handoff=h, client=c) for h, c in s.execute(stmt).all()]


def unreachable_clients(s: Session, caseworker: Caseworker) -> List[Client]:
    """Clients who blocked the bot, longest unreachable first."""
    stmt = scoped_clients(caseworker).where(Client.unreachable_since.is_not(None)).order_by(Client.unreachable_since)
    return list(s.execute(stmt).scalars())


def close_handoff(
    s: Session, handoff: HandoffRequest, *, status: str, note: Optional[str], author: str, now: datetime
) -> HandoffNote:
    """Set the request's status and keep who did it, when, and their note."""
    require_choice(status, CLOSING_STATUSES, field="status")
    if note is not None:
        note = note.strip()[:NOTE_MAX_LENGTH] or None
    if handoff.status == "afgehandeld":
        raise ValidationError("This request was handled already.")
    now = as_utc(now)
    handoff.status = status
    handoff.updated_at = now
    entry = HandoffNote(
        handoff_id=handoff.id,
        status=status,
        note=note,
        author=clean_text(author, field="author", max_length=EMAIL_LENGTH),
        at=now,
    )
    s.add(entry)
    s.flush()
    return entry


def notes_for_client(s: Session, client_id: str) -> List[HandoffNote]:
    """Oldest first."""
    stmt = (
        select(HandoffNote)
        .join(HandoffRequest, HandoffRequest.id == HandoffNote.handoff_id)
        .where(HandoffRequest.client_id == client_id)
        .order_by(HandoffNote.at, HandoffNote.id)
    )
    return list(s.execute(stmt).scalars())
