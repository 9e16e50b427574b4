"""Bar charts as plain numbers and rectangles; the template draws them as SVG.

Server-side, so the dashboard needs no JavaScript, and every chart comes with
its numbers as a table for screen readers and for checking.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Optional, Sequence, Tuple

from werkmaatje.office_hours import add_workdays

WIDTH = 640
HEIGHT = 220
TOP = 24
BOTTOM = 44
LEFT = 36
RIGHT = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    tone: str = "a"
    short: str = ""  # under the bar when the full label does not fit

    @property
    def axis_label(self) -> str:
        return self.short or self.label


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    bars: List[Bar] = field(default_factory=list)
    max_value: int = 0
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    gridlines: List[Tuple[float, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def _nice_max(value: int) -> int:
    """The axis top: the value rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    data: Sequence[Tuple[str, int]],
    tones: Optional[Sequence[str]] = None,
    shorts: Optional[Sequence[str]] = None,
) -> BarChart:
    top = _nice_max(max((value for _, value in data), default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(data), 1)
    bars = []
    for index, (label, value) in enumerate(data):
        height = plot_height * value / top
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(LEFT + index * slot + slot * 0.15, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                tone=tones[index] if tones else "a",
                short=shorts[index] if shorts else "",
            )
        )
    grid = [(round(TOP + plot_height * (1 - fraction), 1), _axis_number(top * fraction)) for fraction in (0, 0.5, 1)]
    return BarChart(chart_id, title, description, bars, top, gridlines=grid)


def _axis_number(value: float) -> str:
    """Dutch notation: 2,5 rather than a wrongly rounded 2."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def answered_in_time(timings, workdays: int, now: datetime) -> List[Tuple[str, int]]:
    """Counts for the chart: on time, late, still open and overdue, still open within the promise."""
    counts = {"op_tijd": 0, "te_laat": 0, "open_verlopen": 0, "open_binnen": 0}
    for timing in timings:
        deadline = add_workdays(timing.created_at, workdays)
        if timing.answered_at is not None:
            counts["op_tijd" if timing.answered_at <= deadline else "te_laat"] += 1
        else:
            counts["open_verlopen" if now > deadline else "open_binnen"] += 1
    return list(counts.items())
