"""Tables for the caseworker's side of a handoff: the conversation on a request, and the e-mails about it."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped

from storage.tables.base import EMAIL_LENGTH, NAAM_LENGTH, Base, client_ref_column
from storage.timestamps import UtcDateTime

# Who wrote a message in a request's thread.
THREAD_AUTHORS = ("klantmanager", "client")
# distress: at once, per signal; new_requests: batched within the hour; digest: daily, past half the term.
EMAIL_KINDS = ("distress", "new_requests", "digest")
EMAIL_STATUSES = ("pending", "sending", "sent", "cancelled")


class HandoffMessage(Base):
    """One message in the conversation on a request: the klantmanager's words, or the person's answer.

    A klantmanager's message goes out as a `caseworker_reply` scheduled message
    (`scheduled_message_id`), so its delivery state is that row's state.
    """

    __tablename__ = "handoff_messages"

    id: Mapped[int] = Column(Integer, primary_key=True)
    handoff_id: Mapped[int] = Column(
        Integer, ForeignKey("handoff_requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    client_id: Mapped[str] = client_ref_column(nullable=False, index=True)
    author_kind: Mapped[str] = Column(String(12), nullable=False)  # one of THREAD_AUTHORS
    author: Mapped[Optional[str]] = Column(String(EMAIL_LENGTH), nullable=True)  # the caseworker's e-mail
    author_name: Mapped[Optional[str]] = Column(String(NAAM_LENGTH), nullable=True)  # as the person saw it
    text: Mapped[str] = Column(Text, nullable=False)
    scheduled_message_id: Mapped[Optional[int]] = Column(
        Integer, ForeignKey("scheduled_messages.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)


class OutgoingEmail(Base):
    """An e-mail to a caseworker or team, kept until the SMTP server took it.

    It holds no client data at all: the text is written when it is sent, from
    the requests it is about (`email_handoffs`), so an erased client drops out
    of a mail still waiting, and nothing personal lies in this table.
    """

    __tablename__ = "email_outbox"

    id: Mapped[int] = Column(Integer, primary_key=True)
    kind: Mapped[str] = Column(String(20), nullable=False)  # one of EMAIL_KINDS
    to_address: Mapped[str] = Column(String(EMAIL_LENGTH), nullable=False)
    status: Mapped[str] = Column(String(12), nullable=False, default="pending", server_default="pending")
    attempts: Mapped[int] = Column(Integer, nullable=False, default=0, server_default=sql_text("0"))
    next_attempt_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    last_error: Mapped[Optional[str]] = Column(Text, nullable=True)
    dedupe_key: Mapped[Optional[str]] = Column(String(120), nullable=True, unique=True)
    claimed_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    sent_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)


Index("ix_email_outbox_status_next_attempt_at", OutgoingEmail.status, OutgoingEmail.next_attempt_at)


class EmailHandoff(Base):
    """Which requests an e-mail is about; also how the planner knows a request was announced."""

    __tablename__ = "email_handoffs"

    email_id: Mapped[int] = Column(
        Integer, ForeignKey("email_outbox.id", ondelete="CASCADE"), primary_key=True
    )
    handoff_id: Mapped[int] = Column(
        Integer, ForeignKey("handoff_requests.id", ondelete="CASCADE"), primary_key=True, index=True
    )
