"""Applications through the real stack: ptb bot, Telegram stand-in, Rasa, action server and database."""
from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.database import utc_now
from storage import applications, export
from storage.db import unit_of_work
from testing.e2e.applications import answer_until_card
from testing.e2e.bot import running_bot
from testing.e2e.chat import link_and_consent, press, say

CHAT_IDS = itertools.count(700_400_001)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_log_update_and_list_are_stored_and_exported(stack, db, new_client):
    client_id, koppelcode = new_client("Anna de Vries")
    chat_id = next(CHAT_IDS)
    yesterday = (utc_now().astimezone(AMSTERDAM) - timedelta(days=1)).date()

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            [first] = await say(telegram, chat_id, "ik heb gisteren bij de jumbo gesolliciteerd als vakkenvuller")
            card = await answer_until_card(telegram, chat_id, first)
            assert card["text"].splitlines()[1:5] == [
                "Werkgever: Jumbo",
                "Functie: vakkenvuller",
                f"Datum: {yesterday:%d-%m-%Y}",
                "Hoe: online",
            ]
            [saved] = await press(telegram, chat_id, card, "Klopt")
            assert "opgeslagen" in saved["text"].lower() and "Jumbo" in saved["text"]

            [invited] = await say(telegram, chat_id, "de jumbo heeft me uitgenodigd voor een gesprek")
            assert invited["text"].startswith("Wat goed, een uitnodiging van Jumbo!")

            # No employer named: the bot asks which application, with a button for it.
            [which] = await say(telegram, chat_id, "gesprek is donderdag om 10 uur")
            assert which["text"] == "Over welke sollicitatie gaat het?"
            [noted] = await press(telegram, chat_id, which, f"Jumbo · {yesterday:%d-%m-%Y}")
            assert "om 10:00" in noted["text"]

            listing, progress = await say(telegram, chat_id, "laat mijn sollicitaties zien", count=2)
            assert f"• {yesterday:%d-%m-%Y} Jumbo, vakkenvuller: uitgenodigd" in listing["text"]
            assert "Je afspraak is 4 keer per 4 weken" in progress["text"]

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        [stored] = applications.recent(session, client_id)
        assert (stored.employer, stored.position, stored.channel, stored.applied_on, stored.status) == (
            "Jumbo", "vakkenvuller", "online", yesterday, "uitgenodigd"
        )
        interview = stored.interview_at.astimezone(AMSTERDAM)
        assert (interview.weekday(), interview.hour, interview.minute, stored.interview_time_known) == (3, 10, 0, True)
        exported = export.export_client(session, client_id)
    [record] = exported["applications"]
    assert record["employer"] == "Jumbo" and record["applied_on"] == yesterday.isoformat()
    assert [change["status"] for change in record["status_history"]] == ["verstuurd", "uitgenodigd"]


def test_missing_employer_rant_odd_name_and_delete(stack, db, new_client):
    client_id, koppelcode = new_client("Bram Jansen")
    chat_id = next(CHAT_IDS)
    odd_name = "<b>Bakkerij</b> 🥖"

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            [question] = await say(telegram, chat_id, "ik heb bij gesolliciteerd")
            assert question["text"] == "Bij welk bedrijf heb je gesolliciteerd?"
            rant = "de vacature stond op indeed en het leek me leuk werk maar de winkel ligt wel ver weg, " * 6
            [again] = await say(telegram, chat_id, rant)
            assert again["text"] == "Bij welk bedrijf? Typ alleen de naam, bijvoorbeeld: Jumbo."
            [position] = await say(telegram, chat_id, odd_name)
            assert position["text"].startswith("Voor welke functie?")
            [date_question] = await press(telegram, chat_id, position, "Weet ik niet meer")
            [future] = await say(telegram, chat_id, "overmorgen")
            assert future["text"] == "Dat is in de toekomst. Heb je al gesolliciteerd?"
            [channel] = await press(telegram, chat_id, future, "Ja, vandaag")
            [card] = await press(telegram, chat_id, channel, "Langsgegaan")
            assert card["text"].splitlines()[1] == f"Werkgever: {odd_name}"
            await press(telegram, chat_id, card, "Klopt")

            [confirm] = await say(telegram, chat_id, "verwijder die laatste")
            assert confirm["text"].startswith(f"Wil je de sollicitatie bij {odd_name} van ")
            [deleted] = await press(telegram, chat_id, confirm, "Ja, verwijder")
            assert deleted["text"].startswith("Verwijderd.")

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        assert applications.recent(session, client_id) == []
        assert export.export_client(session, client_id)["applications"] == []
