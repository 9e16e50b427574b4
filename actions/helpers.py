"""What every action needs: a unit of work on the database, the clock, and who is talking.

Nothing here runs at import time; the engine is made on first use in the
action server process and then reused.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Dict, Iterator, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from storage import clients, consent
from storage.preferences import get_preferences
from storage.db import cached_session_factory, unit_of_work
from storage.timestamps import utc_now  # noqa: F401 - the actions' clock is storage's
from werkmaatje.texts import chat as texts
from werkmaatje.configuration import get_configuration
from werkmaatje.gemeenten import Gemeente
from werkmaatje.scheduling import QuietRules, rules_for
from werkmaatje.settings import get_settings


@contextmanager
def database() -> Iterator[Session]:
    """One unit of work: commits when the block ends without error."""
    with unit_of_work(cached_session_factory(get_settings().database_url)) as session:
        yield session


class MissingGemeenteConfig(LookupError):
    """A client's gemeente has no configuration file: an operator must add it."""


def gemeente_config(gemeente_id: str) -> Gemeente:
    gemeente = get_configuration().gemeente(gemeente_id)
    if gemeente is None:
        raise MissingGemeenteConfig(f"Geen configuratie voor gemeente '{gemeente_id}' in {get_settings().gemeenten_dir}.")
    return gemeente


def chat_id_of(tracker: Tracker) -> Optional[int]:
    """The bot uses the Telegram chat id as Rasa sender id; anything else is not linked."""
    try:
        return int(tracker.sender_id)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Person:
    """The linked job seeker behind a conversation."""

    client_id: str
    naam: str
    gemeente: Gemeente
    consent_given: bool


def linked_person(session: Session, tracker: Tracker) -> Optional[Person]:
    chat_id = chat_id_of(tracker)
    if chat_id is None:
        return None
    client = clients.client_for_chat(session, chat_id)
    if client is None:
        return None
    latest = consent.current_consent(session, client.id)
    return Person(
        client_id=client.id,
        naam=client.naam,
        gemeente=gemeente_config(client.gemeente_id),
        # A yes to an older privacy text asks again.
        consent_given=latest is not None and latest.decision == "given" and latest.text_version == texts.PRIVACY_TEXT_VERSION,
    )


def first_name(naam: str) -> str:
    return naam.split()[0] if naam.strip() else naam


def latest_intent(tracker: Tracker) -> Optional[str]:
    """The intent Rasa chose for the latest message (nlu_fallback included)."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def quiet_rules(session: Session, person: "Person", kind: str) -> QuietRules:
    """When a message of `kind` may reach this person: the gemeente's quiet hours and their wishes."""
    wishes = get_preferences(session, person.client_id)
    return rules_for(person.gemeente, timezone_name=get_settings().timezone, kind=kind, wishes=wishes)


def consent_refusal(person: Optional[Person]) -> Optional[str]:
    """The response that says why this person may not be helped yet, or None when they may."""
    if person is None:
        return "utter_not_linked"
    if not person.consent_given:
        return "utter_consent_needed"
    return None


def may_serve(dispatcher: CollectingDispatcher, person: Optional[Person]) -> bool:
    """True when a linked person who gave consent is talking; otherwise say why and return False."""
    refusal = consent_refusal(person)
    if refusal is not None:
        dispatcher.utter_message(response=refusal)
        return False
    return True


def latest_entities(tracker: Tracker) -> Dict[str, str]:
    """The entities of the latest message by name (the dispatcher's facts, a button's payload)."""
    return {e.get("entity"): e.get("value") for e in (tracker.latest_message or {}).get("entities") or []}


def as_id(value: Any) -> Optional[int]:
    """A slot or entity value as a row id; None when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
