"""The portal's /health: open without an account, honest about the database, and silent otherwise."""
from __future__ import annotations

from sqlalchemy import func, select
from starlette.testclient import TestClient

from portal.app import create_app
from storage.db import make_engine, session_factory, unit_of_work
from storage.tables import AuditEntry
from werkmaatje.gemeenten import load_gemeenten

# Nothing listens on port 1: the connection is refused at once, as when PostgreSQL is down.
UNREACHABLE_DATABASE = "postgresql://werkmaatje@127.0.0.1:1/werkmaatje"


def _audit_rows(factory) -> int:
    with unit_of_work(factory) as session:
        return session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()


def test_health_is_ok_without_signing_in_and_leaves_no_cookie_or_audit_row(browser_for, factory):
    browser = browser_for()
    audit_before = _audit_rows(factory)
    response = browser.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "set-cookie" not in response.headers
    assert response.headers["cache-control"] == "no-store"
    assert not browser.cookies
    assert _audit_rows(factory) == audit_before


def test_health_is_503_when_the_database_cannot_be_reached(settings):
    broken = session_factory(make_engine(UNREACHABLE_DATABASE))
    app = create_app(settings, broken, load_gemeenten(settings.gemeenten_dir))
    with TestClient(app) as browser:
        response = browser.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "set-cookie" not in response.headers


def test_other_pages_still_ask_for_a_sign_in(browser_for):
    # /health is the one open door: the page next to it in the routes still redirects to /login.
    response = browser_for().get("/")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
