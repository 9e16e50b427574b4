"""A client's wishes about messages: nudges off, no weekend, a part of the day, paused."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy.orm import Session

from storage.clients import require_client
from storage.tables import PARTS_OF_DAY, MessagePreferences
from storage.timestamps import as_utc
from storage.validation import require_choice

_UNSET = object()


@dataclass(frozen=True)
class Preferences:
    nudges_off: bool = False
    no_weekend: bool = False
    part_of_day: Optional[str] = None
    paused_since: Optional[datetime] = None

    @property
    def paused(self) -> bool:
        return self.paused_since is not None


def get_preferences(s: Session, client_id: str) -> Preferences:
    """The client's preferences; the defaults when they never set any."""
    row = s.get(MessagePreferences, client_id)
    if row is None:
        return Preferences()
    return Preferences(
        nudges_off=row.nudges_off, no_weekend=row.no_weekend, part_of_day=row.part_of_day, paused_since=row.paused_since
    )


def update_preferences(
    s: Session,
    client_id: str,
    *,
    now: datetime,
    nudges_off: Optional[bool] = None,
    no_weekend: Optional[bool] = None,
    part_of_day=_UNSET,
    paused_since=_UNSET,
) -> Preferences:
    """Change only the given preferences; returns them all."""
    require_client(s, client_id)
    row = s.get(MessagePreferences, client_id)
    if row is None:
        row = MessagePreferences(client_id=client_id, nudges_off=False, no_weekend=False, updated_at=as_utc(now))
        s.add(row)
    if nudges_off is not None:
        row.nudges_off = nudges_off
    if no_weekend is not None:
        row.no_weekend = no_weekend
    if part_of_day is not _UNSET:
        row.part_of_day = require_choice(part_of_day, PARTS_OF_DAY, field="part_of_day") if part_of_day else None
    if paused_since is not _UNSET:
        row.paused_since = as_utc(paused_since) if paused_since is not None else None
    row.updated_at = as_utc(now)
    s.flush()
    return get_preferences(s, client_id)
