"""One open distress request per worry: later messages are added to it (storage.handoffs.add_to_open_distress)."""
from __future__ import annotations

from datetime import timedelta

from storage.handoffs import REASON_MAX_LENGTH, add_to_open_distress, create_handoff, handoffs_for_client


def test_nothing_to_add_to_without_an_open_distress_request(session, client, now):
    create_handoff(session, client.id, kind="contact", reason="bel me", urgent=False, now=now)
    assert add_to_open_distress(session, client.id, reason="ik kan niet meer", now=now) is None


def test_a_repeat_is_added_to_the_open_request_with_the_newest_words_kept(session, client, now):
    first = create_handoff(session, client.id, kind="distress", reason="ik kan niet meer", urgent=True, now=now)
    later = now + timedelta(minutes=5)
    added = add_to_open_distress(session, client.id, reason="  echt niet  ", now=later)
    assert added.id == first.id and added.reason == "ik kan niet meer\necht niet" and added.updated_at == later
    add_to_open_distress(session, client.id, reason="y" * REASON_MAX_LENGTH, now=later)
    assert added.reason == "y" * REASON_MAX_LENGTH
    assert len(handoffs_for_client(session, client.id)) == 1


def test_a_request_being_handled_still_takes_the_message_a_finished_one_does_not(session, client, now):
    handoff = create_handoff(session, client.id, kind="distress", reason=None, urgent=True, now=now)
    handoff.status = "in_behandeling"
    assert add_to_open_distress(session, client.id, reason="weer slecht", now=now).reason == "weer slecht"
    handoff.status = "afgehandeld"
    assert add_to_open_distress(session, client.id, reason="en nu weer", now=now) is None
