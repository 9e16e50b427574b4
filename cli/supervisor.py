"""Starting Rasa, the action server and the bot as one product, and stopping them as one.

`werkmaatje run` supervises four child processes (Rasa, the action server,
the bot and the caseworker portal). Ctrl-C or SIGTERM stops all of them; if
one dies on its own, the others are stopped too and the exit code says which
one failed, so a process manager can restart the whole.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import urlsplit

from storage.db import normalize_url
from werkmaatje.settings import REPO_ROOT, Settings
from werkmaatje.texts import operator as operator_texts

logger = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 20
EXIT_CHILD_DIED = 3
# A replica that dies is restarted after 1 s, then 2, 4 ... up to a minute while it keeps
# dying within a minute of its start.
RESTART_FIRST_DELAY = 1.0
RESTART_MAX_DELAY = 60.0
RESTART_RESET_SECONDS = 60.0


@dataclass
class Service:
    name: str
    command: List[str]
    # Added to the supervisor's environment for this child only (a replica's ports, say).
    env: Dict[str, str] = field(default_factory=dict)
    # A replica that dies is started again, and the rest keep running; in the embedded
    # profile every service is one of a kind, so one dying stops the whole.
    restart: bool = False
    process: Optional[subprocess.Popen] = None
    started_at: float = 0.0
    died_at: Optional[float] = None
    restarts: int = 0


# Rasa's SQL tracker store, reading only the current session (nlu/tracker_store.py).
SESSION_TRACKER_STORE = "nlu.tracker_store.SessionTrackerStore"


def tracker_store_env(database_url: str) -> Dict[str, str]:
    """Point Rasa's SQL tracker store at Werkmaatje's own database."""
    dialect = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    return {
        "WERKMAATJE_TRACKER_STORE": SESSION_TRACKER_STORE,
        "WERKMAATJE_TRACKER_DIALECT": dialect,
        "WERKMAATJE_TRACKER_URL": normalize_url(database_url),
    }


# How stock Rasa runs: one Sanic worker and the in-memory lock store, and
# TensorFlow picks its own threads (the variables below unset).
STOCK_RASA_ENV = {
    "SANIC_WORKERS": "1",
    "WERKMAATJE_LOCK_STORE": "in_memory",
    "WERKMAATJE_TRACKER_STORE": "SQL",
}
# Stock Rasa keeps Rasa's own REST channel (Werkmaatje's answers 503 on a failure).
STOCK_CREDENTIALS = "bench/stock_credentials.yml"
TENSORFLOW_THREAD_VARIABLES = ("TF_INTER_OP_PARALLELISM_THREADS", "TF_INTRA_OP_PARALLELISM_THREADS")


def rasa_tuning_env(settings: Settings) -> Dict[str, str]:
    """Werkmaatje's run-time tuning of Rasa; `make bench` measures it against STOCK_RASA_ENV."""
    redis = urlsplit(settings.redis_url)
    return {
        **{variable: str(settings.tensorflow_threads) for variable in TENSORFLOW_THREAD_VARIABLES},
        "SANIC_WORKERS": str(settings.rasa_workers),
        # Rasa refuses several workers with an in-memory lock store: each worker would lock alone.
        "WERKMAATJE_LOCK_STORE": "redis" if settings.rasa_workers > 1 else "in_memory",
        "WERKMAATJE_REDIS_HOST": redis.hostname or "127.0.0.1",
        "WERKMAATJE_REDIS_PORT": str(redis.port or 6379),
        "WERKMAATJE_REDIS_DB": (redis.path or "/1").lstrip("/") or "1",
    }


def child_env(settings: Settings) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(tracker_store_env(settings.database_url))
    env.update(rasa_tuning_env(settings))
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "WERKMAATJE_ACTION_ENDPOINT": f"{settings.action_server_url.rstrip('/')}/webhook",
            "WERKMAATJE_SESSION_MINUTES": str(settings.session_minutes),
            # rasa-sdk reads its bind address only from here; keep it off the network.
            "SANIC_HOST": "127.0.0.1",
            "DATABASE_URL": settings.database_url,
        }
    )
    return env


def rasa_command(settings: Settings, model: Path, *, tuned: bool = True) -> List[str]:
    """`rasa run` through nlu.rasa_server (Werkmaatje's speed-ups); `tuned=False` is stock Rasa."""
    rasa_port = urlsplit(settings.rasa_url).port or 5005
    return [
        sys.executable, "-m", "nlu.rasa_server" if tuned else "rasa", "run",
        "--enable-api", "--auth-token", settings.rasa_token,
        "--interface", "127.0.0.1", "--port", str(rasa_port),
        "--model", str(model),
        "--endpoints", str(REPO_ROOT / "endpoints.yml"),
        "--credentials", str(REPO_ROOT / ("credentials.yml" if tuned else STOCK_CREDENTIALS)),
    ]


def action_server_command(settings: Settings) -> List[str]:
    port = urlsplit(settings.action_server_url).port or 5055
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def bot_command() -> List[str]:
    return [sys.executable, "-m", "cli", "bot"]


def latest_model(model_dir: Path) -> Optional[Path]:
    models = sorted(Path(model_dir).glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    return models[-1] if models else None


class Supervisor:
    def __init__(self, services: List[Service], env: Dict[str, str]) -> None:
        self._services = services
        self._env = env
        self._stopping = False

    def start(self) -> None:
        for service in self._services:
            self._spawn(service)

    def _spawn(self, service: Service) -> None:
        logger.info("Start %s", service.name)
        # Own session: Ctrl-C reaches only us, and we stop the children in order.
        service.process = subprocess.Popen(
            service.command, env={**self._env, **service.env}, cwd=REPO_ROOT, start_new_session=True
        )
        service.started_at = time.monotonic()

    def run(self) -> int:
        """Start everything and wait; returns the exit code for `werkmaatje run`."""
        signal.signal(signal.SIGINT, self._request_stop)
        signal.signal(signal.SIGTERM, self._request_stop)
        self.start()
        while not self._stopping:
            for service in self._services:
                code = service.process.poll()
                if code is None:
                    continue
                if not service.restart:
                    print(operator_texts.SERVICE_DIED.format(dienst=service.name, code=code), file=sys.stderr)
                    self.stop()
                    return EXIT_CHILD_DIED
                self._restart_when_due(service, code)
            time.sleep(0.5)
        self.stop()
        return 0

    def _restart_when_due(self, service: Service, code: int) -> None:
        """Start a dead replica again, waiting longer each time it dies young (a crash loop)."""
        now = time.monotonic()
        if service.died_at is None:
            service.died_at = now
            if service.died_at - service.started_at > RESTART_RESET_SECONDS:
                service.restarts = 0
            print(operator_texts.SERVICE_RESTARTED.format(dienst=service.name, code=code), file=sys.stderr)
        delay = min(RESTART_MAX_DELAY, RESTART_FIRST_DELAY * 2 ** service.restarts)
        if now - service.died_at >= delay:
            service.restarts += 1
            service.died_at = None
            self._spawn(service)

    def _request_stop(self, signum, frame) -> None:  # noqa: ARG002 - signal handler signature
        self._stopping = True

    def stop(self) -> None:
        for service in reversed(self._services):
            if service.process and service.process.poll() is None:
                service.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for service in self._services:
            if service.process is None:
                continue
            try:
                service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.warning(operator_texts.SERVICE_WONT_STOP, service.name)
                service.process.kill()
                service.process.wait()
