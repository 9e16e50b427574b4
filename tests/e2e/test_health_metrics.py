"""The bot's /health and /metrics, read over real HTTP from `werkmaatje bot` as a child process.

The bot runs as in production (its own process, settings from the environment)
against the session's real Rasa and action server and the Telegram stand-in in
this event loop. Each test has a fresh SQLite database of its own, so the inbox
gauges count only this test's messages.
"""
from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path
from typing import Dict, Optional

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bot.cli import prepare_database
from bot.services import bot_command, child_env
from tests.stack import RasaStack, free_port
from tests.telegram_standin import TelegramStandIn
from werkmaatje import texts
from werkmaatje.settings import REPO_ROOT, Settings

# The settings the bot process must see from its environment, by their Settings names.
BOT_SETTINGS = (
    "database_url",
    "rasa_url",
    "rasa_token",
    "action_server_url",
    "inbox_retry_seconds",
    "bot_metrics_listen",
    "bot_metrics_port",
)
# A cold bot imports Rasa's client side, ptb and SQLAlchemy; a busy 2-core machine is slow at that.
START_SECONDS = 120
CHAT_ID = 760_000_001


class BotChild:
    """`werkmaatje bot` with its metrics port, and the HTTP client that reads it."""

    def __init__(self, settings: Settings, telegram: TelegramStandIn, log_path: Path) -> None:
        self.base_url = f"http://127.0.0.1:{settings.bot_metrics_port}"
        self._env = child_env(settings)
        for name in BOT_SETTINGS:
            self._env[Settings.__fields__[name].field_info.extra["env"]] = str(getattr(settings, name))
        self._env.update(
            {
                "WERKMAATJE_ENV": "test",
                "TELEGRAM_MODE": "polling",
                "TELEGRAM_BOT_TOKEN": telegram.token,
                "TELEGRAM_API_BASE_URL": f"{telegram.url}/bot",
            }
        )
        self._log_path = log_path
        self.process: Optional[asyncio.subprocess.Process] = None

    async def __aenter__(self) -> "BotChild":
        with open(self._log_path, "ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                *bot_command(), env=self._env, cwd=REPO_ROOT, stdout=log, stderr=asyncio.subprocess.STDOUT
            )
        await self.wait_for(self._is_up, what="/health", timeout=START_SECONDS)
        return self

    async def __aexit__(self, *exc) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def _is_up(self) -> bool:
        try:
            return (await self.get("/health")).status_code == 200
        except httpx.HTTPError:
            return False

    async def get(self, path: str) -> httpx.Response:
        async with httpx.AsyncClient(timeout=10) as http:
            return await http.get(self.base_url + path)

    async def metrics(self) -> Dict[str, float]:
        """Every unlabelled sample by name, and labelled ones as name{label="value"}."""
        response = await self.get("/metrics")
        assert response.status_code == 200
        samples = {}
        for family in text_string_to_metric_families(response.text):
            for sample in family.samples:
                labels = ",".join(f'{key}="{value}"' for key, value in sorted(sample.labels.items()))
                samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
        return samples

    async def wait_for(self, condition, *, what: str, timeout: float = 30.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not await condition():
            assert self.process.returncode is None, f"the bot stopped while waiting for {what}:\n{self.log_tail()}"
            assert asyncio.get_running_loop().time() < deadline, f"no {what} within {timeout:.0f} s:\n{self.log_tail()}"
            await asyncio.sleep(0.2)

    async def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), 60)

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self._log_path.read_text(errors="replace").splitlines()[-lines:])


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
            async with BotChild(settings, telegram, tmp_path / "bot.log") as bot:
                health = await bot.get("/health")
                assert health.status_code == 200
                assert health.json()["status"] == "ok"
                assert (await bot.get("/elders")).status_code == 404

                before = await bot.metrics()
                assert before["werkmaatje_inbox_pending"] == 0
                assert before["werkmaatje_database_up"] == 1
                assert before["werkmaatje_dispatch_lag_seconds"] == 0
                assert before["werkmaatje_rasa_errors_total"] == 0

                telegram.mark()
                telegram.push_text(CHAT_ID, "hallo")
                await telegram.wait_for_sent(CHAT_ID, 1)

                async def counted() -> bool:
                    return (await bot.metrics())["werkmaatje_messages_handled_total"] >= before["werkmaatje_messages_handled_total"] + 1

                await bot.wait_for(counted, what="the handled message in /metrics")
                after = await bot.metrics()
                assert after["werkmaatje_messages_handled_total"] == before["werkmaatje_messages_handled_total"] + 1
                assert after["werkmaatje_inbox_pending"] == 0
                assert after["werkmaatje_inbox_oldest_pending_seconds"] == 0
                assert after["werkmaatje_rasa_errors_total"] == 0

                # As systemd or a supervisor stops it: to the one pid.
                assert await bot.terminate() in (0, -signal.SIGTERM)
                assert port_is_free(settings.bot_metrics_port), "the bot left its metrics port open"
                # The process is gone either way; this says its shutdown closed the server itself.
                assert "Health and metrics server stopped" in bot.log_tail(lines=200)

    asyncio.run(scenario())


def test_with_rasa_away_the_message_waits_and_each_try_counts_as_a_rasa_error(stack, tmp_path):
    # Nothing listens there: Rasa is down for this bot, the action server is still up.
    settings = bot_settings(stack, tmp_path, rasa_url=f"http://127.0.0.1:{free_port()}")

    async def scenario():
        async with TelegramStandIn() as telegram:
            async with BotChild(settings, telegram, tmp_path / "bot.log") as bot:
                telegram.mark()
                telegram.push_text(CHAT_ID, "hallo")
                (away,) = await telegram.wait_for_sent(CHAT_ID, 1)
                assert away["text"] == texts.NOT_REACHABLE

                async def errors_counted() -> bool:
                    return (await bot.metrics())["werkmaatje_rasa_errors_total"] >= 1

                await bot.wait_for(errors_counted, what="a Rasa error in /metrics")
                first = await bot.metrics()
                assert first["werkmaatje_inbox_pending"] == 1
                assert first["werkmaatje_messages_handled_total"] == 0

                # The retry loop (every inbox_retry_seconds) tries again, and counts again.
                async def retried() -> bool:
                    return (await bot.metrics())["werkmaatje_rasa_errors_total"] > first["werkmaatje_rasa_errors_total"]

                await bot.wait_for(retried, what="a retry counted as a Rasa error")
                later = await bot.metrics()
                assert later["werkmaatje_inbox_pending"] == 1
                assert later["werkmaatje_inbox_oldest_pending_seconds"] > first["werkmaatje_inbox_oldest_pending_seconds"]
                assert (await bot.get("/health")).status_code == 200
                await bot.terminate()

    asyncio.run(scenario())
