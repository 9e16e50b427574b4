"""Anonymous counters per gemeente that outlive erasure and retention, for the dashboard.

Only counts per gemeente and period are kept: no client id, nothing that points
back at a person once the client's own rows are gone.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Dict

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.tables import AnonymousCount, Application, Client
from storage.timestamps import as_utc


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def add_count(s: Session, gemeente_id: str, metric: str, period: str, amount: int = 1) -> None:
    row = s.execute(
        select(AnonymousCount).where(
            AnonymousCount.gemeente_id == gemeente_id, AnonymousCount.metric == metric, AnonymousCount.period == period
        )
    ).scalar_one_or_none()
    if row is None:
        s.add(AnonymousCount(gemeente_id=gemeente_id, metric=metric, period=period, value=amount))
    else:
        row.value += amount
    s.flush()


def count_before_erasure(s: Session, client_id: str, *, now: datetime) -> None:
    """Fold what the dashboard counts about this client into anonymous totals."""
    client = s.get(Client, client_id)
    weeks: Dict[str, int] = {}
    for applied_on in s.execute(select(Application.applied_on).where(Application.client_id == client_id)).scalars():
        weeks[iso_week(applied_on)] = weeks.get(iso_week(applied_on), 0) + 1
    for week, amount in sorted(weeks.items()):
        add_count(s, client.gemeente_id, "sollicitaties_gewist", week, amount)
    add_count(s, client.gemeente_id, "clienten_gewist", as_utc(now).strftime("%Y-%m"))


def counts(s: Session, gemeente_id: str, metric: str) -> Dict[str, int]:
    rows = s.execute(
        select(AnonymousCount.period, AnonymousCount.value).where(
            AnonymousCount.gemeente_id == gemeente_id, AnonymousCount.metric == metric
        )
    ).all()
    return dict(rows)
