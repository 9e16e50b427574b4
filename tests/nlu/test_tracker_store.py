"""Rasa's SQL tracker store, configured as `werkmaatje run` configures it, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import os

import pytest
from cli.supervisor import tracker_store_env
from storage import rasa_events
from storage.db import cached_session_factory, unit_of_work
from testing.postgres import fresh_database

POSTGRES = os.environ.get("WERKMAATJE_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
        return
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("WERKMAATJE_TEST_POSTGRES_URL is not set in CI")
        pytest.skip("WERKMAATJE_TEST_POSTGRES_URL not set")
    with fresh_database(POSTGRES, "tracker") as url:
        yield url


def test_rasa_stores_conversations_in_our_database(database_url):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    env = tracker_store_env(database_url)
    store = SQLTrackerStore(
        Domain.empty(), dialect=env["WERKMAATJE_TRACKER_DIALECT"], host=env["WERKMAATJE_TRACKER_URL"], db="werkmaatje"
    )
    tracker = DialogueStateTracker("4711", [])
    tracker.update(UserUttered("hoi"))
    asyncio.run(store.save(tracker))
    store.engine.dispose()

    with unit_of_work(cached_session_factory(database_url)) as session:
        assert rasa_events.count_conversation_events(session, "4711") == 1
    cached_session_factory(database_url).kw["bind"].dispose()
