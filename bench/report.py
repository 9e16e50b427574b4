"""Werkmaatje against stock Rasa from one run: ratios, the issue's targets, and the printed table."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from bench.stats import ratio

# The targets of issue 9, each measured in the same run as its baseline.
P95_TARGET_MS = 300.0
THROUGHPUT_TARGET_RATIO = 3.0
DISPATCH_TARGET_RATIO = 0.9
TRAINING_TARGET_SECONDS = 120.0
STACK_RSS_TARGET_MB = 1536.0
# One client's long history: the last block of turns at most this much slower than the first.
HISTORY_TARGET_RATIO = 1.2
TARGET_USERS = "16"
MEMORY_USERS = "64"

Rows = List[Tuple[str, str]]


def _level(variant: dict, users: str) -> Optional[dict]:
    return (variant.get("levels") or {}).get(users)


def stack_peak_mb(variant: dict) -> Optional[float]:
    """Sum of each process's peak RSS under the heaviest load measured: an upper bound for the whole stack."""
    levels = variant.get("levels") or {}
    level = levels.get(MEMORY_USERS) or (levels[max(levels, key=int)] if levels else None)
    if not level or not level.get("memory_mb"):
        return None
    return round(sum(figures["peak"] for figures in level["memory_mb"].values()), 1)


def compare(variants: Dict[str, dict], dispatch: Optional[dict], histories: Optional[Dict[str, dict]] = None) -> dict:
    ours, stock = variants["werkmaatje"], variants["stock"]
    comparison: Dict[str, object] = {"levels": {}}
    for users in ours.get("levels", {}):
        mine, theirs = ours["levels"][users], stock["levels"].get(users, {})
        comparison["levels"][users] = {
            "throughput_ratio": ratio(mine["messages_per_s"], theirs.get("messages_per_s")),
            "p50_ratio": ratio(mine["latency_ms"]["p50"], (theirs.get("latency_ms") or {}).get("p50")),
            "p95_ratio": ratio(mine["latency_ms"]["p95"], (theirs.get("latency_ms") or {}).get("p95")),
        }
    comparison["nlu_p50_ratio"] = ratio(ours["nlu"]["sequential_ms"]["p50"], stock["nlu"]["sequential_ms"]["p50"])
    comparison["nlu_throughput_ratio"] = ratio(ours["nlu"]["parses_per_s"], stock["nlu"]["parses_per_s"])
    comparison["training_ratio"] = ratio(ours["training_seconds"], stock["training_seconds"])
    comparison["startup_ratio"] = ratio(ours["startup_seconds"], stock["startup_seconds"])
    comparison["stack_peak_mb"] = {name: stack_peak_mb(variant) for name, variant in variants.items()}
    comparison["targets"] = targets(ours, comparison, dispatch)
    comparison["targets"].update(history_targets(histories or {}))
    return comparison


def _target(met: Optional[bool], measured, goal: str) -> dict:
    return {"met": met, "measured": measured, "target": goal}


def history_targets(histories: Dict[str, dict]) -> Dict[str, dict]:
    """Last block / first block per database; the run without sessions is the reference, not a target."""
    found = {}
    for backend, figures in histories.items():
        if backend.endswith("without_sessions"):
            continue
        measured = figures["last_first_ratio"]
        met = None if measured is None else measured <= HISTORY_TARGET_RATIO
        found[f"history_last_first_{backend}"] = _target(met, measured, f"<= {HISTORY_TARGET_RATIO:g}x")
    return found


def targets(ours: dict, comparison: dict, dispatch: Optional[dict]) -> Dict[str, dict]:
    level = _level(ours, TARGET_USERS)
    p95 = level["latency_ms"]["p95"] if level else None
    throughput = (comparison["levels"].get(TARGET_USERS) or {}).get("throughput_ratio")
    rss = comparison["stack_peak_mb"]["werkmaatje"]
    training = ours["training_seconds"]
    rate = dispatch["rate_ratio"] if dispatch else None
    return {
        "p95_at_16_users_ms": _target(None if p95 is None else p95 <= P95_TARGET_MS, p95, f"<= {P95_TARGET_MS:g}"),
        "throughput_ratio_at_16_users": _target(
            None if throughput is None else throughput >= THROUGHPUT_TARGET_RATIO, throughput, f">= {THROUGHPUT_TARGET_RATIO:g}x"
        ),
        "dispatch_rate_ratio": _target(None if rate is None else rate >= DISPATCH_TARGET_RATIO, rate, f">= {DISPATCH_TARGET_RATIO:.0%}"),
        "training_seconds": _target(None if training is None else training <= TRAINING_TARGET_SECONDS, training, f"<= {TRAINING_TARGET_SECONDS:g}"),
        "stack_peak_rss_mb": _target(None if rss is None else rss <= STACK_RSS_TARGET_MB, rss, f"<= {STACK_RSS_TARGET_MB:g}"),
    }


def _ms(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.0f}"


def _x(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _seconds(value: Optional[float]) -> str:
    return "not timed" if value is None else f"{value:.0f} s"


def end_to_end_rows(variants: Dict[str, dict], comparison: dict) -> Rows:
    ours, stock = variants["werkmaatje"], variants["stock"]
    rows: Rows = [("users: msg/s, p50/p95/p99 ms", "werkmaatje | stock | ratio")]
    for users, mine in ours.get("levels", {}).items():
        theirs = stock["levels"][users]
        ratios = comparison["levels"][users]
        rows.append(
            (
                f"{users} users",
                f"{mine['messages_per_s']:.1f}, {_ms(mine['latency_ms']['p50'])}/{_ms(mine['latency_ms']['p95'])}/{_ms(mine['latency_ms']['p99'])}"
                f" | {theirs['messages_per_s']:.1f}, {_ms(theirs['latency_ms']['p50'])}/{_ms(theirs['latency_ms']['p95'])}/{_ms(theirs['latency_ms']['p99'])}"
                f" | {_x(ratios['throughput_ratio'])} msg/s, {_x(ratios['p95_ratio'])} p95",
            )
        )
    return rows


def other_rows(variants: Dict[str, dict], comparison: dict) -> Rows:
    ours, stock = variants["werkmaatje"], variants["stock"]
    peaks = comparison["stack_peak_mb"]
    return [
        ("NLU parse p50 (ms)", f"{_ms(ours['nlu']['sequential_ms']['p50'])} | {_ms(stock['nlu']['sequential_ms']['p50'])} | {_x(comparison['nlu_p50_ratio'])}"),
        ("NLU parses/s at 16", f"{ours['nlu']['parses_per_s']:.0f} | {stock['nlu']['parses_per_s']:.0f} | {_x(comparison['nlu_throughput_ratio'])}"),
        ("training", f"{_seconds(ours['training_seconds'])} | {_seconds(stock['training_seconds'])} | {_x(comparison['training_ratio'])}"),
        ("start-up to first answer", f"{_seconds(ours['startup_seconds'])} | {_seconds(stock['startup_seconds'])} | {_x(comparison['startup_ratio'])}"),
        ("stack peak RSS, 64 users (MB)", f"{_ms(peaks['werkmaatje'])} | {_ms(peaks['stock'])} | {_x(ratio(peaks['werkmaatje'], peaks['stock']))}"),
    ]


def memory_rows(variants: Dict[str, dict]) -> Rows:
    rows: Rows = []
    for name, variant in variants.items():
        level = _level(variant, MEMORY_USERS) or {}
        for process, figures in (level.get("memory_mb") or {}).items():
            rows.append((f"{name} {process} peak RSS (MB)", f"{figures['peak']:.0f}"))
    return rows


def target_rows(comparison: dict) -> Rows:
    def verdict(target: dict) -> str:
        if target["met"] is None:
            return "not measured"
        return f"{target['measured']} (target {target['target']}): {'met' if target['met'] else 'MISSED'}"

    return [(name, verdict(target)) for name, target in comparison["targets"].items()]


def format_table(sections: Dict[str, Rows]) -> str:
    width = max(len(figure) for rows in sections.values() for figure, _ in rows)
    lines = []
    for name, rows in sections.items():
        lines.append(name)
        lines.extend(f"  {figure:<{width}}  {value}" for figure, value in rows)
    return "\n".join(lines)
