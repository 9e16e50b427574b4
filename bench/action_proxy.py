"""A pass-through between Rasa and the action server that counts the events each call carries.

Rasa sends the conversation's tracker with every custom-action call; how many
events it holds is what the action server has to read, and it must stay
bounded however long a client has been with Werkmaatje. The proxy forwards
every request unchanged and keeps (action name, number of events) per call.
"""
from __future__ import annotations

import json
from typing import List, Optional, Tuple

import aiohttp
from aiohttp import web

from testing.stack import free_port


class CountingActionProxy:
    def __init__(self, action_server_url: str) -> None:
        self._target = action_server_url.rstrip("/")
        self.port = free_port()
        self.calls: List[Tuple[str, int]] = []
        self._runner: Optional[web.AppRunner] = None
        self._client: Optional[aiohttp.ClientSession] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> "CountingActionProxy":
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        return self

    async def __aexit__(self, *exc) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def calls_since(self, start: int) -> List[Tuple[str, int]]:
        return self.calls[start:]

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        if request.method == "POST" and request.path.endswith("/webhook"):
            self._count(body)
        async with self._client.request(
            request.method, f"{self._target}{request.path_qs}", data=body,
            headers={"Content-Type": request.headers.get("Content-Type", "application/json")},
        ) as answer:
            content = await answer.read()
            return web.Response(body=content, status=answer.status, content_type=answer.content_type)

    def _count(self, body: bytes) -> None:
        try:
            call = json.loads(body)
        except ValueError:
            return
        self.calls.append((call.get("next_action", "?"), len((call.get("tracker") or {}).get("events") or [])))
