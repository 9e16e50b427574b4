"""The bot's /health and /metrics, read over real HTTP from `werkmaatje bot` as a child process.

The bot runs as in production (its own process, settings from the environment)
against the session's real Rasa and action server and the Telegram stand-in in
this event loop. Each test has a fresh SQLite database of its own, so the inbox
gauges count only this test's messages.
"""
from __future__ import annotations

import asyncio
import os
import signal
import socket
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Dict

import httpx
from prometheus_client.parser import text_string_to_metric_families

from cli.common import prepare_database
from testing.bot_process import BotProcess, bot_env, wait_until
from testing.stack import RasaStack, free_port
from testing.telegram import TelegramStandIn
from werkmaatje.texts import chat as texts
from werkmaatje.settings import Settings

# A cold bot imports Rasa's client side, ptb and SQLAlchemy; a busy 2-core machine is slow at that.
START_SECONDS = 120
CHAT_ID = 760_000_001


class MetricsReader:
    """Real HTTP GETs of one bot process's /health and /metrics."""

    def __init__(self, port: int) -> None:
        self.base_url = f"http://127.0.0.1:{port}"

    async def get(self, path: str) -> httpx.Response:
        async with httpx.AsyncClient(timeout=10) as http:
            return await http.get(self.base_url + path)

    async def is_up(self) -> bool:
        try:
            return (await self.get("/health")).status_code == 200
        except httpx.HTTPError:
            return False

    async def metrics(self) -> Dict[str, float]:
        response = await self.get("/metrics")
        assert response.status_code == 200
        return {sample.name: sample.value for family in text_string_to_metric_families(response.text) for sample in family.samples}


@asynccontextmanager
async def bot_process(settings: Settings, telegram: TelegramStandIn, log_path: Path):
    """`werkmaatje bot` as in production, up once its /health answers 200; killed if a test leaves it running."""
    bot = BotProcess(bot_env(settings, telegram), log_path)
    reader = MetricsReader(settings.bot_metrics_port)
    await bot.start()
    try:
        await wait_until(reader.is_up, timeout=START_SECONDS, what="/health", bot=bot, interval=0.2)
        yield bot, reader
    finally:
        await bot.kill()


def bot_settings(stack: RasaStack, tmp_path: Path, **overrides) -> Settings:
    settings = stack.settings.copy(
        update={"database_url": f"sqlite:///{tmp_path / 'bot.db'}", "bot_metrics_port": free_port(), **overrides}
    )
    prepare_database(settings)
    return settings


def port_is_free(port: int) -> bool:
    """Nobody listens, and a new server can bind it (with SO_REUSEADDR, as servers do: the
    scrapes' closed connections may linger in TIME_WAIT, which only a plain bind minds)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_a_handled_message_is_counted_health_is_ok_and_sigterm_frees_the_port(stack, tmp_path):
    settings = bot_settings(stack, tmp_path)

    async def scenario():
        async with TelegramStandIn() as telegram:
            async with bot_process(settings, telegram, tmp_path / "bot.log") as (bot, reader):
                health = await reader.get("/health")
                assert health.status_code == 200
                assert health.json()["status"] == "ok"
                assert (await reader.get("/elders")).status_code == 404

                before = await reader.metrics()
                assert before["werkmaatje_inbox_pending"] == 0
                assert before["werkmaatje_database_up"] == 1
                assert before["werkmaatje_dispatch_lag_seconds"] == 0
                assert before["werkmaatje_rasa_errors_total"] == 0
                handled_before = before["werkmaatje_messages_handled_total"]

                telegram.mark()
                telegram.push_text(CHAT_ID, "hallo")
                await telegram.wait_for_sent(CHAT_ID, 1)

                async def counted() -> bool:
                    return (await reader.metrics())["werkmaatje_messages_handled_total"] > handled_before

                await wait_until(counted, timeout=30, what="the handled message in /metrics", bot=bot, interval=0.2)
                after = await reader.metrics()
                assert after["werkmaatje_messages_handled_total"] == handled_before + 1
                assert after["werkmaatje_inbox_pending"] == 0
                assert after["werkmaatje_inbox_oldest_pending_seconds"] == 0
                assert after["werkmaatje_rasa_errors_total"] == 0

                # As systemd or a supervisor stops it: SIGTERM to the one pid; it must end by itself.
                os.kill(bot.pid, signal.SIGTERM)
                await wait_until(lambda: not bot.running, timeout=60, what="the bot's exit after SIGTERM")
                assert port_is_free(settings.bot_metrics_port), "the bot left its metrics port open"
                # The process is gone either way; this says its shutdown closed the server itself.
                assert "Health and metrics server stopped" in bot.log_tail(lines=200)

    asyncio.run(scenario())


def test_with_rasa_away_the_message_waits_and_each_try_counts_as_a_rasa_error(stack, tmp_path):
    # Nothing listens there: Rasa is down for this bot, the action server is still up.
    settings = bot_settings(stack, tmp_path, rasa_url=f"http://127.0.0.1:{free_port()}")

    async def scenario():
        async with TelegramStandIn() as telegram:
            async with bot_process(settings, telegram, tmp_path / "bot.log") as (bot, reader):
                telegram.mark()
                telegram.push_text(CHAT_ID, "hallo")
                (away,) = await telegram.wait_for_sent(CHAT_ID, 1)
                assert away["text"] == texts.NOT_REACHABLE

                async def errors_counted() -> bool:
                    return (await reader.metrics())["werkmaatje_rasa_errors_total"] >= 1

                await wait_until(errors_counted, timeout=30, what="a Rasa error in /metrics", bot=bot, interval=0.2)
                first = await reader.metrics()
                assert first["werkmaatje_inbox_pending"] == 1
                assert first["werkmaatje_messages_handled_total"] == 0

                # The retry loop (every inbox_retry_seconds) tries again, and counts again.
                async def retried() -> bool:
                    return (await reader.metrics())["werkmaatje_rasa_errors_total"] > first["werkmaatje_rasa_errors_total"]

                await wait_until(retried, timeout=30, what="a retry counted as a Rasa error", bot=bot, interval=0.2)
                later = await reader.metrics()
                assert later["werkmaatje_inbox_pending"] == 1
                assert later["werkmaatje_inbox_oldest_pending_seconds"] > first["werkmaatje_inbox_oldest_pending_seconds"]
                assert (await reader.get("/health")).status_code == 200

    asyncio.run(scenario())
