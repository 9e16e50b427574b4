"""Through the real stack: money trouble never gets the crisis answer, and distress is answered once per episode."""
from __future__ import annotations

import asyncio
import itertools

from storage import handoffs
from storage.db import unit_of_work
from testing.e2e.bot import running_bot
from testing.e2e.chat import link_and_consent, say
from testing.e2e.intake import answer_until

CHAT_IDS = itertools.count(731_600_001)
CRISIS_LINE = "0800-0113"


def test_debts_in_the_intake_and_as_a_free_message_get_the_debt_path(stack, db, new_client):
    client_id, koppelcode = new_client("Karim Bakker")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            [reply] = await say(telegram, chat_id, "ik heb schulden")
            assert CRISIS_LINE not in reply["text"] and "schulden" in reply["text"]
            _, first = await say(telegram, chat_id, "ik wil de intake doen", count=2)
            health = await answer_until(telegram, chat_id, first, "Heb je klachten die werken lastig maken?")
            for text in ("schulden", "geldzorgen"):
                note, again = await say(telegram, chat_id, text, count=2)
                assert CRISIS_LINE not in note["text"] and "Geldzorgen" in note["text"]
                assert again["text"] == health["text"]

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        assert [h for h in handoffs.handoffs_for_client(session, client_id) if h.kind == "distress"] == []


def test_a_repeated_distress_message_gets_a_short_answer_and_raises_one_signal(stack, db, new_client):
    client_id, koppelcode = new_client("Eva Smit")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            support, flagged = await say(telegram, chat_id, "alles is zwart en ik kan niet meer", count=2)
            assert CRISIS_LINE in support["text"] and "klantmanager" in flagged["text"]
            [again] = await say(telegram, chat_id, "ik wil er gewoon niet meer zijn")
            assert "ook dit" in again["text"]

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        [signal] = [h for h in handoffs.handoffs_for_client(session, client_id) if h.kind == "distress"]
        assert signal.urgent and signal.reason.endswith("ik wil er gewoon niet meer zijn")
