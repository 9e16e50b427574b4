"""What one bot process tells Prometheus: counters it keeps, and queue depths read at scrape time.

Each bot owns a `BotMetrics` with its own CollectorRegistry, never prometheus_client's
global one: two bots in one process (the tests do that) count apart, and nothing is
registered at import time.

The queue gauges are not kept in memory: with N bot replicas only the database
knows how many messages wait, so every scrape asks it, in two small queries on
indexed columns (inbound_messages.status; scheduled_messages (status, due_at)).
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable, Iterator, Optional

from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from storage.db import unit_of_work
from storage.inbox import PENDING
from storage.tables import Client, InboundMessage, MessagePreferences, ScheduledMessage
from storage.timestamps import as_utc, utc_now

logger = logging.getLogger(__name__)


class BotMetrics:
    """The bot's counters, registered on a registry of its own."""

    def __init__(self, factory=None, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.messages_handled = Counter(
            "werkmaatje_messages_handled",
            "Inbox messages answered and marked done (by Rasa or passed on to a klantmanager).",
            registry=self.registry,
        )
        self.rasa_errors = Counter(
            "werkmaatje_rasa_errors",
            "Times Rasa or the action server could not answer, for an inbox message or a scheduled one.",
            registry=self.registry,
        )
        self.messages_sent = Counter(
            "werkmaatje_messages_sent",
            "Scheduled messages Telegram accepted, by kind.",
            ["kind"],
            registry=self.registry,
        )
        # Without a database (a unit test of the counters) there is nothing to read at scrape time.
        if factory is not None:
            self.registry.register(QueueCollector(factory, clock=clock))


class QueueCollector(Collector):
    """Inbox depth and dispatch lag, read from the database when Prometheus scrapes."""

    def __init__(self, factory, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._factory = factory
        self._clock = clock

    def describe(self):
        # Names only, so registering does not query a database that may not be up yet.
        return list(self._families(up=0))

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self._clock()
        try:
            with unit_of_work(self._factory) as session:
                pending, oldest = inbox_backlog(session)
                due = oldest_due_unsent(session, now=now)
        except Exception as error:  # noqa: BLE001 - a scrape must still answer, and say the database is away
            # No traceback: during an outage every scrape would log one; /health says the same.
            logger.warning("Metrics: database not readable: %s", type(error).__name__)
            yield from self._families(up=0)
            return
        yield from self._families(
            up=1,
            pending=pending,
            oldest_seconds=_seconds_since(oldest, now),
            lag_seconds=_seconds_since(due, now),
        )

    @staticmethod
    def _families(*, up: int, pending: Optional[int] = None, oldest_seconds=None, lag_seconds=None):
        database_up = GaugeMetricFamily("werkmaatje_database_up", "1 when the last scrape could read the bot's database.")
        database_up.add_metric([], up)
        yield database_up
        for name, documentation, value in (
            ("werkmaatje_inbox_pending", "Inbox messages waiting to be answered, over all bot replicas.", pending),
            (
                "werkmaatje_inbox_oldest_pending_seconds",
                "Age of the oldest waiting inbox message; 0 when none waits.",
                oldest_seconds,
            ),
            (
                "werkmaatje_dispatch_lag_seconds",
                "How late the oldest due, unsent scheduled message is; 0 when nothing is overdue.",
                lag_seconds,
            ),
        ):
            family = GaugeMetricFamily(name, documentation)
            if value is not None:
                family.add_metric([], value)
            yield family


def inbox_backlog(session):
    """(How many inbox messages are pending, when the oldest of them arrived or None)."""
    stmt = select(func.count(), func.min(InboundMessage.received_at)).where(InboundMessage.status == PENDING)
    count, oldest = session.execute(stmt).one()
    return int(count), oldest


def oldest_due_unsent(session, *, now: datetime) -> Optional[datetime]:
    """The due_at of the oldest pending scheduled message the dispatcher should have sent by now.

    Rows of clients who paused the bot (/stop) or blocked it wait on purpose (as in
    storage.scheduled.claim_due), so they are no lag; counting them would raise
    an alarm that never clears.
    """
    stmt = (
        select(func.min(ScheduledMessage.due_at))
        .join(Client, Client.id == ScheduledMessage.client_id)
        .outerjoin(MessagePreferences, MessagePreferences.client_id == ScheduledMessage.client_id)
        .where(
            ScheduledMessage.status == "pending",
            ScheduledMessage.due_at <= as_utc(now),
            Client.unreachable_since.is_(None),
            MessagePreferences.paused_since.is_(None),
        )
    )
    return session.execute(stmt).scalar_one()


def _seconds_since(moment: Optional[datetime], now: datetime) -> float:
    if moment is None:
        return 0.0
    return max((as_utc(now) - as_utc(moment)).total_seconds(), 0.0)
