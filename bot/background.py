"""Answering after the handler has returned: tracked tasks, and whether a handler failed.

A webhook request is answered 200 only once its update is stored, and storing
is all a handler does before it returns; the answer (Rasa, then Telegram) runs
here, in a task the bot waits for at a clean stop. What a stop cuts off stays
pending in the inbox and is answered by the retry loop of this or another
replica.

ptb catches a handler's exception and hands it to the error handler, so the
webhook server cannot see it; `watch_handling` gives it a way to, through a
context variable that the answering tasks do not share.
"""
from __future__ import annotations

import asyncio
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Coroutine, Iterator, Optional, Set

from telegram.ext import Application

logger = logging.getLogger(__name__)


@dataclass
class Handling:
    """What the error handler noted while one update was being handled."""

    failed: bool = False


_handling: ContextVar[Optional[Handling]] = ContextVar("werkmaatje_handling", default=None)


@contextmanager
def watch_handling() -> Iterator[Handling]:
    """Around `Application.process_update`: afterwards `.failed` says whether a handler raised."""
    handling = Handling()
    token = _handling.set(handling)
    try:
        yield handling
    finally:
        _handling.reset(token)


def note_handler_failed() -> None:
    """Called by the error handler; a no-op outside `watch_handling` (polling, answering tasks)."""
    handling = _handling.get()
    if handling is not None:
        handling.failed = True


async def _detached(coroutine: Coroutine) -> None:
    # The task runs in a copy of the handler's context: forget the webhook request's
    # Handling there, so a failed answer is not taken for a failed store.
    _handling.set(None)
    await coroutine


class BackgroundTasks:
    """The answering tasks under way, so that a stop can let them finish."""

    def __init__(self, application: Application) -> None:
        self._application = application
        self._tasks: Set[asyncio.Task] = set()

    def start(self, coroutine: Coroutine, update: object) -> asyncio.Task:
        """Run `coroutine` after the handler returns; its errors reach the bot's error handler with `update`."""
        # Through ptb, so Application.stop() also waits for it where a test drives the lifecycle.
        task = self._application.create_task(_detached(coroutine), update=update)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def finish(self, grace: float) -> int:
        """Wait up to `grace` seconds for the tasks under way, cancel the rest; returns how many were cut off."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=grace)
        unfinished = list(self._tasks)
        for task in unfinished:
            task.cancel()
        if unfinished:
            await asyncio.gather(*unfinished, return_exceptions=True)
            logger.warning("%s antwoorden afgebroken bij het stoppen; ze blijven in de inbox staan", len(unfinished))
        return len(unfinished)
