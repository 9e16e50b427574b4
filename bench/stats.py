"""Percentiles and ratios, the way every benchmark here reports them."""
from __future__ import annotations

import math
from typing import Dict, Optional, Sequence


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def latency_summary(seconds: Sequence[float]) -> Dict[str, Optional[float]]:
    """p50/p95/p99 and mean in milliseconds; None when nothing was measured."""
    if not seconds:
        return {"p50": None, "p95": None, "p99": None, "mean": None, "count": 0}
    summary = {name: round(percentile(seconds, share) * 1000, 1) for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))}
    summary["mean"] = round(sum(seconds) / len(seconds) * 1000, 1)
    summary["count"] = len(seconds)
    return summary


def ratio(ours: Optional[float], baseline: Optional[float]) -> Optional[float]:
    """ours / baseline, or None when either is missing or the baseline is zero."""
    if ours is None or not baseline:
        return None
    return round(ours / baseline, 2)
