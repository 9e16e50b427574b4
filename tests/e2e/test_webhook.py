"""Webhook mode: only requests carrying Telegram's secret token reach the bot."""
from __future__ import annotations

import asyncio

import httpx

from bot.app import build_application, webhook_options
from testing.stack import free_port
from testing.telegram import TelegramStandIn
from testing.telegram.updates import text_content, user

SECRET = "webhook-secret-for-tests"


def test_webhook_requires_the_secret_token(stack):
    port = free_port()

    async def scenario():
        async with TelegramStandIn() as telegram:
            settings = stack.settings.copy(
                update={
                    "telegram_bot_token": telegram.token,
                    "telegram_api_base_url": f"{telegram.url}/bot",
                    "telegram_mode": "webhook",
                    "telegram_webhook_url": "https://werkmaatje.example/telegram",
                    "telegram_webhook_secret": SECRET,
                    "telegram_webhook_port": port,
                }
            )
            settings.check_secrets()
            application = build_application(settings)
            await application.initialize()
            await application.post_init(application)
            await application.start()
            options = webhook_options(settings)
            await application.updater.start_webhook(**options)
            try:
                [set_webhook] = telegram.calls_of("setWebhook")
                assert set_webhook.params["secret_token"] == SECRET
                update = {
                    "update_id": 990001,
                    "message": {
                        "message_id": 1,
                        "date": 1795430000,
                        "chat": {"id": 880001, "type": "private", "first_name": "Eva"},
                        "from": user(880001, "Eva"),
                        **text_content("ben je een robot"),
                    },
                }
                async with httpx.AsyncClient() as http:
                    forged = await http.post(f"http://127.0.0.1:{port}/", json=update)
                    assert forged.status_code == 403
                    real = await http.post(
                        f"http://127.0.0.1:{port}/", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
                    )
                    assert real.status_code == 200
                [answer] = await telegram.wait_for_sent(880001, 1)
                assert "computerprogramma" in answer["text"]
            finally:
                await application.updater.stop()
                await application.stop()
                await application.shutdown()
                await application.post_shutdown(application)

    asyncio.run(scenario())
