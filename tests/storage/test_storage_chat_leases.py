"""Chat leases: one holder per chat at a time, until it lets go or its lease expires."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.chat_leases import (
    chats_to_retry,
    finish_and_settle,
    held_by_others,
    purge_expired,
    release,
    release_all,
    release_and_peek,
    renew,
    take,
    take_and_settle,
)
from storage.inbox import enqueue_inbound, next_pending
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


def test_purge_expired_deletes_only_leases_that_ran_out(session, now):
    take(session, 1, holder="a", now=now - timedelta(minutes=5), seconds=LEASE)
    take(session, 2, holder="b", now=now, seconds=LEASE)
    assert purge_expired(session, now=now) == 1
    assert session.get(ChatLease, 1) is None
    assert session.get(ChatLease, 2).holder == "b"


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


def _message(session, update_id, chat_id, now, text="hoi"):
    enqueue_inbound(session, update_id=update_id, chat_id=chat_id, kind="text", text=text, now=now)


def test_taking_a_chat_fetches_its_first_message_and_finishing_fetches_the_next(session, now):
    _message(session, 11, 1, now, "eerste")
    _message(session, 12, 1, now, "tweede")
    first = take_and_settle(session, 1, holder="a", now=now, seconds=LEASE)
    assert first.text == "eerste"
    assert take_and_settle(session, 1, holder="b", now=now, seconds=LEASE) is None
    later = now + timedelta(seconds=20)
    assert finish_and_settle(session, 11, chat_id=1, holder="a", now=later, seconds=LEASE).text == "tweede"
    assert session.get(ChatLease, 1).expires_at == later + timedelta(seconds=LEASE)  # finishing renewed it
    # The last one answered: the chat is let go, so another holder may take it.
    assert finish_and_settle(session, 12, chat_id=1, holder="a", now=later, seconds=LEASE) is None
    assert session.get(ChatLease, 1) is None
    assert next_pending(session, 1) is None


def test_taking_a_chat_with_nothing_waiting_lets_it_go_at_once(session, now):
    assert take_and_settle(session, 1, holder="a", now=now, seconds=LEASE) is None
    assert session.get(ChatLease, 1) is None


def test_finishing_after_the_lease_was_taken_over_leaves_the_rest_to_the_new_holder(session, now):
    _message(session, 11, 1, now)
    _message(session, 12, 1, now)
    take_and_settle(session, 1, holder="a", now=now, seconds=LEASE)
    late = now + timedelta(seconds=LEASE + 1)
    assert take(session, 1, holder="b", now=late, seconds=LEASE) is True
    assert finish_and_settle(session, 11, chat_id=1, holder="a", now=late, seconds=LEASE) is None
    assert session.get(ChatLease, 1).holder == "b"
    assert next_pending(session, 1).update_id == 12


def test_release_and_peek_sees_a_message_stored_while_the_chat_was_held(session, now):
    take(session, 1, holder="a", now=now, seconds=LEASE)
    assert release_and_peek(session, 1, holder="a") is False
    take(session, 1, holder="a", now=now, seconds=LEASE)
    _message(session, 11, 1, now)  # another replica stored it and was refused the lease
    assert take(session, 1, holder="b", now=now, seconds=LEASE) is False
    assert release_and_peek(session, 1, holder="a") is True
    assert take_and_settle(session, 1, holder="b", now=now, seconds=LEASE).update_id == 11


def test_chats_to_retry_leaves_out_chats_another_holder_answers(session, now):
    for update_id, chat_id in ((10, 100), (20, 200), (30, 300)):
        _message(session, update_id, chat_id, now)
    take(session, 200, holder="b", now=now, seconds=LEASE)
    take(session, 300, holder="a", now=now, seconds=LEASE)
    assert chats_to_retry(session, holder="a", now=now) == [100, 300]
    # Once b's lease expired, its chat is retried too.
    assert chats_to_retry(session, holder="a", now=now + timedelta(seconds=LEASE)) == [100, 200, 300]
