"""Rasa's own tracker-store table `events`, as far as Werkmaatje reads and erases it.

Rasa's SQL tracker store creates and owns this table in our database, so it is
not on `Base.metadata`: Alembic must neither create nor compare it. Only the
columns Werkmaatje uses are described.
"""
from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text

RASA_EVENTS_TABLE = "events"

rasa_events = Table(
    RASA_EVENTS_TABLE,
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("data", Text),
)
