"""Engines, sessions, the unit of work and running migrations.

Nothing here runs at import time: callers build engines from URLs they own.
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import StorageError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_POSTGRES_PREFIXES = ("postgres://", "postgresql://")
_POSTGRES_DRIVER_PREFIX = "postgresql+psycopg2://"


def normalize_url(url: str) -> str:
    """Spell PostgreSQL URLs with the psycopg2 driver.

    Hosting platforms hand out `postgres://...`, which SQLAlchemy 1.4 no longer accepts.
    """
    for prefix in _POSTGRES_PREFIXES:
        if url.startswith(prefix):
            return _POSTGRES_DRIVER_PREFIX + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    """An engine for the application: foreign keys enforced on SQLite too."""
    return _build_engine(url, sqlite_foreign_keys=True)


def session_factory(engine: Engine) -> sessionmaker:
    # expire_on_commit=False: objects stay readable after the unit of work commits,
    # e.g. a client returned to the bot code that then builds a reply.
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


@functools.lru_cache(maxsize=None)
def cached_session_factory(url: str) -> sessionmaker:
    """One engine (and its pool) per URL per process, made on first use."""
    return session_factory(make_engine(url))


@contextmanager
def unit_of_work(factory: sessionmaker) -> Iterator[Session]:
    """Yield a session; commit if the block succeeds, roll back if it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(connection: Connection | None = None):
    """An Alembic config built in code, so migrations run from any working directory."""
    from alembic.config import Config  # imported here: only migration callers pay for it

    config = Config()
    # Config values go through configparser interpolation, where "%" is special.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def run_migrations(url: str, revision: str = "head") -> None:
    """Upgrade the database at `url` to `revision` (default: the newest)."""
    from alembic import command

    _run_alembic(url, lambda config: command.upgrade(config, revision))


def downgrade_migrations(url: str, revision: str = "base") -> None:
    """Downgrade the database at `url`; "base" removes every table the migrations made."""
    from alembic import command

    _run_alembic(url, lambda config: command.downgrade(config, revision))


def _run_alembic(url: str, run) -> None:
    url = normalize_url(url)
    if _is_sqlite_memory(url):
        # Each engine gets its own in-memory database, so this would migrate a throwaway copy.
        raise StorageError("Cannot migrate an in-memory SQLite database by URL.")
    # Foreign keys off during migrations on SQLite: Alembic's batch mode rebuilds
    # tables by copy-and-drop, which enforced foreign keys would refuse. We check
    # the result afterwards instead.
    engine = _build_engine(url, sqlite_foreign_keys=False)
    try:
        with engine.begin() as connection:
            run(alembic_config(connection))
            if connection.dialect.name == "sqlite":
                _check_sqlite_foreign_keys(connection)
    finally:
        engine.dispose()


def _check_sqlite_foreign_keys(connection: Connection) -> None:
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        raise StorageError(f"Migration left rows with broken foreign keys: {violations[:5]}")


def _build_engine(url: str, *, sqlite_foreign_keys: bool) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # pre_ping: a database restart must not surface as one failed request per pooled connection.
        return create_engine(url, future=True, pool_pre_ping=True)

    _create_sqlite_folder(parsed.database)
    engine = create_engine(url, future=True, connect_args={"check_same_thread": False})
    _configure_sqlite(engine, foreign_keys=sqlite_foreign_keys)
    return engine


def _configure_sqlite(engine: Engine, *, foreign_keys: bool) -> None:
    """Make SQLite transactions and foreign keys behave like PostgreSQL's.

    Python's sqlite3 driver starts transactions lazily (only before writes) and so
    breaks SAVEPOINTs and read consistency. Following SQLAlchemy's documented recipe,
    we switch the driver's own handling off and emit BEGIN ourselves.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        # Rasa's tracker store, the action server and the bot share one file:
        # WAL lets readers go on while one writes, and a writer waits its turn
        # instead of failing with "database is locked".
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA journal_mode = WAL")
        # Erased rows are overwritten with zeros, not left in free pages of the
        # file: set here, not left to how the SQLite library was built.
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # IMMEDIATE takes the write lock up front. A deferred transaction that
        # reads and then writes fails at once with "database is locked" when
        # another process (Rasa's tracker store) wrote in between; busy_timeout
        # cannot help it. Waiting for the lock at BEGIN can be retried by SQLite.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _create_sqlite_folder(database: str | None) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _is_sqlite_memory(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")
