"""Werkmaatje's database layer: tables, Alembic migrations and small query modules.

It depends on nothing else in the project and reads no settings: callers pass
database URLs, engines and sessions in. Query functions never commit; the caller's
unit of work (see `storage.db.unit_of_work`) decides when a change is final.
"""
