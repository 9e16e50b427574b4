"""The benchmark harness works: `python -m bench` on a tiny run writes the figures it promises.

Only the harness is checked, never a time or a rate: those depend on the machine.
The tiny run serves the model `make install` trained, trains the stock
baseline with one epoch, runs both stacks with 1 and 2 users for a few
seconds, the production profile (2 Rasa, 2 bot replicas behind nginx) with
2 users, and dispatches 30 reminders.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from werkmaatje.settings import REPO_ROOT

MESSAGES = 30
LEVELS = ("1", "2")
# One day of the history script is 9 turns, so 12 turns cross one session boundary.
HISTORY_TURNS = 12
BASELINE_TURNS = 4
DISPATCH_FIGURES = {
    "messages",
    "delivered",
    "lost",
    "duplicates",
    "wrong_chat",
    "rows",
    "configured_rate_per_s",
    "achieved_rate_per_s",
    "rate_ratio",
    "rasa_alone_per_s",
    "send_seconds",
    "dispatch_concurrency",
    "memory_mb",
}
TARGETS = {
    "p95_at_16_users_ms",
    "throughput_ratio_at_16_users",
    "dispatch_rate_ratio",
    "training_seconds",
    "stack_peak_rss_mb",
    "history_last_first_sqlite",
    "history_last_first_postgresql",
    "blind_everyday_intents",
    "blind_intents_vs_stock",
    "despair_missed",
}


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    postgres = os.environ.get("WERKMAATJE_TEST_POSTGRES_URL")
    if not postgres:
        message = "the benchmark runs its stacks on PostgreSQL: set WERKMAATJE_TEST_POSTGRES_URL"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(message, pytrace=False)  # CI must never pass by skipping
        pytest.skip(message)
    out = tmp_path_factory.mktemp("bench") / "latest.json"
    command = [
        sys.executable, "-m", "bench", "--reuse-model", "--stock-epochs", "1",
        "--levels", ",".join(LEVELS), "--seconds", "3", "--parse-requests", "5",
        "--dispatch-messages", str(MESSAGES), "--rate", "200",
        "--history-turns", str(HISTORY_TURNS), "--history-baseline-turns", str(BASELINE_TURNS),
        "--topology-levels", LEVELS[-1], "--topology-shapes", "2x2",
        "--postgres-url", postgres, "--out", str(out),
    ]
    finished = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=2700)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8")), finished.stdout


def test_both_stacks_are_measured_end_to_end(tiny_run):
    results, _ = tiny_run
    assert set(results["variants"]) == {"werkmaatje", "stock"}
    for name, variant in results["variants"].items():
        assert set(variant["levels"]) == set(LEVELS), name
        for users, level in variant["levels"].items():
            assert level["users"] == int(users)
            # Every turn got its answer through Telegram stand-in, bot, Rasa, actions and database.
            assert level["latency_ms"]["count"] > 0 and level["timed_out"] == 0, (name, users, level)
            assert level["latency_ms"]["p50"] <= level["latency_ms"]["p95"] <= level["latency_ms"]["p99"]
            assert level["first_reply_ms"]["p50"] <= level["latency_ms"]["p99"]
            assert set(level["memory_mb"]) == {"bot", "rasa", "actions"}
            assert {"bot", "rasa", "actions", "benchmark"} <= set(level["cpu_ms_per_message"])
        assert variant["nlu"]["requests"] == 5 and variant["nlu"]["parses_per_s"] > 0
        assert variant["startup_seconds"] > 0
    # The reused model was not trained, so its training is not timed; the stock one was.
    assert results["variants"]["werkmaatje"]["training_seconds"] is None
    assert results["variants"]["stock"]["training_seconds"] > 0


def test_ratios_and_targets_are_reported(tiny_run):
    results, stdout = tiny_run
    comparison = results["comparison"]
    assert set(comparison["levels"]) == set(LEVELS)
    assert all(level["throughput_ratio"] > 0 for level in comparison["levels"].values())
    assert set(comparison["targets"]) == TARGETS
    # Not measured in a tiny run (no 16 users, no training), and said so rather than guessed.
    assert comparison["targets"]["p95_at_16_users_ms"]["met"] is None
    assert comparison["targets"]["training_seconds"]["met"] is None
    assert "werkmaatje | stock | ratio" in stdout and "not measured" in stdout


def test_both_models_are_scored_on_the_blind_sentences(tiny_run):
    results, stdout = tiny_run
    for name in ("werkmaatje", "stock"):
        figures = results["nlu_accuracy"][name]
        assert figures["examples"] >= 300 and 0 <= figures["accuracy"] <= 1
        assert {"everyday", "despair", "look-alike"} == set(figures["sets"])
        assert all(intent["n"] >= 1 for intent in figures["intents"].values())
    assert "understanding, blind sentences" in stdout and "log_application (n=" in stdout


def test_tiny_dispatch_loses_and_repeats_nothing(tiny_run):
    results, stdout = tiny_run
    dispatch = results["dispatch"]
    assert DISPATCH_FIGURES <= set(dispatch)
    assert dispatch["messages"] == MESSAGES and dispatch["delivered"] == MESSAGES
    assert dispatch["lost"] == 0 and dispatch["duplicates"] == 0 and dispatch["wrong_chat"] == 0
    assert dispatch["rows"] == {"sent": MESSAGES}
    assert dispatch["configured_rate_per_s"] == 200
    assert dispatch["achieved_rate_per_s"] > 0
    # Memory was read from /proc for every process of the stack.
    assert set(dispatch["memory_mb"]) == {"bot", "rasa", "actions"}
    assert all(0 < figures["start"] <= figures["peak"] for figures in dispatch["memory_mb"].values())
    assert "achieved rate (msg/s)" in stdout and "lost / duplicates" in stdout


def test_tiny_history_crosses_sessions_and_counts_what_the_actions_receive(tiny_run):
    results, stdout = tiny_run
    histories = results["history"]
    assert set(histories) == {"sqlite", "postgresql", "sqlite_without_sessions"}
    for name, figures in histories.items():
        expected_turns = BASELINE_TURNS if name == "sqlite_without_sessions" else HISTORY_TURNS
        assert figures["turns"] == expected_turns and figures["without_reply"] == 0, (name, figures)
        assert figures["reminders_sent"] >= 1
        [block] = figures["blocks"]
        assert block["p50_ms"] > 0 and 0 < block["events_per_call_p50"] <= block["events_per_call_max"]
        assert block["events_per_call_max"] <= figures["events_stored"]
    # A day's pause ends a session (with the reminder that opens the next day); without sessions, never.
    assert histories["sqlite"]["sessions"] >= 2 and histories["postgresql"]["sessions"] >= 2
    assert histories["sqlite_without_sessions"]["sessions"] == 1
    assert "one client's history" in stdout and "last/first" in stdout


def test_production_profile_is_measured_through_nginx(tiny_run):
    results, stdout = tiny_run
    shapes = results["topology"]["replicas"]
    assert set(shapes) == {"2 Rasa, 2 bot"}
    shape = shapes["2 Rasa, 2 bot"]
    assert (shape["rasa_replicas"], shape["bot_replicas"]) == (2, 2)
    level = shape["levels"][LEVELS[-1]]
    assert level["latency_ms"]["count"] > 0 and level["timed_out"] == 0 and level["without_reply"] == 0, level
    processes = {"rasa-1", "rasa-2", "actions-1", "actions-2", "bot-1", "bot-2", "dispatcher", "portal", "nginx", "redis"}
    assert set(level["memory_mb"]) == processes
    assert processes | {"postgres", "benchmark"} == set(level["cpu_ms_per_message"])
    # The bots are behind nginx: webhook replicas took the updates, so they did the work.
    assert level["cpu_ms_per_message"]["bot-1"] + level["cpu_ms_per_message"]["bot-2"] > 0
    comparison = results["topology"]["comparison"]["2 Rasa, 2 bot"][LEVELS[-1]]
    assert comparison["throughput_ratio"] > 0
    assert "production profile" in stdout and "2 Rasa, 2 bot, 2 users" in stdout
