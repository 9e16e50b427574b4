"""A pause longer than a session, in the middle of something, through the whole stack.

Rasa starts a new session when the last message is older than
`session_minutes`. Rasa reads the conversation from the database on every
message, so moving a conversation's stored events back in time is an
injected clock for exactly that decision: the next message finds the old
session expired, `action_session_start` runs, and the answer must still land
where the person left off.
"""
from __future__ import annotations

import asyncio
import itertools
import json
from datetime import timedelta

from sqlalchemy import text

from storage import applications, consent, erasure, handoffs, intake, scheduled
from storage.db import unit_of_work
from cli.common import new_link
from bot.database import utc_now
from testing.e2e.applications import answer_until_card
from testing.e2e.bot import running_application, running_bot
from testing.e2e.chat import button_data, link_and_consent, press, say
from testing.e2e.intake import answer, question_of
from testing.e2e.scheduled import Clock, dispatched, dispatcher, rows_of
from testing.e2e.trainings import invited, local_day, participant, plan

CHAT_IDS = itertools.count(730_000_001)


def sessions_started(db, chat_id: int) -> int:
    with unit_of_work(db) as session:
        return session.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :chat AND type_name = 'session_started'"),
            {"chat": str(chat_id)},
        ).scalar_one()


def away_for_longer_than_a_session(stack, db, chat_id: int) -> int:
    """Age the conversation by twice the session length; returns the sessions started so far.

    Rasa rebuilds events from the JSON in `data`, so its timestamp moves with the column."""
    seconds = 2 * stack.settings.session_minutes * 60
    with unit_of_work(db) as session:
        rows = session.execute(
            text("SELECT id, data FROM events WHERE sender_id = :chat"), {"chat": str(chat_id)}
        ).all()
        for event_id, data in rows:
            event = json.loads(data)
            event["timestamp"] -= seconds
            session.execute(
                text("UPDATE events SET timestamp = :at, data = :data WHERE id = :id"),
                {"at": event["timestamp"], "data": json.dumps(event), "id": event_id},
            )
    return sessions_started(db, chat_id)


async def linked(telegram, new_client, naam="Anna de Vries"):
    client_id, koppelcode = new_client(naam)
    chat_id = next(CHAT_IDS)
    await link_and_consent(telegram, chat_id, koppelcode)
    return client_id, chat_id


def test_intake_goes_on_at_the_question_asked_before_the_pause(stack, db, new_client):
    async def scenario():
        async with running_bot(stack) as telegram:
            client_id, chat_id = await linked(telegram, new_client)
            _intro, first = await say(telegram, chat_id, "ik wil de intake doen", count=2)
            second = await answer(telegram, chat_id, first)
            assert question_of(second).startswith("Welke uitkering")

            before = away_for_longer_than_a_session(stack, db, chat_id)
            third = await answer(telegram, chat_id, second)
            assert third["text"].startswith("Vraag 3 van 26"), third["text"]
            assert sessions_started(db, chat_id) == before + 1
            fourth = await answer(telegram, chat_id, third)
            assert fourth["text"].startswith("Vraag 4 van 26"), fourth["text"]
            return client_id

    client_id = asyncio.run(scenario())
    with unit_of_work(db) as session:
        running = intake.open_intake(session, client_id)
        answered = intake.current_answers(session, client_id, running.id)
    # The answers before and after the pause belong to the one intake that is still running.
    assert len(answered) == 3, sorted(answered)


def test_application_card_confirmed_after_the_pause_is_stored(stack, db, new_client):
    async def scenario():
        async with running_bot(stack) as telegram:
            client_id, chat_id = await linked(telegram, new_client)
            [first] = await say(telegram, chat_id, "ik heb gisteren bij de jumbo gesolliciteerd als vakkenvuller")
            card = await answer_until_card(telegram, chat_id, first)

            before = away_for_longer_than_a_session(stack, db, chat_id)
            [saved] = await press(telegram, chat_id, card, "Klopt")
            assert "opgeslagen" in saved["text"].lower() and "Jumbo" in saved["text"], saved["text"]
            assert sessions_started(db, chat_id) == before + 1
            return client_id

    client_id = asyncio.run(scenario())
    with unit_of_work(db) as session:
        [stored] = applications.recent(session, client_id)
    assert (stored.employer, stored.position) == ("Jumbo", "vakkenvuller")


def test_handoff_reason_typed_after_the_pause_reaches_the_klantmanager(stack, db, new_client):
    async def scenario():
        async with running_bot(stack) as telegram:
            client_id, chat_id = await linked(telegram, new_client)
            [asked] = await say(telegram, chat_id, "ik wil mijn klantmanager spreken")
            before = away_for_longer_than_a_session(stack, db, chat_id)
            [promised] = await say(telegram, chat_id, "het gaat over mijn rooster bij de schoonmaak")
            assert sessions_started(db, chat_id) == before + 1
            assert promised["text"] != asked["text"]
            return client_id

    client_id = asyncio.run(scenario())
    with unit_of_work(db) as session:
        [request] = handoffs.handoffs_for_client(session, client_id)
    assert request.reason == "het gaat over mijn rooster bij de schoonmaak"


def test_reminder_later_pressed_after_the_pause_snoozes_it(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            await say(telegram, chat_id, "herinner me morgen om 10 uur aan mijn gesprek bij de lidl")
            [reminder_row] = rows_of(db, client_id)
            clock = Clock(reminder_row.due_at + timedelta(seconds=20))
            [reminder] = await dispatched(telegram, chat_id, dispatcher(stack, application, clock))

            before = away_for_longer_than_a_session(stack, db, chat_id)
            [later] = await press(telegram, chat_id, reminder, "Later")
            assert later["text"].startswith("Oké. Ik herinner je "), later["text"]
            assert sessions_started(db, chat_id) == before + 1
            return client_id, reminder_row.id

    client_id, first_id = asyncio.run(scenario())
    snoozed = [r for r in rows_of(db, client_id) if r.id != first_id]
    assert [(r.kind, r.status) for r in snoozed] == [("own_reminder", "pending")]
    assert scheduled.payload_of(snoozed[0])["about"] == "mijn gesprek bij de lidl"


def test_invitation_answered_after_the_pause_signs_up(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            starts = [local_day(14, 10)]
            edition_id, _sessions = plan(db, "heftruck", starts, deadline=starts[0] - timedelta(days=1))
            invitation = await invited(telegram, application, stack, db, chat_id, client_id, edition_id)

            before = away_for_longer_than_a_session(stack, db, chat_id)
            [yes] = await press(telegram, chat_id, invitation, "Ja, ik kom")
            assert yes["text"].startswith("Top, je bent aangemeld"), yes["text"]
            assert sessions_started(db, chat_id) == before + 1
            return client_id, edition_id

    client_id, edition_id = asyncio.run(scenario())
    assert participant(db, edition_id, client_id).status == "aangemeld"


def test_erasure_confirmed_after_the_pause_is_requested(stack, db, new_client):
    async def scenario():
        async with running_bot(stack) as telegram:
            client_id, chat_id = await linked(telegram, new_client, "Erik Pauze")
            offered = await say(telegram, chat_id, "verwijder mijn gegevens", count=2)
            confirm = offered[-1]
            button_data(confirm, "Ja, wis alles")  # the question waits for this answer

            before = away_for_longer_than_a_session(stack, db, chat_id)
            [requested] = await press(telegram, chat_id, confirm, "Ja, wis alles")
            assert "Ik heb je verzoek doorgegeven" in requested["text"], requested["text"]
            assert sessions_started(db, chat_id) == before + 1
            return client_id

    client_id = asyncio.run(scenario())
    with unit_of_work(db) as session:
        assert erasure.open_request_for_client(session, client_id) is not None


def test_portal_chat_shows_both_sides_of_the_boundary_once(stack, db):
    from argon2 import PasswordHasher
    from starlette.testclient import TestClient

    from portal.app import create_app
    from storage import caseworkers, clients
    from storage.tables.portal import PortalAccount
    from tests.portal.conftest import PASSWORD, sign_in
    from werkmaatje.gemeenten import load_gemeenten

    with unit_of_work(db) as session:
        reader = caseworkers.add_caseworker(
            session, email="km.sessies@hengelo.example", naam="Sanne Sessie", gemeente_id="hengelo", role="klantmanager"
        )
        session.add(PortalAccount(caseworker_id=reader.id, password_hash=PasswordHasher().hash(PASSWORD), password_set_at=utc_now()))
        client_id = clients.add_client(
            session, gemeente_id="hengelo", naam="Bram Grens", caseworker_email="km.sessies@hengelo.example"
        ).id
        koppelcode = new_link(session, client_id, stack.settings)["koppelcode"]
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            await say(telegram, chat_id, "hoi voor de pauze")
            before = away_for_longer_than_a_session(stack, db, chat_id)
            await say(telegram, chat_id, "welke trainingen zijn er")
            assert sessions_started(db, chat_id) == before + 1

    asyncio.run(scenario())
    settings = stack.settings.copy(update={"environment": "test"})
    browser = TestClient(create_app(settings, db, load_gemeenten(settings.gemeenten_dir)), follow_redirects=False)
    assert sign_in(browser, "km.sessies@hengelo.example").status_code == 303
    page = browser.get(f"/clienten/{client_id}/gesprekken")
    assert page.status_code == 200
    before_at, after_at = page.text.find("hoi voor de pauze"), page.text.find("welke trainingen zijn er")
    assert 0 < before_at < after_at, "the chat from before the pause is missing or out of order"
    assert page.text.count("hoi voor de pauze") == 1 and page.text.count("welke trainingen zijn er") == 1


def test_consent_given_hours_after_the_question_counts(stack, db, new_client):
    client_id, koppelcode = new_client("Nora Later")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            telegram.mark()
            telegram.push_text(chat_id, f"/start {koppelcode}", first_name="Nora")
            _welcome, _privacy, question = await telegram.wait_for_sent(chat_id, 3)
            before = away_for_longer_than_a_session(stack, db, chat_id)
            thanks, _menu = await press(telegram, chat_id, question, "Akkoord", count=2)
            assert thanks["text"].startswith("Dank je wel"), thanks["text"]
            assert sessions_started(db, chat_id) == before + 1

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        assert consent.current_consent(session, client_id).decision == "given"
