"""Chat leases: one holder per chat at a time, until it lets go or its lease expires."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.chat_leases import held_by_others, release, release_all, renew, take
from storage.tables import ChatLease

LEASE = 30.0


def test_take_refuses_another_holder_until_the_lease_expires(session, now):
    assert take(session, 1, holder="a", now=now, seconds=LEASE) is True
    assert take(session, 1, holder="b", now=now + timedelta(seconds=29), seconds=LEASE) is False
    # Another chat is free.
    assert take(session, 2, holder="b", now=now, seconds=LEASE) is True
    assert take(session, 1, holder="b", now=now + timedelta(seconds=30), seconds=LEASE) is True
    # Now b holds it, and a, whose lease was taken over, is refused.
    assert take(session, 1, holder="a", now=now + timedelta(seconds=31), seconds=LEASE) is False
    assert session.get(ChatLease, 1).holder == "b"


def test_taking_my_own_lease_again_extends_it(session, now):
    assert take(session, 1, holder="a", now=now, seconds=LEASE) is True
    assert take(session, 1, holder="a", now=now + timedelta(seconds=20), seconds=LEASE) is True
    assert take(session, 1, holder="b", now=now + timedelta(seconds=40), seconds=LEASE) is False
    assert session.get(ChatLease, 1).expires_at == now + timedelta(seconds=50)


def test_renew_extends_only_my_own_lease(session, now):
    take(session, 1, holder="a", now=now, seconds=LEASE)
    assert renew(session, 1, holder="a", now=now + timedelta(seconds=25), seconds=LEASE) is True
    assert take(session, 1, holder="b", now=now + timedelta(seconds=45), seconds=LEASE) is False
    assert renew(session, 1, holder="b", now=now, seconds=LEASE) is False
    assert renew(session, 99, holder="a", now=now, seconds=LEASE) is False
    assert session.get(ChatLease, 1).holder == "a"


def test_release_lets_go_of_my_lease_only(session, now):
    take(session, 1, holder="a", now=now, seconds=LEASE)
    assert release(session, 1, holder="b") is False
    assert take(session, 1, holder="b", now=now, seconds=LEASE) is False
    assert release(session, 1, holder="a") is True
    assert release(session, 1, holder="a") is False
    assert take(session, 1, holder="b", now=now, seconds=LEASE) is True


def test_release_all_lets_go_of_one_holders_leases(session, now):
    for chat_id in (1, 2, 3):
        take(session, chat_id, holder="a", now=now, seconds=LEASE)
    take(session, 4, holder="b", now=now, seconds=LEASE)
    assert release_all(session, holder="a") == 3
    assert release_all(session, holder="a") == 0
    assert all(take(session, chat_id, holder="c", now=now, seconds=LEASE) for chat_id in (1, 2, 3))
    assert take(session, 4, holder="c", now=now, seconds=LEASE) is False


def test_held_by_others_leaves_out_mine_and_expired_ones(session, now):
    take(session, 1, holder="a", now=now, seconds=LEASE)
    take(session, 2, holder="b", now=now, seconds=LEASE)
    take(session, 3, holder="b", now=now - timedelta(minutes=5), seconds=LEASE)
    assert held_by_others(session, holder="a", now=now) == {2}
    assert held_by_others(session, holder="b", now=now) == {1}


def test_a_second_holder_waits_for_the_first_and_then_is_refused(engine, now):
    """Two connections: b's take runs while a's is not yet committed (PostgreSQL: a row lock; SQLite: the write lock)."""
    chat_id = 7_000_001
    outcome = {}
    first = Session(bind=engine, future=True)
    try:
        assert take(first, chat_id, holder="a", now=now, seconds=LEASE) is True  # not committed yet

        def second_holder():
            with Session(bind=engine, future=True) as second, second.begin():
                outcome["b"] = take(second, chat_id, holder="b", now=now, seconds=LEASE)

        thread = threading.Thread(target=second_holder)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive(), "b did not wait for a's uncommitted lease"
        first.commit()
        thread.join(15)
        assert outcome == {"b": False}
    finally:
        first.close()
        with Session(bind=engine, future=True) as cleanup, cleanup.begin():
            cleanup.execute(delete(ChatLease).where(ChatLease.chat_id == chat_id))


def test_holders_racing_for_one_chat_never_both_win(engine, now):
    """Many rounds of four threads taking at the same moment: exactly one wins each round."""
    holders = ["a", "b", "c", "d"]
    rounds = 15
    winners = {}
    barrier = threading.Barrier(len(holders))

    def race(holder):
        for round_number in range(rounds):
            chat_id = 7_100_000 + round_number
            barrier.wait()
            with Session(bind=engine, future=True) as s, s.begin():
                if take(s, chat_id, holder=holder, now=now, seconds=LEASE):
                    winners.setdefault(chat_id, []).append(holder)

    threads = [threading.Thread(target=race, args=(holder,)) for holder in holders]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(winners) == [7_100_000 + n for n in range(rounds)]
        assert all(len(won) == 1 for won in winners.values()), winners
    finally:
        with Session(bind=engine, future=True) as cleanup, cleanup.begin():
            cleanup.execute(delete(ChatLease).where(ChatLease.chat_id >= 7_100_000).execution_options(synchronize_session=False))
