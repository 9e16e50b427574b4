"""Rasa's REST channel, except that a message Rasa could not handle is not answered 200.

Rasa's own channel catches every exception while it handles a message and answers
200 with whatever was said so far, usually nothing. When the lock store (Redis) or
the tracker store (PostgreSQL) is away, the bot would then take "nothing" for an
answer and mark the message done: lost. This channel answers 503 instead, so the
message waits in the bot's inbox and is answered when the store is back.
The URL (`/webhooks/rest/webhook`) and the input channel's name stay "rest".
"""
from __future__ import annotations

import contextvars
import logging
from typing import Awaitable, Callable, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

logger = logging.getLogger(__name__)

# The exception that ended the current request's message, if one did.
_FAILURE: contextvars.ContextVar[Optional[BaseException]] = contextvars.ContextVar("werkmaatje_rest_failure", default=None)


class ReliableRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        async def noting_failure(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except Exception as error:
                _FAILURE.set(error)
                raise

        webhook = super().blueprint(noting_failure)

        @webhook.middleware("request")
        async def forget_failure(request: Request) -> None:
            _FAILURE.set(None)

        @webhook.middleware("response")
        async def refuse_after_failure(request: Request, answer):
            failure = _FAILURE.get()
            if failure is None:
                return None
            logger.warning("Bericht niet verwerkt, 503 aan de bot: %r", failure)
            return response.json({"status": "failure", "reason": type(failure).__name__}, status=503)

        return webhook
