"""Alembic environment for Werkmaatje.

Two ways in:
- `storage.db.run_migrations(url)` passes an open connection in `config.attributes`.
- Operators may run the CLI: `alembic -c storage/alembic.ini -x url=postgresql://... upgrade head`
  (or set `sqlalchemy.url` in a copy of the ini). No environment variables are read here.
"""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from storage.db import _build_engine, normalize_url
from storage.tables import metadata

config = context.config

# Only the CLI has an ini file; when called from code, leave the app's logging alone.
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url_from_cli() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Give the database: alembic -x url=<database url> ...")
    return normalize_url(url)


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL for a DBA instead of running it."""
    context.configure(url=_url_from_cli(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return

    # Foreign keys off on SQLite for the same reason as in storage.db._run_alembic.
    engine = _build_engine(_url_from_cli(), sqlite_foreign_keys=False)
    try:
        with engine.connect() as connection:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
