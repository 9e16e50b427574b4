"""The audit trail: who did what to which client."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import Mapped

from storage.tables.base import CLIENT_ID_LENGTH, EMAIL_LENGTH, Base
from storage.timestamps import UtcDateTime


class AuditEntry(Base):
    """Who did what to which client. No foreign key: the trail must outlive erasure."""

    __tablename__ = "audit_log"

    id: Mapped[int] = Column(Integer, primary_key=True)
    actor: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    action: Mapped[str] = Column(String(40), nullable=False)
    client_id: Mapped[Optional[str]] = Column(String(CLIENT_ID_LENGTH), nullable=True, index=True)
    at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
