"""Data rights through the real ptb bot, Rasa, actions and database: overview, document, readers,
re-consent, withdrawal with /stop verwijderen, erasure confirmed by the caseworker, and clean logs."""
from __future__ import annotations

import asyncio
import itertools
import json
import logging

from sqlalchemy import text

from bot.database import utc_now
from storage import audit, caseworkers, consent, export
from storage.applications import log_application
from storage.db import unit_of_work
from storage.erasure import KeepRule, confirm_erasure, open_request_for_client
from storage.models import Client
from testing.e2e.bot import running_bot
from testing.e2e.chat import link_and_consent, press, say
from werkmaatje.gemeenten import load_gemeenten

CHAT_IDS = itertools.count(800_000_001)
# Unique strings, so the shared Rasa and action server logs can be searched for them.
NAME = "Zoë Privacytest"
SECRET_TEXT = "mijn geheime zin is blauwe olifant"


def _prepare_file(db, client_id, reader_email):
    with unit_of_work(db) as session:
        reader = caseworkers.add_caseworker(session, email=reader_email, naam="Kim Klantmanager", gemeente_id="hengelo")
        session.get(Client, client_id).caseworker_id = reader.id
        log_application(session, client_id, employer="Bakkerij Blauw", position=None, channel=None, applied_on=utc_now().date(), now=utc_now())
        audit.record_audit(session, actor=reader.email, action="portal_dossier", client_id=client_id, now=utc_now())


def _events(db, chat_id):
    with unit_of_work(db) as session:
        return session.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": str(chat_id)}).scalar_one()


def test_overview_document_and_readers_with_clean_logs(stack, db, new_client, caplog):
    caplog.set_level(logging.INFO)
    client_id, koppelcode = new_client(NAME)
    chat_id = next(CHAT_IDS)
    _prepare_file(db, client_id, "kim.privacy@hengelo.example")

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            await say(telegram, chat_id, SECRET_TEXT)

            overview, choices = await say(telegram, chat_id, "wat weet je eigenlijk allemaal van mij", count=2)
            assert overview["text"].startswith("Dit weet ik van je:")
            assert "Sollicitaties: 1." in overview["text"]
            assert "Vragenlijst: nog niet ingevuld." in overview["text"]
            assert "je klantmanager, Kim Klantmanager" in overview["text"]
            assert "Bakkerij" not in overview["text"]

            document, said = await press(telegram, chat_id, choices, "Stuur al mijn gegevens", count=2)
            assert document["document"]["file_name"] == "werkmaatje-mijn-gegevens.json"
            assert "Hierboven staan al je gegevens" in said["text"]
            sent = json.loads(telegram.documents[(chat_id, document["message_id"])]["content"].decode("utf-8"))

            [readers] = await say(telegram, chat_id, "wie heeft er in mijn gegevens gekeken?")
            assert readers["text"].splitlines()[1].startswith("• Je klantmanager, ")
            assert "Kim" not in readers["text"]
            return sent

    sent = asyncio.run(scenario())
    with unit_of_work(db) as session:
        expected = json.loads(json.dumps(export.export_client(session, client_id)))
    # The same as `werkmaatje export` (the chat's own audit entry is not part of the export).
    assert sent == expected
    assert sent["client"]["naam"] == NAME and sent["applications"][0]["employer"] == "Bakkerij Blauw"

    # Minimisation: at INFO, no message text and no client name in the bot's log or Rasa's and the actions'.
    bot_lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert bot_lines, "the bot logged nothing at INFO: this check would prove nothing"
    server_logs = [stack.log_tail(name, 100_000).splitlines() for name in ("rasa", "actions")]
    assert all(server_logs), "a server log is missing: this check would prove nothing"
    for lines in [bot_lines, *server_logs]:
        for needle in (SECRET_TEXT, "blauwe olifant", NAME, "Privacytest", "wat weet je eigenlijk"):
            assert not [line for line in lines if needle in line], needle


def test_new_privacy_text_asks_again(stack, db, new_client):
    client_id, koppelcode = new_client("Ruud Opnieuw")
    chat_id = next(CHAT_IDS)

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            with unit_of_work(db) as session:  # as if the yes was given to the previous text
                consent.record_consent(session, client_id, text_version="2026-11-v1", decision="given", now=utc_now())
            greeting, changed, privacy, question = await say(telegram, chat_id, "hoi", count=4)
            assert "veranderd" in changed["text"]
            assert "niet gebruikt voor controle op fraude" in privacy["text"]
            [thanks, _menu] = await press(telegram, chat_id, question, "Akkoord", count=2)

    asyncio.run(scenario())
    with unit_of_work(db) as session:
        assert consent.current_consent(session, client_id).text_version != "2026-11-v1"


def test_stop_verwijderen_then_erasure_confirmed_by_the_caseworker(stack, db, new_client):
    client_id, koppelcode = new_client("Erik Wisverzoek")
    chat_id = next(CHAT_IDS)
    _prepare_file(db, client_id, "km.wis@hengelo.example")
    hengelo = load_gemeenten(stack.settings.gemeenten_dir)["hengelo"]
    keep = [KeepRule(wat=i.wat, maanden=i.maanden, reden=i.reden) for i in hengelo.privacy.wettelijk_bewaren]

    async def scenario():
        async with running_bot(stack) as telegram:
            await link_and_consent(telegram, chat_id, koppelcode)
            withdrawn, offer = await say(telegram, chat_id, "/stop verwijderen", count=2)
            assert withdrawn["text"].startswith("Oké, je doet niet meer mee.")
            with unit_of_work(db) as session:
                assert consent.current_consent(session, client_id).decision == "withdrawn"

            explain, confirm = await press(telegram, chat_id, offer, "Ja, wis mijn gegevens", count=2)
            assert "je sollicitaties" in explain["text"]  # what the law keeps, said before
            [requested] = await press(telegram, chat_id, confirm, "Ja, wis alles")
            assert "Ik heb je verzoek doorgegeven" in requested["text"]

            assert _events(db, chat_id) > 0
            telegram.mark()
            with unit_of_work(db) as session:
                request = open_request_for_client(session, client_id)
                confirm_erasure(session, request.id, keep=keep, actor="km.wis@hengelo.example", now=utc_now())
            [done] = await telegram.wait_for_sent(chat_id, 1)
            assert done["text"].startswith("Je gegevens zijn gewist.")
            assert "je sollicitaties, tot " in done["text"] and "Waarom:" in done["text"]

    asyncio.run(scenario())
    assert _events(db, chat_id) == 0
    with unit_of_work(db) as session:
        assert session.get(Client, client_id) is None
        assert export.export_client(session, client_id) is None
