"""The hand-written migrations: upgrade from empty, match the models, downgrade to nothing."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.db import downgrade_migrations, make_engine, run_migrations
from storage.errors import StorageError
from storage.tables import metadata

EXPECTED_TABLES = {
    "gemeenten",
    "caseworkers",
    "clients",
    "telegram_links",
    "koppelcodes",
    "consent_records",
    "handoff_requests",
    "inbound_messages",
    "keyboards",
    "audit_log",
    # reminders (0002)
    "scheduled_messages",
    "appointments",
    "message_preferences",
    # applications (0003)
    "applications",
    "application_status_changes",
    "application_agreements",
    # portal (0006)
    "portal_accounts",
    "portal_login_attempts",
    "portal_sessions",
    "handoff_notes",
    # intake (0004)
    "intakes",
    "intake_answers",
    "intake_sensitive_answers",
    "ladder_assessments",
    # trainings (0005)
    "training_editions",
    "training_sessions",
    "training_participants",
    "training_attendance",
    # privacy (0007)
    "erasure_requests",
    "retained_records",
    "anonymous_counts",
    # handoff threads (0009)
    "handoff_messages",
    "email_outbox",
    "email_handoffs",
    # chat leases (0010)
    "chat_leases",
}


def _head() -> str:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _tables(url):
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _revision(url):
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def test_models_declare_exactly_the_migrated_tables():
    assert set(metadata.tables) == EXPECTED_TABLES
    # Rasa's SQL tracker store owns a table called "events" in the same database.
    assert "events" not in metadata.tables


def test_upgrade_from_empty_then_downgrade_to_base(empty_db_url):
    assert _tables(empty_db_url) == set()

    run_migrations(empty_db_url)
    assert _tables(empty_db_url) == EXPECTED_TABLES | {"alembic_version"}
    assert _revision(empty_db_url) == _head()

    run_migrations(empty_db_url)  # already at head: nothing to do, no error
    assert _revision(empty_db_url) == _head()

    downgrade_migrations(empty_db_url, "base")
    assert _tables(empty_db_url) == {"alembic_version"}
    assert _revision(empty_db_url) is None

    run_migrations(empty_db_url)  # and back up again
    assert _tables(empty_db_url) == EXPECTED_TABLES | {"alembic_version"}


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, metadata) == []


def test_in_memory_sqlite_cannot_be_migrated_by_url():
    with pytest.raises(StorageError):
        run_migrations("sqlite://")
