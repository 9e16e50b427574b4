"""The production profile (`werkmaatje run --profile production`) as a child of a test or bench.

It runs the real supervisor with its replicas, nginx and a Redis server of its own
(so a test can stop Redis without touching the machine's), against a Telegram
stand-in that delivers updates by webhook through nginx.
"""
from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import httpx

from werkmaatje.settings import REPO_ROOT

WEBHOOK_URL = "https://werkmaatje.example/telegram"
WEBHOOK_SECRET = "production-profile-test-secret"
PORTS_PER_BLOCK = 10
START_SECONDS = 900


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_block(size: int = PORTS_PER_BLOCK) -> int:
    """The first of `size` consecutive free ports (replicas count up from a base port)."""
    for _ in range(200):
        base = random.randrange(20000, 60000 - size)
        if all(_port_is_free(base + offset) for offset in range(size)):
            return base
    raise RuntimeError("no block of free ports found")


class RedisServer:
    """A redis-server on a port of its own, keeping nothing on disk."""

    def __init__(self, log_path: Path) -> None:
        self.port = free_port_block(1)
        self._log_path = log_path
        self._process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    @property
    def pid(self) -> Optional[int]:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        log = open(self._log_path, "ab")
        self._process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    async def wait_ready(self, timeout: float = 20.0) -> None:
        from cli.production import redis_answers

        deadline = asyncio.get_running_loop().time() + timeout
        while not await asyncio.to_thread(redis_answers, self.url):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("redis-server did not answer")
            await asyncio.sleep(0.1)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()


@dataclass(frozen=True)
class Ports:
    rasa: int
    actions: int
    bots: int
    portal: int
    public: int


class ProductionStack:
    """`werkmaatje run --profile production` with `rasa` Rasa and `bots` bot replicas."""

    def __init__(self, *, database_url: str, redis_url: str, telegram, run_dir: Path, rasa: int = 2, bots: int = 2,
                 extra_env: Optional[Dict[str, str]] = None) -> None:
        self.rasa_replicas, self.bot_replicas = rasa, bots
        self.run_dir = run_dir
        self.ports = Ports(*(free_port_block() for _ in range(4)), public=free_port_block(1))
        self.log_path = run_dir / "supervisor.log"
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "WERKMAATJE_ENV": "test",
            "DATABASE_URL": database_url,
            "WERKMAATJE_REDIS_URL": redis_url,
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": f"{telegram.url}/bot",
            "TELEGRAM_WEBHOOK_URL": WEBHOOK_URL,
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "RASA_URL": f"http://127.0.0.1:{self.ports.rasa}",
            "RASA_TOKEN": "production-test-rasa-token",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.ports.actions}",
            "TELEGRAM_WEBHOOK_PORT": str(self.ports.bots),
            "WERKMAATJE_PORTAL_PORT": str(self.ports.portal),
            "WERKMAATJE_PUBLIC_LISTEN": f"127.0.0.1:{self.ports.public}",
            "WERKMAATJE_PRODUCTION_RUN_DIR": str(run_dir / "nginx"),
            "WERKMAATJE_BOT_METRICS_PORT": "0",
            "WERKMAATJE_INBOX_RETRY_SECONDS": "1",
            "WERKMAATJE_DISPATCH_SCAN_SECONDS": "1",
            **(extra_env or {}),
        }
        self._process: Optional[asyncio.subprocess.Process] = None

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.public}"

    @property
    def rasa_ports(self) -> List[int]:
        return [self.ports.rasa + index for index in range(self.rasa_replicas)]

    @property
    def bot_ports(self) -> List[int]:
        return [self.ports.bots + index for index in range(self.bot_replicas)]

    def command(self) -> List[str]:
        return [sys.executable, "-m", "cli", "run", "--profile", "production",
                "--rasa", str(self.rasa_replicas), "--bots", str(self.bot_replicas)]

    async def start(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                *self.command(), env=self.env, cwd=REPO_ROOT, stdout=log, stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    async def wait_ready(self, timeout: float = START_SECONDS) -> None:
        """Every Rasa answers, every bot and nginx listen, the portal is healthy."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with httpx.AsyncClient(timeout=3.0) as http:
            while not await self._all_ready(http):
                if not self.running:
                    raise RuntimeError(f"the production profile stopped; its log ends:\n{self.log_tail()}")
                if loop.time() > deadline:
                    raise TimeoutError(f"the production profile was not ready in {timeout:.0f} s:\n{self.log_tail()}")
                await asyncio.sleep(1.0)

    async def _all_ready(self, http: httpx.AsyncClient) -> bool:
        urls = [f"http://127.0.0.1:{port}/" for port in self.rasa_ports]
        urls += [f"http://127.0.0.1:{self.ports.actions + index}/health" for index in range(self.rasa_replicas)]
        urls += [f"http://127.0.0.1:{self.ports.portal}/health", f"{self.public_url}/health"]
        for url in urls:
            try:
                if (await http.get(url)).status_code != 200:
                    return False
            except httpx.HTTPError:
                return False
        return all(not _port_is_free(port) for port in self.bot_ports)

    def child_pid(self, *, argument: str = "", env: Optional[Dict[str, str]] = None) -> int:
        """The supervisor's child whose command line holds `argument` and whose environment holds `env`."""
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if parent != self._process.pid:
                    continue
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                environment = dict(
                    item.split("=", 1) for item in (entry / "environ").read_bytes().decode(errors="replace").split("\0") if "=" in item
                )
            except (OSError, IndexError, ValueError):
                continue
            if argument in command and all(environment.get(key) == value for key, value in (env or {}).items()):
                return int(entry.name)
        raise LookupError(f"no child with {argument!r} and {env!r}")

    def rasa_pid(self, index: int) -> int:
        return self.child_pid(argument=f"--port {self.rasa_ports[index]} ")

    def bot_pid(self, index: int) -> int:
        return self.child_pid(argument="cli bot", env={"TELEGRAM_WEBHOOK_PORT": str(self.bot_ports[index])})

    def process_pids(self) -> Dict[str, int]:
        """Every process of the profile by name (rasa-1, actions-1, bot-1, dispatcher, portal, nginx)."""
        pids: Dict[str, int] = {}
        for index in range(self.rasa_replicas):
            pids[f"rasa-{index + 1}"] = self.rasa_pid(index)
            pids[f"actions-{index + 1}"] = self.child_pid(argument=f"rasa_sdk --actions actions --port {self.ports.actions + index} ")
        for index in range(self.bot_replicas):
            pids[f"bot-{index + 1}"] = self.bot_pid(index)
        pids["dispatcher"] = self.child_pid(argument="cli bot", env={"WERKMAATJE_BOT_ROLE": "dispatcher"})
        pids["portal"] = self.child_pid(argument="-m portal")
        pids["nginx"] = self.child_pid(argument="nginx")
        return pids

    async def stop(self, grace: float = 60.0) -> Optional[int]:
        if not self.running:
            return self._process.returncode if self._process else None
        self._process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self._process.wait(), grace)
        except asyncio.TimeoutError:
            # The children lead sessions of their own: a signal to the supervisor's group misses them.
            for pid in [self._process.pid, *self._children()]:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            await self._process.wait()
            return None

    def _children(self) -> List[int]:
        children = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == self._process.pid:
                    children.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
        return children

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
