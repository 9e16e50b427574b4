"""The intake through the real stack: ptb bot, Telegram stand-in, Rasa, action server and database.

Hengelo asks the default 26 questions. Each test answers them the way people
do: buttons, typed answers, a question about the form, a correction, answers
that are not understood, skips, "liever persoonlijk bespreken".
"""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import subprocess
import sys
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from storage import intake as store
from storage import scheduled
from storage.db import unit_of_work
from storage.tables import IntakeSensitiveAnswer
from bot.app import build_application
from testing.e2e.bot import running_bot
from testing.e2e.chat import link_and_consent, press, say
from testing.e2e.intake import TOTAL, answer, answer_until, question_of
from testing.e2e.scheduled import Clock, dispatched, dispatcher
from testing.telegram import TelegramStandIn
from werkmaatje.settings import REPO_ROOT

CHAT_IDS = itertools.count(720_300_001)
AMS = ZoneInfo("Europe/Amsterdam")


def outside_quiet_hours(due_at: datetime) -> datetime:
    """Noon on the due day (or the next), never a Sunday: a moment the dispatcher may send."""
    local = due_at.astimezone(AMS)
    moment = local.replace(hour=12, minute=0, second=0, microsecond=0)
    if moment < local:
        moment += timedelta(days=1)
    while moment.weekday() == 6:
        moment += timedelta(days=1)
    return moment.astimezone(timezone.utc)


def werkmaatje_export(stack, client_id) -> dict:
    env = dict(os.environ, DATABASE_URL=stack.settings.database_url, RASA_TELEMETRY_ENABLED="false")
    result = subprocess.run(
        [sys.executable, "-m", "cli", "export", client_id],
        env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_full_intake_with_question_correction_failures_skip_and_summary_change(stack, db, new_client):
    client_id, koppelcode = new_client("Sanne Jansen")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            intro, first = await say(telegram, chat_id, "ik wil de intake doen", count=2)
            assert f"Ik stel je {TOTAL} korte vragen" in intro["text"]
            assert first["text"] == "Vraag 1 van 26\nHoe oud ben je?"

            second = await answer(telegram, chat_id, first)
            assert second["text"].startswith("Vraag 2 van 26\nWelke uitkering")
            # A question about the form is answered, then the same question comes again.
            why, again = await say(telegram, chat_id, "waarom wil je dat weten?", count=2)
            assert why["text"].startswith("Ik vraag dit omdat")
            assert again["text"] == second["text"]
            who, again = await say(telegram, chat_id, "wie leest dit eigenlijk?", count=2)
            assert who["text"].startswith("Alleen je klantmanager leest")

            language = await answer_until(telegram, chat_id, again, "Hoe goed spreek je Nederlands?")
            assert language["text"].startswith("Vraag 13 van 26")
            # A correction of an earlier answer, mid-form; then the current question again.
            corrected, again = await say(telegram, chat_id, "nee wacht, ik heb wel een rijbewijs", count=2)
            assert corrected["text"] == "Ik heb het aangepast. papieren: rijbewijs."
            assert again["text"] == language["text"]

            rhythm = await answer_until(telegram, chat_id, again, "Heb je een vast ritme")
            # Two answers not understood: first an example, then why it is asked and skip/stop.
            example, same = await say(telegram, chat_id, "pannenkoek", count=2)
            assert example["text"].startswith("Dat snap ik niet goed. Zeg bijvoorbeeld")
            assert same["text"] == rhythm["text"]
            why, offer = await say(telegram, chat_id, "fiets", count=2)
            assert why["text"].startswith("Ik vraag dit om te zien wat je al doet")
            assert offer["text"] == "Wil je deze vraag overslaan, of even stoppen?"
            [health] = await press(telegram, chat_id, offer, "Sla over")
            assert health["text"].startswith("Vraag 17 van 26\nHeb je klachten")

            summary = await answer_until(telegram, chat_id, health, "Dit heb je verteld:")
            lines = summary["text"].splitlines()
            assert "• Leeftijd: 27 tot 45" in lines and "• Papieren: rijbewijs" in lines
            assert "• Dagritme: overgeslagen" in lines and "• Gezondheid: liever persoonlijk" in lines
            assert "• Kinderen: 2, de jongste is 3" in lines
            assert not any(word in summary["text"].lower() for word in ("trede", "middengroep", "participatie"))

            # Change a topic from the summary: its questions come again, then the summary again.
            changed, education = await press(telegram, chat_id, summary, "Opleiding en werk aanpassen", count=2)
            assert changed["text"] == "Goed, ik vraag het nog een keer."
            assert question_of(education) == "Wat is je hoogste opleiding?"
            [foreign] = await say(telegram, chat_id, "havo niet afgemaakt")
            papers = await answer_until(telegram, chat_id, foreign, "Heb je een rijbewijs")
            assert papers["text"].startswith("Vraag 12 van 26")
            [summary] = await say(telegram, chat_id, "alleen mn rijbewijs")
            assert "• Opleiding: havo, niet afgemaakt" in summary["text"].splitlines()

            thanks, next_steps = await press(telegram, chat_id, summary, "Klopt", count=2)
            assert thanks["text"].startswith("Dank je wel!")
            assert "binnen 2 werkdagen contact met je op" in next_steps["text"]

    asyncio.run(scenario())

    with unit_of_work(db) as session:
        run = store.latest_finished_intake(session, client_id)
        answers = store.current_answers(session, client_id, run.id)
        assert (answers["leeftijd"].value, answers["leeftijd"].raw_text) == ("27-44", "ik ben 34")
        assert answers["certificaten"].value == ["rijbewijs"]
        assert answers["opleiding"].value == {"niveau": "havo", "diploma": False, "startkwalificatie": False}
        assert answers["dagritme"].status == "skipped" and answers["gezondheid"].status == "personal"
        assert answers["kinderen"].value == {"aantal": 2, "jongste": 3}
        history = store.answer_history(session, client_id, run.id)
        assert [r.value for r in history if r.question == "certificaten"] == [["geen"], ["rijbewijs"], ["rijbewijs"]]
        sensitive = session.query(IntakeSensitiveAnswer).filter_by(intake_id=run.id).all()
        assert {row.question for row in sensitive} == {"gezondheid", "belemmeringen"}
        overview = store.ladder_overview(session, client_id)
        assert overview["proposal"]["step"] == 3 and overview["proposal"]["group"] == "middengroep"
        assert {"persoonlijk_gesprek", "schulden", "kinderopvang"} <= set(overview["proposal"]["flags"])
        assert "Voorstel (niet bevestigd): trede 3" in run.summary_text
        assert store.profile_for_matching(session, client_id) == {
            "age_band": "27-44",
            "benefit_duration": "1-3",
            "ladder_step": 3,
            "wants_training": True,
            "wish_sectors": ["zorg"],
            "language_level": "goed",
        }
        reminders = [m for m in scheduled.messages_for_client(session, client_id) if m.kind == "intake_unfinished"]
        assert [m.status for m in reminders] == ["cancelled"]

    exported = werkmaatje_export(stack, client_id)
    [exported_run] = exported["intakes"]
    assert exported_run["status"] == "finished" and exported_run["summary_text"] == run.summary_text
    assert exported_run["answers"]["drijfveren"]["raw_text"] == "ik ben goed met <b>mensen</b> 💪"
    assert exported["ladder"]["proposal"]["step"] == 3


@asynccontextmanager
async def bot_on(stack, telegram, **overrides):
    """The real ptb Application on an existing stand-in, so Telegram's update ids go on across a restart."""
    settings = stack.settings.copy(
        update={"telegram_bot_token": telegram.token, "telegram_api_base_url": f"{telegram.url}/bot", **overrides}
    )
    application = build_application(settings)
    await application.initialize()
    await application.post_init(application)
    await application.start()
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await application.post_shutdown(application)


def restart_everything(stack):
    stack.stop()
    stack.start()


def test_stop_reminder_button_and_resume_after_a_full_restart(stack, db, new_client):
    client_id, koppelcode = new_client("Bram de Boer")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with TelegramStandIn() as telegram:
            async with bot_on(stack, telegram, dispatch_scan_seconds=3600) as application:
                await link_and_consent(telegram, chat_id, koppelcode)
                _, first = await say(telegram, chat_id, "vragenlijst invullen", count=2)
                fourth = await answer_until(telegram, chat_id, first, "Had je eerder ook al eens een uitkering?")
                assert fourth["text"].startswith("Vraag 4 van 26")
                [stopped] = await say(telegram, chat_id, "ik stop even")
                assert stopped["text"].startswith("Oké, we stoppen even. Je antwoorden zijn bewaard.")

                with unit_of_work(db) as session:
                    run = store.open_intake(session, client_id)
                    [reminder] = scheduled.upcoming_for_client(session, client_id, kinds=["intake_unfinished"])
                assert run.status == "stopped"
                assert reminder.due_at == run.last_answer_at + timedelta(days=2)

                # Two days later the one reminder comes; its button resumes where it stopped.
                clock = Clock(outside_quiet_hours(reminder.due_at))
                [nudge] = await dispatched(telegram, chat_id, dispatcher(stack, application, clock))
                assert nudge["text"].startswith("Hoi! Je bent nog niet klaar met de vragenlijst.")
                welcome_back, resumed = await press(telegram, chat_id, nudge, "Verder met de vragen", count=2)
                assert welcome_back["text"].startswith("Fijn dat je er weer bent!")
                assert resumed["text"] == fourth["text"]
                [fifth] = await press(telegram, chat_id, resumed, "Nee")
                assert fifth["text"].startswith("Vraag 5 van 26")
                [stopped] = await say(telegram, chat_id, "later")
                assert stopped["text"].startswith("Oké, we stoppen even.")

            # Every service goes down and comes back: the intake state is in the intake tables.
            await asyncio.to_thread(restart_everything, stack)

            async with bot_on(stack, telegram):
                welcome_back, resumed = await say(telegram, chat_id, "verder met de intake", count=2)
                assert welcome_back["text"].startswith("Fijn dat je er weer bent!")
                assert resumed["text"] == fifth["text"]
                [sixth] = await press(telegram, chat_id, resumed, "Ja")
                assert sixth["text"].startswith("Vraag 6 van 26\nHeb je kinderen")

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        run = store.open_intake(session, client_id)
        answers = store.current_answers(session, client_id, run.id)
        assert answers["eerder_uitkering"].value == "nee" and answers["partner"].value == "ja"
        sent = [m for m in scheduled.messages_for_client(session, client_id) if m.kind == "intake_unfinished"]
        # One reminder per intake: it was sent, and no second one is planned.
        assert [m.status for m in sent] == ["sent"]
