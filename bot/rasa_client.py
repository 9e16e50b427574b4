"""Talking to Rasa's REST channel, and noticing when Rasa or the actions are down.

Which replica takes which chat, and when a message may move to another one: bot/rasa_replicas.py.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

import aiohttp

from bot.rasa_replicas import REPLICA_DOWN_SECONDS, Replica, ReplicaPool

logger = logging.getLogger(__name__)
T = TypeVar("T")

HEALTH_TRUSTED_SECONDS = 1.0
CONNECT_SECONDS = 3.0
HEALTH_SECONDS = 3.0
# aiohttp's words for a time-out while connecting (Rasa never saw the request), as against while reading.
CONNECT_TIMEOUT_WORDS = "Connection timeout"
# ... and for a request that could not be written whole, which Rasa therefore cannot have handled.
UNSENT_WORDS = "Can not write request body"


class RasaUnavailable(Exception):
    """Rasa or the action server did not answer; the message must wait, not be lost."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: List[Button] = field(default_factory=list)
    # An action's json_message, e.g. {"werkmaatje_document": "export"}
    custom: Optional[dict] = None


class RasaRefused(Exception):
    """Rasa answered 4xx (a wrong token, a bad request): waiting will not help, an operator must look."""


class ReplicaDown(RasaUnavailable):
    """This replica cannot take the message, and no Rasa is working on it: another replica may."""


Call = Callable[[Replica], Awaitable[T]]


class RasaClient:
    """Rasa's REST API for the bot; with several replicas each chat goes to its own (bot/rasa_replicas.py).

    HTTP through aiohttp: a quarter of httpx's CPU per request (bot/telegram_transport.py says why).
    """

    def __init__(self, rasa_url: str, action_server_url: Optional[str], timeout: float, token: Optional[str] = None) -> None:
        self._pool = ReplicaPool([(rasa_url, action_server_url)])
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=CONNECT_SECONDS)
        self._session: Optional[aiohttp.ClientSession] = None

    @classmethod
    def for_replicas(
        cls,
        replicas: Sequence[Tuple[str, Optional[str]]],
        timeout: float,
        token: Optional[str] = None,
        down_seconds: float = REPLICA_DOWN_SECONDS,
    ) -> "RasaClient":
        """One client for all replicas: (Rasa URL, its action server URL) each, as Settings.rasa_replicas gives."""
        client = cls(*replicas[0], timeout, token=token)
        client._pool = ReplicaPool(replicas, down_seconds)
        return client

    @property
    def _http(self) -> aiohttp.ClientSession:
        # Made on first use: an aiohttp session belongs to the running event loop.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout, cookie_jar=aiohttp.DummyCookieJar())
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def send(self, sender: str, text: str) -> List[Reply]:
        """Send one user message; raise RasaUnavailable if it cannot be answered now."""

        async def webhook(replica: Replica) -> list:
            return await self._post(replica, "/webhooks/rest/webhook", {"sender": sender, "message": text}, {})

        return await self._routed(self._pool.order_for(sender), self._turn(webhook))

    async def trigger_intent(self, sender: str, intent: str, entities: Dict[str, str]) -> List[Reply]:
        """Let Rasa speak first (a reminder, say): the texts stay in domain.yml, and the
        person's answer continues the same conversation."""

        async def trigger(replica: Replica) -> list:
            answer = await self._post(
                replica,
                f"/conversations/{sender}/trigger_intent",
                {"name": intent, "entities": entities},
                self._with_token(include_events="NONE"),
            )
            return answer.get("messages") or []

        return await self._routed(self._pool.order_for(sender), self._turn(trigger))

    async def parse(self, text: str) -> dict:
        """Rasa's NLU reading of a text, without a turn in the conversation."""

        async def parse_on(replica: Replica) -> dict:
            return await self._post(replica, "/model/parse", {"text": text}, self._with_token())

        return await self._routed(self._pool.order_for_any(), parse_on)

    async def record_without_answer(self, sender: str, text: str, parse_data: dict) -> None:
        """Put the person's message in Rasa's tracker as a turn that Rasa does not answer.

        The chat history stays whole (the portal's full chat reads the tracker),
        and the action_listen after it keeps the tracker a normal finished turn.
        """
        events = [
            {"event": "user", "text": text, "parse_data": parse_data, "input_channel": "rest"},
            {"event": "action", "name": "action_listen"},
        ]

        async def record(replica: Replica) -> None:
            await self._post(replica, f"/conversations/{sender}/tracker/events", events, self._with_token(include_events="NONE"))

        await self._routed(self._pool.order_for(sender), record)

    async def _routed(self, order: List[Replica], call: Call) -> T:
        """`call` on the first usable replica of `order`, on the next one only if it was down."""
        down: Optional[ReplicaDown] = None
        for replica in order:
            if not await self._pool.usable(replica, self._http):
                continue
            try:
                return await call(replica)
            except ReplicaDown as error:
                if len(order) > 1:
                    logger.warning("Rasa %s overgeslagen, de chats gaan naar de volgende: %s", replica.rasa_url, error)
                self._pool.mark_down(replica)
                down = error
        if down is not None:
            raise down
        # Every replica was down a moment ago: one real attempt at the chat's own one.
        try:
            return await call(order[0])
        except ReplicaDown:
            self._pool.mark_down(order[0])
            raise

    def _turn(self, exchange: Call) -> Call:
        """A turn Rasa answers: its action server checked before, and again if the answer is empty."""

        async def turn(replica: Replica) -> List[Reply]:
            # Checked first: when the action server is down, Rasa still answers
            # 200 with no messages, and the person would hear nothing.
            await self._require_action_server(replica)
            replies = [_as_reply(item) for item in await exchange(replica)]
            replies = [reply for reply in replies if reply.text or reply.buttons or reply.custom]
            await self._check_if_empty(replica, replies)
            return replies

        return turn

    def _with_token(self, **params) -> dict:
        if self._token:
            params["token"] = self._token
        return params

    async def _post(self, replica: Replica, path: str, body, params: dict) -> Any:
        """Rasa's JSON answer."""
        try:
            try:
                status, content = await self._exchange(replica, path, body, params)
            except aiohttp.ClientOSError as error:
                if UNSENT_WORDS not in str(error):
                    raise
                # A kept-alive connection Rasa had closed: the request never left. httpx
                # checked every pooled connection before use; trying again costs nothing in
                # the usual case and says for sure whether Rasa is down. One turn of the
                # event loop first, so the other connections Rasa closed are seen closed too.
                await asyncio.sleep(0)
                status, content = await self._exchange(replica, path, body, params)
        except aiohttp.ClientConnectorError as error:
            # Never reached Rasa: safe to hand to another replica.
            raise ReplicaDown(f"Rasa niet bereikbaar: {error!r}") from error
        except aiohttp.ServerTimeoutError as error:
            if CONNECT_TIMEOUT_WORDS in str(error):
                raise ReplicaDown(f"Rasa niet bereikbaar: {error!r}") from error
            raise RasaUnavailable(f"Rasa niet bereikbaar: {error!r}") from error
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            # Reached Rasa, which may still be working on it: no other replica may take it now.
            raise RasaUnavailable(f"Rasa niet bereikbaar: {error!r}") from error
        if status >= 500 or status in (404, 409):
            raise RasaUnavailable(f"Rasa antwoordde {status}")
        if status >= 400:
            raise RasaRefused(f"Rasa weigerde {path}: {status}")
        return json.loads(content)

    async def _exchange(self, replica: Replica, path: str, body, params: dict) -> Tuple[int, bytes]:
        async with self._http.post(f"{replica.rasa_url}{path}", params=params, json=body) as response:
            return response.status, await response.read()

    async def _check_if_empty(self, replica: Replica, replies: List[Reply]) -> None:
        """With the action server down Rasa answers 200 with nothing: then the message must wait.

        Rasa has finished that request by then, so another replica may take the message.
        """
        if not replies:
            replica.healthy_until = 0.0  # check for real, whatever was trusted a moment ago
            await self._require_action_server(replica)

    async def _require_action_server(self, replica: Replica) -> None:
        # A recent healthy answer is trusted for a moment: under load the check would
        # otherwise cost a round trip per message (make bench). Should the server
        # die within that moment, Rasa answers with nothing and _check_if_empty asks again.
        # Any failure here is before Rasa saw the message, so another replica may take it.
        if replica.action_health_url is None or time.monotonic() < replica.healthy_until:
            return
        try:
            async with self._http.get(replica.action_health_url, timeout=aiohttp.ClientTimeout(total=HEALTH_SECONDS)) as response:
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise ReplicaDown(f"Actieserver niet bereikbaar: {error!r}") from error
        if status != 200:
            raise ReplicaDown(f"Actieserver antwoordde {status}")
        replica.healthy_until = time.monotonic() + HEALTH_TRUSTED_SECONDS


def _as_reply(item: dict) -> Reply:
    buttons = [
        Button(title=str(button.get("title", "")), payload=str(button.get("payload", "")))
        for button in item.get("buttons") or []
        if button.get("payload")
    ]
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
    return Reply(text=str(item.get("text") or ""), buttons=buttons, custom=custom)
