"""The session tracker store (nlu/tracker_store.py) on SQLite and PostgreSQL, as `endpoints.yml` configures it."""
from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from cli.supervisor import child_env, tracker_store_env
from nlu.tracker_store import SENDER_TIME_INDEX, SESSION_START_INDEX, SessionTrackerStore
from tests.nlu.test_tracker_store import database_url  # noqa: F401 - the SQLite/PostgreSQL fixture
from werkmaatje.settings import REPO_ROOT, Settings


def _store(database_url, store_class=SessionTrackerStore):
    from rasa.shared.core.domain import Domain

    env = tracker_store_env(database_url)
    return store_class(
        Domain.empty(), dialect=env["WERKMAATJE_TRACKER_DIALECT"], host=env["WERKMAATJE_TRACKER_URL"], db="werkmaatje"
    )


def _conversation(sender_id: str, sessions: int, turns: int):
    """A tracker of `sessions` sessions of `turns` user messages each, timestamps an hour apart per session."""
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender_id, [])
    start = 1_700_000_000.0
    for session in range(sessions):
        at = start + session * 3600
        tracker.update(ActionExecuted("action_session_start", timestamp=at))
        tracker.update(SessionStarted(timestamp=at))
        tracker.update(ActionExecuted("action_listen", timestamp=at))
        for turn in range(turns):
            tracker.update(UserUttered(f"sessie {session} bericht {turn}", timestamp=at + turn + 1))
            tracker.update(ActionExecuted("action_listen", timestamp=at + turn + 1.5))
    return tracker


def _save_session_by_session(store, sessions: int, turns: int, sender_id: str = "4711") -> None:
    """Save as Rasa does: each save holds the tracker as loaded plus that session's new events."""
    full = _conversation(sender_id, sessions, turns)
    per_session = 3 + 2 * turns
    for session in range(sessions):
        from rasa.shared.core.trackers import DialogueStateTracker

        loaded = asyncio.run(store.retrieve(sender_id))
        events = list(loaded.events) if loaded else []
        new = list(full.events)[session * per_session : (session + 1) * per_session]
        asyncio.run(store.save(DialogueStateTracker.from_events(sender_id, events + new)))


@pytest.fixture
def store(database_url):  # noqa: F811
    made = _store(database_url)
    yield made
    made.engine.dispose()


def _texts(tracker):
    return [event.text for event in tracker.events if getattr(event, "text", None)]


def test_a_message_loads_only_the_current_session(store):
    _save_session_by_session(store, sessions=4, turns=5)
    assert _texts(asyncio.run(store.retrieve("4711"))) == [f"sessie 3 bericht {turn}" for turn in range(5)]
    # Nothing was lost or written twice: the whole history is still there for the portal.
    everything = asyncio.run(store.retrieve_full_tracker("4711"))
    assert len(everything.events) == 4 * (3 + 2 * 5)


def test_same_sessions_as_rasas_own_store(store, database_url):  # noqa: F811
    from rasa.core.tracker_store import SQLTrackerStore

    _save_session_by_session(store, sessions=3, turns=4, sender_id="13")
    stock = _store(database_url, SQLTrackerStore)
    try:
        mine = asyncio.run(store.retrieve("13")).events
        theirs = asyncio.run(stock.retrieve("13")).events
    finally:
        stock.engine.dispose()
    assert list(mine) == list(theirs)
    assert len(mine) == 3 + 2 * 4


def test_indexes_are_made_once_and_again_without_error(database_url):  # noqa: F811
    first = _store(database_url)
    second = _store(database_url)  # a second replica starting on the same database
    try:
        names = {index["name"] for index in sa.inspect(first.engine).get_indexes("events")}
        assert {SESSION_START_INDEX, SENDER_TIME_INDEX} <= names
    finally:
        first.engine.dispose()
        second.engine.dispose()


def test_sqlite_finds_the_session_start_through_the_index(tmp_path):
    store = _store(f"sqlite:///{tmp_path / 'plan.db'}")
    try:
        with store.engine.connect() as connection:
            plan = connection.execute(
                sa.text(
                    "EXPLAIN QUERY PLAN SELECT timestamp FROM events WHERE sender_id = '1' "
                    "AND type_name = 'session_started' ORDER BY timestamp DESC LIMIT 1"
                )
            ).all()
            rows = connection.execute(
                sa.text("EXPLAIN QUERY PLAN SELECT * FROM events WHERE sender_id = '1' AND timestamp >= 5 ORDER BY id")
            ).all()
        assert SESSION_START_INDEX in " ".join(str(row) for row in plan)
        assert SENDER_TIME_INDEX in " ".join(str(row) for row in rows)
    finally:
        store.engine.dispose()


def test_endpoints_yml_loads_the_session_store_not_rasas_in_memory_fallback(tmp_path, monkeypatch):
    from rasa.core.tracker_store import create_tracker_store
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import read_endpoint_config

    for name, value in child_env(Settings(database_url=f"sqlite:///{tmp_path / 'endpoints.db'}")).items():
        monkeypatch.setenv(name, value)
    config = read_endpoint_config(str(REPO_ROOT / "endpoints.yml"), "tracker_store")
    store = create_tracker_store(config, Domain.empty())
    try:
        inner = getattr(store, "_tracker_store", store)
        assert isinstance(inner, SessionTrackerStore), type(inner)
    finally:
        inner.engine.dispose()


def test_retention_trims_old_sessions_and_the_current_one_still_loads_and_appends(store, database_url):  # noqa: F811
    from datetime import datetime, timezone

    from rasa.shared.core.events import UserUttered

    from storage import rasa_events
    from storage.db import cached_session_factory, unit_of_work

    _save_session_by_session(store, sessions=4, turns=3, sender_id="99")
    # The retention job: everything before the third session is past the term.
    cutoff = datetime.fromtimestamp(1_700_000_000 + 2 * 3600 - 1, tz=timezone.utc)
    with unit_of_work(cached_session_factory(database_url)) as session:
        deleted = rasa_events.erase_events_before(session, "99", before=cutoff, quiet_since=datetime.now(timezone.utc))
    cached_session_factory(database_url).kw["bind"].dispose()
    assert deleted == 2 * (3 + 2 * 3)

    current = asyncio.run(store.retrieve("99"))
    assert _texts(current) == [f"sessie 3 bericht {turn}" for turn in range(3)]
    current.update(UserUttered("na het opruimen", timestamp=1_700_000_000 + 3 * 3600 + 100))
    asyncio.run(store.save(current))
    everything = asyncio.run(store.retrieve_full_tracker("99"))
    assert len(everything.events) == 2 * (3 + 2 * 3) + 1
