"""The benchmark harness works: `python -m bench` on a tiny run writes the figures it promises.

Only the harness is checked, never a time or a rate: those depend on the machine.
"""
from __future__ import annotations

import json
import subprocess
import sys

from werkmaatje.settings import REPO_ROOT

MESSAGES = 30
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


def test_tiny_dispatch_benchmark_writes_its_figures(tmp_path):
    out = tmp_path / "latest.json"
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--dispatch-messages", str(MESSAGES), "--rate", "200", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]

    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results) == {"dispatch"}, "results are keyed by benchmark name"
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
    # The table is printed, with the figures a reader looks for.
    assert "achieved rate (msg/s)" in finished.stdout and "lost / duplicates" in finished.stdout
