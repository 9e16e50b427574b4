"""The portal app against a real, migrated database: SQLite and PostgreSQL.

One database per backend for the session (migrations run once); each test
makes its own caseworkers and clients with unique e-mails, and signs in from
its own address, so tests never see each other's rows or sign-in throttling.
"""
from __future__ import annotations

import functools
import itertools
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Dict

import pytest
from starlette.testclient import TestClient

from portal.app import create_app
from storage import applications, appointments, caseworkers, clients, handoffs
from storage.db import unit_of_work
from storage.models_portal import PortalAccount
from testing.postgres import BACKENDS, migrated_database
from werkmaatje.gemeenten import load_gemeenten
from werkmaatje.settings import Settings

PASSWORD = "een-lang-wachtwoord"
_addresses = itertools.count(1)


@functools.lru_cache(maxsize=1)
def _password_hash() -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(PASSWORD)


@pytest.fixture(scope="session", params=BACKENDS)
def portal_db(request, tmp_path_factory):
    with migrated_database(
        request.param, tmp_path_factory, {"hengelo": "Gemeente Hengelo", "enschede": "Gemeente Enschede"}
    ) as made:
        yield made


@pytest.fixture
def factory(portal_db):
    return portal_db[1]


@pytest.fixture
def settings(portal_db):
    return Settings(database_url=portal_db[0], environment="test", telegram_bot_username="werkmaatje_test_bot")


class Clock:
    """The portal's clock, moved by tests (session idle time, "now" for charts)."""

    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(settings, factory, clock):
    return create_app(settings, factory, load_gemeenten(settings.gemeenten_dir), clock=clock)


@pytest.fixture
def browser_for(app):
    """A new TestClient ("browser") from its own address, so throttling per address is the test's own."""

    def make() -> TestClient:
        return TestClient(app, client=(f"10.0.{next(_addresses) % 250}.{secrets.randbelow(250) + 1}", 50000), follow_redirects=False)

    return make


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def sign_in(browser: TestClient, email: str, password: str = PASSWORD):
    page = browser.get("/login")
    return browser.post("/login", data={"email": email, "wachtwoord": password, "csrf_token": csrf_of(page.text)})


def page_csrf(browser: TestClient, path: str = "/") -> str:
    response = browser.get(path, follow_redirects=True)
    return csrf_of(response.text)


@dataclass
class World:
    """Two klantmanagers of Hengelo (A, B), one of Enschede (C), a teamleider and a beheerder of Hengelo."""

    emails: Dict[str, str]
    ids: Dict[str, int]
    client_a: str
    client_b: str
    client_c: str
    handoff_a: int
    handoff_b: int
    appointment_a: int
    appointment_b: int
    extra: Dict = field(default_factory=dict)


@pytest.fixture
def world(factory, clock) -> World:
    tag = secrets.token_hex(4)
    now = clock.now
    people = {
        "a": ("hengelo", "klantmanager"),
        "b": ("hengelo", "klantmanager"),
        "c": ("enschede", "klantmanager"),
        "tl": ("hengelo", "teamleider"),
        "tl_enschede": ("enschede", "teamleider"),
        "beheer": ("hengelo", "beheerder"),
    }
    emails, ids = {}, {}
    with unit_of_work(factory) as s:
        for key, (gemeente_id, role) in people.items():
            person = caseworkers.add_caseworker(
                s, email=f"{key}-{tag}@portal.example", naam=f"Mw {key.upper()} {tag}", gemeente_id=gemeente_id, role=role
            )
            # One real argon2id hash shared by the test accounts: hashing six per test is slow on a busy machine.
            s.add(PortalAccount(caseworker_id=person.id, password_hash=_password_hash(), password_set_at=now))
            emails[key], ids[key] = person.email, person.id
        made = {}
        for key in ("a", "b", "c"):
            gemeente_id = people[key][0]
            client = clients.add_client(
                s, gemeente_id=gemeente_id, naam=f"Cliënt {key.upper()} {tag}", caseworker_email=emails[key], now=now - timedelta(days=20)
            )
            applications.log_application(
                s, client.id, employer="<script>alert(1)</script>", position="vakkenvuller", channel="online",
                applied_on=(now - timedelta(days=3)).date(), now=now - timedelta(days=3),
            )
            handoff = handoffs.create_handoff(s, client.id, kind="contact", reason=f"bel me <b>{key}</b>", urgent=False, now=now - timedelta(days=1))
            appointment = appointments.add_appointment(
                s, client_id=client.id, starts_at=now + timedelta(days=5), waar="Werkplein", met="Mw", created_by=emails[key],
                reminders_due=[now + timedelta(days=4)], now=now,
            )
            made[key] = (client.id, handoff.id, appointment.id)
    return World(
        emails=emails,
        ids=ids,
        client_a=made["a"][0],
        client_b=made["b"][0],
        client_c=made["c"][0],
        handoff_a=made["a"][1],
        handoff_b=made["b"][1],
        appointment_a=made["a"][2],
        appointment_b=made["b"][2],
    )


@pytest.fixture
def signed_in(browser_for, world):
    """A browser signed in as one of the world's people: signed_in("a")."""

    def make(key: str) -> TestClient:
        browser = browser_for()
        response = sign_in(browser, world.emails[key])
        assert response.status_code == 303, response.text
        return browser

    return make
