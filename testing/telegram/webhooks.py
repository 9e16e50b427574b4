"""Webhook delivery, as Telegram does it once a bot has called setWebhook.

Telegram POSTs each update to the webhook with the secret token in a header, and
sends it again, later, until it hears 200. Updates of one chat go one at a time, in
update_id order; different chats go at once (up to `max_connections`). The stand-in
posts to `deliver_to` (the test's nginx or bot) with the path of the registered
https URL, because a test cannot serve the public https address itself.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

import aiohttp

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class Delivery:
    update_id: int
    status: int  # 0: no connection


def update_chat(update: dict) -> Optional[int]:
    message = update.get("message") or update.get("edited_message") or (update.get("callback_query") or {}).get("message")
    return (message or {}).get("chat", {}).get("id")


class DeliveringWebhooks:
    """The webhook half of `TelegramStandIn`; the state lives in its `__init__`."""

    def start_delivering(self, deliver_to: str, *, max_connections: int = 8, retry_seconds: float = 0.5) -> None:
        """Post queued updates to `deliver_to` while a webhook is set; call from the running loop."""
        self.deliveries: list[Delivery] = []
        self._deliver_to = deliver_to.rstrip("/")
        self._retry_seconds = retry_seconds
        self._max_connections = max_connections
        self._in_flight_chats: set = set()
        self._delivery_task = asyncio.get_running_loop().create_task(self._deliver_forever())

    async def stop_delivering(self) -> None:
        task = getattr(self, "_delivery_task", None)
        if task is not None:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            self._delivery_task = None

    async def _deliver_forever(self) -> None:
        posts: set = set()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
            try:
                while not self._closing:
                    for queued in self._deliverable(self._max_connections - len(posts)):
                        queued.delivered = True
                        self._in_flight_chats.add(update_chat(queued.update))
                        posts.add(asyncio.get_running_loop().create_task(self._post(http, queued)))
                    self._new_update.clear()
                    waiters = [asyncio.ensure_future(self._new_update.wait())]
                    done, _ = await asyncio.wait(posts | set(waiters), timeout=0.2, return_when=asyncio.FIRST_COMPLETED)
                    posts -= done
                    for waiter in waiters:
                        waiter.cancel()
            finally:
                for post in posts:
                    post.cancel()

    def _deliverable(self, room: int) -> list:
        if not self.webhook_url or room <= 0:
            return []
        picked, chats = [], set(self._in_flight_chats)
        for queued in sorted(self._queue, key=lambda q: q.update_id):
            chat = update_chat(queued.update)
            if queued.delivered or chat in chats:
                chats.add(chat)  # a later update of a chat waits for its earlier one
                continue
            chats.add(chat)
            picked.append(queued)
            if len(picked) == room:
                break
        return picked

    async def _post(self, http: aiohttp.ClientSession, queued) -> None:
        url = self._deliver_to + (urlsplit(self.webhook_url).path or "/")
        headers = {SECRET_HEADER: self.webhook_secret} if self.webhook_secret else {}
        try:
            async with http.post(url, json=queued.update, headers=headers) as response:
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            log.info("webhook delivery of %s failed: %r", queued.update_id, error)
            status = 0
        self.deliveries.append(Delivery(queued.update_id, status))
        if status == 200:
            self._queue = [q for q in self._queue if q is not queued]
        else:
            await asyncio.sleep(self._retry_seconds)
            queued.delivered = False
        self._in_flight_chats.discard(update_chat(queued.update))
        self._new_update.set()
