"""Messages a klantmanager sends through the bot: their own words, never worded by Rasa.

A `caseworker_reply` carries a message from the request's thread, prefixed
with who writes ("Sanne van de gemeente: …"); `handoff_closed` is the one
sentence saying the request was handled. Both go out as plain text (no
parse_mode), so HTML or Markdown a klantmanager types shows as typed. Quiet
hours do not hold them back: the person asked for this answer.
"""
from __future__ import annotations

from typing import Optional

from storage import handoff_threads, scheduled
from storage.tables import ScheduledMessage
from werkmaatje.texts import chat as texts


def direct_text(session, message: ScheduledMessage) -> Optional[str]:
    """The text to send, or None when what the row refers to is gone."""
    if message.kind == "handoff_closed":
        voornaam = scheduled.payload_of(message).get("voornaam")
        return texts.HANDOFF_CLOSED.format(voornaam=voornaam) if voornaam else texts.HANDOFF_CLOSED_NO_NAME
    written = handoff_threads.message_for_delivery(session, message.id)
    if written is None:
        return None
    return texts.CASEWORKER_MESSAGE.format(voornaam=written.author_name or texts.CASEWORKER_FALLBACK_NAME, tekst=written.text)


def prepare(session, message_id: int) -> tuple:
    """(text, must_wait) in one unit of work: must_wait when an earlier direct message is still on its way."""
    message = scheduled.get_message(session, message_id)
    if message is None:
        return None, False
    if handoff_threads.earlier_direct_waiting(session, message):
        return None, True
    return direct_text(session, message), False
