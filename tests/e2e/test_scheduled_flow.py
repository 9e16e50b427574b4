"""Scheduled messages through the whole stack, with an injected clock for the dispatcher.

Real Rasa (external intents worded by action_send_scheduled), the real action
server, real python-telegram-bot against the Telegram stand-in, and the
database as the source of truth.
"""
from __future__ import annotations

import asyncio
import itertools
from datetime import datetime, timedelta, timezone

from werkmaatje.texts.calendar import DAY_NAMES as DAYS
from bot.rasa_client import RasaClient
from storage import clients, handoffs, scheduled
from storage.db import unit_of_work
from storage.export import export_client
from storage.preferences import get_preferences
from testing.e2e.bot import running_application
from testing.e2e.chat import link_and_consent, press, say
from testing.e2e.scheduled import AMS, Clock, dispatched, dispatcher, rows_of
from werkmaatje.scheduling import local_moment

CHAT_IDS = itertools.count(710_000_001)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMS).astimezone(timezone.utc)


def next_weekday(weekday: int, clock_hour: int) -> datetime:
    """The coming such weekday at this local hour (a Tuesday is never a rest day)."""
    today = datetime.now(AMS).date()
    days = (weekday - today.weekday()) % 7 or 7
    return local_moment(today + timedelta(days=days), datetime.min.time().replace(hour=clock_hour), "Europe/Amsterdam")


def schedule(db, client_id, kind, due_at, **extra):
    with unit_of_work(db) as session:
        return scheduled.schedule_message(session, client_id=client_id, kind=kind, due_at=due_at, now=due_at, **extra).id


def row(db, message_id):
    with unit_of_work(db) as session:
        return scheduled.get_message(session, message_id)


async def linked(telegram, new_client):
    client_id, koppelcode = new_client()
    chat_id = next(CHAT_IDS)
    await link_and_consent(telegram, chat_id, koppelcode)
    return client_id, chat_id


def test_own_reminder_set_in_chat_sent_snoozed_done_listed_and_cancelled(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            [confirmation] = await say(telegram, chat_id, "herinner me dinsdag om 10 uur aan mijn gesprek bij jumbo")
            assert "om 10:00" in confirmation["text"] and confirmation["text"].startswith("Goed!")
            [reminder_row] = rows_of(db, client_id)
            assert reminder_row.kind == "own_reminder" and reminder_row.due_at == next_weekday(1, 10)
            assert scheduled.payload_of(reminder_row)["about"] == "mijn gesprek bij jumbo"

            clock = Clock(reminder_row.due_at + timedelta(seconds=20))
            [reminder] = await dispatched(telegram, chat_id, dispatcher(stack, application, clock))
            assert reminder["text"] == "Je vroeg me om je te herinneren: mijn gesprek bij jumbo"
            assert row(db, reminder_row.id).status == "sent"

            [later] = await press(telegram, chat_id, reminder, "Later")
            assert later["text"].startswith("Oké. Ik herinner je ")
            snoozed = [r for r in rows_of(db, client_id) if r.id != reminder_row.id]
            assert len(snoozed) == 1 and snoozed[0].status == "pending"
            assert snoozed[0].due_at >= datetime.now(timezone.utc) + timedelta(minutes=59)

            clock.now = snoozed[0].due_at + timedelta(seconds=5)
            [again] = await dispatched(telegram, chat_id, dispatcher(stack, application, clock))
            [done] = await press(telegram, chat_id, again, "Gedaan")
            assert done["text"] == "Goed gedaan! 👍"

            [second] = await say(telegram, chat_id, "herinner me over 3 dagen dat ik mn cv moet sturen naar de hema")
            assert "Ik herinner je" in second["text"]
            [overview] = await say(telegram, chat_id, "welke herinneringen heb ik?")
            assert "cv moet sturen naar de hema" in overview["text"]
            # The day it was planned on: "over 3 dagen" that falls on a Sunday (a rest day) moves to Monday.
            [cv_row] = [r for r in rows_of(db, client_id) if r.status == "pending"]
            planned_day = DAYS[cv_row.due_at.astimezone(AMS).weekday()]
            [cancelled] = await say(telegram, chat_id, f"zet die van {planned_day} uit")
            assert cancelled["text"].startswith("Oké, de herinnering van ")
            assert [r.status for r in rows_of(db, client_id)][-1] == "cancelled"
            [nothing] = await say(telegram, chat_id, "welke herinneringen heb ik")
            assert nothing["text"].startswith("Je hebt nu geen herinneringen")

    asyncio.run(scenario())


def test_every_kind_is_worded_and_sent(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            due = local(2026, 12, 1, 9, 0)  # a Tuesday morning
            ids = {
                "appointment": schedule(db, client_id, "appointment", due, event_at=local(2026, 12, 2, 10, 0),
                                        payload={"waar": "Werkplein, balie 3", "met": "Anna"}),
                "application_nudge": schedule(db, client_id, "application_nudge", due, payload={"gedaan": 1, "aantal": 4}),
                "intake_unfinished": schedule(db, client_id, "intake_unfinished", due),
                "interview_followup": schedule(db, client_id, "interview_followup", due,
                                               event_at=local(2026, 11, 30, 14, 0), payload={"werkgever": "Jumbo"}),
                "training_session": schedule(db, client_id, "training_session", due, event_at=local(2026, 12, 1, 13, 0),
                                             payload={"titel": "Werken aan werk", "waar": "Bibliotheek Losser"}),
                "own_reminder": schedule(db, client_id, "own_reminder", due, payload={"about": "<b>cv</b> sturen"}),
            }
            sent = await dispatched(telegram, chat_id, dispatcher(stack, application, Clock(due + timedelta(minutes=1))), 6)
            texts = [m["text"] for m in sent]
            assert "Niet vergeten: je hebt morgen om 10:00 een afspraak met Anna. Waar: Werkplein, balie 3. Kun je komen?" in texts
            assert any("Je hebt deze periode 1 van de 4 sollicitaties doorgegeven" in t for t in texts)
            assert any("nog niet klaar met de vragenlijst" in t for t in texts)
            assert "Je had gisteren een gesprek bij Jumbo. Hoe ging het?" in texts
            assert "Niet vergeten: Werken aan werk is vandaag om 13:00. Waar: Bibliotheek Losser. Kun je komen?" in texts
            # HTML typed by a person is shown as text, never as markup.
            assert "Je vroeg me om je te herinneren: <b>cv</b> sturen" in texts
            assert all(m.get("parse_mode") is None for m in sent)
            assert {row(db, i).status for i in ids.values()} == {"sent"}

    asyncio.run(scenario())


def test_appointment_cannot_attend_becomes_a_handoff_and_late_reminders_say_so(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            starts = local(2026, 12, 2, 10, 0)
            first = schedule(db, client_id, "appointment", local(2026, 12, 1, 10, 0), event_at=starts,
                             payload={"waar": "Werkplein", "met": "Anna"})
            [reminder] = await dispatched(
                telegram, chat_id, dispatcher(stack, application, Clock(local(2026, 12, 1, 10, 0, 30)))
            )
            [passed_on] = await press(telegram, chat_id, reminder, "Ik kan niet")
            assert passed_on["text"].startswith("Jammer, maar goed dat je het zegt.")
            with unit_of_work(db) as session:
                [request] = handoffs.handoffs_for_client(session, client_id)
            assert request.kind == "cannot_attend" and starts.isoformat() in request.reason
            assert row(db, first).status == "sent"

            # The 2-hours-before reminder, sent after the appointment (the bot was down): said as missed.
            schedule(db, client_id, "appointment", local(2026, 12, 2, 8, 0), event_at=starts,
                     payload={"waar": "Werkplein", "met": "Anna"})
            [late] = await dispatched(telegram, chat_id, dispatcher(stack, application, Clock(local(2026, 12, 2, 15, 0))))
            assert late["text"].startswith("Ik wilde je herinneren aan je afspraak met Anna van vandaag om 10:00.")
            # Two days after the appointment a reminder no longer helps: it is cancelled, not sent.
            stale = schedule(db, client_id, "appointment", local(2026, 12, 2, 8, 0), event_at=starts,
                             payload={"waar": "Werkplein", "met": "Anna"})
            sent_before = len(telegram.sent_to(chat_id))
            await dispatcher(stack, application, Clock(local(2026, 12, 4, 12, 0))).dispatch_due()
            assert row(db, stale).status == "cancelled"
            assert len(telegram.sent_to(chat_id)) == sent_before

    asyncio.run(scenario())


def test_quiet_hours_wait_for_the_morning(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            evening = local(2026, 12, 1, 22, 15)
            message_id = schedule(db, client_id, "own_reminder", evening, event_at=evening, payload={"about": "bellen"})
            telegram.mark()
            await dispatcher(stack, application, Clock(evening)).dispatch_due()
            waiting = row(db, message_id)
            assert waiting.status == "pending" and waiting.due_at == local(2026, 12, 2, 8, 0)
            assert telegram.sent_to(chat_id)[-1]["text"] != "Je vroeg me om je te herinneren: bellen"
            [morning] = await dispatched(telegram, chat_id, dispatcher(stack, application, Clock(local(2026, 12, 2, 8, 0, 5))))
            assert morning["text"].startswith("Sorry, deze herinnering komt later dan je vroeg.")
            assert "om 22:15" in morning["text"]

            # Saturday evening waits over Sunday, the rest day.
            sunday_id = schedule(db, client_id, "application_nudge", local(2026, 12, 5, 21, 30), payload={"gedaan": 0, "aantal": 4})
            await dispatcher(stack, application, Clock(local(2026, 12, 5, 21, 30))).dispatch_due()
            assert row(db, sunday_id).due_at == local(2026, 12, 7, 8, 0)

    asyncio.run(scenario())


def test_opt_out_pause_and_resume(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            due = local(2026, 12, 1, 11, 0)
            nudge = schedule(db, client_id, "application_nudge", due, payload={"gedaan": 0, "aantal": 4})
            own = schedule(db, client_id, "own_reminder", due, payload={"about": "cv"})
            [answer] = await say(telegram, chat_id, "ik wil geen herinneringen meer")
            assert "Herinneringen die je zelf vraagt en afspraken met je klantmanager krijg je wel" in answer["text"]
            assert row(db, nudge).status == "cancelled"
            # A nudge planned after the opt-out is not sent either.
            later_nudge = schedule(db, client_id, "interview_followup", due, payload={"werkgever": "Lidl"})
            [only] = await dispatched(telegram, chat_id, dispatcher(stack, application, Clock(due + timedelta(minutes=1))))
            assert only["text"] == "Je vroeg me om je te herinneren: cv"
            assert row(db, later_nudge).status == "cancelled" and row(db, own).status == "sent"

            [weekend] = await say(telegram, chat_id, "stuur me geen berichten meer in het weekend")
            assert weekend["text"] == "Goed. In het weekend stuur ik je geen berichten meer."
            with unit_of_work(db) as session:
                assert get_preferences(session, client_id).no_weekend

            # /stop pauses everything; nothing planned is lost, and /start brings it back.
            [paused] = await say(telegram, chat_id, "/stop")
            assert paused["text"].startswith("Oké. Ik stuur je niets meer tot je /start stuurt.")
            waiting = schedule(db, client_id, "own_reminder", due, payload={"about": "brief"})
            await dispatcher(stack, application, Clock(due + timedelta(minutes=2))).dispatch_due()
            assert row(db, waiting).status == "pending"
            [welcome_back] = await say(telegram, chat_id, "/start")
            assert welcome_back["text"] == "Welkom terug! Ik stuur je weer berichten."
            [delivered] = await dispatched(telegram, chat_id, dispatcher(stack, application, Clock(due + timedelta(minutes=3))))
            assert delivered["text"] == "Je vroeg me om je te herinneren: brief"

    asyncio.run(scenario())


def test_429_is_waited_out_403_marks_unreachable_and_rasa_down_retries(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            due = local(2026, 12, 1, 11, 0)
            clock = Clock(due + timedelta(minutes=1))

            first = schedule(db, client_id, "own_reminder", due, payload={"about": "eerste"})
            telegram.fail_next("sendMessage", error_code=429, description="Too Many Requests: retry after 1", retry_after=1)
            started = asyncio.get_running_loop().time()
            [message] = await dispatched(telegram, chat_id, dispatcher(stack, application, clock))
            assert message["text"].endswith("eerste") and row(db, first).status == "sent"
            assert asyncio.get_running_loop().time() - started >= 1.0
            assert any(not call.ok and call.response.get("error_code") == 429 for call in telegram.calls_of("sendMessage"))

            # Rasa down: the row waits with its error and goes out once Rasa is back.
            dead_rasa = RasaClient("http://127.0.0.1:9", None, 2.0)
            waiting = schedule(db, client_id, "own_reminder", due, payload={"about": "tweede"})
            await dispatcher(stack, application, clock, rasa=dead_rasa).dispatch_due()
            await dead_rasa.close()
            pending = row(db, waiting)
            assert pending.status == "pending" and pending.attempts == 1 and "Rasa" in pending.last_error
            assert pending.due_at > clock.now
            clock.now = pending.due_at
            [retried] = await dispatched(telegram, chat_id, dispatcher(stack, application, clock))
            assert retried["text"].endswith("tweede")

            # 403: the client blocked the bot. Marked unreachable; nothing more is sent to them.
            telegram.block_chat(chat_id)
            third = schedule(db, client_id, "own_reminder", clock.now, payload={"about": "derde"})
            fourth = schedule(db, client_id, "own_reminder", clock.now, payload={"about": "vierde"})
            await dispatcher(stack, application, clock).dispatch_due()
            # Both were claimed at once; whichever met the 403 first failed, the other waits.
            tried, still_waiting = sorted((row(db, third), row(db, fourth)), key=lambda r: r.status)
            assert (tried.status, still_waiting.status) == ("failed", "pending") and "403" in tried.last_error
            with unit_of_work(db) as session:
                assert clients.get_client(session, client_id).unreachable_since is not None
                assert export_client(session, client_id)["client"]["unreachable_since"] is not None

            # Writing to the bot again shows it was unblocked: the waiting reminder goes out.
            telegram.unblock_chat(chat_id)
            await say(telegram, chat_id, "hoi")
            [delivered] = await dispatched(telegram, chat_id, dispatcher(stack, application, clock))
            assert delivered["text"].endswith(scheduled.payload_of(still_waiting)["about"])

    asyncio.run(scenario())


def test_dst_reminder_at_10_fires_at_10_local(stack, db, new_client):
    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            client_id, chat_id = await linked(telegram, new_client)
            # The clocks go back on Sunday 25 October 2026; Monday 10:00 local is 09:00 UTC.
            ten = local(2026, 10, 26, 10, 0)
            assert ten == datetime(2026, 10, 26, 9, 0, tzinfo=timezone.utc)
            message_id = schedule(db, client_id, "own_reminder", ten, payload={"about": "gesprek"})
            await dispatcher(stack, application, Clock(ten - timedelta(minutes=1))).dispatch_due()
            assert row(db, message_id).status == "pending"
            [fired] = await dispatched(telegram, chat_id, dispatcher(stack, application, Clock(ten + timedelta(seconds=1))))
            assert fired["text"].endswith("gesprek") and row(db, message_id).status == "sent"

    asyncio.run(scenario())
