"""The audit log: who (a caseworker's email, or "bot"/"system") did what, concerning which client.

Entries keep the client id as plain text without a foreign key, so the trail of an
erased client survives the erasure itself.
"""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.errors import ValidationError
from storage.tables import CLIENT_ID_LENGTH, EMAIL_LENGTH, AuditEntry
from storage.timestamps import as_utc
from storage.validation import clean_text


def record_audit(s: Session, *, actor: str, action: str, client_id: Optional[str], now: datetime) -> AuditEntry:
    if client_id is not None and (not isinstance(client_id, str) or len(client_id) > CLIENT_ID_LENGTH):
        raise ValidationError(f"Not a client id: {client_id!r}.")
    entry = AuditEntry(
        actor=clean_text(actor, field="actor", max_length=EMAIL_LENGTH),
        action=clean_text(action, field="action", max_length=40),
        client_id=client_id,
        at=as_utc(now),
    )
    s.add(entry)
    s.flush()
    return entry


def audit_for_client(s: Session, client_id: str) -> List[AuditEntry]:
    """Oldest first."""
    stmt = select(AuditEntry).where(AuditEntry.client_id == client_id).order_by(AuditEntry.at, AuditEntry.id)
    return list(s.execute(stmt).scalars())
