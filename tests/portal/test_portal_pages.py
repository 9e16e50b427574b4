"""What a klantmanager does in the portal, checked in the database: inbox, appointments, agreement, koppelcode, ladder."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage import koppelcodes
from storage.db import unit_of_work
from storage.intake import ladder_overview
from storage.ladder import record_proposal
from storage.tables import Appointment, HandoffRequest, Koppelcode, ScheduledMessage
from storage.tables.portal import HandoffNote
from tests.portal.conftest import page_csrf


def test_handling_an_inbox_item_keeps_status_note_and_author(signed_in, world, factory):
    browser = signed_in("a")
    inbox = browser.get("/").text
    assert "bel me &lt;b&gt;a&lt;/b&gt;" in inbox and "<b>a</b>" not in inbox  # the client's text, escaped
    response = browser.post(
        f"/verzoeken/{world.handoff_a}/afhandelen",
        data={"csrf_token": page_csrf(browser), "status": "afgehandeld", "notitie": "Gebeld, <script>x</script>"},
    )
    assert response.status_code == 303 and response.headers["location"] == "/?melding=afgehandeld"
    page = browser.get(response.headers["location"]).text
    assert "Het verzoek is afgehandeld." in page and f"/verzoeken/{world.handoff_a}/" not in page
    with unit_of_work(factory) as s:
        assert s.get(HandoffRequest, world.handoff_a).status == "afgehandeld"
        note = s.execute(select(HandoffNote).where(HandoffNote.handoff_id == world.handoff_a)).scalar_one()
        assert (note.status, note.note, note.author) == ("afgehandeld", "Gebeld, <script>x</script>", world.emails["a"])
    dossier = browser.get(f"/clienten/{world.client_a}").text
    assert "Gebeld, &lt;script&gt;x&lt;/script&gt;" in dossier and "<script>x</script>" not in dossier
    # Handling it twice says so, and keeps one note.
    again = browser.post(f"/verzoeken/{world.handoff_a}/afhandelen", data={"csrf_token": page_csrf(browser), "status": "afgehandeld"})
    assert again.headers["location"] == "/?melding=al_afgehandeld"


def test_in_behandeling_keeps_the_item_in_the_inbox(signed_in, world, factory):
    browser = signed_in("a")
    browser.post(f"/verzoeken/{world.handoff_a}/afhandelen", data={"csrf_token": page_csrf(browser), "status": "in_behandeling"})
    page = browser.get("/").text
    assert f"/verzoeken/{world.handoff_a}/" in page and "In behandeling" in page


def test_appointment_add_plans_reminders_and_cancel_cancels_them(signed_in, world, factory, clock, settings):
    browser = signed_in("a")
    starts = (clock.now + timedelta(days=10)).astimezone(ZoneInfo(settings.timezone)).replace(hour=10, minute=30, second=0)
    # A weekday: a reminder due on Sunday (a rest day) is not planned, so 10 days from a Thursday fails.
    while starts.weekday() not in (1, 2, 3):
        starts += timedelta(days=1)
    response = browser.post(
        f"/clienten/{world.client_a}/afspraken",
        data={"csrf_token": page_csrf(browser), "datum": starts.date().isoformat(), "tijd": "10:30", "waar": "Werkplein <b>3</b>", "met": "Sanne"},
    )
    assert response.headers["location"] == f"/clienten/{world.client_a}?melding=afspraak_gepland"
    with unit_of_work(factory) as s:
        appointment = s.execute(
            select(Appointment).where(Appointment.client_id == world.client_a, Appointment.waar == "Werkplein <b>3</b>")
        ).scalar_one()
        assert appointment.starts_at == starts.astimezone(appointment.starts_at.tzinfo)
        assert appointment.created_by == world.emails["a"]
        reminders = s.execute(select(ScheduledMessage).where(ScheduledMessage.appointment_id == appointment.id)).scalars().all()
        assert len(reminders) == 2 and {r.status for r in reminders} == {"pending"}
        assert all(r.due_at < appointment.starts_at for r in reminders)
    page = browser.get(f"/clienten/{world.client_a}").text
    assert "Werkplein &lt;b&gt;3&lt;/b&gt;" in page
    browser.post(f"/clienten/{world.client_a}/afspraken/{appointment.id}/annuleren", data={"csrf_token": page_csrf(browser)})
    with unit_of_work(factory) as s:
        assert s.get(Appointment, appointment.id).status == "cancelled"
        statuses = s.execute(select(ScheduledMessage.status).where(ScheduledMessage.appointment_id == appointment.id)).scalars().all()
        assert statuses == ["cancelled", "cancelled"]


def test_an_appointment_in_the_past_or_without_place_is_refused_kindly(signed_in, world, factory, clock):
    browser = signed_in("a")
    yesterday = (clock.now - timedelta(days=1)).date().isoformat()
    response = browser.post(
        f"/clienten/{world.client_a}/afspraken", data={"csrf_token": page_csrf(browser), "datum": yesterday, "tijd": "10:00", "waar": "x", "met": "y"}
    )
    assert response.headers["location"].endswith("melding=afspraak_fout")
    later = (clock.now + timedelta(days=3)).date().isoformat()
    response = browser.post(
        f"/clienten/{world.client_a}/afspraken", data={"csrf_token": page_csrf(browser), "datum": later, "tijd": "10:00", "waar": " ", "met": "y"}
    )
    assert response.headers["location"].endswith("melding=afspraak_velden")
    response = browser.post(f"/clienten/{world.client_a}/afspraken", data={"csrf_token": page_csrf(browser), "datum": "morgen", "tijd": "tien"})
    assert response.headers["location"].endswith("melding=afspraak_fout")
    with unit_of_work(factory) as s:
        assert len(s.execute(select(Appointment).where(Appointment.client_id == world.client_a)).scalars().all()) == 1


def test_agreement_edit_and_exempt(signed_in, world, factory):
    from storage.agreements import get_agreement

    browser = signed_in("a")
    browser.post(f"/clienten/{world.client_a}/sollicitatieafspraak", data={"csrf_token": page_csrf(browser), "aantal": "6", "periode_weken": "2"})
    with unit_of_work(factory) as s:
        agreement = get_agreement(s, world.client_a)
        assert (agreement.aantal, agreement.periode_weken, agreement.vrijgesteld, agreement.set_by) == (6, 2, False, world.emails["a"])
    assert "Afspraak: 6 per 2 weken" in browser.get(f"/clienten/{world.client_a}").text
    browser.post(f"/clienten/{world.client_a}/sollicitatieafspraak", data={"csrf_token": page_csrf(browser), "vrijgesteld": "1"})
    assert "Vrijgesteld van de sollicitatieplicht." in browser.get(f"/clienten/{world.client_a}").text
    response = browser.post(f"/clienten/{world.client_a}/sollicitatieafspraak", data={"csrf_token": page_csrf(browser), "aantal": "99", "periode_weken": "4"})
    assert response.headers["location"].endswith("melding=sollicitatieafspraak_fout")


def test_koppelcode_with_qr_is_shown_once_and_works(signed_in, world, factory, clock):
    browser = signed_in("a")
    page = browser.post(f"/clienten/{world.client_a}/koppelcode", data={"csrf_token": page_csrf(browser)})
    assert page.status_code == 200
    code = re.search(r'<strong class="code">([A-Z0-9]{10})</strong>', page.text).group(1)
    assert f"https://t.me/werkmaatje_test_bot?start={code}" in page.text
    assert re.search(r'<img src="data:image/svg\+xml[^"]+" alt="QR-code', page.text)
    with unit_of_work(factory) as s:
        stored = s.get(Koppelcode, koppelcodes.hash_koppelcode(code))
        assert stored.client_id == world.client_a and code not in json.dumps([stored.code_hash])
        result = koppelcodes.redeem_koppelcode(s, code, 424242, now=clock.now)
        assert result.ok and result.client_id == world.client_a
    assert code not in browser.get(f"/clienten/{world.client_a}").text  # shown once


def test_exports_hold_the_clients_data_and_neutralise_formulas(signed_in, world, factory, clock):
    from storage import applications

    with unit_of_work(factory) as s:
        applications.log_application(s, world.client_a, employer="=HYPERLINK(1)", position=None, channel=None, applied_on=clock.now.date(), now=clock.now)
    browser = signed_in("a")
    data = browser.get(f"/clienten/{world.client_a}/export.json").json()
    assert data["client"]["id"] == world.client_a and len(data["applications"]) == 2
    rows = list(csv.reader(io.StringIO(browser.get(f"/clienten/{world.client_a}/export.csv").text)))
    assert rows[0] == ["datum", "werkgever", "functie", "hoe", "resultaat"]
    assert ["'=HYPERLINK(1)"] == [r[1] for r in rows[1:] if "HYPERLINK" in r[1]]


def test_confirm_or_change_the_ladder_step_keeps_history(signed_in, world, factory, clock):
    with unit_of_work(factory) as s:
        record_proposal(s, world.client_a, intake_id=None, step=2, group="participatie", flags=["taal"], reasons=["§2 trede 2"], now=clock.now)
    browser = signed_in("a")
    page = browser.get(f"/clienten/{world.client_a}").text
    assert "2 · Sociale contacten buiten de deur, Maatschappelijke participatie" in page and "Nog niet bevestigd" in page
    csrf = page_csrf(browser)
    browser.post(f"/clienten/{world.client_a}/trede", data={"csrf_token": csrf, "trede": "2", "groep": "participatie", "reden": ""})
    browser.post(f"/clienten/{world.client_a}/trede", data={"csrf_token": csrf, "trede": "3", "groep": "middengroep", "reden": "Gaat naar <taalles>"})
    bad = browser.post(f"/clienten/{world.client_a}/trede", data={"csrf_token": csrf, "trede": "9", "groep": "middengroep"})
    assert bad.headers["location"].endswith("melding=trede_fout")
    with unit_of_work(factory) as s:
        overview = ladder_overview(s, world.client_a)
    assert [(r["kind"], r["step"], r["group"]) for r in overview["history"]] == [
        ("proposal", 2, "participatie"), ("confirmed", 2, "participatie"), ("confirmed", 3, "middengroep"),
    ]
    assert overview["confirmed"]["caseworker_id"] == world.ids["a"] and overview["confirmed"]["reasons"] == "Gaat naar <taalles>"
    page = browser.get(f"/clienten/{world.client_a}").text
    assert "Gaat naar &lt;taalles&gt;" in page
    caseload = browser.get("/clienten").text
    assert re.search(r"2 / <strong>3</strong>", caseload)


def test_caseload_filters_and_sorts_on_the_server(signed_in, world, factory, clock):
    from storage import clients

    with unit_of_work(factory) as s:
        extra = clients.add_client(s, gemeente_id="hengelo", naam="Aaron Zonder Contact", caseworker_email=world.emails["a"], now=clock.now)
    browser = signed_in("a")
    names = re.findall(r'<th scope="row"><a href="/clienten/[^"]+">([^<]+)</a>', browser.get("/clienten").text)
    assert names == sorted(names, key=str.lower) and len(names) == 2
    reverse = re.findall(r'<th scope="row"><a href="/clienten/[^"]+">([^<]+)</a>', browser.get("/clienten?sorteer=naam&richting=af").text)
    assert reverse == names[::-1]
    flagged = browser.get("/clienten?signaal=contact").text
    assert world.client_a in flagged and extra.id not in flagged
    searched = browser.get("/clienten?zoek=aaron").text
    assert extra.id in searched and world.client_a not in searched
    assert browser.get("/clienten?sorteer=<script>&signaal=<x>").status_code == 200


def test_every_handoff_kind_has_a_label_and_a_summary_line():
    from storage.tables import HANDOFF_KINDS
    from werkmaatje.texts import caseworker as caseworker_texts, portal as portal_texts

    assert set(HANDOFF_KINDS) <= set(caseworker_texts.PORTAL_HANDOFF_KINDS)
    assert {f"handoff_{kind}" for kind in HANDOFF_KINDS} <= set(portal_texts.PORTAL_SUMMARY_LINES)


def test_every_stored_value_shown_in_the_portal_has_a_dutch_label():
    import storage.tables as models
    from storage.tables.trainings import ATTENDANCE_STATUSES, PARTICIPANT_STATUSES
    from werkmaatje.texts import caseworker as caseworker_texts

    pairs = [
        (models.SCHEDULED_KINDS, caseworker_texts.PORTAL_SCHEDULED_KINDS),
        (models.SCHEDULED_STATUSES, caseworker_texts.PORTAL_SCHEDULED_STATUSES),
        (models.APPLICATION_STATUSES, caseworker_texts.PORTAL_APPLICATION_STATUSES),
        (models.APPLICATION_CHANNELS, caseworker_texts.PORTAL_CHANNELS),
        (models.HANDOFF_STATUSES, caseworker_texts.PORTAL_HANDOFF_STATUSES),
        (models.CASEWORKER_ROLES, caseworker_texts.PORTAL_ROLES),
        (models.INTAKE_STATUSES, caseworker_texts.PORTAL_INTAKE_STATUSES),
        (models.LADDER_GROUPS, caseworker_texts.PORTAL_LADDER_GROUPS),
        (models.LADDER_STEPS, caseworker_texts.PORTAL_LADDER_STEPS),
        (PARTICIPANT_STATUSES, caseworker_texts.PORTAL_PARTICIPANT_STATUSES),
        (ATTENDANCE_STATUSES, caseworker_texts.PORTAL_ATTENDANCE),
    ]
    for values, labels in pairs:
        assert set(values) <= set(labels), set(values) - set(labels)
