"""The bot's own Telegram bookkeeping: the durable inbox, server-side keyboards and chat leases.

None is linked to clients: messages and keyboards belong to chats, which may
not be linked to a client yet.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Column, Index, Integer, String, Text
from sqlalchemy import text as sql_text  # renamed: InboundMessage has a column called `text`
from sqlalchemy.orm import Mapped

from storage.tables.base import Base
from storage.timestamps import UtcDateTime

INBOUND_KINDS = ("text", "button", "media")
INBOUND_STATUSES = ("pending", "done")
# Host name (40), pid and a random part: see bot.conversations.new_holder_name.
HOLDER_LENGTH = 80


class InboundMessage(Base):
    """The bot's durable inbox: a Telegram update is stored before it is handled.

    Keyed by chat and Telegram's update_id, so a redelivered update is recognised and
    handled once. update_id alone is not enough: Telegram picks a random new start
    after a week without updates, and a new bot token starts its own sequence.
    Not linked to clients: messages arrive from chats that may not be linked yet.
    """

    __tablename__ = "inbound_messages"
    # A chat's next pending message in one index range, not a walk through its whole past.
    __table_args__ = (Index("ix_inbound_messages_chat_status_update", "chat_id", "status", "update_id"),)

    chat_id: Mapped[int] = Column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = Column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = Column(String(12), nullable=False)
    text: Mapped[Optional[str]] = Column(Text, nullable=True)  # cleared once handled
    status: Mapped[str] = Column(String(12), nullable=False, default="pending", server_default="pending", index=True)
    attempts: Mapped[int] = Column(Integer, nullable=False, default=0, server_default=sql_text("0"))
    received_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    processed_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)


class Keyboard(Base):
    """Inline-keyboard buttons kept server-side.

    Telegram's callback_data holds at most 64 bytes, so a button carries only
    "<keyboard id>:<index>"; `used_at` makes a double-tapped keyboard count once.
    """

    __tablename__ = "keyboards"

    id: Mapped[str] = Column(String(12), primary_key=True)
    chat_id: Mapped[int] = Column(BigInteger, nullable=False)
    buttons: Mapped[str] = Column(Text, nullable=False)  # JSON list of {"title", "payload"}
    created_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
    used_at: Mapped[Optional[datetime]] = Column(UtcDateTime, nullable=True)
    chosen_index: Mapped[Optional[int]] = Column(Integer, nullable=True)


class ChatLease(Base):
    """Which bot process answers a chat right now, so that two replicas never answer one chat at once.

    A row is held by one process (`holder`: host, pid and a random part) until
    `expires_at`; the holder renews it while it works and deletes it when done.
    A process that dies leaves its rows behind, and they expire.
    """

    __tablename__ = "chat_leases"

    chat_id: Mapped[int] = Column(BigInteger, primary_key=True, autoincrement=False)
    holder: Mapped[str] = Column(String(HOLDER_LENGTH), nullable=False)
    expires_at: Mapped[datetime] = Column(UtcDateTime, nullable=False)
