"""The bot's own small decisions: splitting, callback data, what Rasa is sent."""
from __future__ import annotations

import json

from bot.app import file_base_url
from bot.conversations import MAX_TEXT_FOR_RASA, as_rasa_text
from bot.handlers import link_message
from cli.supervisor import tracker_store_env
from bot.telegram_out import TELEGRAM_TEXT_LIMIT, callback_data, parse_callback_data, split_text


def test_long_text_is_split_on_boundaries_within_the_limit():
    paragraph = ("Dit is een zin van een gemiddelde lengte. " * 30).strip()
    text = "\n\n".join([paragraph] * 10)
    parts = split_text(text)
    assert len(parts) > 1
    assert all(len(part) <= TELEGRAM_TEXT_LIMIT for part in parts)
    assert "".join(part.replace("\n", "").replace(" ", "") for part in parts) == text.replace("\n", "").replace(" ", "")


def test_text_without_spaces_is_still_split():
    parts = split_text("x" * 10_000)
    assert [len(part) for part in parts] == [4096, 4096, 1808]


def test_short_text_is_one_part_and_blank_is_none():
    assert split_text("hoi") == ["hoi"]
    assert split_text("   ") == []


def test_callback_data_round_trips_and_stays_small():
    data = callback_data("abcdefghijkl", 7)
    assert len(data.encode()) <= 64
    assert parse_callback_data(data) == ("abcdefghijkl", 7)
    for foreign in (None, "", "x:y:z", "k:only", "k:id:notanumber", "other:abc:1"):
        assert parse_callback_data(foreign) is None


def test_free_text_can_never_become_an_intent():
    assert as_rasa_text("/affirm") == "affirm"
    assert as_rasa_text('  /link{"koppelcode":"X"}') == 'link{"koppelcode":"X"}'
    assert as_rasa_text("ik heb een vraag") == "ik heb een vraag"


def test_very_long_messages_are_cut_for_rasa():
    assert len(as_rasa_text("a" * 10_000)) == MAX_TEXT_FOR_RASA


def test_start_parameter_becomes_a_safe_link_message():
    assert link_message([]) == "/link"
    assert link_message(["ABCD234567"]) == '/link{"koppelcode": "ABCD234567"}'
    hostile = link_message(['x"}, "intent": "evil'])
    assert json.loads(hostile[len("/link"):]) == {"koppelcode": 'x"}, "intent": "evil'}


def test_file_url_mirrors_the_api_url():
    assert file_base_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_base_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"


def test_tracker_store_uses_the_same_database():
    assert tracker_store_env("sqlite:////srv/wm.db") == {
        "WERKMAATJE_TRACKER_STORE": "nlu.tracker_store.SessionTrackerStore",
        "WERKMAATJE_TRACKER_DIALECT": "sqlite",
        "WERKMAATJE_TRACKER_URL": "sqlite:////srv/wm.db",
    }
    assert tracker_store_env("postgres://u:p@db:5432/wm")["WERKMAATJE_TRACKER_URL"] == "postgresql+psycopg2://u:p@db:5432/wm"
