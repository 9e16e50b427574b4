"""Role scoping: every client-scoped URL, tried by someone who may not see that client, is a 404.

The routes are enumerated from the app itself, so a page added later is
covered without changing this test.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from starlette.routing import Route

from storage.db import unit_of_work
from storage.tables import AuditEntry, HandoffRequest, ScheduledMessage


REFUSED = "portal_buiten_bereik"
PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def client_scoped_routes(app):
    """(method, path template) of every route with a client or something of a client in its path."""
    found = []
    for route in app.routes:
        if not isinstance(route, Route):
            continue
        params = set(PARAM.findall(route.path))
        if params & {"client_id", "handoff_id"}:
            for method in sorted(route.methods - {"HEAD"}):
                found.append((method, route.path))
    return found


def fill(path: str, world, owner: str) -> str:
    """The path with ids that belong to `owner`'s client."""
    values = {
        "client_id": getattr(world, f"client_{owner}"),
        "handoff_id": getattr(world, f"handoff_{owner}"),
        "appointment_id": getattr(world, f"appointment_{owner}"),
    }
    return PARAM.sub(lambda m: str(values[m.group(1)]), path)


FORM = {"notitie": "x", "status": "afgehandeld", "aantal": "3", "periode_weken": "4", "datum": "2031-01-02", "tijd": "10:00", "waar": "x", "met": "y"}


def test_the_enumeration_finds_every_client_page(app):
    routes = client_scoped_routes(app)
    paths = {path for _, path in routes}
    assert {
        "/clienten/{client_id}",
        "/clienten/{client_id}/gesprekken",
        "/clienten/{client_id}/export.json",
        "/clienten/{client_id}/export.csv",
        "/clienten/{client_id}/sollicitatieafspraak",
        "/clienten/{client_id}/afspraken",
        "/clienten/{client_id}/afspraken/{appointment_id:int}/annuleren",
        "/clienten/{client_id}/koppelcode",
        "/verzoeken/{handoff_id:int}/afhandelen",
    } <= paths
    assert len(routes) >= 9


@pytest.mark.parametrize(
    "who,owner",
    [
        ("b", "a"),  # another klantmanager of the same gemeente
        ("c", "a"),  # a klantmanager of another gemeente
        ("tl_enschede", "a"),  # a teamleider of another gemeente
        ("beheer", "a"),  # a beheerder reads no client files
        ("a", "b"),
    ],
)
def test_every_client_scoped_url_is_404_outside_the_scope(app, signed_in, world, factory, who, owner):
    browser = signed_in(who)
    csrf = _csrf(browser)  # a valid token, so the 404 comes from the scope and not from CSRF
    with unit_of_work(factory) as s:
        audit_before = s.execute(select(func.count(AuditEntry.id)).where(AuditEntry.action != REFUSED)).scalar_one()
        refused_before = s.execute(select(func.max(AuditEntry.id))).scalar_one() or 0
        pending_before = s.execute(select(func.count(ScheduledMessage.id))).scalar_one()
    routes = client_scoped_routes(app)
    for method, path in routes:
        url = fill(path, world, owner)
        response = browser.get(url) if method == "GET" else browser.post(url, data={**FORM, "csrf_token": csrf})
        assert response.status_code == 404, (who, method, url, response.status_code)
        assert "Niet gevonden" in response.text and getattr(world, f"client_{owner}") not in response.text
    with unit_of_work(factory) as s:
        # Nothing was read (no read entries), nothing changed; each attempt is one "refused" row for the beheerder.
        assert s.execute(select(func.count(AuditEntry.id)).where(AuditEntry.action != REFUSED)).scalar_one() == audit_before
        refused = s.execute(select(AuditEntry).where(AuditEntry.id > refused_before, AuditEntry.action == REFUSED)).scalars().all()
        assert len(refused) == len(routes)
        assert {(e.actor, e.client_id) for e in refused} == {(world.emails[who], getattr(world, f"client_{owner}"))}
        assert s.execute(select(func.count(ScheduledMessage.id))).scalar_one() == pending_before
        assert s.get(HandoffRequest, getattr(world, f"handoff_{owner}")).status == "open"


def _csrf(browser) -> str:
    # Beheerders have no inbox; every signed-in page carries the session's token.
    response = browser.get("/", follow_redirects=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)


def test_an_appointment_of_another_client_is_404_through_ones_own_client(signed_in, world, factory):
    browser = signed_in("a")
    response = browser.post(
        f"/clienten/{world.client_a}/afspraken/{world.appointment_b}/annuleren", data={"csrf_token": _csrf(browser)}
    )
    assert response.status_code == 404
    with unit_of_work(factory) as s:
        from storage.tables import Appointment

        assert s.get(Appointment, world.appointment_b).status == "planned"


def test_own_klantmanager_and_teamleider_of_the_gemeente_see_the_file(signed_in, world):
    assert signed_in("a").get(f"/clienten/{world.client_a}").status_code == 200
    teamleider = signed_in("tl")
    assert teamleider.get(f"/clienten/{world.client_a}").status_code == 200
    assert teamleider.get(f"/clienten/{world.client_b}").status_code == 200
    assert teamleider.get(f"/clienten/{world.client_c}").status_code == 404


def test_teamleider_reads_but_changes_nothing(signed_in, world, factory):
    browser = signed_in("tl")
    page = browser.get(f"/clienten/{world.client_a}")
    assert "Afspraak plannen" not in page.text and "Nieuwe koppelcode" not in page.text
    csrf = _csrf(browser)
    for path in (f"/clienten/{world.client_a}/koppelcode", f"/verzoeken/{world.handoff_a}/afhandelen"):
        assert browser.post(path, data={"csrf_token": csrf}).status_code == 403
    with unit_of_work(factory) as s:
        assert s.get(HandoffRequest, world.handoff_a).status == "open"


def test_caseload_and_inbox_show_only_the_scope(signed_in, world):
    a = signed_in("a")
    caseload = a.get("/clienten").text
    assert world.client_a in caseload and world.client_b not in caseload and world.client_c not in caseload
    inbox = a.get("/").text
    assert f"/verzoeken/{world.handoff_a}/" in inbox and f"/verzoeken/{world.handoff_b}/" not in inbox
    team = signed_in("tl").get("/clienten").text
    assert world.client_a in team and world.client_b in team and world.client_c not in team


@pytest.mark.parametrize("path", ["/dashboard", "/audit", "/medewerkers"])
def test_klantmanager_has_no_management_pages(signed_in, path):
    assert signed_in("a").get(path).status_code == 403


def test_beheerder_manages_only_their_own_gemeente(signed_in, world):
    browser = signed_in("beheer")
    response = browser.post(f"/medewerkers/{world.ids['c']}", data={"actief": "0", "csrf_token": _csrf(browser)})
    assert response.status_code == 404
    assert world.emails["c"] not in browser.get("/medewerkers").text
