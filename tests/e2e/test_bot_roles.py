"""The bot's roles as real processes: a webhook replica answers and dispatches nothing; the
dispatcher takes no updates and sends what is due; both stop on SIGTERM with exit 0.

`werkmaatje bot` runs as a child process (testing/bot_process.py) against the Telegram
stand-in in this event loop and the session's real Rasa, on a database of its own that
holds one due reminder.
"""
from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from bot.webhook import SECRET_HEADER
from cli.common import prepare_database
from storage.timestamps import utc_now
from testing.bot_process import BotProcess, bot_env, wait_until
from testing.due_reminders import seed_due_reminders, status_counts, write_open_gemeente
from testing.stack import free_port
from testing.telegram import TelegramStandIn
from testing.telegram.updates import text_content, user

SECRET = "roles-webhook-secret"
PUBLIC_URL = "https://werkmaatje.example/telegram"
SCAN_SECONDS = 0.5
# Scans a webhook replica would have had to send the due reminder, had it dispatched.
SCANS_WATCHED = 8
# Docker and systemd send SIGKILL 10 s after SIGTERM.
STOP_WITHIN_SECONDS = 10.0
REMINDER_CHAT = 770_000_000
ASKING_CHAT = 770_100_000
RECEIVING_UPDATES = {"getupdates", "setwebhook", "deletewebhook"}


def text_update(update_id: int, chat_id: int, text: str) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1795430000,
            "chat": {"id": chat_id, "type": "private", "first_name": "Eva"},
            "from": user(chat_id, "Eva"),
            **text_content(text),
        },
    }


async def stop_and_time(bot: BotProcess) -> float:
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bot.stop(grace=STOP_WITHIN_SECONDS + 5)
    return loop.time() - started


async def healthy(port: int) -> bool:
    async with httpx.AsyncClient() as http:
        return (await http.get(f"http://127.0.0.1:{port}/health")).status_code == 200


def test_webhook_replica_answers_and_dispatcher_sends_what_is_due(stack, tmp_path):
    now = utc_now()
    settings = stack.settings.copy(
        update={
            "database_url": f"sqlite:///{tmp_path / 'werkmaatje.db'}",
            "gemeenten_dir": write_open_gemeente(tmp_path / "gemeenten", now),
            "dispatch_scan_seconds": SCAN_SECONDS,
        }
    )
    factory = prepare_database(settings)
    [marker] = seed_due_reminders(factory, clients_count=1, first_chat_id=REMINDER_CHAT, marker_prefix="rol", now=now)
    webhook_port, webhook_metrics, dispatcher_metrics = free_port(), free_port(), free_port()

    async def scenario():
        async with TelegramStandIn() as telegram:
            base = bot_env(settings, telegram)
            replica = BotProcess(
                {
                    **base,
                    "WERKMAATJE_BOT_ROLE": "webhook",
                    "TELEGRAM_WEBHOOK_URL": PUBLIC_URL,
                    "TELEGRAM_WEBHOOK_SECRET": SECRET,
                    "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
                    "TELEGRAM_WEBHOOK_PORT": str(webhook_port),
                    "WERKMAATJE_BOT_METRICS_PORT": str(webhook_metrics),
                    "WERKMAATJE_DISPATCH_WORKER": "rollen-webhook",
                },
                tmp_path / "webhook.log",
            )
            await replica.start()
            try:
                set_webhook = lambda: telegram.calls_of("setWebhook")  # noqa: E731
                await wait_until(set_webhook, timeout=60, what="setWebhook", bot=replica)
                assert set_webhook()[0].params["secret_token"] == SECRET
                async with httpx.AsyncClient(timeout=30) as http:
                    response = await http.post(
                        f"http://127.0.0.1:{webhook_port}/telegram",
                        json=text_update(5001, ASKING_CHAT, "ben je een robot"),
                        headers={SECRET_HEADER: SECRET},
                    )
                assert response.status_code == 200
                [answer] = await telegram.wait_for_sent(ASKING_CHAT, 1)
                assert "computerprogramma" in answer["text"]
                assert await healthy(webhook_metrics)
                await asyncio.sleep(SCANS_WATCHED * SCAN_SECONDS)
                assert telegram.sent_to(REMINDER_CHAT) == [], "a webhook replica sends no scheduled message"
                assert status_counts(factory) == Counter({"pending": 1})
                assert not telegram.calls_of("getUpdates")
            finally:
                replica_stop = await stop_and_time(replica)
            assert replica.returncode == 0, replica.log_tail()
            assert replica_stop < STOP_WITHIN_SECONDS
            assert not telegram.calls_of("deleteWebhook"), "a stopping replica leaves the webhook to the others"

            calls_before = len(telegram.calls)
            dispatcher = BotProcess(
                {
                    **base,
                    "WERKMAATJE_BOT_ROLE": "dispatcher",
                    # Ignored by the dispatcher role: it takes no updates in any mode.
                    "TELEGRAM_MODE": "polling",
                    "WERKMAATJE_BOT_METRICS_PORT": str(dispatcher_metrics),
                    "WERKMAATJE_DISPATCH_WORKER": "rollen-dispatcher",
                },
                tmp_path / "dispatcher.log",
            )
            await dispatcher.start()
            try:
                sent = lambda: status_counts(factory) == Counter({"sent": 1})  # noqa: E731
                await wait_until(sent, timeout=90, what="the due reminder sent", bot=dispatcher, interval=0.1)
                await telegram.wait_for_sent(REMINDER_CHAT, 1)
                assert any(marker in message.get("text", "") for message in telegram.sent_to(REMINDER_CHAT))
                assert await healthy(dispatcher_metrics)
            finally:
                dispatcher_stop = await stop_and_time(dispatcher)
            assert dispatcher.returncode == 0, dispatcher.log_tail()
            assert dispatcher_stop < STOP_WITHIN_SECONDS
            methods = {call.method.lower() for call in telegram.calls[calls_before:]}
            assert methods & RECEIVING_UPDATES == set(), f"the dispatcher called {sorted(methods)}"
            assert "claimed messages handed back" in (tmp_path / "dispatcher.log").read_text(errors="replace")
            return replica_stop, dispatcher_stop

    replica_stop, dispatcher_stop = asyncio.run(scenario())
    print(f"\nSIGTERM to exit: webhook replica {replica_stop:.1f} s, dispatcher {dispatcher_stop:.1f} s")
