"""Rasa's SQL tracker store, reading only the current session with indexes that keep it flat.

Rasa 3.6 loads a conversation's events since its latest `session_started`,
but it finds that point with a sub-query joined to every event of the
conversation: the database still visits the whole history on every
message, and on every save (Rasa counts the stored events of the session to
know which ones are new). Here the start of the session is one indexed
look-up, and the events after it are an index range, so a turn costs the
same in the first week and after a year of reminders.

`endpoints.yml` names this class (see `cli/supervisor.py`); `make bench`
runs stock Rasa with Rasa's own `SQL` store for its baseline.
"""
from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted

logger = logging.getLogger(__name__)

# Rasa creates the table; the indexes are ours. Names are stable, so creating
# them is idempotent across restarts and replicas.
SESSION_START_INDEX = "ix_events_sender_type_time"
SENDER_TIME_INDEX = "ix_events_sender_time"


class SessionTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` whose per-message reads are bounded by the current session."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ensure_session_indexes(self.engine)

    def _event_query(self, session, sender_id, fetch_events_from_all_sessions):
        events = self.SQLEvent
        query = session.query(events).filter(events.sender_id == sender_id)
        if not fetch_events_from_all_sessions:
            session_start = latest_session_start(session, events, sender_id)
            if session_start is not None:
                query = query.filter(events.timestamp >= session_start)
        return query.order_by(events.id)


def latest_session_start(session, events, sender_id: str):
    """The timestamp of the conversation's latest `session_started`, or None (all events count)."""
    return (
        session.query(events.timestamp)
        .filter(events.sender_id == sender_id, events.type_name == SessionStarted.type_name)
        .order_by(events.timestamp.desc())
        .limit(1)
        .scalar()
    )


def ensure_session_indexes(engine) -> None:
    """Create the two indexes the session reads need; a no-op once they exist."""
    table = SQLTrackerStore.SQLEvent.__tablename__
    statements = (
        f"CREATE INDEX IF NOT EXISTS {SESSION_START_INDEX} ON {table} (sender_id, type_name, timestamp)",
        f"CREATE INDEX IF NOT EXISTS {SENDER_TIME_INDEX} ON {table} (sender_id, timestamp)",
    )
    for statement in statements:
        try:
            with engine.begin() as connection:
                connection.execute(sa.text(statement))
        except sa.exc.DBAPIError as error:
            # Two replicas starting at once can race on PostgreSQL's catalogue; the other one won.
            logger.warning("Index on %s not created here (%s); another process may have made it", table, error)
