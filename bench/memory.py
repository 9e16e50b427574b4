"""Resident memory and CPU time of running processes, read from /proc while a benchmark runs.

A process's figure includes everything it started (Sanic may fork workers),
so "the action server" means all of its processes.
"""
from __future__ import annotations

import asyncio
import os
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Optional

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


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _tree_total(pid: int, children: Dict[int, List[int]], measure: Callable[[int], int]) -> int:
    """`measure` summed over a process and everything it started."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += measure(current)
        todo.extend(children.get(current, []))
    return total


def tree_cpu_seconds(pid: int, children: Optional[Dict[int, List[int]]] = None) -> float:
    """CPU time used so far by a process and everything it started (ended children not counted)."""
    children = _children() if children is None else children
    return _tree_total(pid, children, _cpu_ticks) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds a process tree uses from now on; a pid of None measures nothing."""

    def __init__(self, pid: Optional[int]) -> None:
        self._pid = pid
        self._start = tree_cpu_seconds(pid) if pid else 0.0

    def seconds(self) -> Optional[float]:
        return round(tree_cpu_seconds(self._pid) - self._start, 2) if self._pid else None


def postgres_server_pid() -> Optional[int]:
    """The local PostgreSQL server's main process (its backends are its children), if it runs here."""
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() != "postgres":
                continue
            parent = int((comm.parent / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if (Path("/proc") / str(parent) / "comm").read_text().strip() != "postgres":
                return int(comm.parent.name)
        except (OSError, ValueError, IndexError):
            continue
    return None


def tree_rss_mb(pid: int, children: Dict[int, List[int]]) -> float:
    return _tree_total(pid, children, _rss_kb) / KB_PER_MB


class MemorySampler:
    """Samples each named process every `interval` seconds; `summary()` gives start, peak and end."""

    def __init__(self, pids: Dict[str, int], interval: float = SAMPLE_SECONDS) -> None:
        self._pids = pids
        self._interval = interval
        self.samples: Dict[str, List[float]] = {name: [] for name in pids}
        self._task: Optional[asyncio.Task] = None

    def cpu_seconds(self) -> Dict[str, Optional[float]]:
        """CPU seconds each process used since `start()`."""
        return {name: meter.seconds() for name, meter in self._cpu.items()}

    def sample(self) -> None:
        children = _children()
        for name, pid in self._pids.items():
            self.samples[name].append(tree_rss_mb(pid, children))

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self._interval)

    def start(self) -> None:
        self._cpu = {name: CpuMeter(pid) for name, pid in self._pids.items()}
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
