"""Engines, sessions, the unit of work and timestamps."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from storage.db import make_engine, normalize_url, session_factory, unit_of_work
from storage.errors import ValidationError
from storage.gemeenten import get_gemeente, upsert_gemeente
from storage.tables import Client, Gemeente


@pytest.mark.parametrize(
    "given, expected",
    [
        ("postgres://u:p@host:5432/db", "postgresql+psycopg2://u:p@host:5432/db"),
        ("postgresql://u@host/db", "postgresql+psycopg2://u@host/db"),
        ("postgresql+psycopg2://u@host/db", "postgresql+psycopg2://u@host/db"),
        ("sqlite:///var/werkmaatje.db", "sqlite:///var/werkmaatje.db"),
    ],
)
def test_normalize_url(given, expected):
    assert normalize_url(given) == expected


STORAGE_DIR = Path(__file__).resolve().parents[2] / "storage"
OTHER_PROJECT_PACKAGES = ("bot", "actions", "portal", "nlu", "werkmaatje")


def test_importing_storage_loads_no_other_project_package():
    modules = ["storage." + p.stem for p in STORAGE_DIR.glob("*.py") if p.stem != "__init__"]
    code = (
        f"import json, sys\nimport {', '.join(['storage'] + modules)}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=STORAGE_DIR.parent
    )
    loaded = set(json.loads(out.stdout))
    assert not loaded & set(OTHER_PROJECT_PACKAGES)
    assert "alembic" not in loaded  # only loaded when migrations actually run


def test_storage_reads_no_environment():
    # Callers pass URLs in; a hidden os.environ read would make tests and deployments disagree.
    for path in STORAGE_DIR.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\bos\.environ\b|\bgetenv\(|^from os import", source, re.MULTILINE), path


def test_sqlite_engine_creates_folder_and_enforces_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'deeper' / 'wm.db'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (tmp_path / "nested" / "deeper").is_dir()
    finally:
        engine.dispose()


def test_foreign_keys_enforced(session, now):
    session.add(Client(id="wm-orphan1", naam="X", gemeente_id="nergens", created_at=now))
    with pytest.raises(IntegrityError):
        session.flush()


def test_unit_of_work_commits_and_rolls_back(engine):
    factory = session_factory(engine)
    try:
        with unit_of_work(factory) as s:
            upsert_gemeente(s, "uow-commit", "Gecommit")
        with pytest.raises(RuntimeError):
            with unit_of_work(factory) as s:
                upsert_gemeente(s, "uow-rollback", "Teruggedraaid")
                raise RuntimeError("boom")
        with unit_of_work(factory) as s:
            assert get_gemeente(s, "uow-commit").naam == "Gecommit"
            assert get_gemeente(s, "uow-rollback") is None
    finally:
        with unit_of_work(factory) as s:
            s.execute(text("DELETE FROM gemeenten WHERE id LIKE 'uow-%'"))


def test_expire_on_commit_is_off(engine):
    factory = session_factory(engine)
    try:
        with unit_of_work(factory) as s:
            gemeente = upsert_gemeente(s, "uow-detached", "Los")
        assert gemeente.naam == "Los"  # readable after commit and close
    finally:
        with unit_of_work(factory) as s:
            s.execute(text("DELETE FROM gemeenten WHERE id = 'uow-detached'"))


def test_timestamps_come_back_aware_utc(session, client):
    session.expire_all()  # force a real read from the database
    created = session.execute(select(Client.created_at).where(Client.id == client.id)).scalar_one()
    assert created.tzinfo is not None
    assert created.utcoffset() == timedelta(0)


def test_timestamps_in_other_zones_are_stored_as_the_same_instant(session, gemeente):
    from storage.clients import add_client

    amsterdam_summer = timezone(timedelta(hours=2))
    moment = datetime(2024, 7, 1, 12, 0, tzinfo=amsterdam_summer)
    client = add_client(session, gemeente_id=gemeente.id, naam="Tijd Zone", now=moment)
    session.expire_all()
    stored = session.execute(select(Client.created_at).where(Client.id == client.id)).scalar_one()
    assert stored == moment
    assert stored == datetime(2024, 7, 1, 10, 0, tzinfo=timezone.utc)
    assert stored.tzinfo == timezone.utc


def test_naive_datetimes_are_refused(session, client):
    from storage.consent import record_consent

    with pytest.raises(ValidationError):
        record_consent(session, client.id, text_version="v1", decision="given", now=datetime(2024, 1, 1))


def test_gemeente_upsert_and_get(session):
    first = upsert_gemeente(session, "enschede", "Enschede")
    again = upsert_gemeente(session, "enschede", "Gemeente Enschede")
    assert first is again
    session.expire_all()
    assert get_gemeente(session, "enschede").naam == "Gemeente Enschede"
    assert get_gemeente(session, "bestaat-niet") is None
    assert session.execute(select(Gemeente).where(Gemeente.id == "enschede")).scalars().all()


@pytest.mark.parametrize("bad_id", ["Hengelo", "heng elo", "", "-hengelo", "a" * 41])
def test_gemeente_id_must_be_a_slug(session, bad_id):
    with pytest.raises(ValidationError):
        upsert_gemeente(session, bad_id, "Naam")


def test_gemeente_naam_required(session):
    with pytest.raises(ValidationError):
        upsert_gemeente(session, "hof-van-twente", "   ")
