"""How much a dispatcher claims at once, and the worker names it claims under."""
from __future__ import annotations

from bot.dispatch_claims import claim_limit, new_worker_name, stable_worker_name


def test_claims_no_more_than_a_second_of_sends_and_never_more_than_before():
    assert claim_limit(25, 25.0) == 25  # Telegram's pace, not 2 × concurrency = 50
    assert claim_limit(2, 25.0) == 4  # few slots: the old bound holds
    assert claim_limit(25, None) == 50  # no pacer known: the old bound
    assert claim_limit(5, 0.2) == 1  # a slow pacer still sends


def test_the_bot_keeps_its_name_across_restarts_and_one_off_dispatchers_do_not():
    assert stable_worker_name() == stable_worker_name()
    assert stable_worker_name().endswith("-bot")
    assert new_worker_name() != new_worker_name()
