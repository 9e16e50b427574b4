"""Builds the python-telegram-bot Application: every handler registered in one place."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import handlers, texts
from bot.conversations import Conversations
from bot.database import Database
from bot.rasa_client import RasaClient
from bot.telegram_out import TelegramOut
from storage.db import cached_session_factory
from werkmaatje.settings import Settings

logger = logging.getLogger(__name__)

# Telegram allows about 30 messages a second overall; stay below it.
OVERALL_MAX_PER_SECOND = 25
# ptb's rate limiter retries a 429 after Telegram's retry_after, this often.
RETRIES_AFTER_429 = 3

MEDIA = (
    filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.Sticker.ALL
    | filters.Document.ALL
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.POLL
)


@dataclass
class Services:
    db: Database
    rasa: RasaClient
    out: TelegramOut
    conversations: Conversations


def file_base_url(api_base_url: str) -> str:
    """Telegram serves files under /file/bot<token>; mirror that for any base URL."""
    if api_base_url.endswith("/bot"):
        return api_base_url[: -len("/bot")] + "/file/bot"
    return api_base_url + "/file"


def build_application(settings: Settings) -> Application:
    application = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        # Chats run side by side; order within one chat comes from its inbox lock.
        .concurrent_updates(True)
        .rate_limiter(AIORateLimiter(overall_max_rate=OVERALL_MAX_PER_SECOND, max_retries=RETRIES_AFTER_429))
        .post_init(_start_services(settings))
        .post_shutdown(_stop_services)
        .build()
    )
    application.add_handler(CommandHandler("start", handlers.on_start))
    application.add_handler(MessageHandler(filters.COMMAND, handlers.on_command))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.on_text))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(MessageHandler(MEDIA, handlers.on_media))
    application.add_error_handler(handlers.on_error)
    return application


def _start_services(settings: Settings):
    async def post_init(application: Application) -> None:
        db = Database(cached_session_factory(settings.database_url))
        rasa = RasaClient(settings.rasa_url, settings.action_server_url, settings.rasa_timeout)
        out = TelegramOut(application.bot, db)
        conversations = Conversations(db, rasa, out, settings.inbox_retry_seconds)
        application.bot_data["services"] = Services(db=db, rasa=rasa, out=out, conversations=conversations)
        await application.bot.set_my_commands([BotCommand(name, text) for name, text in texts.COMMANDS])
        # Also answers what waited while the bot or Rasa was down.
        conversations.start_retrying()

    return post_init


async def _stop_services(application: Application) -> None:
    services: Services = application.bot_data.get("services")
    if services is not None:
        await services.conversations.stop_retrying()
        await services.rasa.close()


def webhook_options(settings: Settings) -> dict:
    """Arguments for ptb's webhook server, shared by `run_webhook` and the tests."""
    return {
        "listen": settings.telegram_webhook_listen,
        "port": settings.telegram_webhook_port,
        "webhook_url": settings.telegram_webhook_url,
        # ptb answers 403 to requests without Telegram's X-Telegram-Bot-Api-Secret-Token.
        "secret_token": settings.telegram_webhook_secret,
        "allowed_updates": Update.ALL_TYPES,
    }


def run_bot(settings: Settings) -> None:
    """Run until Ctrl-C / SIGTERM, by polling or by webhook."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    application = build_application(settings)
    if settings.telegram_mode == "webhook":
        application.run_webhook(**webhook_options(settings))
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
