"""Fresh, uniquely named test databases, dropped afterwards; migrated ones with gemeenten in them.

For the storage, portal and mail tests, the tracker-store test, the
dispatcher's crash tests and the benchmark's stacks. PostgreSQL comes from
WERKMAATJE_TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/test):
each database is created next to it, so the tests never touch existing data.
Without the variable a PostgreSQL test is skipped locally, but fails when CI is
set: CI must never pass by silently skipping PostgreSQL.
"""
from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from typing import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from storage.db import make_engine, normalize_url, run_migrations, session_factory, unit_of_work

POSTGRES_URL_VARIABLE = "WERKMAATJE_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


@contextmanager
def fresh_database(server_url: str, label: str) -> Iterator[str]:
    """Create `wm_<label>_<random>` next to `server_url`'s database; yields its URL."""
    server_url = normalize_url(server_url)
    name = f"wm_{label}_{secrets.token_hex(4)}"
    # CREATE and DROP DATABASE cannot run inside a transaction.
    admin = create_engine(server_url, future=True, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                # FORCE: a leaked connection (a failed thread test, a stopped stack) must not block the drop.
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def postgres_server_url() -> str:
    """The test server's URL; skips the test (fails it in CI) when none is configured."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        message = f"{POSTGRES_URL_VARIABLE} is not set, so the PostgreSQL storage tests cannot run."
        if _running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return normalize_url(url)


def fresh_postgres_database():
    return fresh_database(postgres_server_url(), "test")


@contextmanager
def fresh_backend_database(backend: str, tmp_path_factory) -> Iterator[str]:
    """An empty database on `backend` (one of BACKENDS); yields its URL."""
    if backend == "sqlite":
        folder = tmp_path_factory.mktemp("sqlite")
        yield f"sqlite:///{folder / 'werkmaatje.db'}"
    else:
        with fresh_postgres_database() as url:
            yield url


@contextmanager
def migrated_database(backend: str, tmp_path_factory, gemeenten: dict):
    """A fresh, migrated database with these gemeenten (id -> naam); yields (url, session factory)."""
    from storage import gemeenten as gemeente_rows

    with fresh_backend_database(backend, tmp_path_factory) as url:
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
