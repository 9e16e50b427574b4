"""The bot's durable inbox."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sa_text

from storage.errors import ValidationError
from storage.inbox import enqueue_inbound, mark_done, next_pending, note_attempt, pending_chats, purge_done
from storage.tables import InboundMessage


def test_enqueue_and_duplicate_update_id(session, now):
    assert enqueue_inbound(session, update_id=10, chat_id=1, kind="text", text="Hallo", now=now) is True
    assert enqueue_inbound(session, update_id=10, chat_id=1, kind="text", text="Hallo", now=now) is False
    # The duplicate did not break the transaction: more work still succeeds.
    assert enqueue_inbound(session, update_id=11, chat_id=1, kind="button", text="/ja", now=now) is True
    assert session.execute(select(func.count()).select_from(InboundMessage)).scalar_one() == 2
    # The same update_id in another chat is another message (a new bot token, or
    # Telegram's random restart of update ids after a quiet week).
    assert enqueue_inbound(session, update_id=10, chat_id=2, kind="text", text="Hoi", now=now) is True

    message = next_pending(session, 1)
    assert (message.update_id, message.kind, message.text, message.status, message.attempts) == (
        10,
        "text",
        "Hallo",
        "pending",
        0,
    )
    assert message.received_at == now


def test_duplicate_after_done_is_still_refused(session, now):
    enqueue_inbound(session, update_id=10, chat_id=1, kind="text", text="Hallo", now=now)
    mark_done(session, 10, chat_id=1, now=now)
    assert enqueue_inbound(session, update_id=10, chat_id=1, kind="text", text="Hallo", now=now) is False


def test_pending_chats_oldest_first(session, now):
    enqueue_inbound(session, update_id=30, chat_id=300, kind="text", text="c", now=now)
    enqueue_inbound(session, update_id=10, chat_id=100, kind="text", text="a", now=now)
    enqueue_inbound(session, update_id=20, chat_id=200, kind="text", text="b", now=now)
    enqueue_inbound(session, update_id=40, chat_id=100, kind="text", text="a2", now=now)
    assert pending_chats(session) == [100, 200, 300]

    mark_done(session, 10, chat_id=100, now=now)
    # Chat 100 now waits with update 40, the youngest.
    assert pending_chats(session) == [200, 300, 100]


def test_next_pending_is_lowest_update_id_of_that_chat(session, now):
    enqueue_inbound(session, update_id=12, chat_id=1, kind="text", text="tweede", now=now)
    enqueue_inbound(session, update_id=11, chat_id=1, kind="text", text="eerste", now=now)
    enqueue_inbound(session, update_id=5, chat_id=2, kind="text", text="ander", now=now)
    assert next_pending(session, 1).text == "eerste"
    mark_done(session, 11, chat_id=1, now=now)
    assert next_pending(session, 1).text == "tweede"
    mark_done(session, 12, chat_id=1, now=now)
    assert next_pending(session, 1) is None
    assert next_pending(session, 999) is None


def test_mark_done_forgets_the_text(session, now):
    enqueue_inbound(session, update_id=10, chat_id=1, kind="text", text="Mijn BSN is ...", now=now)
    mark_done(session, 10, chat_id=1, now=now + timedelta(seconds=2))
    session.expire_all()
    message = session.get(InboundMessage, (1, 10))
    assert message.status == "done"
    assert message.text is None
    assert message.processed_at == now + timedelta(seconds=2)
    assert pending_chats(session) == []


def test_note_attempt_counts(session, now):
    enqueue_inbound(session, update_id=10, chat_id=1, kind="text", text="x", now=now)
    message = next_pending(session, 1)
    note_attempt(session, 10, chat_id=1)
    note_attempt(session, 10, chat_id=1)
    # The object already in the session is kept in step with the database.
    assert message.attempts == 2
    session.expire_all()
    assert next_pending(session, 1).attempts == 2


def test_purge_done(session, now):
    enqueue_inbound(session, update_id=1, chat_id=1, kind="text", text="oud", now=now)
    enqueue_inbound(session, update_id=2, chat_id=1, kind="text", text="recent", now=now)
    enqueue_inbound(session, update_id=3, chat_id=1, kind="text", text="wacht nog", now=now - timedelta(days=30))
    mark_done(session, 1, chat_id=1, now=now - timedelta(days=10))
    mark_done(session, 2, chat_id=1, now=now)
    assert purge_done(session, older_than=now - timedelta(days=7)) == 1
    remaining = session.execute(select(InboundMessage.update_id).order_by(InboundMessage.update_id)).scalars().all()
    assert remaining == [2, 3]  # pending messages are never purged, however old


def test_large_ids(session, now):
    big_update, supergroup = 9_000_000_000, -1001234567890
    assert enqueue_inbound(session, update_id=big_update, chat_id=supergroup, kind="text", text="x", now=now)
    assert pending_chats(session) == [supergroup]
    assert next_pending(session, supergroup).update_id == big_update


def test_kind_is_validated(session, now):
    with pytest.raises(ValidationError):
        enqueue_inbound(session, update_id=1, chat_id=1, kind="photo", text=None, now=now)


def test_next_pending_reads_one_index_range_however_long_the_chat(session, now):
    for update_id in range(200):
        enqueue_inbound(session, update_id=update_id, chat_id=7, kind="text", text="hoi", now=now)
        mark_done(session, update_id, chat_id=7, now=now)
    enqueue_inbound(session, update_id=200, chat_id=7, kind="text", text="nog een", now=now)
    assert next_pending(session, 7).update_id == 200
    if session.bind.dialect.name == "sqlite":
        plan = session.execute(
            sa_text("EXPLAIN QUERY PLAN SELECT * FROM inbound_messages WHERE chat_id = 7 AND status = 'pending' ORDER BY update_id LIMIT 1")
        ).all()
        assert "ix_inbound_messages_chat_status_update" in " ".join(str(row) for row in plan)
