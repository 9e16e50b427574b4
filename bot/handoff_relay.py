"""While a klantmanager talks with the person, the person's words go to them, not to Rasa.

Choice (README, docs/privacy.md): during an open thread Rasa does not answer
free text, so no bot answer can contradict what the klantmanager just wrote.
Each message is still read by Rasa's NLU and kept in Rasa's tracker as an
unanswered turn (the chat history stays whole). Distress is the exception:
a message Rasa reads as distress goes through Rasa as always (113, a flag),
and is in the thread too. Buttons and commands (/stop, /privacy) also go to
Rasa: the person chose to talk to the bot there.
"""
from __future__ import annotations

import logging

from bot.database import Database, utc_now
from bot.rasa_client import RasaClient
from bot.telegram_out import TelegramOut
from storage import handoff_threads
from werkmaatje.texts import chat as texts

logger = logging.getLogger(__name__)

# Intents that must reach Rasa even during a thread: a person's safety first.
ALWAYS_ANSWERED_INTENTS = ("distress",)


def _store(session, chat_id: int, text: str, *, now):
    """Into the open thread, if there is one: (stored, first_in_thread, klantmanager's first name)."""
    handoff = handoff_threads.open_thread_for_chat(session, chat_id)
    if handoff is None:
        return False, False, None
    first = handoff_threads.add_client_message(session, handoff, text, now=now)
    return True, first, handoff_threads.last_writer_name(session, handoff.id)


class HandoffRelay:
    def __init__(self, db: Database, rasa: RasaClient, out: TelegramOut) -> None:
        self._db = db
        self._rasa = rasa
        self._out = out

    async def take(self, message) -> bool:
        """True if the message went to the klantmanager's thread and Rasa must not answer it.

        Raises RasaUnavailable like a normal answer would, so the message waits.
        """
        text = message.text or ""
        if message.kind != "text" or not text or text.startswith("/"):
            return False
        if await self._db(handoff_threads.open_thread_for_chat, message.chat_id) is None:
            return False
        parse_data = await self._rasa.parse(text)
        intent = (parse_data.get("intent") or {}).get("name")
        if intent in ALWAYS_ANSWERED_INTENTS:
            await self._db(_store, message.chat_id, text, now=utc_now())
            return False
        # Into Rasa's tracker first: if Rasa is down now, nothing is stored twice on the retry.
        await self._rasa.record_without_answer(str(message.chat_id), text, parse_data)
        stored, first, voornaam = await self._db(_store, message.chat_id, text, now=utc_now())
        if stored and first:
            await self._out.send_text(
                message.chat_id, texts.THREAD_FORWARDED.format(voornaam=voornaam or texts.CASEWORKER_FALLBACK_NAME)
            )
        return True
