"""The bot's metrics and health server in-process: queue gauges from real rows, and a database that is away."""
from __future__ import annotations

from datetime import timedelta

import httpx
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from cli.common import prepare_database
from bot.health import HealthServer
from bot.metrics import BotMetrics
from storage import clients, inbox, preferences, scheduled
from storage.db import make_engine, session_factory, unit_of_work
from storage.timestamps import utc_now
from werkmaatje.settings import Settings

UNREACHABLE_DATABASE = "postgresql://werkmaatje@127.0.0.1:1/werkmaatje"


def parsed(text: str) -> dict:
    return {sample.name: sample.value for family in text_string_to_metric_families(text) for sample in family.samples}


def samples(metrics: BotMetrics) -> dict:
    return parsed(generate_latest(metrics.registry).decode())


def fresh_database(tmp_path):
    return prepare_database(Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'metrics.db'}"))


def test_inbox_gauges_count_pending_messages_and_the_oldest_ones_age(tmp_path):
    factory = fresh_database(tmp_path)
    now = utc_now()
    with unit_of_work(factory) as session:
        inbox.enqueue_inbound(session, update_id=1, chat_id=5, kind="text", text="a", now=now - timedelta(seconds=90))
        inbox.enqueue_inbound(session, update_id=2, chat_id=5, kind="text", text="b", now=now - timedelta(seconds=10))
        inbox.enqueue_inbound(session, update_id=3, chat_id=6, kind="text", text="c", now=now - timedelta(hours=2))
        inbox.mark_done(session, 3, chat_id=6, now=now)
    seen = samples(BotMetrics(factory, clock=lambda: now))
    assert seen["werkmaatje_inbox_pending"] == 2
    # The handled message of two hours ago does not count; the oldest waiting one is 90 s old.
    assert abs(seen["werkmaatje_inbox_oldest_pending_seconds"] - 90) < 1
    assert seen["werkmaatje_database_up"] == 1


def test_dispatch_lag_is_the_oldest_due_message_but_not_one_that_waits_for_a_paused_client(tmp_path):
    factory = fresh_database(tmp_path)
    now = utc_now()
    with unit_of_work(factory) as session:
        waiting = clients.add_client(session, gemeente_id="hengelo", naam="Anna", now=now)
        paused = clients.add_client(session, gemeente_id="hengelo", naam="Bert", now=now)
        preferences.update_preferences(session, paused.id, now=now, paused_since=now - timedelta(days=3))
        for client, late in ((waiting, timedelta(minutes=5)), (waiting, timedelta(seconds=30)), (paused, timedelta(days=2))):
            scheduled.schedule_message(session, client_id=client.id, kind="own_reminder", due_at=now - late, now=now)
        scheduled.schedule_message(session, client_id=waiting.id, kind="own_reminder", due_at=now + timedelta(hours=1), now=now)
    assert abs(samples(BotMetrics(factory, clock=lambda: now))["werkmaatje_dispatch_lag_seconds"] - 300) < 1


def test_two_bots_in_one_process_count_apart():
    first, second = BotMetrics(), BotMetrics()
    first.messages_handled.inc()
    first.messages_sent.labels(kind="own_reminder").inc(2)
    assert samples(first)["werkmaatje_messages_handled_total"] == 1
    assert samples(first)["werkmaatje_messages_sent_total"] == 2
    assert samples(second)["werkmaatje_messages_handled_total"] == 0


def test_health_is_503_and_database_up_0_when_the_database_is_away():
    broken = session_factory(make_engine(UNREACHABLE_DATABASE))
    server = HealthServer(BotMetrics(broken), broken, host="127.0.0.1", port=0)
    server.start()
    try:
        health = httpx.get(f"http://127.0.0.1:{server.port}/health", timeout=10)
        metrics = httpx.get(f"http://127.0.0.1:{server.port}/metrics", timeout=10)
    finally:
        server.stop()
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    assert metrics.status_code == 200
    seen = parsed(metrics.text)
    assert seen["werkmaatje_database_up"] == 0
    # No made-up 0 for a queue that could not be read: the series is absent.
    assert "werkmaatje_inbox_pending" not in seen
