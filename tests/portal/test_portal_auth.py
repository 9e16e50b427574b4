"""Signing in and out: argon2 hashes, HttpOnly SameSite cookies, throttling, sessions that really end."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.db import unit_of_work
from storage.tables import Caseworker
from storage.tables.portal import PortalAccount, PortalSession
from storage.portal.accounts import MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_REMOTE
from storage.portal.sessions import IDLE_TIMEOUT
from tests.portal.conftest import PASSWORD, csrf_of, page_csrf, sign_in
from werkmaatje.settings import Settings, SettingsError


def test_sign_in_sets_a_httponly_samesite_cookie_and_shows_the_day(browser_for, world):
    browser = browser_for()
    response = sign_in(browser, world.emails["a"].upper())  # e-mail case does not matter
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "wm_portal=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # development: plain http on 127.0.0.1
    page = browser.get("/")
    assert page.status_code == 200 and "<h1>Vandaag</h1>" in page.text


def test_cookies_are_secure_outside_development(portal_db, factory, clock, world):
    from starlette.testclient import TestClient

    from portal.app import create_app
    from werkmaatje.gemeenten import load_gemeenten

    settings = Settings(database_url=portal_db[0], environment="production", portal_secret_key="x" * 40, rasa_token="r" * 20)
    app = create_app(settings, factory, load_gemeenten(settings.gemeenten_dir), clock=clock)
    browser = TestClient(app, base_url="https://testserver", client=("10.9.9.9", 1), follow_redirects=False)
    response = sign_in(browser, world.emails["a"])
    assert "secure" in response.headers["set-cookie"].lower()


def test_passwords_are_stored_as_argon2id_hashes(factory, world):
    with unit_of_work(factory) as s:
        account = s.get(PortalAccount, world.ids["a"])
        assert account.password_hash.startswith("$argon2id$")
        assert PASSWORD not in account.password_hash


@pytest.mark.parametrize("email,password", [("a", "fout-wachtwoord-123"), ("niemand@portal.example", PASSWORD), ("a", "")])
def test_wrong_email_or_password_is_refused_with_one_message(browser_for, world, email, password):
    browser = browser_for()
    response = sign_in(browser, world.emails.get(email, email), password)
    assert response.status_code == 401
    assert "Dit e-mailadres of wachtwoord klopt niet." in response.text
    assert "wm_portal=" not in response.headers.get("set-cookie", "")
    assert browser.get("/clienten").status_code == 303


def test_failed_sign_ins_are_throttled_per_account_even_with_the_right_password(browser_for, world):
    for _ in range(MAX_FAILURES_PER_EMAIL):
        assert sign_in(browser_for(), world.emails["a"], "fout-wachtwoord-123").status_code == 401
    response = sign_in(browser_for(), world.emails["a"])  # another address, right password
    assert response.status_code == 429 and "Te vaak geprobeerd" in response.text
    assert sign_in(browser_for(), world.emails["b"]).status_code == 303  # others are not locked out


def test_failed_sign_ins_are_throttled_per_address(browser_for, world):
    browser = browser_for()
    for n in range(MAX_FAILURES_PER_REMOTE):
        assert sign_in(browser, f"guess{n}@portal.example", "fout-wachtwoord-123").status_code == 401
    assert sign_in(browser, world.emails["b"]).status_code == 429
    assert sign_in(browser_for(), world.emails["b"]).status_code == 303


def test_throttling_ends_after_the_window(browser_for, world, clock):
    for _ in range(MAX_FAILURES_PER_EMAIL):
        sign_in(browser_for(), world.emails["a"], "fout-wachtwoord-123")
    assert sign_in(browser_for(), world.emails["a"]).status_code == 429
    clock.now += timedelta(minutes=16)
    assert sign_in(browser_for(), world.emails["a"]).status_code == 303


def test_sign_out_ends_the_session_on_the_server(signed_in, world, factory):
    browser = signed_in("a")
    token = browser.cookies.get("wm_portal")
    response = browser.post("/uitloggen", data={"csrf_token": page_csrf(browser)})
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    # Replaying the old cookie does not work: the session is gone from the database.
    browser.cookies.set("wm_portal", token)
    assert browser.get("/clienten").status_code == 303
    with unit_of_work(factory) as s:
        assert s.execute(select(PortalSession).where(PortalSession.caseworker_id == world.ids["a"])).first() is None


def test_idle_session_expires(signed_in, clock):
    browser = signed_in("a")
    assert browser.get("/").status_code == 200
    clock.now += IDLE_TIMEOUT + timedelta(minutes=1)
    response = browser.get("/clienten")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_deactivated_caseworker_is_signed_out_and_cannot_sign_in(signed_in, browser_for, world, factory):
    browser = signed_in("a")
    beheer = signed_in("beheer")
    response = beheer.post(f"/medewerkers/{world.ids['a']}", data={"actief": "0", "csrf_token": page_csrf(beheer, "/medewerkers")})
    assert response.status_code == 303
    with unit_of_work(factory) as s:
        assert s.get(Caseworker, world.ids["a"]).active is False
    assert browser.get("/").status_code == 303
    assert sign_in(browser_for(), world.emails["a"]).status_code == 401


def test_pages_need_sign_in_and_remember_where_you_were_going(browser_for, world):
    browser = browser_for()
    response = browser.get(f"/clienten/{world.client_a}")
    assert response.status_code == 303 and response.headers["location"] == f"/login?volgende=/clienten/{world.client_a}"
    page = browser.get(response.headers["location"])
    response = browser.post(
        "/login",
        data={"email": world.emails["a"], "wachtwoord": PASSWORD, "csrf_token": csrf_of(page.text), "volgende": f"/clienten/{world.client_a}"},
    )
    assert response.headers["location"] == f"/clienten/{world.client_a}"


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_no_open_redirect_after_sign_in(browser_for, world, target):
    browser = browser_for()
    page = browser.get("/login")
    response = browser.post(
        "/login", data={"email": world.emails["a"], "wachtwoord": PASSWORD, "csrf_token": csrf_of(page.text), "volgende": target}
    )
    assert response.headers["location"] == "/"


def test_security_headers_on_every_page(browser_for):
    response = browser_for().get("/login")
    assert "script-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_portal_secret_is_refused_at_its_default_outside_development():
    with pytest.raises(SettingsError):
        Settings(environment="production").check_portal_secrets()
    with pytest.raises(SettingsError):
        Settings(environment="production", rasa_token="r" * 20).check_secrets()
    Settings(environment="production", portal_secret_key="s" * 32).check_portal_secrets()
    Settings(environment="development").check_portal_secrets()
