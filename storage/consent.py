"""Consent: an append-only history of the client's decisions per consent text version."""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.clients import require_client
from storage.tables import CONSENT_DECISIONS, ConsentRecord
from storage.timestamps import as_utc
from storage.validation import clean_text, require_choice


def record_consent(
    s: Session, client_id: str, *, text_version: str, decision: str, now: datetime
) -> ConsentRecord:
    """Append a decision; earlier records are never changed, so the history stays provable."""
    now = as_utc(now)
    text_version = clean_text(text_version, field="text_version", max_length=20)
    require_choice(decision, CONSENT_DECISIONS, field="decision")
    require_client(s, client_id)
    record = ConsentRecord(client_id=client_id, text_version=text_version, decision=decision, recorded_at=now)
    s.add(record)
    s.flush()
    return record


def current_consent(s: Session, client_id: str) -> Optional[ConsentRecord]:
    """The latest decision, or None if the client was never asked."""
    stmt = (
        select(ConsentRecord)
        .where(ConsentRecord.client_id == client_id)
        # id breaks ties between records made in the same instant.
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        .limit(1)
    )
    return s.execute(stmt).scalar_one_or_none()


def consent_history(s: Session, client_id: str) -> List[ConsentRecord]:
    """All decisions, oldest first."""
    stmt = (
        select(ConsentRecord)
        .where(ConsentRecord.client_id == client_id)
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    return list(s.execute(stmt).scalars())
