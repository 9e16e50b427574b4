"""Fixtures that run every storage test on SQLite and on PostgreSQL.

PostgreSQL comes from WERKMAATJE_TEST_POSTGRES_URL (e.g.
postgresql://postgres@127.0.0.1:5432/test). Each test session creates its own
uniquely named database next to it and drops it afterwards, so the tests never
touch existing data. Without the variable the PostgreSQL half is skipped locally,
but fails when CI is set: CI must never pass by silently skipping PostgreSQL.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from storage.db import make_engine, normalize_url, run_migrations
from tests.postgres import fresh_database

POSTGRES_URL_VARIABLE = "WERKMAATJE_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]

# A fixed, aware "now" keeps timestamps in assertions readable.
NOW = datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        message = f"{POSTGRES_URL_VARIABLE} is not set, so the PostgreSQL storage tests cannot run."
        if _running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return normalize_url(url)


def _fresh_postgres_database():
    return fresh_database(_postgres_server_url(), "test")


@contextmanager
def _fresh_database(backend: str, tmp_path_factory) -> Iterator[str]:
    if backend == "sqlite":
        folder = tmp_path_factory.mktemp("sqlite")
        yield f"sqlite:///{folder / 'werkmaatje.db'}"
    else:
        with _fresh_postgres_database() as url:
            yield url


@contextmanager
def migrated_database(backend: str, tmp_path_factory, gemeenten: dict):
    """A fresh, migrated database with these gemeenten (id -> naam); yields (url, session factory)."""
    from storage import gemeenten as gemeente_rows
    from storage.db import session_factory, unit_of_work

    with _fresh_database(backend, tmp_path_factory) as url:
        run_migrations(url)
        engine = make_engine(url)
        factory = session_factory(engine)
        with unit_of_work(factory) as s:
            for gemeente_id, naam in gemeenten.items():
                gemeente_rows.upsert_gemeente(s, gemeente_id, naam)
        try:
            yield url, factory
        finally:
            engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request, tmp_path_factory) -> Iterator[str]:
    """URL of an empty database, one per backend for the whole test session."""
    with _fresh_database(request.param, tmp_path_factory) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def empty_db_url(request, tmp_path_factory) -> Iterator[str]:
    """URL of a brand-new empty database for a single test (migration tests)."""
    with _fresh_database(request.param, tmp_path_factory) as url:
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
