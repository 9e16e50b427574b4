"""A database full of due reminders for the dispatcher, and counting what reached the stand-in.

The dispatcher's crash tests and the dispatch benchmark seed thousands of
reminders, each carrying a unique marker, and check every marker arrived once
in the right chat. The bot runs with the real clock, so the reminders belong to
a municipality whose quiet hours cannot get in the way (those are tested with
an injected clock in tests/e2e/test_scheduled_flow.py).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Dict, Iterable, List, Sequence
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, select

from storage import clients, scheduled
from storage.db import unit_of_work
from storage.models import ScheduledMessage

OPEN_GEMEENTE = "proeftuin"
# Rows per unit of work while seeding: one transaction per 10 000 rows holds
# SQLite's write lock too long for Rasa's tracker store next to it.
SEED_CHUNK = 500

def write_open_gemeente(folder: Path, now: datetime, timezone_name: str = "Europe/Amsterdam") -> Path:
    """A municipality file whose only quiet minute is 12 hours from `now`, without rest days."""
    quiet = (now.astimezone(ZoneInfo(timezone_name)) + timedelta(hours=12)).replace(second=0, microsecond=0)
    config = {
        "id": OPEN_GEMEENTE,
        "naam": "Gemeente Proeftuin",
        "contact": {
            "telefoon": "14 000",
            "bereikbaar": "op werkdagen",
            "reactietermijn": "binnen 2 werkdagen",
            "uitkering": "het Werkplein",
        },
        "rusttijden": {
            "vanaf": quiet.strftime("%H:%M"),
            "tot": (quiet + timedelta(minutes=1)).strftime("%H:%M"),
            "rustdagen": [],
        },
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{OPEN_GEMEENTE}.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return folder


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def seed_due_reminders(
    factory, *, clients_count: int, per_client: int = 1, first_chat_id: int, marker_prefix: str, now: datetime
) -> Dict[str, int]:
    """Linked clients with due own reminders, each carrying a unique marker; returns marker -> chat id.

    A client's reminders are interleaved with the others' (same due time, ids in
    turn), as real due moments spread over many people.
    """
    chat_ids = [first_chat_id + index for index in range(clients_count)]
    client_ids: List[str] = []
    for chunk in _chunks(chat_ids, SEED_CHUNK):
        with unit_of_work(factory) as session:
            for chat_id in chunk:
                client = clients.add_client(session, gemeente_id=OPEN_GEMEENTE, naam=f"Proef {chat_id}", now=now)
                clients.link_chat(session, chat_id=chat_id, client_id=client.id, now=now)
                client_ids.append(client.id)
    expected: Dict[str, int] = {}
    order = [index for _round in range(per_client) for index in range(clients_count)]
    for chunk in _chunks(order, SEED_CHUNK):
        with unit_of_work(factory) as session:
            for index in chunk:
                marker = f"{marker_prefix}-{len(expected):05d}"
                scheduled.schedule_message(
                    session,
                    client_id=client_ids[index],
                    kind="own_reminder",
                    due_at=now - timedelta(minutes=1),
                    now=now,
                    payload={"about": f"bericht {marker}"},
                )
                expected[marker] = chat_ids[index]
    return expected


def markers_left_sending(factory) -> list:
    """The markers of the rows still `sending`: what a restart has not yet handed out again."""
    with unit_of_work(factory) as session:
        rows = session.execute(select(ScheduledMessage).where(ScheduledMessage.status == "sending")).scalars()
        return [scheduled.payload_of(row)["about"].split()[-1] for row in rows]


def status_counts(factory) -> Counter:
    with unit_of_work(factory) as session:
        rows = session.execute(select(ScheduledMessage.status, func.count()).group_by(ScheduledMessage.status))
        return Counter(dict(rows.all()))


@dataclass
class Deliveries:
    """Which markers reached which chat, read from the stand-in's sent messages."""

    expected: Dict[str, int]
    prefix: str
    counts: Counter = field(default_factory=Counter)
    wrong_chat: List[str] = field(default_factory=list)
    _seen: int = 0

    def update(self, sent: Sequence[dict]) -> "Deliveries":
        """Read the messages sent since the last update (the stand-in only appends)."""
        pattern = re.compile(rf"\b{re.escape(self.prefix)}-\d{{5}}\b")
        for message in sent[self._seen :]:
            for marker in pattern.findall(message.get("text") or ""):
                if self.expected.get(marker) == message["chat"]["id"]:
                    self.counts[marker] += 1
                else:
                    self.wrong_chat.append(marker)
        self._seen = len(sent)
        return self

    @property
    def delivered(self) -> int:
        return len(self.counts)

    @property
    def lost(self) -> List[str]:
        return sorted(marker for marker in self.expected if marker not in self.counts)

    @property
    def duplicated(self) -> Dict[str, int]:
        return {marker: times for marker, times in self.counts.items() if times > 1}
