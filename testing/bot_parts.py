"""One bot process's parts, wired to the Telegram stand-in as bot/app.py wires them to Telegram.

For tests that run several "processes" (replicas, dispatchers) in one event
loop: each gets its own engine, database, Rasa client and Bot.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import AsyncIterator

from bot.app import build_application
from bot.database import Database
from bot.rasa_client import RasaClient
from bot.telegram_out import TelegramOut
from storage.db import make_engine, session_factory


@dataclass(frozen=True)
class BotParts:
    db: Database
    rasa: RasaClient
    out: TelegramOut


@asynccontextmanager
async def bot_parts(settings, telegram) -> AsyncIterator[BotParts]:
    engine = make_engine(settings.database_url)
    db = Database(session_factory(engine))
    rasa = RasaClient(settings.rasa_url, settings.action_server_url, settings.rasa_timeout, token=settings.rasa_token)
    # The Bot exactly as bot/app.py configures it (base URL, rate limiter, connection pool).
    bot = build_application(
        settings.copy(update={"telegram_bot_token": telegram.token, "telegram_api_base_url": f"{telegram.url}/bot"})
    ).bot
    try:
        async with bot:
            yield BotParts(db, rasa, TelegramOut(bot, db))
    finally:
        await rasa.close()
        engine.dispose()
