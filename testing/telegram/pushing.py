"""Updates a test pushes into the stand-in, as if a user wrote, sent media or tapped a button.

Each pushed update waits in the queue until the bot's getUpdates confirms it;
the ids of messages and updates are handed out here, the way Telegram numbers
them.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Optional

import testing.telegram.updates as tu
from testing.telegram.protocol import ChatId

_MEDIA_EXT = {"photo": "jpg", "voice": "oga", "sticker": "webp", "document": "pdf"}


@dataclass
class Queued:
    update: dict
    delivered: bool = False

    @property
    def update_id(self) -> int:
        return self.update["update_id"]


class PushingUpdates:
    """The `push_*` half of `TelegramStandIn`; the state lives in its `__init__`."""

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
        self._queue.append(Queued(update))
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
