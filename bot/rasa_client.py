"""Talking to Rasa's REST channel, and noticing when Rasa or the actions are down."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import httpx

logger = logging.getLogger(__name__)

HEALTH_TRUSTED_SECONDS = 1.0


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


class RasaClient:
    def __init__(self, rasa_url: str, action_server_url: Optional[str], timeout: float, token: Optional[str] = None) -> None:
        self._rasa_url = rasa_url.rstrip("/")
        self._token = token
        self._action_health_url = f"{action_server_url.rstrip('/')}/health" if action_server_url else None
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=3.0))
        self._healthy_until = 0.0

    async def close(self) -> None:
        await self._http.aclose()

    async def send(self, sender: str, text: str) -> List[Reply]:
        """Send one user message; raise RasaUnavailable if it cannot be answered now."""
        # Checked first: when the action server is down, Rasa still answers
        # 200 with no messages, and the person would hear nothing.
        await self._require_action_server()
        try:
            response = await self._http.post(
                f"{self._rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
            )
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"Rasa niet bereikbaar: {error!r}") from error
        if response.status_code >= 500 or response.status_code in (404, 409):
            raise RasaUnavailable(f"Rasa antwoordde {response.status_code}")
        response.raise_for_status()
        replies = [_as_reply(item) for item in response.json()]
        replies = [reply for reply in replies if reply.text or reply.buttons or reply.custom]
        await self._check_if_empty(replies)
        return replies

    async def trigger_intent(self, sender: str, intent: str, entities: Dict[str, str]) -> List[Reply]:
        """Let Rasa speak first (a reminder, say): the texts stay in domain.yml, and the
        person's answer continues the same conversation."""
        await self._require_action_server()
        params = {"include_events": "NONE"}
        if self._token:
            params["token"] = self._token
        try:
            response = await self._http.post(
                f"{self._rasa_url}/conversations/{sender}/trigger_intent",
                params=params,
                json={"name": intent, "entities": entities},
            )
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"Rasa niet bereikbaar: {error!r}") from error
        if response.status_code >= 500 or response.status_code in (404, 409):
            raise RasaUnavailable(f"Rasa antwoordde {response.status_code}")
        response.raise_for_status()
        replies = [_as_reply(item) for item in response.json().get("messages") or []]
        replies = [reply for reply in replies if reply.text or reply.buttons or reply.custom]
        await self._check_if_empty(replies)
        return replies

    async def parse(self, text: str) -> dict:
        """Rasa's NLU reading of a text, without a turn in the conversation."""
        return await self._post_api("/model/parse", {"text": text})

    async def record_without_answer(self, sender: str, text: str, parse_data: dict) -> None:
        """Put the person's message in Rasa's tracker as a turn that Rasa does not answer.

        The chat history stays whole (the portal's full chat reads the tracker),
        and the action_listen after it keeps the tracker a normal finished turn.
        """
        events = [
            {"event": "user", "text": text, "parse_data": parse_data, "input_channel": "rest"},
            {"event": "action", "name": "action_listen"},
        ]
        await self._post_api(f"/conversations/{sender}/tracker/events", events, include_events="NONE")

    async def _post_api(self, path: str, body, **params) -> dict:
        if self._token:
            params["token"] = self._token
        try:
            response = await self._http.post(f"{self._rasa_url}{path}", params=params, json=body)
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"Rasa niet bereikbaar: {error!r}") from error
        if response.status_code >= 500 or response.status_code in (404, 409):
            raise RasaUnavailable(f"Rasa antwoordde {response.status_code}")
        response.raise_for_status()
        return response.json()

    async def _check_if_empty(self, replies: List[Reply]) -> None:
        """With the action server down Rasa answers 200 with nothing: then the message must wait."""
        if not replies:
            self._healthy_until = 0.0  # check for real, whatever was trusted a moment ago
            await self._require_action_server()

    async def _require_action_server(self) -> None:
        # A recent healthy answer is trusted for a moment: under load the check would
        # otherwise cost a round trip per message (make bench). Should the server
        # die within that moment, Rasa answers with nothing and _check_if_empty asks again.
        if self._action_health_url is None or time.monotonic() < self._healthy_until:
            return
        try:
            response = await self._http.get(self._action_health_url, timeout=3.0)
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"Actieserver niet bereikbaar: {error!r}") from error
        if response.status_code != 200:
            raise RasaUnavailable(f"Actieserver antwoordde {response.status_code}")
        self._healthy_until = time.monotonic() + HEALTH_TRUSTED_SECONDS


def _as_reply(item: dict) -> Reply:
    buttons = [
        Button(title=str(button.get("title", "")), payload=str(button.get("payload", "")))
        for button in item.get("buttons") or []
        if button.get("payload")
    ]
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
    return Reply(text=str(item.get("text") or ""), buttons=buttons, custom=custom)
