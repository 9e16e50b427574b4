"""What every table module shares: `Base`, its metadata and naming convention, shared column lengths.

The schema itself is owned by the Alembic migrations in `storage/migrations`; the
table classes must describe the same schema (a test compares them). There are no
`relationship()`s on purpose: sessions use `expire_on_commit=False` and objects
travel outside sessions, so lazy loading would fail late and far away. Queries
join explicitly instead.

Never name a table `events`: Rasa's SQL tracker store creates that table in the
same database (see `storage.tables.rasa_events`).

Allowed values of the short "enum" columns live next to their tables. They are
checked in Python rather than with CHECK constraints, so adding a value later
needs no table rebuild on SQLite.
"""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, MetaData, String
from sqlalchemy.orm import registry

# Deterministic constraint names, so later migrations can drop or alter
# constraints by name on both backends (SQLite batch mode needs names too).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
mapper_registry = registry(metadata=metadata)
Base = mapper_registry.generate_base()

# Client ids are "wm-" plus 8 random base32 characters.
CLIENT_ID_LENGTH = 16
EMAIL_LENGTH = 254  # RFC 5321 path limit
NAAM_LENGTH = 120


def client_ref_column(**options) -> Column:
    """A client id that points at `clients`, deleted with the client (erasure removes the client's rows)."""
    return Column(String(CLIENT_ID_LENGTH), ForeignKey("clients.id", ondelete="CASCADE"), **options)
