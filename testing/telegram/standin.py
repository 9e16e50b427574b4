"""A local stand-in for the Telegram Bot API, for Werkmaatje's tests.

Why: the bot is built on python-telegram-bot (ptb). Mocking ptb's `Bot` would
test our assumptions about ptb and Telegram, not the real thing. Instead the
tests run the *real* ptb stack -- `Application`, the `Updater`'s long polling,
handler dispatch, ptb's HTTP client and error mapping -- against this small
aiohttp server that speaks the Bot API protocol (`POST /bot<token>/<method>`,
the `{"ok": ..., "result": ...}` envelope, Telegram's status codes and error
texts) on 127.0.0.1. Fully offline, and protocol mistakes (a >4096-character
message, callback_data over 64 bytes, editing a message into itself) fail the
test the way they would fail in production.

Usage::

    async with TelegramStandIn() as tg:
        app = (Application.builder().token(tg.token)
               .base_url(f"{tg.url}/bot").base_file_url(f"{tg.url}/file/bot").build())
        ...start the app and polling...
        tg.push_text(42, "/start ABC123")
        [reply] = await tg.wait_for_sent(42)

Push and inspect from the event loop the server runs on (the usual case with
one `asyncio.run` per test).
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional

from aiohttp import web

import testing.telegram.updates as tu
from testing.telegram.faults import InjectingFaults
from testing.telegram.methods import BotApiMethods
from testing.telegram.protocol import API_PATH, FILE_PATH, ApiError, Call, ChatId, read_params
from testing.telegram.pushing import PushingUpdates, Queued
from testing.telegram.watching import WatchingTheBot
from testing.telegram.webhooks import DeliveringWebhooks

log = logging.getLogger(__name__)


class TelegramStandIn(PushingUpdates, InjectingFaults, WatchingTheBot, BotApiMethods, DeliveringWebhooks):
    """The Bot API on 127.0.0.1: the state of chats, messages and files, served over HTTP."""

    def __init__(self, token: str = "123456:TEST", bot_username: str = "werkmaatje_test_bot",
                 *, bot_first_name: str = "Werkmaatje", long_poll_cap: float = 1.0):
        self.token = token
        self.bot_username = bot_username
        bot_id = token.split(":", 1)[0]
        self.bot_user = tu.user(int(bot_id) if bot_id.isdigit() else 123456, bot_first_name,
                                is_bot=True, username=bot_username)
        self.long_poll_cap = long_poll_cap

        self.calls: list[Call] = []
        self.sent: list[dict] = []
        self.errors: list[str] = []          # stand-in bugs (500s), so tests can assert on them
        self.pushed: dict[int, dict] = {}   # first copy of every pushed update, by update_id
        self.messages: dict[tuple[ChatId, int], dict] = {}  # incoming and outgoing, by chat/id
        self.commands: dict[str, list] = {}
        self.webhook_url = ""
        self.webhook_secret = ""

        self._queue: list[Queued] = []
        self._next_update_id = 1
        self._next_message_id: dict[ChatId, int] = {}
        self._chat_names: dict[ChatId, str] = {}
        self._open_callbacks: set[str] = set()
        self._next_callback = 1
        self._files: dict[str, dict] = {}
        # sendDocument uploads, by (chat, message_id): {"file_name", "content", "caption"}
        self.documents: dict[tuple[ChatId, int], dict] = {}
        self._faults: dict[str, list[ApiError]] = {}
        self._blocked: set[ChatId] = set()
        self._sent_mark: dict[ChatId, int] = {}
        self._calls_mark = 0

        self._runner: Optional[web.AppRunner] = None
        self._url: Optional[str] = None
        self._closing = False
        self._new_update: Optional[asyncio.Event] = None
        self._activity: Optional[asyncio.Event] = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._new_update, self._activity = asyncio.Event(), asyncio.Event()
        if self._queue:
            self._new_update.set()
        self._closing = False
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False,
                                     shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self._url = f"http://{bound_host}:{bound_port}"

    async def stop(self) -> None:
        self._closing = True
        await self.stop_delivering()
        for event in (self._new_update, self._activity):
            if event:
                event.set()  # end long polls and waiters now
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "TelegramStandIn":
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("TelegramStandIn is not started")
        return self._url

    async def _dispatch(self, request: web.Request) -> web.Response:
        file_match = FILE_PATH.match(request.path)
        if file_match and file_match["token"] == self.token:
            if any(f["file_path"] == file_match["path"] for f in self._files.values()):
                return web.Response(body=b"stand-in file " + file_match["path"].encode())
            return web.json_response(ApiError(404, "Not Found").envelope(), status=404)
        match = API_PATH.match(request.path)
        if not match:
            return web.json_response(ApiError(404, "Not Found").envelope(), status=404)
        if match["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").envelope(), status=401)

        method = match["method"]
        call = Call(method, await read_params(request), time.time())
        self.calls.append(call)
        try:
            result = await self._answer(method, call.params)
            call.response = {"ok": True, "result": result}
        except ApiError as error:
            call.response = error.envelope()
        except Exception as exc:  # a stand-in bug: make it loud, not a hang
            log.exception("stand-in failed on %s", method)
            self.errors.append(f"{method}: {exc!r}")
            call.response = ApiError(500, f"Internal Server Error: stand-in {exc!r}").envelope()
        if self._activity:
            self._activity.set()
        status = 200 if call.ok else call.response["error_code"]
        return web.json_response(call.response, status=status)

    async def _answer(self, method: str, params: dict) -> Any:
        name = method.lower()
        self.raise_ordered_fault(name, params)
        handler = getattr(self, f"_api_{name}", None)
        if handler is None:
            return True
        return await handler(params) if name == "getupdates" else handler(params)
