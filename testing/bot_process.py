"""The real bot process (`werkmaatje bot`) pointed at the Telegram stand-in, and waiting on it.

For the dispatcher's crash tests and the benchmarks: the bot runs as in
production, a child process reading its settings from the environment.
"""
from __future__ import annotations

import asyncio
import inspect
import os
import signal
from pathlib import Path
from typing import Callable, Dict, Optional

from cli.supervisor import bot_command, child_env
from werkmaatje.settings import REPO_ROOT, Settings

# The settings the bot process reads from its environment, by their Settings names.
BOT_SETTINGS = (
    "database_url",
    "rasa_url",
    "rasa_token",
    "action_server_url",
    "gemeenten_dir",
    "timezone",
    "telegram_max_per_second",
    "dispatch_scan_seconds",
    "dispatch_sending_timeout_seconds",
    "dispatch_concurrency",
    "inbox_retry_seconds",
    "bot_metrics_port",
)


def bot_env(settings: Settings, telegram) -> Dict[str, str]:
    """The environment `werkmaatje bot` needs to run with `settings` against the stand-in."""
    env = child_env(settings)
    for name in BOT_SETTINGS:
        env[Settings.__fields__[name].field_info.extra["env"]] = str(getattr(settings, name))
    env.update(
        {
            "WERKMAATJE_ENV": "test",
            "TELEGRAM_MODE": "polling",
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": f"{telegram.url}/bot",
        }
    )
    return env


class BotProcess:
    """`werkmaatje bot` (python -m cli bot) as a child process of the running event loop."""

    def __init__(self, env: Dict[str, str], log_path: Path) -> None:
        self._env = env
        self._log_path = log_path
        self._process: Optional[asyncio.subprocess.Process] = None

    async def start(self) -> None:
        with open(self._log_path, "ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                *bot_command(),
                env=self._env,
                cwd=REPO_ROOT,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
                # A session of its own, so that killing it takes along anything it started.
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        assert self._process is not None, "the bot was not started"
        return self._process.pid

    @property
    def returncode(self) -> Optional[int]:
        """The exit code once the process ended (negative: killed by that signal)."""
        return None if self._process is None else self._process.returncode

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    async def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no last commit; a crash as a power cut makes it."""
        if self.running:
            self._signal_group(signal.SIGKILL)
        if self._process is not None:
            await self._process.wait()

    async def stop(self, grace: float = 20.0) -> None:
        if not self.running:
            return
        self._signal_group(signal.SIGTERM)
        try:
            await asyncio.wait_for(self._process.wait(), grace)
        except asyncio.TimeoutError:
            await self.kill()

    def _signal_group(self, signal_number: int) -> None:
        # The bot leads its own session (start_new_session), so its group id is its pid.
        try:
            os.killpg(self._process.pid, signal_number)
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 30) -> str:
        if not self._log_path.exists():
            return ""
        return "\n".join(self._log_path.read_text(errors="replace").splitlines()[-lines:])


async def wait_until(
    condition: Callable, *, timeout: float, what: str, bot: Optional[BotProcess] = None, interval: float = 0.02
) -> None:
    """Poll `condition` (sync or async) without blocking the stand-in that shares this loop."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = condition()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return
        if bot is not None and not bot.running:
            raise RuntimeError(f"the bot stopped while waiting for {what}; its log ends:\n{bot.log_tail()}")
        if loop.time() > deadline:
            tail = f"; the bot's log ends:\n{bot.log_tail()}" if bot is not None else ""
            raise TimeoutError(f"no {what} within {timeout:.0f} s{tail}")
        await asyncio.sleep(interval)
