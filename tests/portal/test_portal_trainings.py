"""Trainings in the portal: plan, invite (chosen or matching), who comes, attendance; and the full chat view."""
from __future__ import annotations

import json
import re
import secrets
from datetime import timedelta

from sqlalchemy import select, text

from storage import clients as client_rows
from storage import intake as intake_storage
from storage import trainings
from storage.trainings import participants
from storage.db import unit_of_work
from storage.ladder import record_proposal
from storage.tables import ScheduledMessage
from storage.tables.trainings import TrainingAttendance, TrainingEdition, TrainingParticipant
from tests.portal.conftest import page_csrf


def _plan(browser, clock, training="vca", **extra):
    first = (clock.now + timedelta(days=14)).date().isoformat()
    data = {"csrf_token": page_csrf(browser, "/trainingen"), "training": training, "datum0": first, "tijd0": "09:00",
            "waar": "Lokaal <1>", "capaciteit": "1", "duur": "120", **extra}
    return browser.post("/trainingen", data=data)


def test_plan_invite_and_who_comes(signed_in, world, factory, clock):
    browser = signed_in("a")
    response = _plan(browser, clock)
    assert response.status_code == 303 and response.headers["location"].endswith("?melding=editie_gepland")
    edition_url = response.headers["location"].split("?")[0]
    edition_id = int(edition_url.rsplit("/", 1)[1])
    page = browser.get(edition_url).text
    assert "Cursus VCA (veilig werken)" in page and world.client_a in page  # a candidate to invite
    # Posting someone else's client is ignored: only one's own caseload can be invited here.
    browser.post(f"{edition_url}/uitnodigen", data={"csrf_token": page_csrf(browser), "client": [world.client_a, world.client_b]})
    with unit_of_work(factory) as s:
        rows = s.execute(select(TrainingParticipant).where(TrainingParticipant.edition_id == edition_id)).scalars().all()
        assert [(r.client_id, r.status) for r in rows] == [(world.client_a, "uitgenodigd")]
        invitation = s.execute(
            select(ScheduledMessage).where(ScheduledMessage.client_id == world.client_a, ScheduledMessage.kind == "training_invitation")
        ).scalar_one()
        assert json.loads(invitation.payload)["titel"] == "Cursus VCA (veilig werken)"
        edition = s.get(TrainingEdition, edition_id)
        assert (edition.capacity, edition.created_by, edition.gemeente_id) == (1, world.emails["a"], "hengelo")
    inbox = browser.get("/").text
    assert re.search(r"Uitnodigingen zonder antwoord <span class=\"count\">\(1\)</span>", inbox)
    # B (same gemeente) sees the edition, but not A's client by name.
    other = signed_in("b").get(edition_url).text
    assert world.client_a not in other and "En 1 deelnemer van andere klantmanagers." in other


def test_a_full_edition_puts_the_next_yes_on_the_waitlist_and_attendance_plans_the_noshow_question(signed_in, world, factory, clock):
    browser = signed_in("a")
    edition_id = int(_plan(browser, clock).headers["location"].split("?")[0].rsplit("/", 1)[1])
    with unit_of_work(factory) as s:
        second = client_rows.add_client(s, gemeente_id="hengelo", naam="Tweede <i>", caseworker_email=world.emails["a"], now=clock.now)
        participants.invite(s, edition_id, [world.client_a, second.id], now=clock.now)
        for client_id in (world.client_a, second.id):
            participants.say_yes(s, edition_id, client_id, now=clock.now, reminders_for=lambda c, at: [at - timedelta(hours=2)])
        session_id = trainings.sessions_of(s, edition_id)[0].id
    page = browser.get(f"/trainingen/{edition_id}").text
    assert "Komt" in page and "Wachtlijst (plek 1)" in page and "Tweede &lt;i&gt;" in page
    response = browser.post(
        f"/trainingen/{edition_id}/sessies/{session_id}/aanwezigheid",
        data={"csrf_token": page_csrf(browser), f"aanwezig-{world.client_a}": "afwezig", f"aanwezig-{world.client_b}": "aanwezig"},
    )
    assert response.headers["location"].endswith("melding=aanwezigheid_opgeslagen")
    with unit_of_work(factory) as s:
        marks = s.execute(select(TrainingAttendance.client_id, TrainingAttendance.status).where(TrainingAttendance.session_id == session_id)).all()
        assert marks == [(world.client_a, "afwezig")]  # B's client is not A's to register
        noshow = s.execute(
            select(ScheduledMessage).where(ScheduledMessage.client_id == world.client_a, ScheduledMessage.kind == "training_noshow")
        ).scalar_one()
        assert noshow.status == "pending"
    dossier = browser.get(f"/clienten/{world.client_a}").text
    assert "Cursus VCA (veilig werken)" in dossier and "Afwezig" in dossier


def test_invite_everyone_who_matches(signed_in, world, factory, clock):
    with unit_of_work(factory) as s:
        # A finished intake that fits VCA: wants training, logistics, good Dutch.
        run = intake_storage.start_intake(s, world.client_a, ["wens_opleiding", "wens_sector", "taal"], now=clock.now)
        for key, value in [("wens_opleiding", "ja"), ("wens_sector", ["logistiek"]), ("taal", "goed")]:
            intake_storage.record_answer(s, world.client_a, run.id, key, status="answered", value=value, raw_text=None, now=clock.now)
        intake_storage.finish_intake(s, world.client_a, run.id, summary_text="-", now=clock.now)
        record_proposal(s, world.client_a, intake_id=run.id, step=3, group="middengroep", flags=[], reasons=[], now=clock.now)
        other = client_rows.add_client(s, gemeente_id="hengelo", naam="Geen intake", caseworker_email=world.emails["a"], now=clock.now)
    browser = signed_in("a")
    edition_url = _plan(browser, clock).headers["location"].split("?")[0]
    assert "past bij intake" in browser.get(edition_url).text
    browser.post(f"{edition_url}/uitnodigen", data={"csrf_token": page_csrf(browser), "passend": "1"})
    with unit_of_work(factory) as s:
        invited = s.execute(select(TrainingParticipant.client_id).where(TrainingParticipant.edition_id == int(edition_url.rsplit("/", 1)[1]))).scalars().all()
    assert invited == [world.client_a] and other.id not in invited


def test_bad_plans_are_refused_kindly(signed_in, clock):
    browser = signed_in("a")
    assert _plan(browser, clock, training="bestaat-niet").headers["location"].endswith("melding=editie_fout")
    past = (clock.now - timedelta(days=1)).date().isoformat()
    assert _plan(browser, clock, datum0=past).headers["location"].endswith("melding=editie_fout")
    assert _plan(browser, clock, capaciteit="nul").headers["location"].endswith("melding=editie_fout")


def test_editions_of_another_gemeente_are_404(signed_in, world, factory, clock):
    edition_url = _plan(signed_in("a"), clock).headers["location"].split("?")[0]
    for who in ("c", "tl_enschede"):
        browser = signed_in(who)
        assert browser.get(edition_url).status_code == 404
    c = signed_in("c")
    assert c.post(f"{edition_url}/uitnodigen", data={"csrf_token": page_csrf(c), "passend": "1"}).status_code == 404
    teamleider = signed_in("tl")
    assert teamleider.get(edition_url).status_code == 200 and "Gekozen cliënten uitnodigen" not in teamleider.get(edition_url).text


def test_the_full_chat_comes_from_rasas_tracker_store_escaped(signed_in, world, factory, clock):
    with unit_of_work(factory) as s:
        client_rows.link_chat(s, chat_id=secrets.randbelow(10**12) + 10**12, client_id=world.client_a, now=clock.now)
        chat = client_rows.chat_for_client(s, world.client_a)
        s.execute(text(
            # The columns Rasa's SQL tracker store reads and writes; Rasa makes this table itself in production.
            f"CREATE TABLE IF NOT EXISTS events (id {'SERIAL' if s.get_bind().dialect.name == 'postgresql' else 'INTEGER'} PRIMARY KEY, sender_id VARCHAR(255), type_name VARCHAR(255), "
            "timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
        ))
        for n, (kind, said) in enumerate([("user", "hoi <script>alert(1)</script>"), ("action", None), ("bot", "Hoi! Wat kan ik doen?")]):
            s.execute(
                text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, :t, :ts, :d)"),
                {"s": str(chat), "t": kind, "ts": clock.now.timestamp() + n, "d": json.dumps({"text": said} if said else {"name": "x"})},
            )
    page = signed_in("a").get(f"/clienten/{world.client_a}/gesprekken").text
    assert "hoi &lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert page.index("hoi &lt;script") < page.index("Hoi! Wat kan ik doen?")
    assert len(re.findall(r'<li class="(client|werkmaatje)">', page)) == 2


def test_only_the_planner_cancels_a_session_and_participants_are_told(signed_in, world, factory, clock):
    browser = signed_in("a")
    edition_id = int(_plan(browser, clock).headers["location"].split("?")[0].rsplit("/", 1)[1])
    with unit_of_work(factory) as s:
        participants.invite(s, edition_id, [world.client_a], now=clock.now)
        participants.say_yes(s, edition_id, world.client_a, now=clock.now, reminders_for=lambda c, at: [at - timedelta(hours=2)])
        session_id = trainings.sessions_of(s, edition_id)[0].id
    url = f"/trainingen/{edition_id}/sessies/{session_id}/annuleren"
    other = signed_in("b")
    assert other.post(url, data={"csrf_token": page_csrf(other)}).status_code == 403
    elsewhere = signed_in("c")
    assert elsewhere.post(url, data={"csrf_token": page_csrf(elsewhere)}).status_code == 404
    assert browser.post(url, data={"csrf_token": page_csrf(browser)}).headers["location"].endswith("melding=bijeenkomst_geannuleerd")
    with unit_of_work(factory) as s:
        kinds = dict(
            s.execute(
                select(ScheduledMessage.kind, ScheduledMessage.status).where(
                    ScheduledMessage.client_id == world.client_a, ScheduledMessage.kind.in_(["training_session", "training_session_cancelled"])
                )
            ).all()
        )
    assert kinds == {"training_session": "cancelled", "training_session_cancelled": "pending"}
    assert "geannuleerd" in browser.get(f"/trainingen/{edition_id}").text


def test_reading_intake_profiles_for_matching_is_audited(signed_in, world, factory, clock):
    from storage.tables import AuditEntry

    browser = signed_in("a")
    edition_url = _plan(browser, clock).headers["location"].split("?")[0]
    browser.get(edition_url)
    with unit_of_work(factory) as s:
        actions = s.execute(
            select(AuditEntry.action).where(AuditEntry.client_id == world.client_a, AuditEntry.actor == world.emails["a"])
        ).scalars().all()
    assert "portal_training_matching" in actions


def test_today_shows_who_comes_to_this_weeks_sessions(signed_in, world, factory, clock):
    browser = signed_in("a")
    soon = (clock.now + timedelta(days=3)).date().isoformat()
    edition_id = int(_plan(browser, clock, datum0=soon).headers["location"].split("?")[0].rsplit("/", 1)[1])
    with unit_of_work(factory) as s:
        participants.invite(s, edition_id, [world.client_a], now=clock.now)
        participants.say_yes(s, edition_id, world.client_a, now=clock.now, reminders_for=lambda c, at: [])
    section = browser.get("/").text.split('id="binnenkort-kop"')[1]
    assert f'<a href="/trainingen/{edition_id}">Cursus VCA (veilig werken)</a>' in section and world.client_a in section
    assert world.client_a not in signed_in("b").get("/").text.split('id="binnenkort-kop"')[1]
