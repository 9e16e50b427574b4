"""Tables for data rights (AVG): erasure requests, records kept by law, anonymous counts.

None of these has a foreign key to `clients`: they must outlive the client's erasure.
What they keep is pseudonymous (the client id) or anonymous (counts per gemeente).
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Column, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped

from storage.tables.base import CLIENT_ID_LENGTH, EMAIL_LENGTH, Base
from storage.timestamps import UtcDateTime

# requested: the client asked and confirmed in the chat; done: the caseworker
# confirmed in the portal and the data is gone; cancelled: the client changed their mind.
ERASURE_STATUSES = ("requested", "done", "cancelled")


class ErasureRequest(Base):
    """A client's request to erase their data, until a caseworker carries it out.

    `chat_id` lets the bot tell the person afterwards what was kept; it is cleared
    once the bot has said so. `kept` is JSON: [{"wat", "reden", "tot"}].
    """

    __tablename__ = "erasure_requests"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = Column(String(CLIENT_ID_LENGTH), nullable=False, index=True)
    gemeente_id: Mapped[str] = Column(String(40), nullable=False)
    chat_id: Mapped[Optional[int]] = Column(BigInteger, nullable=True)
    status: Mapped[str] = Column(String(12), nullable=False, default="requested", server_default="requested")
    requested_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    decided_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    decided_by: Mapped[Optional[str]] = Column(String(EMAIL_LENGTH), nullable=True)
    kept: Mapped[Optional[str]] = Column(Text, nullable=True)
    announced_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)


class RetainedRecord(Base):
    """Part of an erased client's data the gemeente must keep by law, until `keep_until`.

    `data` is the JSON of that part of the export; the retention job deletes the row
    when its time is up.
    """

    __tablename__ = "retained_records"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = Column(String(CLIENT_ID_LENGTH), nullable=False, index=True)
    gemeente_id: Mapped[str] = Column(String(40), nullable=False)
    kind: Mapped[str] = Column(String(40), nullable=False)
    reason: Mapped[str] = Column(Text, nullable=False)
    data: Mapped[str] = Column(Text, nullable=False)
    kept_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    keep_until: Mapped[datetime] = Column(UtcDateTime, nullable=False, index=True)


class AnonymousCount(Base):
    """A counter per gemeente, metric and period (e.g. "2026-W47") that survives erasure."""

    __tablename__ = "anonymous_counts"
    __table_args__ = (
        UniqueConstraint("gemeente_id", "metric", "period", name="uq_anonymous_counts_gemeente_id_metric_period"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    gemeente_id: Mapped[str] = Column(String(40), nullable=False)
    metric: Mapped[str] = Column(String(40), nullable=False)
    period: Mapped[str] = Column(String(10), nullable=False)
    value: Mapped[int] = Column(Integer, nullable=False)
