"""Real Rasa and action servers for the end-to-end tests, started the way `werkmaatje run` starts them."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Optional

import httpx

from cli.supervisor import action_server_command, child_env, latest_model, rasa_command
from werkmaatje.settings import REPO_ROOT, Settings

# Generous: on a busy 2-core machine loading TensorFlow alone can take minutes.
RASA_START_SECONDS = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RasaStack:
    """Rasa plus action server on free ports, against one test database."""

    # Rasa as `werkmaatje run` starts it; the benchmark's BenchStack also runs stock Rasa.
    tuned = True

    def __init__(self, settings: Settings, log_dir: Path) -> None:
        self.settings = settings
        self._log_dir = log_dir
        self._env = child_env(settings)
        self._rasa: Optional[subprocess.Popen] = None
        self._actions: Optional[subprocess.Popen] = None

    @classmethod
    def for_database(cls, database_url: str, log_dir: Path) -> "RasaStack":
        settings = Settings(
            database_url=database_url,
            rasa_url=f"http://127.0.0.1:{free_port()}",
            action_server_url=f"http://127.0.0.1:{free_port()}",
            rasa_token="test-rasa-token",
            inbox_retry_seconds=1.0,
            telegram_bot_token="123456:TEST",
            # Off: bots of parallel test runs on one machine would fight over the default port.
            bot_metrics_port=0,
        )
        return cls(settings, log_dir)

    def _spawn(self, name: str, command) -> subprocess.Popen:
        log = open(self._log_dir / f"{name}.log", "ab")
        # A session of its own, so stopping it can take every process it started along.
        return subprocess.Popen(
            command, env=self._env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start(self) -> None:
        model = latest_model(self.settings.rasa_model_dir)
        assert model is not None, "no trained model in models/: run `make install` first"
        self._actions = self._spawn("actions", action_server_command(self.settings))
        self.start_rasa()

    def start_rasa(self) -> None:
        self._rasa = self._spawn("rasa", rasa_command(self.settings, latest_model(self.settings.rasa_model_dir), tuned=self.tuned))
        self.wait_until_ready()

    def stop_rasa(self) -> None:
        _terminate(self._rasa)

    def stop(self) -> None:
        _terminate(self._rasa)
        _terminate(self._actions)

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + RASA_START_SECONDS
        while time.monotonic() < deadline:
            for process, name in ((self._rasa, "rasa"), (self._actions, "actions")):
                if process is not None and process.poll() is not None:
                    raise RuntimeError(f"{name} exited early; see {self._log_dir / name}.log")
            if self._is_ready():
                return
            time.sleep(1)
        raise RuntimeError(f"Rasa not ready after {RASA_START_SECONDS}s; logs in {self._log_dir}")

    def _is_ready(self) -> bool:
        try:
            status = httpx.get(f"{self.settings.rasa_url}/status", params={"token": self.settings.rasa_token}, timeout=2)
            actions = httpx.get(f"{self.settings.action_server_url}/health", timeout=2)
        except httpx.HTTPError:
            return False
        return status.status_code == 200 and bool(status.json().get("model_file")) and actions.status_code == 200

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self._log_dir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def _terminate(process: Optional[subprocess.Popen]) -> None:
    """SIGTERM to the process's group, SIGKILL after 20 s; then whatever of the group is left."""
    if process is None or process.poll() is not None:
        return
    _signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        process.wait()
    # Children that outlived their parent would hold the port and the database.
    _signal_group(process, signal.SIGKILL)


def _signal_group(process: subprocess.Popen, signal_number: int) -> None:
    # The child leads its own session (start_new_session), so its group id is its pid.
    try:
        os.killpg(process.pid, signal_number)
    except ProcessLookupError:
        pass
