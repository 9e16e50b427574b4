"""Resident memory of running processes, read from /proc while a benchmark runs.

A process's figure includes everything it started (Sanic may fork workers),
so "the action server" means all of its processes.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional

SAMPLE_SECONDS = 1.0
KB_PER_MB = 1024


def _children() -> Dict[int, List[int]]:
    tree: Dict[int, List[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        tree[parent].append(int(stat.parent.name))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int, children: Dict[int, List[int]]) -> float:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss_kb(current)
        todo.extend(children.get(current, []))
    return total / KB_PER_MB


class MemorySampler:
    """Samples each named process every `interval` seconds; `summary()` gives start, peak and end."""

    def __init__(self, pids: Dict[str, int], interval: float = SAMPLE_SECONDS) -> None:
        self._pids = pids
        self._interval = interval
        self.samples: Dict[str, List[float]] = {name: [] for name in pids}
        self._task: Optional[asyncio.Task] = None

    def sample(self) -> None:
        children = _children()
        for name, pid in self._pids.items():
            self.samples[name].append(tree_rss_mb(pid, children))

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self._interval)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self.sample()

    def summary(self) -> Dict[str, Dict[str, float]]:
        return {
            name: {"start": round(values[0], 1), "peak": round(max(values), 1), "end": round(values[-1], 1)}
            for name, values in self.samples.items()
            if values
        }
