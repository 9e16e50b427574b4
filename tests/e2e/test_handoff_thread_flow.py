"""The klantmanager answers in the chat: portal → bot → Telegram stand-in, the answer back in the thread, closing.

Real parts throughout: the portal app (Starlette TestClient), the ptb bot
with its dispatcher, Rasa and the action server on the trained model, and
the Telegram stand-in.
"""
from __future__ import annotations

import asyncio
import itertools
import re

from sqlalchemy import text
from starlette.testclient import TestClient

from bot.database import utc_now
from portal.app import create_app
from storage import caseworkers, handoffs
from storage.db import unit_of_work
from storage.export import export_client
from storage.models import Client, HandoffMessage
from storage.portal_accounts import set_password
from testing.e2e.bot import running_application
from testing.e2e.chat import link_and_consent, say
from werkmaatje.gemeenten import load_gemeenten

CHAT_IDS = itertools.count(810_000_001)
PASSWORD = "een-lang-wachtwoord-voor-e2e"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _klantmanager_of(stack, db, client_id, naam):
    """A klantmanager with a password, made the client's own, signed in to the portal."""
    email = f"{naam.split()[0].lower()}.{client_id}@hengelo.example"
    with unit_of_work(db) as s:
        person = caseworkers.add_caseworker(s, email=email, naam=naam, gemeente_id="hengelo")
        set_password(s, person.id, PASSWORD, now=utc_now())
        s.get(Client, client_id).caseworker_id = person.id
    return _portal(stack, db, email)


def _portal(stack, db, email):
    app = create_app(stack.settings, db, load_gemeenten(stack.settings.gemeenten_dir))
    browser = TestClient(app, follow_redirects=False)
    page = browser.get("/login")
    token = CSRF.search(page.text).group(1)
    assert browser.post("/login", data={"email": email, "wachtwoord": PASSWORD, "csrf_token": token}).status_code == 303
    return browser


def _post(browser, path, page, **data):
    token = CSRF.search(browser.get(page).text).group(1)
    return browser.post(path, data={**data, "csrf_token": token})


def test_the_klantmanager_writes_the_person_answers_and_closing_hands_back_to_the_bot(stack, db, new_client):
    client_id, koppelcode = new_client("Anna Draadtest")
    chat_id = next(CHAT_IDS)
    browser = _klantmanager_of(stack, db, client_id, "Sanne Bakker")

    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            dispatcher = application.bot_data["services"].dispatcher
            await link_and_consent(telegram, chat_id, koppelcode)
            telegram.mark()
            telegram.push_text(chat_id, "ik wil mijn klantmanager spreken")
            await telegram.wait_for_sent(chat_id, 1)
            [done] = await say(telegram, chat_id, "over mijn uitkering")
            assert "binnen 2 werkdagen" in done["text"]
            with unit_of_work(db) as s:
                [request] = handoffs.handoffs_for_client(s, client_id)
            thread_page = f"/verzoeken/{request.id}"

            # The klantmanager writes; the bot sends her words as plain text, prefixed.
            response = await asyncio.to_thread(
                _post, browser, f"{thread_page}/bericht", thread_page, bericht="Hoi Anna, <b>ik</b> bel je morgen. Past 10 uur?"
            )
            assert response.status_code == 303
            telegram.mark()
            await dispatcher.dispatch_due()
            [reply] = await telegram.wait_for_sent(chat_id, 1)
            assert reply["text"] == "Sanne van de gemeente: Hoi Anna, <b>ik</b> bel je morgen. Past 10 uur?"
            [call] = [c for c in telegram.calls_of("sendMessage") if c.params.get("text") == reply["text"]]
            assert "parse_mode" not in call.params

            # The answer goes to the thread; the bot only says it passed it on, once.
            [forwarded] = await say(telegram, chat_id, "ja prima, 10 uur is goed")
            assert forwarded["text"] == "Ik heb je bericht doorgegeven aan Sanne. Je krijgt hier antwoord."
            # Distress is still caught by Rasa during the thread.
            support, flagged = await say(telegram, chat_id, "ik zie het echt niet meer zitten", count=2)
            assert "0800-0113" in support["text"]
            page = (await asyncio.to_thread(browser.get, thread_page)).text
            assert "ja prima, 10 uur is goed" in page and "Bezorgd" in page

            # Afgehandeld: one sentence, then the bot answers again.
            response = await asyncio.to_thread(_post, browser, f"{thread_page}/afhandelen", thread_page, status="afgehandeld", notitie="gebeld")
            assert response.status_code == 303
            telegram.mark()
            await dispatcher.dispatch_due()
            [closing] = await telegram.wait_for_sent(chat_id, 1)
            assert closing["text"] == "Sanne heeft je vraag afgehandeld, dus vanaf nu praat je weer met mij."
            [greeting] = await say(telegram, chat_id, "hoi")
            assert greeting["text"].startswith(("Hoi", "Hallo")) and "doorgegeven" not in greeting["text"]

    asyncio.run(scenario())
    with unit_of_work(db) as s:
        messages = s.query(HandoffMessage).filter(HandoffMessage.client_id == client_id).order_by(HandoffMessage.id).all()
        assert [(m.author_kind, m.text) for m in messages] == [
            ("klantmanager", "Hoi Anna, <b>ik</b> bel je morgen. Past 10 uur?"),
            ("client", "ja prima, 10 uur is goed"),
            ("client", "ik zie het echt niet meer zitten"),
        ]
        exported = export_client(s, client_id)["handoff_messages"]
        assert [m["tekst"] for m in exported] == [m.text for m in messages]
        # Still kept as usual: the unanswered message is a user turn in Rasa's tracker (the full chat view).
        user_texts = [
            row[0]
            for row in s.execute(
                text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": str(chat_id)}
            )
        ]
        assert any("ja prima, 10 uur is goed" in data for data in user_texts)
        actions = [a for (a,) in s.execute(text("SELECT action FROM audit_log WHERE client_id = :c"), {"c": client_id})]
        assert {"portal_gesprek", "portal_bericht", "portal_verzoek_afgehandeld"} <= set(actions)


def test_a_reply_to_a_client_who_blocked_the_bot_says_so_in_the_portal(stack, db, new_client):
    client_id, koppelcode = new_client("Bas Blokkeer")
    chat_id = next(CHAT_IDS)
    browser = _klantmanager_of(stack, db, client_id, "Kim de Boer")
    with unit_of_work(db) as s:
        request = handoffs.create_handoff(s, client_id, kind="contact", reason=None, urgent=False, now=utc_now())
    thread_page = f"/verzoeken/{request.id}"

    async def scenario():
        async with running_application(stack, dispatch_scan_seconds=3600) as (telegram, application):
            await link_and_consent(telegram, chat_id, koppelcode)
            telegram.block_chat(chat_id)
            await asyncio.to_thread(_post, browser, f"{thread_page}/bericht", thread_page, bericht="Ben je er nog?")
            await application.bot_data["services"].dispatcher.dispatch_due()

    asyncio.run(scenario())
    page = browser.get(thread_page).text
    assert "Niet bezorgd: de cliënt heeft de bot geblokkeerd" in page
