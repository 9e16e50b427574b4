"""Timezone-aware timestamps that behave the same on SQLite and PostgreSQL.

PostgreSQL's `timestamptz` keeps the instant but returns it in the session's time
zone; SQLite has no time zone type at all and hands back naive datetimes. Storing
everything as UTC and re-attaching UTC on the way out makes both return equal,
aware values, so comparisons in Python never mix naive and aware datetimes.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.types import DateTime, TypeDecorator

from storage.errors import ValidationError


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    """Return `value` in UTC; refuse naive datetimes because their zone is a guess."""
    if not isinstance(value, datetime):
        raise ValidationError(f"Expected a datetime, got {type(value).__name__}.")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValidationError("Naive datetime: pass a timezone-aware datetime (e.g. datetime.now(timezone.utc)).")
    return value.astimezone(timezone.utc)


class UtcDateTime(TypeDecorator):
    """`DateTime(timezone=True)` that stores UTC and always returns aware UTC datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return as_utc(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            # SQLite: we wrote UTC, so the naive value read back is UTC.
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
