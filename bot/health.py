"""The bot's own small HTTP server for /health and /metrics, on a port of its own.

A plain threading HTTP server in one background thread: a scrape or a health
check runs its database query there, never on the bot's event loop, so a slow
database cannot hold up the chats. The bot starts it in post_init and stops it
in post_shutdown; `stop` closes the socket and joins the thread, so a SIGTERM
leaves neither behind.
"""
from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional, Tuple

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from bot.metrics import BotMetrics
from storage.db import unit_of_work

logger = logging.getLogger(__name__)


def database_answers(factory) -> Tuple[bool, str]:
    """Whether `SELECT 1` works; the error's class name when it does not (no URL, no password)."""
    try:
        with unit_of_work(factory) as session:
            session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        return False, type(error).__name__
    return True, "ok"


class _Handler(BaseHTTPRequestHandler):
    server: "_MetricsHTTPServer"

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        path = self.path.split("?", 1)[0]
        if path == "/metrics":
            self._reply(200, CONTENT_TYPE_LATEST, generate_latest(self.server.metrics.registry))
        elif path == "/health":
            healthy, detail = database_answers(self.server.factory)
            body = {"status": "ok" if healthy else "unavailable", "database": detail}
            self._reply(200 if healthy else 503, "application/json", json.dumps(body).encode())
        else:
            self._reply(404, "text/plain; charset=utf-8", b"not found\n")

    def _reply(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server API)
        # A scrape every 15 s would fill the bot's log; failures are logged where they happen.
        logger.debug("%s " + format, self.address_string(), *args)


class _MetricsHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, metrics: BotMetrics, factory) -> None:
        super().__init__(address, _Handler)
        self.metrics = metrics
        self.factory = factory


class HealthServer:
    """/health and /metrics for one bot; `port=0` in settings means the bot starts none."""

    def __init__(self, metrics: BotMetrics, factory, *, host: str, port: int) -> None:
        self._metrics = metrics
        self._factory = factory
        self._address = (host, port)
        self._server: Optional[_MetricsHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def port(self) -> int:
        assert self._server is not None, "the server is not running"
        return self._server.server_address[1]

    def start(self) -> None:
        # Binding here, not in the thread: a port already taken stops the bot's start-up with a clear error.
        self._server = _MetricsHTTPServer(self._address, self._metrics, self._factory)
        self._thread = threading.Thread(target=self._server.serve_forever, name="werkmaatje-metrics", daemon=True)
        self._thread.start()
        logger.info("Health and metrics on http://%s:%s/health and /metrics", self._address[0], self.port)

    def stop(self) -> None:
        """Blocks up to half a second (serve_forever's poll); call it off the event loop."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None
        logger.info("Health and metrics server stopped")
