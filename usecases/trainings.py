"""Trainings use cases shared by the chat, the command line and the portal.

- Which clients fit a training: reading an intake profile is a read of client
  data, so each one is audited under the reader's name.
- When a participant's session reminders go out: the catalogue's rhythm, the
  gemeente's quiet hours and each client's own wishes.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable, List, Optional

from sqlalchemy.orm import Session

from storage import audit
from storage.intake import profile_for_matching
from storage.preferences import get_preferences
from werkmaatje.gemeenten import Gemeente
from werkmaatje.training_matching import training_fits
from werkmaatje.training_schedule import reminder_planner
from werkmaatje.trainings_catalogue import DEFAULT_REMINDER_HOURS, Catalogue, Training


def fitting_clients(
    session: Session, training: Optional[Training], client_ids: Iterable[str], *, actor: str, audit_action: str, now: datetime
) -> List[str]:
    """The clients whose intake profile fits the training, in the order given; every profile read is audited."""
    if training is None:
        return []
    fitting = []
    for client_id in client_ids:
        profile = profile_for_matching(session, client_id)
        audit.record_audit(session, actor=actor, action=audit_action, client_id=client_id, now=now)
        if training_fits(training, profile):
            fitting.append(client_id)
    return fitting


def session_reminders(
    session: Session, gemeente: Gemeente, catalogue: Optional[Catalogue], *, timezone_name: str, now: datetime
) -> Callable[[str, datetime], List[datetime]]:
    """`reminders_for(client_id, starts_at)` for storage.training_participants."""
    return reminder_planner(
        gemeente,
        hours_before=catalogue.herinneringen_uren_voor if catalogue else DEFAULT_REMINDER_HOURS,
        timezone_name=timezone_name,
        wishes_of=lambda client_id: get_preferences(session, client_id),
        now=now,
    )
