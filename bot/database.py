"""Running storage functions from the bot's event loop without blocking it."""
from __future__ import annotations

import asyncio
from typing import Any, Callable, TypeVar

from storage.db import unit_of_work
from storage.timestamps import utc_now  # noqa: F401 - the bot's clock is storage's

T = TypeVar("T")


class Database:
    """Each call is one unit of work in a worker thread (SQLAlchemy 1.4 is synchronous)."""

    def __init__(self, factory) -> None:
        self._factory = factory

    async def __call__(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        def work() -> T:
            with unit_of_work(self._factory) as session:
                return function(session, *args, **kwargs)

        return await asyncio.to_thread(work)
