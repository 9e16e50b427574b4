"""Fixtures that run every storage test on SQLite and on PostgreSQL.

The databases come from `testing.postgres`: one uniquely named PostgreSQL
database per test session next to WERKMAATJE_TEST_POSTGRES_URL, dropped
afterwards; without the variable the PostgreSQL half is skipped locally, but
fails when CI is set.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from storage.db import make_engine, run_migrations
from testing.postgres import BACKENDS, fresh_backend_database

# A fixed, aware "now" keeps timestamps in assertions readable.
NOW = datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request, tmp_path_factory) -> Iterator[str]:
    """URL of an empty database, one per backend for the whole test session."""
    with fresh_backend_database(request.param, tmp_path_factory) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def empty_db_url(request, tmp_path_factory) -> Iterator[str]:
    """URL of a brand-new empty database for a single test (migration tests)."""
    with fresh_backend_database(request.param, tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="session")
def engine(db_url):
    """Engine on the session database, migrated once."""
    run_migrations(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test, commits included.

    SQLAlchemy 1.4's "join a session into an external transaction" recipe: the test
    runs inside an outer transaction, and session.commit() only releases a SAVEPOINT,
    which is restarted at once.
    """
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, future=True, expire_on_commit=False)
    nested = connection.begin_nested()

    @event.listens_for(session, "after_transaction_end")
    def _restart_savepoint(sess, transaction):
        nonlocal nested
        if not nested.is_active:
            nested = connection.begin_nested()

    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def backend(engine) -> str:
    return engine.dialect.name


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def gemeente(session):
    from storage.gemeenten import upsert_gemeente

    return upsert_gemeente(session, "hengelo", "Hengelo")


@pytest.fixture
def caseworker(session, gemeente):
    from storage.caseworkers import add_caseworker

    return add_caseworker(session, email="Anna.deVries@Hengelo.nl", naam="Anna de Vries", gemeente_id=gemeente.id)


@pytest.fixture
def client(session, gemeente, caseworker):
    from storage.clients import add_client

    return add_client(session, gemeente_id=gemeente.id, naam="Sanne Jansen", caseworker_email=caseworker.email)
