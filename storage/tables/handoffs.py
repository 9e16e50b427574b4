"""Requests for a human: the client asked for contact, or the bot saw distress."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, Column, Integer, String, Text, false
from sqlalchemy.orm import Mapped

from storage.tables.base import Base, client_ref_column
from storage.timestamps import UtcDateTime

HANDOFF_KINDS = (
    "contact",
    "distress",
    "no_consent",
    "cannot_attend",
    "training_declined",  # "Nee, ik kan niet" on an invitation, with the optional reason
    "training_question",  # "Ik heb een vraag" on an invitation
    "training_cancelled",  # the client cancels one session or the whole training
    "training_noshow",  # the client's answer to "we missed you, what happened?"
)
HANDOFF_STATUSES = ("open", "in_behandeling", "afgehandeld")


class HandoffRequest(Base):
    """A request for a human: the client asked for contact, or the bot saw distress."""

    __tablename__ = "handoff_requests"

    id: Mapped[int] = Column(Integer, primary_key=True)
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    kind: Mapped[str] = Column(String(20), nullable=False)
    reason: Mapped[Optional[str]] = Column(Text, nullable=True)
    urgent: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    status: Mapped[str] = Column(String(20), nullable=False, default="open", server_default="open")
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
