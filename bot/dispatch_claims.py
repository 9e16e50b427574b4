"""The rows one dispatcher has claimed, and what taking back, sending and stopping do with them.

A claimed row is either waiting (for a slot, its chat's lock, a database
look-up) or sending (Rasa is wording it, Telegram is taking it). A waiting row
can always go back to `pending`: nothing of it has left the process. A
sending row is finished, never handed back, because Telegram may have it.
"""
from __future__ import annotations

import asyncio
import logging
import socket
import uuid
from datetime import timedelta
from typing import Awaitable, Callable, Dict, Optional, Set

from bot.database import Database
from storage import scheduled

logger = logging.getLogger(__name__)

# Claim only what the pacer sends in this long, so a stop or crash strands little.
CLAIM_AHEAD = timedelta(seconds=1)
# Sends under way at a clean stop get this long; below the 10 s Docker and systemd wait before SIGKILL.
STOP_GRACE = timedelta(seconds=7)


def new_worker_name() -> str:
    """A name no other dispatcher has: for one-off dispatchers, whose claims nobody takes back early."""
    return f"{socket.gethostname()[:40]}-{uuid.uuid4().hex[:8]}"


def stable_worker_name(role: str = "bot") -> str:
    """The same name on every restart of this host's `role` process, so it can take back its claims."""
    return f"{socket.gethostname()[:40]}-{role}"


def claim_limit(concurrency: int, send_rate: Optional[float]) -> int:
    """Rows in flight at most: what the pacer sends in CLAIM_AHEAD, never more than 2 × concurrency."""
    most = 2 * concurrency
    if send_rate is None:
        return most
    return max(1, min(most, int(send_rate * CLAIM_AHEAD.total_seconds())))


class ClaimedRows:
    def __init__(self, db: Database, worker: str) -> None:
        self._db = db
        self.worker = worker
        self._tasks: Dict[asyncio.Task, int] = {}
        # Rows whose send started and has not ended.
        self._sending: Set[int] = set()
        # Rows Telegram took whose `mark_sent` failed: they stay `sending`.
        self._unmarked: Set[int] = set()
        self._took_back = False
        self.stopping = False

    async def take_back_once(self) -> None:
        """At start-up: this worker's rows left `sending` by a crash go back to `pending` now.

        No live process holds them (the name is this worker's alone), so they
        need not wait for the sending timeout.
        """
        if self._took_back:
            return
        taken_back = await self._db(scheduled.release_own_claims, worker=self.worker)
        self._took_back = True
        if taken_back:
            logger.warning("Dispatcher %s took back %s messages it had claimed before a crash", self.worker, taken_back)

    def start(self, message_id: int, handle: Awaitable[None]) -> asyncio.Task:
        task = asyncio.create_task(handle)
        self._tasks[task] = message_id
        task.add_done_callback(self._tasks.pop)
        return task

    def begin_send(self, message_id: int) -> bool:
        """From here the row is finished, never handed back; False once stopping (it is handed back)."""
        if self.stopping:
            return False
        self._sending.add(message_id)
        return True

    def end(self, message_id: int) -> None:
        self._sending.discard(message_id)

    def delivered_unmarked(self, message_id: int) -> None:
        self._unmarked.add(message_id)

    async def stop(self, scan_idle: Callable[[], Awaitable[None]], grace: timedelta = STOP_GRACE) -> int:
        """Claim nothing more, let sends under way finish, hand back the rest; returns how many went back.

        Waiting rows are cancelled where they wait. `scan_idle` returns once no
        claim is on its way from the database, so none lands after the hand-back.
        """
        if self.stopping:
            return 0
        self.stopping = True
        for task, message_id in list(self._tasks.items()):
            if message_id not in self._sending:
                task.cancel()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace.total_seconds()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=grace.total_seconds())
        try:
            await asyncio.wait_for(scan_idle(), max(deadline - loop.time(), 0.1))
        except asyncio.TimeoutError:
            logger.warning("Dispatcher %s: a scan outlasted the stop's grace", self.worker)
        if self._sending:
            logger.warning("Dispatcher %s stops with %s sends unfinished; they stay sending", self.worker, len(self._sending))
        handed_back = await self._db(scheduled.release_own_claims, worker=self.worker, keep=self._sending | self._unmarked)
        logger.info("Dispatcher %s stopped; %s claimed messages handed back", self.worker, handed_back)
        return handed_back
