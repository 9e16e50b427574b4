"""The real python-telegram-bot Application against the Telegram stand-in, driven by the test."""
from __future__ import annotations

from contextlib import asynccontextmanager

from bot.app import build_application
from testing.stack import RasaStack
from testing.telegram import TelegramStandIn


@asynccontextmanager
async def running_bot(stack: RasaStack, **settings_overrides):
    """The real ptb Application, polling the Telegram stand-in."""
    async with running_application(stack, **settings_overrides) as (telegram, _application):
        yield telegram


@asynccontextmanager
async def running_application(stack: RasaStack, **settings_overrides):
    """Like `running_bot`, and also the Application, whose bot_data["services"] tests may use."""
    async with TelegramStandIn() as telegram:
        settings = stack.settings.copy(
            update={
                "telegram_bot_token": telegram.token,
                "telegram_api_base_url": f"{telegram.url}/bot",
                **settings_overrides,
            }
        )
        application = build_application(settings)
        await application.initialize()
        # run_polling() calls these hooks itself; here the test drives the lifecycle.
        await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield telegram, application
        finally:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()
            await application.post_shutdown(application)
