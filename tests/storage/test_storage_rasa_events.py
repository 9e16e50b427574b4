"""Erasing Rasa's stored conversation of someone who refused consent."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, insert

from storage import rasa_events
from storage.clients import add_client, link_chat
from storage.consent import record_consent

# The columns Rasa 3.6's SQLTrackerStore creates (rasa/core/tracker_store.py, SQLEvent).
RASA_EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def _rasa_event(session, sender_id, at):
    session.execute(insert(RASA_EVENTS).values(sender_id=sender_id, type_name="user", timestamp=at.timestamp(), data="{}"))


def test_no_rasa_table_means_nothing_to_erase(session, now):
    assert rasa_events.count_conversation_events(session, "1") == 0
    assert rasa_events.erase_quiet_conversation(session, "1", quiet_since=now) == 0


def test_only_quiet_conversations_of_refusers_are_erased(session, gemeente, client, now):
    RASA_EVENTS.create(session.connection())
    agreed = add_client(session, gemeente_id=gemeente.id, naam="Ja Zegger")
    link_chat(session, chat_id=11, client_id=client.id, now=now)
    link_chat(session, chat_id=22, client_id=agreed.id, now=now)
    record_consent(session, client.id, text_version="v1", decision="given", now=now - timedelta(days=1))
    record_consent(session, client.id, text_version="v1", decision="refused", now=now)
    record_consent(session, agreed.id, text_version="v1", decision="given", now=now)
    for sender in ("11", "22"):
        _rasa_event(session, sender, now - timedelta(minutes=30))
        _rasa_event(session, sender, now - timedelta(minutes=20))

    assert rasa_events.refused_chats(session) == [11]
    # Still talking (last event after the quiet moment): Rasa may be mid-turn, so wait.
    assert rasa_events.erase_quiet_conversation(session, "11", quiet_since=now - timedelta(minutes=25)) == 0
    assert rasa_events.erase_quiet_conversation(session, "11", quiet_since=now - timedelta(minutes=10)) == 2
    assert rasa_events.count_conversation_events(session, "11") == 0
    assert rasa_events.count_conversation_events(session, "22") == 2


def test_a_later_yes_ends_the_erasure(session, client, now):
    link_chat(session, chat_id=33, client_id=client.id, now=now)
    record_consent(session, client.id, text_version="v1", decision="refused", now=now)
    assert rasa_events.refused_chats(session) == [33]
    record_consent(session, client.id, text_version="v1", decision="given", now=now + timedelta(days=2))
    assert rasa_events.refused_chats(session) == []
