"""The Bot API wire protocol as the stand-in speaks it.

The `{"ok": ..., "result": ...}` envelope and Telegram's error texts, how
Telegram reads a request's parameters, and the limits it checks on text and
inline keyboards, so that a protocol mistake fails a test the way it would
fail in production.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from aiohttp import web

import testing.telegram.updates as tu

ChatId = Union[int, str]

API_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?$")
FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
# Form fields that are plain strings even when they look like JSON ("123", "true").
_STRING_FIELDS = {
    "text", "caption", "callback_query_id", "inline_message_id", "url", "secret_token",
    "file_id", "data", "description", "short_description", "name", "title",
    "language_code", "parse_mode", "action", "emoji", "query", "ip_address",
    "message_effect_id", "business_connection_id", "custom_emoji_id",
}
BLOCKED = "Forbidden: bot was blocked by the user"
NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message")


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


async def read_params(request: web.Request) -> dict:
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


def scope_key(params: dict) -> str:
    return json.dumps([params.get("scope") or {"type": "default"},
                       params.get("language_code") or ""], sort_keys=True)


def checked_text(params: dict) -> str:
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


def checked_markup(markup: Any) -> Optional[dict]:
    """The reply_markup to store on the message: only inline keyboards are echoed back."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup
