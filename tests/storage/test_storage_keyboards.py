"""Server-side inline keyboards: one claim per keyboard."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from storage.db import session_factory, unit_of_work
from storage.errors import ValidationError
from storage.keyboards import claim_button, purge_keyboards, store_keyboard
from storage.tables import Keyboard

BUTTONS = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee 👎", "payload": '/deny{"reden":"geen tijd"}'}]


def test_store_and_claim(session, now):
    keyboard_id = store_keyboard(session, chat_id=7, buttons=BUTTONS, now=now)
    assert len(keyboard_id) == 12
    # Fits Telegram's 64-byte callback_data with room for a prefix and index.
    assert len(f"kb:{keyboard_id}:99".encode()) <= 64
    assert claim_button(session, keyboard_id, 1, chat_id=7, now=now) == BUTTONS[1]
    stored = session.get(Keyboard, keyboard_id)
    assert stored.chosen_index == 1
    assert stored.used_at == now


def test_second_tap_returns_none(session, now):
    keyboard_id = store_keyboard(session, chat_id=7, buttons=BUTTONS, now=now)
    assert claim_button(session, keyboard_id, 0, chat_id=7, now=now) == BUTTONS[0]
    assert claim_button(session, keyboard_id, 0, chat_id=7, now=now) is None
    assert claim_button(session, keyboard_id, 1, chat_id=7, now=now) is None  # another button on the same keyboard


def test_unknown_wrong_chat_and_bad_index(session, now):
    keyboard_id = store_keyboard(session, chat_id=7, buttons=BUTTONS, now=now)
    assert claim_button(session, "onbekend", 0, chat_id=7, now=now) is None
    assert claim_button(session, keyboard_id, 0, chat_id=8, now=now) is None
    for bad_index in (2, -1, True, "0", None):
        assert claim_button(session, keyboard_id, bad_index, chat_id=7, now=now) is None
    # None of those used up the keyboard.
    assert claim_button(session, keyboard_id, 0, chat_id=7, now=now) == BUTTONS[0]


def test_double_tap_from_two_sessions(engine, now):
    """Two handlers, each in its own unit of work, get the same tap: only the first wins."""
    factory = session_factory(engine)
    with unit_of_work(factory) as s:
        keyboard_id = store_keyboard(s, chat_id=7, buttons=BUTTONS, now=now)
    try:
        with unit_of_work(factory) as first, unit_of_work(factory) as second:
            if engine.dialect.name == "postgresql":
                # The second handler has already seen the keyboard unused (on SQLite this
                # read lock would make the first commit wait, so only PostgreSQL does it)...
                assert second.get(Keyboard, keyboard_id).used_at is None
            assert claim_button(first, keyboard_id, 0, chat_id=7, now=now) == BUTTONS[0]
            first.commit()
            # ...but the conditional UPDATE lets only one of them claim it.
            assert claim_button(second, keyboard_id, 0, chat_id=7, now=now) is None
    finally:
        with unit_of_work(factory) as s:
            s.execute(text("DELETE FROM keyboards WHERE id = :id"), {"id": keyboard_id})


def test_buttons_are_validated(session, now):
    for bad in ([], [{"title": "Ja"}], ["Ja"], None, [{"title": 1, "payload": "/x"}]):
        with pytest.raises(ValidationError):
            store_keyboard(session, chat_id=7, buttons=bad, now=now)


def test_extra_button_keys_are_not_stored(session, now):
    keyboard_id = store_keyboard(
        session, chat_id=7, buttons=[{"title": "Ja", "payload": "/affirm", "secret": "x"}], now=now
    )
    assert claim_button(session, keyboard_id, 0, chat_id=7, now=now) == {"title": "Ja", "payload": "/affirm"}


def test_purge_keyboards(session, now):
    old = store_keyboard(session, chat_id=7, buttons=BUTTONS, now=now - timedelta(days=40))
    new = store_keyboard(session, chat_id=7, buttons=BUTTONS, now=now)
    assert purge_keyboards(session, older_than=now - timedelta(days=30)) == 1
    assert claim_button(session, old, 0, chat_id=7, now=now) is None
    assert claim_button(session, new, 0, chat_id=7, now=now) == BUTTONS[0]
