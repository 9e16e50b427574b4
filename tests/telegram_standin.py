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
import copy
import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from aiohttp import web

from tests import telegram_updates as tu

log = logging.getLogger(__name__)

ChatId = Union[int, str]

_API_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?$")
_FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
# Form fields that are plain strings even when they look like JSON ("123", "true").
_STRING_FIELDS = {
    "text", "caption", "callback_query_id", "inline_message_id", "url", "secret_token",
    "file_id", "data", "description", "short_description", "name", "title",
    "language_code", "parse_mode", "action", "emoji", "query", "ip_address",
    "message_effect_id", "business_connection_id", "custom_emoji_id",
}
_BLOCKED = "Forbidden: bot was blocked by the user"
_NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and "
                 "reply markup are exactly the same as a current content and reply markup "
                 "of the message")
_MEDIA_EXT = {"photo": "jpg", "voice": "oga", "sticker": "webp", "document": "pdf"}


@dataclass
class Call:
    """One Bot API request the bot made, with the envelope it got back."""
    method: str
    params: dict
    timestamp: float
    response: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))


class ApiError(Exception):
    def __init__(self, error_code: int, description: str, retry_after: Optional[int] = None):
        super().__init__(f"{error_code} {description}")
        self.error_code, self.description, self.retry_after = error_code, description, retry_after

    def envelope(self) -> dict:
        body: dict[str, Any] = {"ok": False, "error_code": self.error_code,
                                "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class _Queued:
    update: dict
    delivered: bool = False

    @property
    def update_id(self) -> int:
        return self.update["update_id"]


class TelegramStandIn:
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

        self._queue: list[_Queued] = []
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

    # --- lifecycle ---------------------------------------------------------------

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

    # --- inspecting what the bot did ------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def sent_to(self, chat_id: ChatId) -> list[dict]:
        return [m for m in self.sent if m["chat"]["id"] == chat_id]

    def texts_to(self, chat_id: ChatId) -> list[str]:
        return [m.get("text", "") for m in self.sent_to(chat_id)]

    def mark(self) -> None:
        """Start counting anew for `wait_for_sent` and `wait_for_call`."""
        self._sent_mark = {}
        for m in self.sent:
            chat = m["chat"]["id"]
            self._sent_mark[chat] = self._sent_mark.get(chat, 0) + 1
        self._calls_mark = len(self.calls)

    async def wait_for_sent(self, chat_id: ChatId, count: int = 1,
                            timeout: float = 30.0) -> list[dict]:
        """Messages sent to `chat_id` since the last `mark()`, once there are `count`."""
        def since_mark() -> list[dict]:
            return self.sent_to(chat_id)[self._sent_mark.get(chat_id, 0):]

        if not await self._wait_until(lambda: len(since_mark()) >= count, timeout):
            texts = [m.get("text") for m in since_mark()]
            failed = [f"{c.method}: {c.response.get('description')}"
                      for c in self.calls[self._calls_mark:] if not c.ok]
            raise AssertionError(
                f"expected {count} message(s) to chat {chat_id} within {timeout}s, "
                f"got {len(texts)}: {texts!r}; failed calls since mark: {failed!r}; "
                f"stand-in errors: {self.errors!r}")
        return since_mark()

    async def wait_for_call(self, method: str, count: int = 1,
                            timeout: float = 30.0) -> list[Call]:
        """Calls of `method` since the last `mark()`, once there are `count`."""
        def since_mark() -> list[Call]:
            return [c for c in self.calls[self._calls_mark:] if c.method.lower() == method.lower()]

        if not await self._wait_until(lambda: len(since_mark()) >= count, timeout):
            seen = [c.method for c in self.calls[self._calls_mark:] if c.method != "getUpdates"]
            raise AssertionError(f"expected {count} {method} call(s) within {timeout}s; "
                                 f"calls since mark: {seen!r}")
        return since_mark()

    async def _wait_until(self, predicate, timeout: float) -> bool:
        assert self._activity is not None, "start() the stand-in first"
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0 or self._closing:
                return False
            self._activity.clear()
            try:
                await asyncio.wait_for(self._activity.wait(), remaining)
            except asyncio.TimeoutError:
                pass
        return True

    # --- fault injection -----------------------------------------------------------

    def fail_next(self, method: str, *, error_code: int, description: str,
                  retry_after: Optional[int] = None, times: int = 1) -> None:
        """The next `times` calls of `method` get this error instead of a result."""
        error = ApiError(error_code, description, retry_after)
        self._faults.setdefault(method.lower(), []).extend([error] * times)

    def block_chat(self, chat_id: ChatId) -> None:
        """Act as if the user blocked the bot: sends to this chat answer 403."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: ChatId) -> None:
        self._blocked.discard(chat_id)

    # --- injecting updates ---------------------------------------------------------

    def push_text(self, chat_id: int, text: str, *, first_name: str = "Test",
                  user_id: Optional[int] = None) -> int:
        return self._push_message(chat_id, tu.text_content(text), first_name, user_id)

    def push_photo(self, chat_id: int, *, caption: Optional[str] = None, **who: Any) -> int:
        return self._push_message(chat_id, tu.photo_content(*self._new_file("photo"),
                                                            caption=caption), **who)

    def push_voice(self, chat_id: int, *, duration: int = 3, **who: Any) -> int:
        return self._push_message(chat_id, tu.voice_content(*self._new_file("voice"),
                                                            duration=duration), **who)

    def push_sticker(self, chat_id: int, **who: Any) -> int:
        return self._push_message(chat_id, tu.sticker_content(*self._new_file("sticker")), **who)

    def push_document(self, chat_id: int, *, file_name: str = "cv.pdf",
                      mime_type: str = "application/pdf", caption: Optional[str] = None,
                      **who: Any) -> int:
        content = tu.document_content(*self._new_file("document"), file_name=file_name,
                                      mime_type=mime_type, caption=caption)
        return self._push_message(chat_id, content, **who)

    def push_location(self, chat_id: int, latitude: float = 52.3676,
                      longitude: float = 4.9041, **who: Any) -> int:
        return self._push_message(chat_id, tu.location_content(latitude, longitude), **who)

    def push_callback(self, chat_id: int, data: str, *, message_id: int,
                      user_id: Optional[int] = None) -> int:
        """The user taps an inline button under message `message_id` in `chat_id`."""
        try:
            msg = self.messages[(chat_id, message_id)]
        except KeyError:
            raise KeyError(f"no message {message_id} in chat {chat_id}; a callback query "
                           f"needs a message the bot sent") from None
        query_id = str(8_000_000_000_000_000 + self._next_callback)
        self._next_callback += 1
        self._open_callbacks.add(query_id)
        sender = tu.user(user_id or chat_id, self._chat_names.get(chat_id, "Test"))
        query = tu.callback_query(query_id, sender, copy.deepcopy(msg), data,
                                  chat_instance=str(-4_000_000_000_000 - abs(chat_id)))
        return self._enqueue({"update_id": self._take_update_id(), "callback_query": query})

    def push_raw(self, update: dict) -> int:
        """Queue `update` as is (an update_id is added only if missing)."""
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update["update_id"] = self._take_update_id()
        self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
        return self._enqueue(update)

    def duplicate_update(self, update_id: int) -> int:
        """Queue an identical copy of an earlier update, as Telegram does when it redelivers."""
        return self._enqueue(copy.deepcopy(self.pushed[update_id]))

    @property
    def pending_update_ids(self) -> list[int]:
        """Updates not yet confirmed by the bot (via getUpdates' offset)."""
        return [q.update_id for q in self._queue]

    def _push_message(self, chat_id: int, content: dict, first_name: Optional[str] = None,
                      user_id: Optional[int] = None) -> int:
        if first_name is not None:
            self._chat_names[chat_id] = first_name
        name = self._chat_names.setdefault(chat_id, "Test")
        msg = tu.message(self._take_message_id(chat_id), tu.private_chat(chat_id, name),
                         tu.user(user_id or chat_id, name), content)
        self.messages[(chat_id, msg["message_id"])] = msg
        return self._enqueue({"update_id": self._take_update_id(), "message": msg})

    def _enqueue(self, update: dict) -> int:
        self.pushed.setdefault(update["update_id"], copy.deepcopy(update))
        self._queue.append(_Queued(update))
        if self._new_update:
            self._new_update.set()
        return update["update_id"]

    def _take_update_id(self) -> int:
        self._next_update_id += 1
        return self._next_update_id - 1

    def _take_message_id(self, chat_id: ChatId) -> int:
        # In private chats both sides share one message_id sequence.
        next_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = next_id + 1
        return next_id

    def _new_file(self, kind: str) -> tuple[str, str]:
        n = len(self._files) + 1
        file_id, unique = f"StandIn{kind.capitalize()}{n:04d}", f"SIU{kind[:2]}{n:04d}"
        self._files[file_id] = {"file_id": file_id, "file_unique_id": unique, "file_size": 1024,
                                "file_path": f"{kind}s/file_{n}.{_MEDIA_EXT[kind]}"}
        return file_id, unique

    # --- HTTP ------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.Response:
        file_match = _FILE_PATH.match(request.path)
        if file_match and file_match["token"] == self.token:
            if any(f["file_path"] == file_match["path"] for f in self._files.values()):
                return web.Response(body=b"stand-in file " + file_match["path"].encode())
            return web.json_response(ApiError(404, "Not Found").envelope(), status=404)
        match = _API_PATH.match(request.path)
        if not match:
            return web.json_response(ApiError(404, "Not Found").envelope(), status=404)
        if match["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").envelope(), status=401)

        method = match["method"]
        call = Call(method, await _read_params(request), time.time())
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
        faults = self._faults.get(name)
        if faults:
            raise faults.pop(0)
        if params.get("chat_id") in self._blocked and name.startswith(("send", "edit", "copy",
                                                                       "forward")):
            raise ApiError(403, _BLOCKED)
        handler = getattr(self, f"_api_{name}", None)
        if handler is None:
            return True
        return await handler(params) if name == "getupdates" else handler(params)

    # --- Bot API methods (named _api_<lowercase method>) ---------------------------

    def _api_getme(self, params: dict) -> dict:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False,
                "has_main_web_app": False}

    async def _api_getupdates(self, params: dict) -> list[dict]:
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is "
                                "active; use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = min(float(params.get("timeout") or 0), self.long_poll_cap)
        # An offset confirms every update delivered before with a lower id. An update
        # queued again after that (a redelivery) is still pending and gets delivered.
        self._queue = [q for q in self._queue if not (q.delivered and q.update_id < offset)]
        assert self._new_update is not None
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._queue and not self._closing:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return []
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), remaining)
            except asyncio.TimeoutError:
                return []
        batch = sorted(self._queue, key=lambda q: q.update_id)[:limit]
        for queued in batch:
            queued.delivered = True
        return [copy.deepcopy(q.update) for q in batch]

    def _api_deletewebhook(self, params: dict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _api_setwebhook(self, params: dict) -> bool:
        if not str(params.get("url", "")).startswith("https://") and params.get("url"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided "
                                "for webhook")
        self.webhook_url = params.get("url") or ""
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _api_getwebhookinfo(self, params: dict) -> dict:
        return {"url": self.webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._queue)}

    def _api_setmycommands(self, params: dict) -> bool:
        self.commands[_scope_key(params)] = list(params.get("commands") or [])
        return True

    def _api_getmycommands(self, params: dict) -> list:
        return self.commands.get(_scope_key(params), [])

    def _api_sendmessage(self, params: dict) -> dict:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):  # @channelusername: no channels in this stand-in
            raise ApiError(400, "Bad Request: chat not found")
        text = _checked_text(params)
        markup = _checked_markup(params.get("reply_markup"))
        name = self._chat_names.setdefault(chat_id, "Test")
        msg = tu.message(self._take_message_id(chat_id), tu.private_chat(chat_id, name),
                         self.bot_user, {"text": text})
        if markup:
            msg["reply_markup"] = markup
        self.messages[(chat_id, msg["message_id"])] = msg
        self.sent.append(msg)
        return copy.deepcopy(msg)

    def _api_senddocument(self, params: dict) -> dict:
        """An uploaded file (multipart) becomes a document message; its bytes are kept for tests."""
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        upload = params.get("document")
        if not isinstance(upload, dict) or not upload.get("content"):
            raise ApiError(400, "Bad Request: there is no document in the request")
        if len(upload["content"]) > 50 * 1024 * 1024:
            raise ApiError(413, "Request Entity Too Large")
        caption = params.get("caption")
        if caption is not None and len(str(caption)) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        file_id, unique = self._new_file("document")
        name = self._chat_names.setdefault(chat_id, "Test")
        content = {"document": {"file_id": file_id, "file_unique_id": unique,
                                "file_name": upload.get("filename"), "file_size": len(upload["content"])}}
        if caption:
            content["caption"] = str(caption)
        msg = tu.message(self._take_message_id(chat_id), tu.private_chat(chat_id, name), self.bot_user, content)
        self.messages[(chat_id, msg["message_id"])] = msg
        self.documents[(chat_id, msg["message_id"])] = {
            "file_name": upload.get("filename"), "content": upload["content"], "caption": caption}
        self.sent.append(msg)
        return copy.deepcopy(msg)

    def _api_editmessagetext(self, params: dict) -> dict:
        msg = self._message_to_edit(params)
        text, markup = _checked_text(params), _checked_markup(params.get("reply_markup"))
        return self._edit(msg, text, markup)

    def _api_editmessagereplymarkup(self, params: dict) -> dict:
        msg = self._message_to_edit(params)
        return self._edit(msg, msg.get("text"), _checked_markup(params.get("reply_markup")))

    def _message_to_edit(self, params: dict) -> dict:
        msg = self.messages.get((params.get("chat_id"), params.get("message_id")))
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if msg["from"]["id"] != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return msg

    @staticmethod
    def _edit(msg: dict, text: Optional[str], markup: Optional[dict]) -> dict:
        # Leaving reply_markup out of an edit removes the inline keyboard.
        if msg.get("text") == text and msg.get("reply_markup") == markup:
            raise ApiError(400, _NOT_MODIFIED)
        msg["text"], msg["edit_date"] = text, tu.now()
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        return copy.deepcopy(msg)

    def _api_answercallbackquery(self, params: dict) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._open_callbacks:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired "
                                "or query ID is invalid")
        self._open_callbacks.discard(query_id)
        return True

    def _api_sendchataction(self, params: dict) -> bool:
        return True

    def _api_getfile(self, params: dict) -> dict:
        info = self._files.get(str(params.get("file_id")))
        if info is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return dict(info)

    def _api_close(self, params: dict) -> bool:
        return True

    def _api_logout(self, params: dict) -> bool:
        return True


# --- request parsing and validation ---------------------------------------------


async def _read_params(request: web.Request) -> dict:
    """Parameters as Telegram reads them: query string, then JSON or form body.

    ptb sends form fields with non-string values JSON-encoded (chat_id="42",
    reply_markup='{"inline_keyboard": ...}'); decode those back.
    """
    params: dict[str, Any] = {k: _decode(k, v) for k, v in request.query.items()}
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        params.update({k: _decode(k, v) if isinstance(v, str) and v[:1] in "[{" else v
                       for k, v in (body or {}).items()})
    elif request.can_read_body:
        for key, value in (await request.post()).items():
            params[key] = _decode(key, value) if isinstance(value, str) else {
                "filename": value.filename, "content": value.file.read()}
    return params


def _decode(key: str, value: str) -> Any:
    if key in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _scope_key(params: dict) -> str:
    return json.dumps([params.get("scope") or {"type": "default"},
                       params.get("language_code") or ""], sort_keys=True)


def _checked_text(params: dict) -> str:
    text = params.get("text")
    text = "" if text is None else str(text)
    if params.get("parse_mode") == "HTML":
        try:
            text = tu.html_to_plain(text)
        except tu.HtmlEntityError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    return text


def _checked_markup(markup: Any) -> Optional[dict]:
    """The reply_markup to store on the message: only inline keyboards are echoed back."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup
