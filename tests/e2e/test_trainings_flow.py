"""Trainings through the whole stack: invitations sent by the dispatcher, RSVP by button and free text,
waitlist move-up, session reminders, "ik kan morgen niet naar de training", listing, attendance and export.

Real Rasa, the real action server, real python-telegram-bot against the
Telegram stand-in, and the database as the source of truth. The dispatcher
gets an injected clock, as in test_scheduled_flow.py.
"""
from __future__ import annotations

import asyncio
import itertools
from datetime import datetime, time, timedelta

from bot.database import utc_now
from storage import handoffs, scheduled
from storage import intake as intakes
from storage import training_attendance as attendance
from storage import training_participants as participants
from storage import trainings
from storage.db import unit_of_work
from storage.export import export_client
from testing.e2e.bot import running_application
from testing.e2e.chat import link_and_consent, press, say
from testing.e2e.scheduled import AMS, Clock, dispatched, dispatcher
from testing.e2e.trainings import invited, local_day, participant, pending_of, plan
from werkmaatje.scheduling import local_moment

CHAT_IDS = itertools.count(710_600_001)


def requests(db, client_id):
    with unit_of_work(db) as session:
        return handoffs.handoffs_for_client(session, client_id)


async def linked(telegram, new_client):
    client_id, koppelcode = new_client()
    chat_id = next(CHAT_IDS)
    await link_and_consent(telegram, chat_id, koppelcode)
    return client_id, chat_id


def test_invite_yes_reminder_attendance_noshow_and_export(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            starts = [local_day(14, 10), local_day(21, 10)]
            edition_id, (first, second) = plan(db, "voorlichting-nieuwe-aanvragers", starts, deadline=starts[0] - timedelta(days=1))

            invitation = await invited(telegram, application, stack, db, chat_id, client_id, edition_id)
            text = invitation["text"]
            assert text.startswith("Je bent uitgenodigd voor: Voorlichting voor nieuwe aanvragers.")
            assert "Aantal keer: 2." in text and "om 10:00" in text and "Waar: Werkplein Hengelo, zaal 2." in text
            assert "Neem mee: je DigiD-gegevens." in text and "Deze training is verplicht." in text
            titles = [b["text"] for row in invitation["reply_markup"]["inline_keyboard"] for b in row]
            assert titles == ["Ja, ik kom", "Nee, ik kan niet", "Ik heb een vraag"]
            assert all(len(b["callback_data"].encode()) <= 64 for row in invitation["reply_markup"]["inline_keyboard"] for b in row)

            [yes] = await press(telegram, chat_id, invitation, "Ja, ik kom")
            assert yes["text"].startswith("Top, je bent aangemeld voor Voorlichting voor nieuwe aanvragers!")
            assert participant(db, edition_id, client_id).status == "aangemeld"
            reminders = pending_of(db, client_id, "training_session")
            assert [r.due_at for r in reminders] == [
                starts[0] - timedelta(days=1), starts[0] - timedelta(hours=2),
                starts[1] - timedelta(days=1), starts[1] - timedelta(hours=2),
            ]

            [reminder] = await dispatched(telegram, chat_id, dispatcher(stack, application, Clock(reminders[0].due_at + timedelta(seconds=5))))
            assert reminder["text"] == "Niet vergeten: Voorlichting voor nieuwe aanvragers is morgen om 10:00. Waar: Werkplein Hengelo, zaal 2. Kun je komen?"
            [fine] = await press(telegram, chat_id, reminder, "Ik kom")
            assert fine["text"] == "Fijn! Tot dan."

            # The caseworker registers attendance: there the first time, not the second.
            with unit_of_work(db) as session:
                attendance.register(session, first, client_id, status="aanwezig", by="cli:anna", now=utc_now(), noshow_due=None)
                attendance.register(session, second, client_id, status="afwezig", by="cli:anna", now=utc_now(),
                                    noshow_due=starts[1] + timedelta(days=1))
            [noshow_row] = pending_of(db, client_id, "training_noshow")
            [noshow] = await dispatched(telegram, chat_id, dispatcher(stack, application, Clock(noshow_row.due_at + timedelta(minutes=30))))
            assert noshow["text"].startswith("Hoi! Voorlichting voor nieuwe aanvragers was gisteren om 10:00, maar je was er niet.")
            [thanks] = await press(telegram, chat_id, noshow, "Ik was ziek")
            assert thanks["text"].startswith("Dank je dat je het vertelt.")
            [request] = requests(db, client_id)
            assert request.kind == "training_noshow" and request.reason.endswith("Antwoord: ik was ziek")

            with unit_of_work(db) as session:
                [record] = export_client(session, client_id)["trainings"]
            assert (record["edition_id"], record["status"], record["source"]) == (edition_id, "aangemeld", "uitnodiging")
            assert [s["attendance"] for s in record["sessions"]] == ["aanwezig", "afwezig"]
            assert record["invited_at"] is not None and record["responded_at"] is not None

    asyncio.run(scenario())


def test_rsvp_by_free_text_no_with_reason_and_a_question(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            edition_id, _ = plan(db, "perspectiefjaar", [local_day(10, 13)], deadline=local_day(10, 13) - timedelta(days=2))

            yes_id, yes_chat = await linked(telegram, new_client)
            await invited(telegram, application, stack, db, yes_chat, yes_id, edition_id)
            [typed_yes] = await say(telegram, yes_chat, "ja hoor ik kom")
            assert typed_yes["text"].startswith("Top, je bent aangemeld voor Perspectiefjaar!")
            assert participant(db, edition_id, yes_id).status == "aangemeld"

            no_id, no_chat = await linked(telegram, new_client)
            await invited(telegram, application, stack, db, no_chat, no_id, edition_id)
            [typed_no] = await say(telegram, no_chat, "kan niet, moet naar de dokter")
            assert typed_no["text"].startswith("Dank je. Ik geef het door aan je klantmanager.")
            row = participant(db, edition_id, no_id)
            assert (row.status, row.reason) == ("afgemeld", "kan niet, moet naar de dokter")
            [request] = requests(db, no_id)
            assert request.kind == "training_declined" and request.reason.endswith("Reden: kan niet, moet naar de dokter")

            button_id, button_chat = await linked(telegram, new_client)
            invitation = await invited(telegram, application, stack, db, button_chat, button_id, edition_id)
            [why] = await press(telegram, button_chat, invitation, "Nee, ik kan niet")
            assert why["text"] == "Jammer dat je niet kunt. Wil je zeggen waarom? Dat hoeft niet."
            assert participant(db, edition_id, button_id).status == "afgemeld"
            # The klantmanager hears the no at once, even if no reason follows.
            [request] = requests(db, button_id)
            assert request.reason.endswith("Reden: geen reden gegeven")
            [passed_on] = await say(telegram, button_chat, "ik heb dan een sollicitatiegesprek bij de action")
            assert passed_on["text"].startswith("Dank je. Ik geef het door aan je klantmanager.")
            [request] = requests(db, button_id)
            assert request.reason.endswith("Reden: ik heb dan een sollicitatiegesprek bij de action")

            question_id, question_chat = await linked(telegram, new_client)
            invitation = await invited(telegram, application, stack, db, question_chat, question_id, edition_id)
            [ask] = await press(telegram, question_chat, invitation, "Ik heb een vraag")
            assert ask["text"] == "Wat wil je weten? Typ je vraag. Ik stuur hem naar je klantmanager."
            [sent_on] = await say(telegram, question_chat, "krijg ik mijn reiskosten <b>terug</b>?")
            assert sent_on["text"].startswith("Ik heb je vraag doorgegeven.")
            [request] = requests(db, question_id)
            assert request.kind == "training_question"
            assert request.reason == f"Vraag over Perspectiefjaar (editie {edition_id}): krijg ik mijn reiskosten <b>terug</b>?"
            assert participant(db, edition_id, question_id).status == "uitgenodigd"

            typed_id, typed_chat = await linked(telegram, new_client)
            await invited(telegram, application, stack, db, typed_chat, typed_id, edition_id)
            [ask] = await say(telegram, typed_chat, "ik heb een vraag over de training")
            assert ask["text"] == "Wat wil je weten? Typ je vraag. Ik stuur hem naar je klantmanager."
            await say(telegram, typed_chat, "mag ik mn dochter meenemen")
            [request] = requests(db, typed_id)
            assert request.reason == f"Vraag over Perspectiefjaar (editie {edition_id}): mag ik mn dochter meenemen"

    asyncio.run(scenario())


def test_waitlist_and_moving_up_when_someone_stops(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            edition_id, _ = plan(db, "perspectiefjaar", [local_day(12, 13), local_day(19, 13)], capacity=1, deadline=local_day(12, 13) - timedelta(days=2))
            first_id, first_chat = await linked(telegram, new_client)
            second_id, second_chat = await linked(telegram, new_client)
            invitation = await invited(telegram, application, stack, db, first_chat, first_id, edition_id)
            [answer] = await press(telegram, first_chat, invitation, "Ja, ik kom")
            assert answer["text"].startswith("Top, je bent aangemeld")
            await invited(telegram, application, stack, db, second_chat, second_id, edition_id)
            [answer] = await say(telegram, second_chat, "ja")  # a plain yes answers "Kom je?"
            assert answer["text"] == "Fijn dat je wilt komen! Perspectiefjaar is helaas vol. Je staat op de wachtlijst, op plek 1. Als er een plek vrijkomt, hoor je het van mij."
            assert pending_of(db, second_id, "training_session") == []

            [which] = await say(telegram, first_chat, "ik wil stoppen met de training")
            assert which["text"].startswith("Wat bedoel je: kun je alleen ")
            [stopped] = await press(telegram, first_chat, which, "Ik stop met de hele training")
            assert stopped["text"].startswith("Oké, je doet niet meer mee met Perspectiefjaar.")
            assert participant(db, edition_id, first_id).status == "afgemeld"
            assert pending_of(db, first_id, "training_session") == []
            assert [r.kind for r in requests(db, first_id)] == ["training_cancelled"]

            [moved_row] = pending_of(db, second_id, "training_moved_up")
            [moved] = await dispatched(telegram, second_chat, dispatcher(stack, application, Clock(local_day(1, 11))))
            assert moved["text"].startswith("Goed nieuws! Er is een plek vrij bij Perspectiefjaar. Je doet nu mee.")
            assert participant(db, edition_id, second_id).status == "aangemeld"
            assert len(pending_of(db, second_id, "training_session")) == 4

    asyncio.run(scenario())


def test_cannot_come_tomorrow_skips_one_session_and_a_cancelled_session_is_told(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            tomorrow = local_moment(datetime.now(AMS).date() + timedelta(days=1), time(14, 0), "Europe/Amsterdam")
            later = local_day(8, 14)
            edition_id, (first, second) = plan(db, "perspectiefjaar", [tomorrow, later], deadline=utc_now() + timedelta(hours=2))
            with unit_of_work(db) as session:
                participants.say_yes(session, edition_id, client_id, now=utc_now(),
                                     reminders_for=lambda c, s: [s - timedelta(days=1)] if s - timedelta(days=1) > utc_now() else [])
            [which] = await say(telegram, chat_id, "ik kan morgen niet naar de training")
            assert which["text"] == "Wat bedoel je: kun je alleen morgen om 14:00 niet naar Perspectiefjaar, of stop je met de hele training?"
            [skipped] = await press(telegram, chat_id, which, "Alleen morgen niet")
            assert skipped["text"].startswith("Goed dat je het zegt. Ik heb je afgemeld voor Perspectiefjaar van morgen om 14:00.")
            with unit_of_work(db) as session:
                assert attendance.attendance_of(session, first, client_id).status == "afgemeld"
            assert participant(db, edition_id, client_id).status == "aangemeld"
            [request] = requests(db, client_id)
            assert request.kind == "training_cancelled" and "ik kan morgen niet naar de training" in request.reason

            with unit_of_work(db) as session:
                assert trainings.cancel_session(session, second, now=utc_now()) == [client_id]
            assert pending_of(db, client_id, "training_session") == []
            [told] = await dispatched(telegram, chat_id, dispatcher(stack, application, Clock(local_day(1, 11))))
            assert told["text"].startswith("Let op: Perspectiefjaar van ") and "gaat niet door" in told["text"]

    asyncio.run(scenario())


def test_which_courses_lists_what_fits_and_signs_up(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            with unit_of_work(db) as session:
                run = intakes.start_intake(session, client_id, ["leeftijd", "uitkering_duur", "taal", "wens_sector", "wens_opleiding"], now=utc_now())
                for question, value in (("leeftijd", "27-44"), ("uitkering_duur", "1-3"), ("taal", "goed"),
                                        ("wens_sector", ["logistiek"]), ("wens_opleiding", "ja")):
                    intakes.record_answer(session, client_id, run.id, question, status="answered", value=value, raw_text="-", now=utc_now())
                intakes.finish_intake(session, client_id, run.id, summary_text="klaar", now=utc_now())
            plan(db, "heftruck", [local_day(6, 9)], deadline=local_day(6, 9) - timedelta(days=2))
            plan(db, "perspectiefjaar", [local_day(6, 9)], deadline=local_day(6, 9) - timedelta(days=2))  # for 18-26 only

            [listing] = await say(telegram, chat_id, "welke cursussen zijn er?")
            assert listing["text"].startswith("Deze trainingen passen bij jou:")
            assert "Cursus heftruckchauffeur: 1 keer" in listing["text"] and "Perspectiefjaar" not in listing["text"]
            [signed_up] = await press(telegram, chat_id, listing, "Aanmelden: Cursus heftruckchauffeur")
            assert signed_up["text"].startswith("Top, je bent aangemeld voor Cursus heftruckchauffeur!")
            with unit_of_work(db) as session:
                [record] = export_client(session, client_id)["trainings"]
            assert (record["titel"], record["status"], record["source"]) == ("Cursus heftruckchauffeur", "aangemeld", "zelf")

            # Without a finished intake: only what is open to everyone.
            other_id, other_chat = await linked(telegram, new_client)
            [none] = await say(telegram, other_chat, "kan ik een training doen?")
            assert "heftruck" not in none["text"]

    asyncio.run(scenario())
