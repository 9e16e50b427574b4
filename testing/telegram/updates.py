"""Builders for Bot API objects in Telegram's exact wire format.

Used by `testing.telegram.standin`. Everything here returns plain dicts shaped
the way api.telegram.org sends them (https://core.telegram.org/bots/api), so
python-telegram-bot parses them into the same types it would in production:
a photo becomes `Message.photo`, a `/start X` text carries a `bot_command`
entity so `CommandHandler` fires, and so on. No ptb imports on purpose: the
point is to test ptb's parsing, not to reuse it.
"""
from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from typing import Any, Optional

# Telegram recognises "/command" or "/command@botname" at the start of a text.
_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,64})?")

# Tags Telegram accepts with parse_mode=HTML.
_HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "code", "pre", "blockquote", "tg-emoji",
}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def now() -> int:
    return int(time.time())


def user(user_id: int, first_name: str = "Test", *, is_bot: bool = False,
         username: Optional[str] = None, language_code: Optional[str] = "nl") -> dict:
    result: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if username:
        result["username"] = username
    if language_code and not is_bot:
        result["language_code"] = language_code
    return result


def private_chat(chat_id: int, first_name: str = "Test") -> dict:
    return {"id": chat_id, "type": "private", "first_name": first_name}


def message(message_id: int, chat: dict, from_user: dict, content: dict,
            *, date: Optional[int] = None) -> dict:
    return {"message_id": message_id, "from": from_user, "chat": chat,
            "date": date if date is not None else now(), **content}


# Each returns the keys that go next to message_id/from/chat/date.

def text_content(text: str) -> dict:
    content: dict[str, Any] = {"text": text}
    match = _COMMAND_RE.match(text)
    if match:
        content["entities"] = [
            {"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}
        ]
    return content


def photo_content(file_id: str, file_unique_id: str, *, caption: Optional[str] = None) -> dict:
    # Telegram sends several sizes, smallest first.
    sizes = [
        {"file_id": f"{file_id}_s", "file_unique_id": f"{file_unique_id}s",
         "width": 90, "height": 67, "file_size": 1201},
        {"file_id": file_id, "file_unique_id": file_unique_id,
         "width": 1280, "height": 960, "file_size": 84211},
    ]
    return _with_caption({"photo": sizes}, caption)


def voice_content(file_id: str, file_unique_id: str, *, duration: int = 3) -> dict:
    return {"voice": {"file_id": file_id, "file_unique_id": file_unique_id,
                      "duration": duration, "mime_type": "audio/ogg", "file_size": 5120}}


def sticker_content(file_id: str, file_unique_id: str, *, emoji: str = "\U0001F44D") -> dict:
    return {"sticker": {"file_id": file_id, "file_unique_id": file_unique_id,
                        "type": "regular", "width": 512, "height": 512,
                        "is_animated": False, "is_video": False, "emoji": emoji,
                        "set_name": "StandInStickers", "file_size": 20480}}


def document_content(file_id: str, file_unique_id: str, *, file_name: str = "cv.pdf",
                     mime_type: str = "application/pdf",
                     caption: Optional[str] = None) -> dict:
    return _with_caption({"document": {"file_id": file_id, "file_unique_id": file_unique_id,
                                       "file_name": file_name, "mime_type": mime_type,
                                       "file_size": 40960}}, caption)


def location_content(latitude: float = 52.3676, longitude: float = 4.9041) -> dict:
    return {"location": {"latitude": latitude, "longitude": longitude}}


def _with_caption(content: dict, caption: Optional[str]) -> dict:
    if caption is not None:
        content["caption"] = caption
    return content


def callback_query(query_id: str, from_user: dict, msg: dict, data: str,
                   chat_instance: str) -> dict:
    return {"id": query_id, "from": from_user, "message": msg,
            "chat_instance": chat_instance, "data": data}


# Texts sent with parse_mode=HTML

class HtmlEntityError(ValueError):
    """The text would make Telegram answer "can't parse entities"."""


class _HtmlToPlain(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in _HTML_TAGS:
            raise HtmlEntityError(f'Unsupported start tag "{tag}"')
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            raise HtmlEntityError(f'Can\'t find end tag corresponding to start tag "{tag}"'
                                  if tag in self.open else f'Unexpected end tag "{tag}"')
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_plain(text: str) -> str:
    """The text a user sees for parse_mode=HTML; raises HtmlEntityError like Telegram."""
    parser = _HtmlToPlain()
    parser.feed(text)
    parser.close()
    if parser.open:
        raise HtmlEntityError(f'Can\'t find end tag corresponding to start tag "{parser.open[-1]}"')
    return "".join(parser.parts)
