"""The bot's webhook server: Telegram hears 200 only once the update is in the inbox.

ptb's own webhook server answers 200 as soon as an update is queued in memory;
a replica killed right then loses the message, for Telegram does not send an
update again after a 200. Here the request waits for
`Application.process_update`, whose handlers return once the update is stored
(bot/handlers.py); the answer to the person follows in a background task.
Telegram sends an update again after anything but a 2xx, and the inbox's
dedup by update_id makes that harmless, so every doubt is answered non-2xx.

nginx in front ends TLS and balances over the replicas; this server speaks
plain HTTP on the bot's event loop (tornado, which ptb's webhooks extra brings).
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Optional
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application as TornadoApplication
from tornado.web import RequestHandler, stream_request_body

from bot.background import watch_handling

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few kilobytes; a megabyte is far beyond any real one.
MAX_BODY_BYTES = 1024 * 1024
# Requests under way at a stop get this long to store their update.
STOP_GRACE_SECONDS = 5.0


def webhook_path(webhook_url: Optional[str]) -> str:
    """The path Telegram posts to: that of the public webhook URL (nginx passes it on unchanged)."""
    path = urlsplit(webhook_url or "").path
    return path or "/"


def secret_matches(given: Optional[str], secret: str) -> bool:
    """Constant time, so the secret cannot be guessed byte by byte from response times."""
    return given is not None and hmac.compare_digest(given.encode(), secret.encode())


def parse_update(body: bytes) -> Optional[dict]:
    """The update's JSON object, or None when the body is not one."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    return data


@stream_request_body
class _UpdateHandler(RequestHandler):
    """POST of one update. Streamed, so a forged or oversized request is refused before its body is read."""

    def initialize(self, server: "WebhookServer") -> None:
        self._server = server
        self._body = bytearray()
        self._too_large = False
        self._counted = False

    def prepare(self) -> None:
        if self._server.closing:
            # On its way down: Telegram (or nginx, to the next replica) tries again.
            self._refuse(503)
        elif not secret_matches(self.request.headers.get(SECRET_HEADER), self._server.secret):
            self._refuse(403)
        elif int(self.request.headers.get("Content-Length") or 0) > MAX_BODY_BYTES:
            self._refuse(413)
        else:
            # From here until it is answered, a stop waits for this request.
            self._server.in_flight += 1
            self._counted = True

    def on_finish(self) -> None:
        self._uncount()

    def on_connection_close(self) -> None:
        self._uncount()

    def _uncount(self) -> None:
        if self._counted:
            self._counted = False
            self._server.in_flight -= 1

    def data_received(self, chunk: bytes) -> None:
        if len(self._body) + len(chunk) > MAX_BODY_BYTES:
            # Without Content-Length (chunked): keep reading, but nothing of it.
            self._too_large = True
            return
        self._body.extend(chunk)

    async def post(self) -> None:
        if self._too_large:
            self._refuse(413)
            return
        data = parse_update(bytes(self._body))
        if data is None:
            self._refuse(400)
            return
        application = self._server.application
        try:
            update = Update.de_json(data, application.bot)
        except Exception:  # noqa: BLE001 - whatever ptb rejects is not an update
            self._refuse(400)
            return
        with watch_handling() as handling:
            await application.process_update(update)
        # A handler that raised may not have stored the update: Telegram must send it again.
        self._reply(500 if handling.failed else 200)

    def _refuse(self, status: int) -> None:
        # Never the body in a log: it is someone's message.
        self._reply(status)

    def _reply(self, status: int) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(b"" if status == 200 else f"{status}\n".encode())


def _log_request(handler: RequestHandler) -> None:
    status = handler.get_status()
    # Method, path and status only: no query, no body, no header (the secret is one).
    level = logging.DEBUG if status < 400 else logging.INFO
    logger.log(level, "%s %s %s", status, handler.request.method, handler.request.path)


class WebhookServer:
    """The webhook endpoint on `host:port`, in the running event loop; port 0 picks a free one."""

    def __init__(self, application: Application, *, secret: str, path: str, host: str, port: int) -> None:
        if not secret:
            raise ValueError("the webhook server needs a secret token")
        self.application = application
        self.secret = secret
        self.closing = False
        self.in_flight = 0
        self._path = path
        self._address = (host, port)
        self._http: Optional[HTTPServer] = None
        self._port: Optional[int] = None

    @property
    def port(self) -> int:
        assert self._port is not None, "the webhook server is not running"
        return self._port

    def start(self) -> None:
        routes = [(self._path, _UpdateHandler, {"server": self})]
        app = TornadoApplication(routes, log_function=_log_request)
        # A backstop for bodies sent without Content-Length; the handler answers 413 below it.
        self._http = HTTPServer(app, max_body_size=4 * MAX_BODY_BYTES)
        # Bound here, not later: a port already taken stops the start with a clear error.
        sockets = bind_sockets(self._address[1], self._address[0])
        self._http.add_sockets(sockets)
        self._port = sockets[0].getsockname()[1]
        logger.info("Webhook server on http://%s:%s%s", self._address[0], self._port, self._path)

    async def stop(self) -> None:
        """Take no new request, let those under way store their update, then close the connections."""
        if self._http is None:
            return
        self.closing = True
        self._http.stop()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STOP_GRACE_SECONDS
        while self.in_flight and loop.time() < deadline:
            await asyncio.sleep(0.02)
        if self.in_flight:
            logger.warning("Webhook server stops with %s requests unanswered; Telegram sends them again", self.in_flight)
        try:
            await asyncio.wait_for(self._http.close_all_connections(), 1.0)
        except asyncio.TimeoutError:
            logger.warning("Webhook server: connections still open at the stop")
        self._http = None
        logger.info("Webhook server stopped")


async def register_webhook(application: Application, *, url: str, secret: str) -> None:
    """Tell Telegram where to post. Never deleteWebhook at a stop: the other replicas still serve."""
    await application.bot.set_webhook(url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
