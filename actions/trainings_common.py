"""What the training actions share: the catalogue, reminder moments, which edition is meant, passing on to the klantmanager."""
from __future__ import annotations

import functools
from typing import Any, Dict, Optional

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from actions.context import Person, utc_now
from dutch.wording import moment_facts
from actions.scheduled_messages import as_id, latest_entities
from actions.trainings_messages import RSVP_KINDS
from storage import handoffs
from storage.preferences import get_preferences
from werkmaatje.gemeenten import load_gemeenten
from werkmaatje.settings import get_settings
from werkmaatje.training_schedule import reminder_planner
from werkmaatje.trainings_catalogue import Catalogue, load_catalogues

DEFAULT_HOURS_BEFORE = (24, 2)
# A reason or question is for a klantmanager to read, not an archive of a whole story.
HANDOFF_REASON_CHARS = 2000


@functools.lru_cache(maxsize=None)
def _catalogues(directory: str) -> Dict[str, Catalogue]:
    return load_catalogues(directory, load_gemeenten(directory))


def catalogue_of(gemeente_id: str) -> Optional[Catalogue]:
    return _catalogues(str(get_settings().gemeenten_dir)).get(gemeente_id)


def reminders_for(session: Session, person: Person):
    """Session reminder moments for storage.training_participants: the gemeente's rhythm, each client's wishes."""
    catalogue = catalogue_of(person.gemeente.id)
    return reminder_planner(
        person.gemeente,
        hours_before=catalogue.herinneringen_uren_voor if catalogue else DEFAULT_HOURS_BEFORE,
        timezone_name=get_settings().timezone,
        wishes_of=lambda client_id: get_preferences(session, client_id),
        now=utc_now(),
    )


def edition_meant(tracker: Tracker) -> Optional[int]:
    """The edition a "ja" or "nee" is about: a button's entity, or the invitation just answered."""
    entity = as_id(latest_entities(tracker).get("training_edition"))
    if entity is not None:
        return entity
    if tracker.get_slot("scheduled_kind") in RSVP_KINDS:
        return as_id(tracker.get_slot("training_edition"))
    return None


def typed_text(tracker: Tracker) -> Optional[str]:
    """What the person typed; None for a button payload ("/intent{...}")."""
    text = ((tracker.latest_message or {}).get("text") or "").strip()
    return None if not text or text.startswith("/") else text[:HANDOFF_REASON_CHARS]


def pass_on(session: Session, person: Person, *, kind: str, reason: str) -> None:
    handoffs.create_handoff(session, person.client_id, kind=kind, reason=reason, urgent=False, now=utc_now())


def when(moment, now=None) -> Dict[str, Any]:
    return moment_facts(moment, now=now or utc_now(), timezone_name=get_settings().timezone)
