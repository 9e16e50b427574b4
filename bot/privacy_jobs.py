"""The bot's privacy work: telling a person their data was erased, and the daily retention run."""
from __future__ import annotations

import logging
from datetime import date
from typing import Dict

from bot.database import Database, utc_now
from bot.telegram_out import TelegramOut
from storage import erasure, retention
from werkmaatje.texts import calendar as calendar_texts, chat as chat_texts

logger = logging.getLogger(__name__)


def erasure_message(kept) -> str:
    """What the bot says once the caseworker carried out the erasure: what went, what stayed and why."""
    if kept:
        lines = [
            chat_texts.KEPT_LINE.format(
                wat=chat_texts.KEPT_SECTION_NAMES.get(item["wat"], item["wat"]),
                # Stored as an ISO date; said the way the first message said it ("3 december 2031").
                tot=calendar_texts.day_in_words(date.fromisoformat(item["tot"])),
                reden=item["reden"],
            )
            for item in kept
        ]
        middle = chat_texts.ERASURE_KEEPS.format(lijst="\n".join(lines))
    else:
        middle = chat_texts.ERASURE_KEEPS_NOTHING
    return "\n".join((chat_texts.ERASURE_DONE, middle, chat_texts.ERASURE_DONE_AFTER))


async def announce_erasures(db: Database, out: TelegramOut) -> int:
    """Say it once per carried-out request; a chat that blocked the bot is not asked again."""
    said = 0
    for request in await db(erasure.erasures_to_announce):
        await out.send_text(request.chat_id, erasure_message(erasure.kept_items(request)))
        await db(erasure.mark_announced, request.id, now=utc_now())
        said += 1
    return said


def policies_from(gemeenten) -> Dict[str, retention.RetentionPolicy]:
    """Each gemeente's `privacy` configuration as storage's retention policy."""
    return {
        gemeente_id: retention.RetentionPolicy(
            gesprekken_maanden=gemeente.privacy.gesprekken_maanden,
            gesloten_clienten_maanden=gemeente.privacy.gesloten_clienten_maanden,
            gevoelige_antwoorden_maanden=gemeente.privacy.gevoelige_antwoorden_maanden,
            keep=tuple(
                erasure.KeepRule(wat=item.wat, maanden=item.maanden, reden=item.reden)
                for item in gemeente.privacy.wettelijk_bewaren
            ),
        )
        for gemeente_id, gemeente in gemeenten.items()
    }


def run_retention(session, gemeenten, *, now) -> retention.RetentionResult:
    """One retention run; counts only in the log (no ids, no names)."""
    result = retention.run_retention(session, policies_from(gemeenten), now=now)
    logger.info(
        "Bewaartermijnen: %s chatgebeurtenissen, %s gevoelige antwoorden, %s cliënten, %s bewaarde stukken verwijderd",
        result.chat_events_deleted,
        result.sensitive_answers_deleted,
        result.clients_erased,
        result.retained_records_deleted,
    )
    return result


class RetentionJob:
    """The daily run from the bot's scheduler, off the event loop."""

    def __init__(self, db: Database, gemeenten) -> None:
        self._db = db
        self._gemeenten = gemeenten

    async def run(self) -> None:
        await self._db(run_retention, self._gemeenten, now=utc_now())
