"""Handoff requests: moments where a person (the klantmanager) has to take over."""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.clients import require_client
from storage.tables import HANDOFF_KINDS, HandoffRequest
from storage.timestamps import as_utc
from storage.validation import require_choice

# Enough for what a client types in a chat; keeps one message from filling the table.
REASON_MAX_LENGTH = 2000


def create_handoff(
    s: Session, client_id: str, *, kind: str, reason: Optional[str], urgent: bool, now: datetime
) -> HandoffRequest:
    now = as_utc(now)
    require_choice(kind, HANDOFF_KINDS, field="kind")
    require_client(s, client_id)
    handoff = HandoffRequest(
        client_id=client_id,
        kind=kind,
        reason=_clean_reason(reason),
        urgent=bool(urgent),
        status="open",
        created_at=now,
        updated_at=now,
    )
    s.add(handoff)
    s.flush()
    return handoff


def set_reason(s: Session, handoff_id: int, *, reason: Optional[str], now: datetime) -> None:
    """Fill in a reason given after the request was made (a training "Nee" first, then why)."""
    handoff = s.get(HandoffRequest, handoff_id)
    if handoff is not None:
        handoff.reason = _clean_reason(reason)
        handoff.updated_at = as_utc(now)
        s.flush()


def add_to_open_distress(s: Session, client_id: str, *, reason: Optional[str], now: datetime) -> Optional[HandoffRequest]:
    """Add a new distress message to the client's distress request that is not yet dealt with; None when there is none.

    One worry is one urgent request: the klantmanager reads the newest words
    at the end, and the request keeps its place in the queue.
    """
    stmt = (
        select(HandoffRequest)
        .where(
            HandoffRequest.client_id == client_id,
            HandoffRequest.kind == "distress",
            HandoffRequest.status != "afgehandeld",
        )
        .order_by(HandoffRequest.created_at.desc(), HandoffRequest.id.desc())
        .limit(1)
    )
    handoff = s.execute(stmt).scalars().first()
    if handoff is None:
        return None
    added = _clean_reason(reason)
    if added:
        combined = f"{handoff.reason}\n{added}" if handoff.reason else added
        # Over the limit the oldest words go: the newest say how it is now.
        handoff.reason = combined[-REASON_MAX_LENGTH:].strip()
    handoff.updated_at = as_utc(now)
    s.flush()
    return handoff


def handoffs_for_client(s: Session, client_id: str) -> List[HandoffRequest]:
    """Oldest first."""
    stmt = (
        select(HandoffRequest)
        .where(HandoffRequest.client_id == client_id)
        .order_by(HandoffRequest.created_at, HandoffRequest.id)
    )
    return list(s.execute(stmt).scalars())


def _clean_reason(reason: Optional[str]) -> Optional[str]:
    if reason is None:
        return None
    trimmed = str(reason).strip()[:REASON_MAX_LENGTH].strip()
    return trimmed or None
