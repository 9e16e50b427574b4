"""One bot process from start to SIGTERM, in the role it was given.

"all" receives updates (polling, or webhook per TELEGRAM_MODE) and runs the
scheduled jobs; "webhook" only receives updates (several replicas behind
nginx); "dispatcher" receives none and runs the scheduled jobs. ptb's
`run_polling`/`run_webhook` cannot run a process that receives no updates, and
ptb's webhook server answers Telegram before the update is stored, so the
process runs ptb's steps itself, with the same hooks as `run_polling`:
initialize, post_init, start, receive, ... stop receiving, post_stop, stop,
shutdown, post_shutdown.
"""
from __future__ import annotations

import asyncio
import logging
import signal
from typing import Awaitable, Callable, Optional

from telegram import Update
from telegram.ext import Application

from bot.webhook import WebhookServer, register_webhook, webhook_path
from werkmaatje.settings import Settings, SettingsError
from werkmaatje.texts import operator as operator_texts

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def takes_updates(settings: Settings) -> bool:
    return settings.bot_role in ("all", "webhook")


def runs_scheduled_jobs(settings: Settings) -> bool:
    """The dispatcher, planner, mails and retention: once per installation, never in a webhook replica."""
    return settings.bot_role in ("all", "dispatcher")


def serves_webhook(settings: Settings) -> bool:
    return settings.bot_role == "webhook" or (settings.bot_role == "all" and settings.telegram_mode == "webhook")


def check_role_settings(settings: Settings) -> None:
    """Refuse to start a webhook that Telegram cannot reach or anyone could post to."""
    if not serves_webhook(settings):
        return
    if not settings.telegram_webhook_url:
        raise SettingsError(operator_texts.WEBHOOK_NEEDS_URL)
    if not settings.telegram_webhook_secret:
        raise SettingsError(operator_texts.WEBHOOK_NEEDS_SECRET)


async def _nothing_to_stop() -> None:
    return None


async def start_receiving(application: Application, settings: Settings) -> Callable[[], Awaitable[None]]:
    """Start taking updates as the role says; returns what stops taking them."""
    if serves_webhook(settings):
        server = WebhookServer(
            application,
            secret=settings.telegram_webhook_secret,
            path=webhook_path(settings.telegram_webhook_url),
            host=settings.telegram_webhook_listen,
            port=settings.telegram_webhook_port,
        )
        # Listening first, so Telegram's first post after setWebhook finds us.
        server.start()
        await register_webhook(application, url=settings.telegram_webhook_url, secret=settings.telegram_webhook_secret)
        return server.stop
    if takes_updates(settings):
        await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        return application.updater.stop
    logger.info("Rol %s: deze bot neemt geen berichten aan", settings.bot_role)
    return _nothing_to_stop


async def run_until_stopped(application: Application, settings: Settings, stopping: Optional[asyncio.Event] = None) -> None:
    """Run the bot until `stopping` is set (by default: SIGINT or SIGTERM), then stop cleanly:
    what is under way finishes or is handed back."""
    if stopping is None:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in STOP_SIGNALS:
            loop.add_signal_handler(signal_number, stopping.set)
    await application.initialize()
    try:
        await application.post_init(application)
        await application.start()
        try:
            stop_receiving = await start_receiving(application, settings)
            try:
                await stopping.wait()
                logger.info("Stopsignaal: de bot stopt")
            finally:
                await stop_receiving()
        finally:
            # post_stop before Application.stop, not after as in run_polling: its grace then
            # bounds the wait for answers under way, which Application.stop would wait for unbounded.
            await application.post_stop(application)
            await application.stop()
    finally:
        await application.shutdown()
        await application.post_shutdown(application)
