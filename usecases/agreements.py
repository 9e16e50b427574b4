"""How far a client is with the sollicitatieafspraak: their own terms, or their gemeente's default."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy.orm import Session

from storage.agreements import Progress, agreement_progress
from werkmaatje.gemeenten import Gemeente, Sollicitatieafspraak


def default_terms(gemeente: Optional[Gemeente]) -> Sollicitatieafspraak:
    """The gemeente's default agreement; the model's defaults for a gemeente without a file."""
    return gemeente.sollicitatieafspraak if gemeente is not None else Sollicitatieafspraak()


def progress_for(session: Session, client_id: str, gemeente: Optional[Gemeente], *, now: datetime, timezone: str) -> Progress:
    """The applying terms, the current period and how many applications fall in it."""
    default = default_terms(gemeente)
    return agreement_progress(
        session,
        client_id,
        now=now,
        default_aantal=default.aantal,
        default_periode_weken=default.periode_weken,
        timezone=timezone,
    )
