"""A fresh, uniquely named PostgreSQL database next to a server URL's, dropped afterwards.

For the storage tests, the tracker-store test and the benchmark's stacks.
"""
from __future__ import annotations

import secrets
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from storage.db import normalize_url


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
