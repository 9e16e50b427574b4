"""`werkmaatje demo-data`, then every page reachable by link renders for every role (SQLite and PostgreSQL)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from portal.app import create_app
from storage.db import make_engine, session_factory, unit_of_work
from storage.tables import Application, Caseworker, Client
from tests.portal.conftest import csrf_of
from testing.postgres import BACKENDS, fresh_backend_database
from werkmaatje.gemeenten import load_gemeenten
from werkmaatje.settings import REPO_ROOT, Settings

PASSWORD = "werkmaatje-demo-2026"
ROLES = {
    "sanne.bakker@hengelo.example": "klantmanager",
    "fatima.elamrani@enschede.example": "klantmanager",
    "joost.teamleider@hengelo.example": "teamleider",
    "beheer@hengelo.example": "beheerder",
}
LINK = re.compile(r'href="(/[^"#]*)')


class FormAudit(HTMLParser):
    """Accessibility basics a page must meet: every field has a label, one h1, Dutch language."""

    def __init__(self) -> None:
        super().__init__()
        self.label_for, self.fields, self.h1, self.lang = set(), [], 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.fields.append(attrs)

    def unlabelled(self):
        return [f for f in self.fields if f.get("id") not in self.label_for and not f.get("aria-label")]


def check_accessibility_basics(path: str, html: str) -> None:
    audit = FormAudit()
    audit.feed(html)
    assert audit.lang == "nl" and audit.h1 == 1, path
    assert audit.unlabelled() == [], (path, audit.unlabelled())


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, tmp_path_factory):
    with fresh_backend_database(request.param, tmp_path_factory) as url:
        env = dict(os.environ, DATABASE_URL=url, WERKMAATJE_ENV="development", TELEGRAM_BOT_USERNAME="werkmaatje_test_bot")
        result = subprocess.run(
            [sys.executable, "-m", "cli", "demo-data", "--json"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
        again = subprocess.run([sys.executable, "-m", "cli", "demo-data"], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        assert again.returncode != 0 and "staat er al" in again.stderr and "Traceback" not in again.stderr
        engine = make_engine(url)
        try:
            yield url, session_factory(engine)
        finally:
            engine.dispose()


def test_demo_data_has_two_gemeenten_the_caseworkers_and_thirty_clients(demo):
    _, factory = demo
    with unit_of_work(factory) as s:
        assert s.execute(select(func.count(Client.id))).scalar_one() == 30
        assert set(s.execute(select(Client.gemeente_id).distinct()).scalars()) == {"hengelo", "enschede"}
        roles = dict(s.execute(select(Caseworker.email, Caseworker.role)).all())
        assert sum(1 for role in roles.values() if role == "klantmanager") == 3 and roles == {
            **ROLES, "pieter.mulder@hengelo.example": "klantmanager"}
        assert s.execute(select(func.count(Application.id))).scalar_one() > 30


@pytest.mark.parametrize("email", sorted(ROLES))
def test_every_linked_page_renders(demo, email):
    url, factory = demo
    settings = Settings(database_url=url, environment="test", telegram_bot_username="werkmaatje_test_bot")
    app = create_app(settings, factory, load_gemeenten(settings.gemeenten_dir))
    browser = TestClient(app, follow_redirects=True, client=(f"10.77.{len(email)}.1", 1))
    login = browser.get("/login")
    response = browser.post("/login", data={"email": email, "wachtwoord": PASSWORD, "csrf_token": csrf_of(login.text)})
    assert response.status_code == 200 and "Uitloggen" in response.text
    seen, queue, pages = set(), deque(["/"]), 0
    while queue:
        path = queue.popleft()
        if path in seen or path.startswith("/static") or path.startswith("/login"):
            continue
        seen.add(path)
        response = browser.get(path)
        assert response.status_code == 200, (email, path, response.status_code)
        assert "Er ging iets mis" not in response.text
        pages += 1
        if response.headers["content-type"].startswith("text/html"):
            check_accessibility_basics(path, response.text)
            queue.extend(link.replace("&amp;", "&") for link in LINK.findall(response.text))
    visited = " ".join(seen)
    if ROLES[email] == "klantmanager":
        assert visited.count("/clienten/wm-") >= 8 * 4 and "/trainingen" in seen
    if email.endswith("@hengelo.example") and ROLES[email] == "klantmanager":
        assert "/trainingen/" in visited  # the demo trainings are in Hengelo
    if ROLES[email] == "teamleider":
        assert "/dashboard" in visited and visited.count("/export.json") == 22
    if ROLES[email] == "beheerder":
        assert {"/audit", "/medewerkers", "/dashboard"} <= seen and "/clienten/wm-" not in visited
    assert pages >= 4


def test_dashboard_shows_the_demo_numbers(demo):
    url, factory = demo
    settings = Settings(database_url=url, environment="test")
    app = create_app(settings, factory, load_gemeenten(settings.gemeenten_dir))
    browser = TestClient(app, follow_redirects=True, client=("10.78.0.1", 1))
    login = browser.get("/login")
    browser.post("/login", data={"email": "joost.teamleider@hengelo.example", "wachtwoord": PASSWORD, "csrf_token": csrf_of(login.text)})
    page = browser.get("/dashboard").text
    with unit_of_work(factory) as s:
        hengelo = s.execute(select(func.count(Client.id)).where(Client.gemeente_id == "hengelo")).scalar_one()
    start = re.search(r'data-chart="start">(.*?)</table>', page, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", start)[0] == str(hengelo) == "22"
    for chart in ("per_week", "termijn", "intake", "ladder", "opkomst", "meedoen"):
        table = re.search(rf'data-chart="{chart}">(.*?)</table>', page, re.S).group(1)
        assert sum(int(n) for n in re.findall(r"<td>(\d+)</td>", table)) > 0, chart
