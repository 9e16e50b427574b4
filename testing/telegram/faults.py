"""Failures a test orders from the stand-in: an error for the next calls, a user who blocked the bot."""
from __future__ import annotations

from typing import Optional

from testing.telegram.protocol import BLOCKED, ApiError, ChatId

# Methods that deliver to a chat, and so fail with 403 once the user blocked the bot.
_DELIVERING_PREFIXES = ("send", "edit", "copy", "forward")


class InjectingFaults:
    """The failure half of `TelegramStandIn`; `raise_ordered_fault` runs before every method."""

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

    def raise_ordered_fault(self, name: str, params: dict) -> None:
        """Raise the error ordered for method `name` (lower case), if any."""
        faults = self._faults.get(name)
        if faults:
            raise faults.pop(0)
        if params.get("chat_id") in self._blocked and name.startswith(_DELIVERING_PREFIXES):
            raise ApiError(403, BLOCKED)
