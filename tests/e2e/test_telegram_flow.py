"""Telegram-format updates through the real ptb bot, real Rasa, real actions and the database."""
from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

from sqlalchemy import text

from werkmaatje.texts import chat as texts
from bot.conversations import REFUSED_CONVERSATION_QUIET, housekeeping
from bot.database import utc_now
from storage import consent, export, handoffs, inbox, rasa_events
from storage.db import unit_of_work
from testing.e2e.bot import running_bot
from testing.e2e.chat import button_data, link_and_consent

CHAT_IDS = itertools.count(700_000_001)


def _pending(db, chat_id):
    with unit_of_work(db) as session:
        return inbox.next_pending(session, chat_id)


async def eventually(condition, timeout=10.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.1)


def test_deep_link_consent_greeting_menu_and_double_tap(stack, db, new_client):
    client_id, koppelcode = new_client()
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            commands = await telegram.wait_for_call("setMyCommands")
            assert {c["command"] for c in commands[0].params["commands"]} == {"help", "privacy", "stop"}
            message_id, akkoord = await link_and_consent(telegram, chat_id, koppelcode)
            # The pressed keyboard is gone and the choice is shown.
            assert "reply_markup" not in telegram.messages[(chat_id, message_id)]
            assert "Je koos: Akkoord" in telegram.messages[(chat_id, message_id)]["text"]

            # A second tap on the same button is answered but changes nothing.
            telegram.mark()
            telegram.push_callback(chat_id, akkoord, message_id=message_id)
            [answer] = await telegram.wait_for_call("answerCallbackQuery")
            assert answer.params.get("text") == texts.BUTTON_ALREADY_USED

            telegram.push_text(chat_id, "hoi")
            [greeting] = await telegram.wait_for_sent(chat_id, 1)
            assert greeting["text"] == "Hoi Anna! Fijn dat je er bent."

            telegram.mark()
            telegram.push_text(chat_id, "wat kun je allemaal")
            [menu] = await telegram.wait_for_sent(chat_id, 1)
            titles = [row[0]["text"] for row in menu["reply_markup"]["inline_keyboard"]]
            assert "Klantmanager spreken" in titles
            assert all(len(row[0]["callback_data"].encode()) <= 64 for row in menu["reply_markup"]["inline_keyboard"])

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        latest = consent.current_consent(session, client_id)
        assert latest is not None and latest.decision == "given"
        # Rasa's SQL tracker store writes into Werkmaatje's own database.
        rasa_events = session.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :sender"), {"sender": str(chat_id)}
        ).scalar_one()
        assert rasa_events > 10


def test_handoff_and_distress_are_stored(stack, db, new_client):
    client_id, koppelcode = new_client("Bram Jansen")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            telegram.mark()
            telegram.push_text(chat_id, "ik wil mijn klantmanager spreken")
            [question] = await telegram.wait_for_sent(chat_id, 1)
            assert "Waar wil je over praten" in question["text"]
            telegram.mark()
            telegram.push_text(chat_id, "over mijn cv en een cursus heftruck")
            [done] = await telegram.wait_for_sent(chat_id, 1)
            assert "binnen 2 werkdagen" in done["text"]

            telegram.mark()
            telegram.push_text(chat_id, "ik zie het echt niet meer zitten")
            support, flagged = await telegram.wait_for_sent(chat_id, 2)
            assert "0800-0113" in support["text"]
            assert "klantmanager" in flagged["text"]

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        contact, distress = sorted(handoffs.handoffs_for_client(session, client_id), key=lambda r: r.id)
        assert (contact.kind, contact.reason, contact.status, contact.urgent) == (
            "contact", "over mijn cv en een cursus heftruck", "open", False
        )
        assert (distress.kind, distress.urgent) == ("distress", True)


def test_photo_duplicate_long_and_emoji_messages(stack, db, new_client):
    _, koppelcode = new_client("Chris")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            telegram.mark()
            telegram.push_photo(chat_id)
            [reply] = await telegram.wait_for_sent(chat_id, 1)
            assert reply["text"] == texts.ONLY_TEXT

            telegram.mark()
            update_id = telegram.push_text(chat_id, "ben jij een robot?")
            telegram.duplicate_update(update_id)
            [answer] = await telegram.wait_for_sent(chat_id, 1)
            assert "computerprogramma" in answer["text"]
            # Give a wrongly handled duplicate every chance to show up.
            await asyncio.sleep(3)
            assert len(telegram.sent_to(chat_id)) == 5 + 1 + 1

            # A 10 000-character message and an emoji-only one each get an answer, not a crash.
            for odd_message in ("ik wil werken " * 715, "🙂🙂🙂"):
                telegram.mark()
                telegram.push_text(chat_id, odd_message)
                [answer] = await telegram.wait_for_sent(chat_id, 1)
                assert answer["text"] and texts.SOMETHING_WENT_WRONG not in answer["text"]

    asyncio.run(scenario())


def test_message_sent_while_rasa_is_down_is_answered_later(stack, db, new_client):
    _, koppelcode = new_client("Dewi")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            await asyncio.to_thread(stack.stop_rasa)
            try:
                telegram.mark()
                update_id = telegram.push_text(chat_id, "hallo")
                [away] = await telegram.wait_for_sent(chat_id, 1)
                assert away["text"] == texts.NOT_REACHABLE
                assert _pending(db, chat_id).update_id == update_id
            finally:
                await asyncio.to_thread(stack.start_rasa)
            # Counted from before the outage, so an answer that comes quickly is not missed.
            away, greeting = await telegram.wait_for_sent(chat_id, 2, timeout=60)
            assert greeting["text"] == "Hoi Dewi! Fijn dat je er bent."
            # Marked done just after the reply went out.
            await eventually(lambda: _pending(db, chat_id) is None)

    asyncio.run(scenario())


def test_refusal_keeps_only_the_refusal(stack, db, new_client):
    client_id, koppelcode = new_client("Eef")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            telegram.push_text(chat_id, f"/start {koppelcode}")
            *_, question = await telegram.wait_for_sent(chat_id, 3)
            telegram.mark()
            telegram.push_callback(chat_id, button_data(question, "Liever niet"), message_id=question["message_id"])
            refused, offer = await telegram.wait_for_sent(chat_id, 2)
            assert "Ik bewaar dan niets van je" in refused["text"]
            telegram.mark()
            telegram.push_callback(chat_id, button_data(offer, "Nee, nu niet"), message_id=offer["message_id"])
            await telegram.wait_for_sent(chat_id, 1)

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        assert rasa_events.count_conversation_events(session, str(chat_id)) > 0
        # Run the bot's hourly housekeeping as if the chat has been quiet for a while.
        housekeeping(session, now=utc_now() + REFUSED_CONVERSATION_QUIET + timedelta(minutes=1))
    with unit_of_work(db) as session:
        assert rasa_events.count_conversation_events(session, str(chat_id)) == 0
        assert consent.current_consent(session, client_id).decision == "refused"
        assert handoffs.handoffs_for_client(session, client_id) == []
        exported = export.export_client(session, client_id)
        assert [record["decision"] for record in exported["consent"]] == ["refused"]
