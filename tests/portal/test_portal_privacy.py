"""Erasure requests in the portal: only the client's own klantmanager carries one out, with CSRF and audit;
every kind of read is an audit row that the client later sees as role and date."""
from __future__ import annotations

from sqlalchemy import select

from storage.db import unit_of_work
from storage.erasure import request_erasure
from storage.tables import AuditEntry, Client, ErasureRequest, RetainedRecord
from storage.privacy import data_readers
from tests.portal.conftest import page_csrf


def _request(factory, client_id, clock):
    with unit_of_work(factory) as s:
        return request_erasure(s, client_id, chat_id=None, now=clock.now).id


def _actions(factory, client_id):
    with unit_of_work(factory) as s:
        return [(e.actor, e.action) for e in s.execute(select(AuditEntry).where(AuditEntry.client_id == client_id).order_by(AuditEntry.id)).scalars()]


def test_only_the_own_klantmanager_can_carry_out_an_erasure(signed_in, world, factory, clock):
    request_id = _request(factory, world.client_a, clock)
    url = f"/wisverzoeken/{request_id}/uitvoeren"
    owner = signed_in("a")
    # An open contact request would vanish with the erasure: it is named, and must be handled first.
    today = owner.get("/")
    assert "Verzoeken om gegevens te wissen" in today.text and world.client_a in today.text
    assert "Er staat nog een open verzoek" in today.text and f'action="{url}"' not in today.text
    response = owner.post(url, data={"bevestiging": "wissen", "csrf_token": page_csrf(owner)})
    assert response.status_code == 303 and "wisverzoek_open_verzoek" in response.headers["location"]
    owner.post(f"/verzoeken/{world.handoff_a}/afhandelen", data={"status": "afgehandeld", "csrf_token": page_csrf(owner)})
    today = owner.get("/")
    assert f'action="{url}"' in today.text and 'class="danger"' in today.text
    # Dutch labels, never the configuration's keys.
    assert "Sollicitaties (60 maanden)" in today.text and "applications" not in today.text

    # The teamleider sees the request but gets no form; others do not see it at all.
    lead_page = signed_in("tl").get("/")
    assert world.client_a in lead_page.text and f'action="{url}"' not in lead_page.text
    assert world.client_a not in signed_in("b").get("/").text
    # Outside the scope it does not exist; the teamleider may read the client but changes nothing.
    for who, status in (("b", 404), ("c", 404), ("beheer", 404), ("tl", 403)):
        browser = signed_in(who)
        response = browser.post(url, data={"bevestiging": "wissen", "csrf_token": page_csrf(browser)})
        assert response.status_code == status, who

    # Without the session's token, or without the word, nothing happens.
    assert owner.post(url, data={"bevestiging": "wissen"}).status_code == 403
    response = owner.post(url, data={"bevestiging": "ja", "csrf_token": page_csrf(owner)})
    assert response.status_code == 303 and "wisverzoek_niet_bevestigd" in response.headers["location"]
    with unit_of_work(factory) as s:
        assert s.get(Client, world.client_a) is not None

    response = owner.post(url, data={"bevestiging": " Wissen ", "csrf_token": page_csrf(owner)})
    assert response.status_code == 303 and "wisverzoek_uitgevoerd" in response.headers["location"]
    with unit_of_work(factory) as s:
        assert s.get(Client, world.client_a) is None
        request = s.get(ErasureRequest, request_id)
        assert (request.status, request.decided_by) == ("done", world.emails["a"])
        kept = s.execute(select(RetainedRecord).where(RetainedRecord.client_id == world.client_a)).scalars().all()
        assert [r.kind for r in kept] == ["applications"]  # gemeenten/hengelo.yml: wettelijk_bewaren
        assert "&lt;script&gt;" not in kept[0].data and "<script>" in kept[0].data  # stored as data, not markup
    assert _actions(factory, world.client_a)[-1] == (world.emails["a"], "erasure_done")
    # Done is done: a second post changes nothing.
    again = owner.post(url, data={"bevestiging": "wissen", "csrf_token": page_csrf(owner)})
    assert again.status_code == 404


def test_each_kind_of_read_is_audited_and_shown_to_the_client_as_roles(signed_in, world, factory):
    browser = signed_in("a")
    for path in ("", "/gesprekken", "/export.json", "/export.csv"):
        assert browser.get(f"/clienten/{world.client_a}{path}").status_code == 200
    assert signed_in("tl").get(f"/clienten/{world.client_a}").status_code == 200
    reads = [action for actor, action in _actions(factory, world.client_a)]
    for action in ("portal_dossier", "portal_transcript", "portal_export_json", "portal_export_csv"):
        assert action in reads
    with unit_of_work(factory) as s:
        roles = [role for role, _ in data_readers(s, world.client_a)]
    assert roles == ["teamleider"] + ["klantmanager"] * 4


def test_health_answers_only_for_the_own_klantmanager(signed_in, world, factory, clock):
    from storage.intake import record_answer, start_intake

    with unit_of_work(factory) as s:
        intake = start_intake(s, world.client_a, ["leeftijd", "gezondheid"], now=clock.now)
        record_answer(s, world.client_a, intake.id, "leeftijd", status="answered", value="27-44", raw_text="ik ben 34", now=clock.now)
        record_answer(s, world.client_a, intake.id, "gezondheid", status="answered", value="ja", raw_text="last van mijn rug", now=clock.now)
    own = signed_in("a").get(f"/clienten/{world.client_a}").text
    lead = signed_in("tl").get(f"/clienten/{world.client_a}").text
    assert "last van mijn rug" in own and "ik ben 34" in own
    assert "last van mijn rug" not in lead and "ik ben 34" in lead
    assert "Alleen zichtbaar voor de klantmanager" in lead
