"""Actions run against a real (SQLite) database, configured the way the action server is."""
from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from cli.common import new_link, prepare_database
from storage import clients
from storage.db import cached_session_factory, unit_of_work
from werkmaatje.settings import get_settings


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'actions.db'}")
    get_settings.cache_clear()
    settings = get_settings()
    prepare_database(settings)
    yield settings
    get_settings.cache_clear()


@pytest.fixture
def db(settings):
    return cached_session_factory(settings.database_url)


@pytest.fixture
def linked_client(settings, db):
    """A client in Losser, linked to chat 4242; returns the client id."""
    from storage import koppelcodes
    from bot.database import utc_now

    with unit_of_work(db) as session:
        client = clients.add_client(session, gemeente_id="losser", naam="Fatima El Amrani")
        code = new_link(session, client.id, settings)["koppelcode"]
        koppelcodes.redeem_koppelcode(session, code, 4242, now=utc_now())
        return client.id


def tracker_for(sender_id="4242", *, intent="greet", text="hoi", slots=None, events=None) -> Tracker:
    return Tracker(
        sender_id,
        slots or {},
        {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text},
        events or [],
        False,
        None,
        {},
        "action_listen",
    )


def run_action(action, tracker):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return [message.get("response") for message in dispatcher.messages], dispatcher.messages, events
