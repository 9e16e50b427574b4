"""Erasure (AVG art. 17): the client asks in the chat, a caseworker carries it out.

Carrying it out copies the parts the gemeente must keep by law into
`retained_records` (with a keep-until date and the reason), adds the client to
anonymous counters, deletes the client row (every table that points at a client
cascades) and the chat's traces that have no client key: Rasa's tracker events,
the bot's inbox and stored keyboards. The audit log keeps its pseudonymous trail
on purpose, so the erasure itself stays provable.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.anonymous_counts import count_before_erasure
from storage.audit import record_audit
from storage.clients import chat_for_client
from storage.errors import NotFoundError, ValidationError
from storage.export import export_client
from storage.tables import Client, ErasureRequest, InboundMessage, Keyboard, RetainedRecord
from storage.rasa_events import erase_conversation
from storage.timestamps import as_utc

DAYS_PER_MONTH = 30.44  # retention periods are in months; a month is counted as its average length


@dataclass(frozen=True)
class KeepRule:
    """One export section the gemeente keeps after erasure (from the gemeente config)."""

    wat: str
    maanden: int
    reden: str


def months_after(moment: datetime, months: int) -> datetime:
    return as_utc(moment) + timedelta(days=round(months * DAYS_PER_MONTH))


def request_erasure(s: Session, client_id: str, *, chat_id: Optional[int], now: datetime) -> ErasureRequest:
    """An open request for this client, made now or earlier (asking twice makes one request)."""
    client = s.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"No client {client_id}.")
    existing = open_request_for_client(s, client_id)
    if existing is not None:
        return existing
    request = ErasureRequest(
        client_id=client_id, gemeente_id=client.gemeente_id, chat_id=chat_id, status="requested", requested_at=as_utc(now)
    )
    s.add(request)
    s.flush()
    record_audit(s, actor="bot", action="erasure_requested", client_id=client_id, now=now)
    return request


def open_request_for_client(s: Session, client_id: str) -> Optional[ErasureRequest]:
    return s.execute(
        select(ErasureRequest).where(ErasureRequest.client_id == client_id, ErasureRequest.status == "requested")
    ).scalar_one_or_none()


def open_requests(s: Session, client_ids: Sequence[str]) -> List[ErasureRequest]:
    """Open requests among the given clients (the caller's scope), oldest first."""
    if not client_ids:
        return []
    stmt = (
        select(ErasureRequest)
        .where(ErasureRequest.status == "requested", ErasureRequest.client_id.in_(list(client_ids)))
        .order_by(ErasureRequest.requested_at, ErasureRequest.id)
    )
    return list(s.execute(stmt).scalars())


def erase_client(s: Session, client_id: str, *, keep: Sequence[KeepRule], actor: str, now: datetime) -> List[dict]:
    """Erase everything about the client except `keep`; return what was kept as [{wat, reden, tot}]."""
    now = as_utc(now)
    export = export_client(s, client_id)
    if export is None:
        raise NotFoundError(f"No client {client_id}.")
    client = s.get(Client, client_id)
    kept = []
    for rule in keep:
        if rule.wat not in export:
            raise ValidationError(f"Unknown export section {rule.wat!r}.")
        data = export[rule.wat]
        if not data:
            continue
        until = months_after(now, rule.maanden)
        s.add(
            RetainedRecord(
                client_id=client_id,
                gemeente_id=client.gemeente_id,
                kind=rule.wat,
                reason=rule.reden,
                data=json.dumps(data, ensure_ascii=False, sort_keys=True),
                kept_at=now,
                keep_until=until,
            )
        )
        kept.append({"wat": rule.wat, "reden": rule.reden, "tot": until.date().isoformat()})
    count_before_erasure(s, client_id, now=now)
    chat_id = chat_for_client(s, client_id)
    if chat_id is not None:
        erase_chat_traces(s, chat_id)
    s.delete(client)
    s.flush()
    record_audit(s, actor=actor, action="erasure_done", client_id=client_id, now=now)
    return kept


def erase_chat_traces(s: Session, chat_id: int) -> None:
    """What a chat leaves behind outside the client's own tables."""
    erase_conversation(s, str(chat_id))
    s.execute(delete(InboundMessage).where(InboundMessage.chat_id == chat_id))
    s.execute(delete(Keyboard).where(Keyboard.chat_id == chat_id))


def confirm_erasure(s: Session, request_id: int, *, keep: Sequence[KeepRule], actor: str, now: datetime) -> ErasureRequest:
    """The caseworker's confirmation: carry the request out."""
    request = s.get(ErasureRequest, request_id)
    if request is None or request.status != "requested":
        raise NotFoundError(f"No open erasure request {request_id}.")
    kept = erase_client(s, request.client_id, keep=keep, actor=actor, now=now)
    request.status = "done"
    request.decided_at = as_utc(now)
    request.decided_by = actor
    request.kept = json.dumps(kept, ensure_ascii=False)
    s.flush()
    return request


def erasures_to_announce(s: Session) -> List[ErasureRequest]:
    """Done, and the bot has not yet told the person what was kept."""
    stmt = select(ErasureRequest).where(
        ErasureRequest.status == "done", ErasureRequest.chat_id.is_not(None), ErasureRequest.announced_at.is_(None)
    )
    return list(s.execute(stmt.order_by(ErasureRequest.id)).scalars())


def mark_announced(s: Session, request_id: int, *, now: datetime) -> None:
    """Said; the chat id is no longer needed, so it goes too."""
    request = s.get(ErasureRequest, request_id)
    request.announced_at = as_utc(now)
    request.chat_id = None
    s.flush()


def kept_items(request: ErasureRequest) -> List[dict]:
    return json.loads(request.kept) if request.kept else []
