"""What the bot did against the stand-in, and waiting for it without blocking the event loop."""
from __future__ import annotations

import asyncio

from testing.telegram.protocol import Call, ChatId


class WatchingTheBot:
    """The inspecting half of `TelegramStandIn`; the state lives in its `__init__`."""

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
