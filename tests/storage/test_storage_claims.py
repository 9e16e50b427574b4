"""Handing claimed rows back on a clean stop and taking them back after a crash, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from storage import scheduled


def add_due(session, client, now, minutes_ago: int = 1, **overrides):
    values = dict(client_id=client.id, kind="own_reminder", due_at=now - timedelta(minutes=minutes_ago), now=now)
    values.update(overrides)
    return scheduled.schedule_message(session, **values)


def states(session, ids):
    session.expire_all()
    rows = [scheduled.get_message(session, message_id) for message_id in ids]
    return [(row.status, row.claimed_by) for row in rows]


def test_own_claims_go_back_as_they_were_before_the_claim(session, client, now):
    first = add_due(session, client, now, minutes_ago=3)
    second = add_due(session, client, now, minutes_ago=2)
    due_before = {first.id: first.due_at, second.id: second.due_at}
    scheduled.postpone(session, first.id, until=first.due_at, error="netwerk", attempts=2)
    claimed = scheduled.claim_due(session, now=now, worker="bot-a", limit=10)
    assert {row.id for row in claimed} == {first.id, second.id}

    assert scheduled.release_own_claims(session, worker="bot-a") == 2

    session.expire_all()
    for message_id, due_at in due_before.items():
        row = scheduled.get_message(session, message_id)
        assert (row.status, row.claimed_by, row.claimed_at) == ("pending", None, None)
        assert row.due_at == due_at
    assert scheduled.get_message(session, first.id).attempts == 2
    assert scheduled.get_message(session, second.id).attempts == 0
    # Back in line at once: the next claim (any worker) takes them again, oldest first.
    assert [row.id for row in scheduled.claim_due(session, now=now, worker="bot-b", limit=10)] == [first.id, second.id]


def test_another_workers_claims_stay_until_the_sending_timeout(session, client, now):
    mine = add_due(session, client, now, minutes_ago=2)
    scheduled.claim_due(session, now=now, worker="bot-a", limit=1)
    theirs = add_due(session, client, now, minutes_ago=1)
    scheduled.claim_due(session, now=now, worker="bot-b", limit=1)

    assert scheduled.release_own_claims(session, worker="bot-a") == 1

    assert states(session, [mine.id, theirs.id]) == [("pending", None), ("sending", "bot-b")]
    assert scheduled.release_stale_claims(session, now=now + timedelta(minutes=1), older_than=timedelta(minutes=5)) == 0
    assert states(session, [theirs.id]) == [("sending", "bot-b")]


def test_rows_kept_and_rows_no_longer_sending_are_left_alone(session, client, now):
    in_flight = add_due(session, client, now, minutes_ago=4)
    waiting = add_due(session, client, now, minutes_ago=3)
    sent = add_due(session, client, now, minutes_ago=2)
    postponed = add_due(session, client, now, minutes_ago=1)
    scheduled.claim_due(session, now=now, worker="bot-a", limit=10)
    scheduled.mark_sent(session, sent.id, now=now)
    later = now + timedelta(hours=1)
    scheduled.postpone(session, postponed.id, until=later)

    assert scheduled.release_own_claims(session, worker="bot-a", keep={in_flight.id}) == 1

    assert states(session, [in_flight.id, waiting.id, sent.id, postponed.id]) == [
        ("sending", "bot-a"),
        ("pending", None),
        ("sent", "bot-a"),
        ("pending", None),
    ]
    assert scheduled.get_message(session, postponed.id).due_at == later


def test_nothing_claimed_nothing_released(session, client, now):
    pending = add_due(session, client, now)
    assert scheduled.release_own_claims(session, worker="bot-a") == 0
    assert scheduled.release_own_claims(session, worker="bot-a", keep=[pending.id]) == 0
    assert states(session, [pending.id]) == [("pending", None)]
