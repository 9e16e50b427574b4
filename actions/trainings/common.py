"""What the training actions share: the catalogue, reminder moments, which edition is meant, passing on to the klantmanager."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from dutch.wording import moment_facts
from actions.helpers import Person, as_id, latest_entities, utc_now
from actions.trainings.messages import RSVP_KINDS
from storage import handoffs, trainings
from storage.intake import profile_for_matching
from werkmaatje.settings import get_settings
from werkmaatje.training_matching import training_fits
from werkmaatje.trainings_catalogue import Catalogue
from usecases.trainings import session_reminders
from werkmaatje.configuration import get_configuration

# A reason or question is for a klantmanager to read, not an archive of a whole story.
HANDOFF_REASON_CHARS = 2000


def catalogue_of(gemeente_id: str) -> Optional[Catalogue]:
    return get_configuration().catalogue(gemeente_id)


def reminders_for(session: Session, person: Person):
    """Session reminder moments for storage.trainings.participants: the gemeente's rhythm, each client's wishes."""
    return session_reminders(
        session, person.gemeente, catalogue_of(person.gemeente.id), timezone_name=get_settings().timezone, now=utc_now()
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


def matching_open_editions(session, person: Person) -> List[Any]:
    """Open editions of the person's gemeente whose training fits their profile, with the catalogue entry."""
    catalogue = catalogue_of(person.gemeente.id)
    if catalogue is None:
        return []
    profile = profile_for_matching(session, person.client_id)
    found = []
    for edition in trainings.open_editions(session, person.gemeente.id, now=utc_now()):
        training = catalogue.training(edition.training_id)
        if training is not None and training_fits(training, profile):
            found.append(edition)
    return found


def may_sign_up(session, person: Person, edition_id: int) -> bool:
    """Self-registration: the edition allows it, is open, and fits the person (what the listing offered)."""
    return any(e.id == edition_id and e.zelf_aanmelden for e in matching_open_editions(session, person))
