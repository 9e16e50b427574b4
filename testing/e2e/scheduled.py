"""The dispatcher on an injected clock, run by the test, and the scheduled rows it works through."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dispatcher import Dispatcher
from storage import scheduled
from storage.db import unit_of_work
from werkmaatje.gemeenten import load_gemeenten

AMS = ZoneInfo("Europe/Amsterdam")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def dispatcher(stack, application, clock: Clock, rasa=None) -> Dispatcher:
    services = application.bot_data["services"]
    return Dispatcher(
        services.db,
        rasa or services.rasa,
        services.out,
        services.conversations,
        load_gemeenten(stack.settings.gemeenten_dir),
        timezone_name="Europe/Amsterdam",
        concurrency=5,
        sending_timeout=timedelta(minutes=5),
        clock=clock,
    )


def rows_of(db, client_id):
    with unit_of_work(db) as session:
        return scheduled.messages_for_client(session, client_id)


async def dispatched(telegram, chat_id, run, count=1):
    telegram.mark()
    await run.dispatch_due()
    return await telegram.wait_for_sent(chat_id, count)
