"""CSRF on every form, and an audit entry for every read or change of a client file."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from storage.db import unit_of_work
from storage.tables import AuditEntry, HandoffRequest
from tests.portal.conftest import PASSWORD, csrf_of, page_csrf


def _audit(factory, client_id):
    with unit_of_work(factory) as s:
        return [
            (e.actor, e.action)
            for e in s.execute(select(AuditEntry).where(AuditEntry.client_id == client_id).order_by(AuditEntry.id)).scalars()
        ]


@pytest.mark.parametrize("token", [None, "", "vervalst-token"])
def test_a_form_without_the_sessions_token_changes_nothing(signed_in, world, factory, token):
    browser = signed_in("a")
    data = {"notitie": "gebeld", "status": "afgehandeld"}
    if token is not None:
        data["csrf_token"] = token
    response = browser.post(f"/verzoeken/{world.handoff_a}/afhandelen", data=data)
    assert response.status_code == 403 and "Formulier verlopen" in response.text
    with unit_of_work(factory) as s:
        assert s.get(HandoffRequest, world.handoff_a).status == "open"


def test_another_sessions_token_does_not_work(signed_in, world, factory):
    mine, other = signed_in("a"), signed_in("a")
    response = mine.post(f"/verzoeken/{world.handoff_a}/afhandelen", data={"csrf_token": page_csrf(other), "status": "afgehandeld"})
    assert response.status_code == 403
    response = mine.post(f"/verzoeken/{world.handoff_a}/afhandelen", data={"csrf_token": page_csrf(mine), "status": "afgehandeld"})
    assert response.status_code == 303


def test_sign_in_needs_the_forms_token_and_its_cookie(browser_for, world):
    browser = browser_for()
    page = browser.get("/login")
    token = csrf_of(page.text)
    browser.cookies.clear()  # a cross-site form has no cookie of ours
    response = browser.post("/login", data={"email": world.emails["a"], "wachtwoord": PASSWORD, "csrf_token": token})
    assert response.status_code == 403 and "wm_portal=" not in response.headers.get("set-cookie", "")
    fresh = browser_for()
    fresh.get("/login")
    response = fresh.post("/login", data={"email": world.emails["a"], "wachtwoord": PASSWORD, "csrf_token": "0" * 64})
    assert response.status_code == 403


def test_sign_out_needs_the_token(signed_in):
    browser = signed_in("a")
    assert browser.post("/uitloggen", data={}).status_code == 303
    assert browser.get("/").status_code == 200  # still signed in


@pytest.mark.parametrize(
    "path,action",
    [
        ("", "portal_dossier"),
        ("/gesprekken", "portal_transcript"),
        ("/export.json", "portal_export_json"),
        ("/export.csv", "portal_export_csv"),
    ],
)
@pytest.mark.parametrize("who", ["a", "tl"])
def test_every_file_view_writes_one_audit_entry(signed_in, world, factory, path, action, who):
    browser = signed_in(who)
    before = _audit(factory, world.client_a)
    assert browser.get(f"/clienten/{world.client_a}{path}").status_code == 200
    assert _audit(factory, world.client_a) == before + [(world.emails[who], action)]
    assert browser.get(f"/clienten/{world.client_a}{path}").status_code == 200
    assert _audit(factory, world.client_a)[-2:] == [(world.emails[who], action)] * 2


def test_changes_are_audited_too(signed_in, world, factory):
    browser = signed_in("a")
    csrf = page_csrf(browser)
    browser.post(f"/verzoeken/{world.handoff_a}/afhandelen", data={"csrf_token": csrf, "status": "afgehandeld"})
    browser.post(f"/clienten/{world.client_a}/sollicitatieafspraak", data={"csrf_token": csrf, "aantal": "3", "periode_weken": "2"})
    browser.post(f"/clienten/{world.client_a}/afspraken/{world.appointment_a}/annuleren", data={"csrf_token": csrf})
    actions = [action for actor, action in _audit(factory, world.client_a) if actor == world.emails["a"]]
    assert actions == ["portal_verzoek_afgehandeld", "portal_sollicitatieafspraak", "portal_afspraak_geannuleerd"]


def test_beheerder_reads_the_audit_log_of_the_gemeente_only(signed_in, world):
    signed_in("a").get(f"/clienten/{world.client_a}")
    signed_in("c").get(f"/clienten/{world.client_c}")
    page = signed_in("beheer").get("/audit").text
    assert world.client_a in page and world.emails["a"] in page
    assert world.client_c not in page and world.emails["c"] not in page
    filtered = signed_in("beheer").get(f"/audit?client={world.client_a}").text
    assert len(re.findall(r"<code>wm-", filtered)) == filtered.count(f"<code>{world.client_a}</code>")


def test_the_audit_log_speaks_dutch_and_shows_snooping(signed_in, world, factory, clock):
    from storage.audit import record_audit

    signed_in("a").get(f"/clienten/{world.client_a}")
    assert signed_in("b").get(f"/clienten/{world.client_a}").status_code == 404  # b tries a's client
    with unit_of_work(factory) as s:
        record_audit(s, actor="cli:root", action="export", client_id=world.client_a, now=clock.now)
    page = signed_in("beheer").get(f"/audit?client={world.client_a}").text
    assert "Dossier bekeken" in page and "Geweigerd: cliënt hoort niet bij deze medewerker" in page
    assert "Technisch beheer (opdrachtregel, gebruiker root)" in page and "Export via de opdrachtregel" in page
    assert "portal_dossier" not in page and "cli:root" not in page
    assert world.emails["b"] in page


def test_every_audit_action_in_the_code_has_a_dutch_label():
    import pathlib

    from werkmaatje.texts import portal as texts

    root = pathlib.Path(__file__).resolve().parents[2]
    used = set()
    for folder in ("portal", "bot", "storage", "actions"):
        for path in (root / folder).rglob("*.py"):
            used |= set(re.findall(r'actor=[^\n]*?action="([a-z_]+)"', path.read_text(encoding="utf-8")))
    used |= {"portal_verzoek_afgehandeld", "portal_verzoek_in_behandeling"}  # built from the status
    assert used <= set(texts.PORTAL_AUDIT_ACTIONS), used - set(texts.PORTAL_AUDIT_ACTIONS)
