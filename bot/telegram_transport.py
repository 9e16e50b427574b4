"""python-telegram-bot's HTTP requests through aiohttp instead of httpx.

Why: most of the bot's own CPU per message was HTTP (a profile under the
`make bench` load). Here httpx costs about 1 ms of CPU per request and
aiohttp about 0.25 ms. httpx's pool also asks the kernel about every idle
connection on every request. ptb documents `BaseRequest` as the way to bring
another HTTP library. It keeps doing the rest itself: status codes to
errors, 429's retry_after, JSON parsing. aiohttp is already installed,
because Rasa uses it.
"""
from __future__ import annotations

import asyncio
from typing import Optional, Tuple

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# ptb's own defaults for HTTPXRequest, so the bot waits as long as it did.
READ_SECONDS = 5.0
CONNECT_SECONDS = 5.0
POOL_SECONDS = 1.0
CONNECTIONS = 256
URL_ENCODED = "application/x-www-form-urlencoded"


class AiohttpRequest(BaseRequest):
    """One aiohttp session for a Bot's requests to the Bot API (or the stand-in)."""

    def __init__(self, *, connections: int = CONNECTIONS, read_timeout: Optional[float] = READ_SECONDS) -> None:
        self._connections = connections
        self._read_timeout = read_timeout
        self._session: Optional[aiohttp.ClientSession] = None

    @property
    def read_timeout(self) -> Optional[float]:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT},
                cookie_jar=aiohttp.DummyCookieJar(),  # the Bot API sets none; nothing to keep
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: Optional[RequestData] = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> Tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        timeout = _timeout(
            read=_given(read_timeout, self._read_timeout),
            # aiohttp has no write timeout: an upload is bounded by the read timeout after it.
            connect=_given(connect_timeout, CONNECT_SECONDS),
            pool=_given(pool_timeout, POOL_SECONDS),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data, files), headers=_headers(request_data, files), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as error:  # aiohttp's connect and read time-outs are TimeoutErrors
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # The class name helps when the message is empty, as httpx's request does.
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error


def _given(value, default: Optional[float]) -> Optional[float]:
    return default if isinstance(value, DefaultValue) else value


def _timeout(*, read: Optional[float], connect: Optional[float], pool: Optional[float]) -> aiohttp.ClientTimeout:
    # aiohttp's `connect` is the wait for a free connection plus the connecting itself.
    waiting = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(total=None, connect=waiting, sock_connect=connect, sock_read=read)


def _headers(request_data: Optional[RequestData], files) -> Optional[dict]:
    return {"Content-Type": URL_ENCODED} if request_data and not files else None


def _body(request_data: Optional[RequestData], files):
    """Form fields as httpx sent them: url-encoded, or multipart when there are files.

    Url-encoded by hand: aiohttp would build a whole multipart writer (with a random
    boundary) for every plain form.
    """
    if request_data is None:
        return None
    if not files:
        return request_data.url_encoded_parameters()
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, upload in files.items():
        filename, content, *mimetype = upload if isinstance(upload, tuple) else (None, upload)
        form.add_field(name, content, filename=filename, content_type=mimetype[0] if mimetype else None)
    return form
