"""The webhook's small decisions: its path, the secret, what counts as an update, and the bot's roles."""
from __future__ import annotations

import pytest

from bot.lifecycle import check_role_settings, runs_scheduled_jobs, serves_webhook, takes_updates
from bot.webhook import parse_update, secret_matches, webhook_path
from werkmaatje.settings import Settings, SettingsError
from werkmaatje.texts import operator as operator_texts


def test_the_path_is_that_of_the_public_url():
    assert webhook_path("https://werkmaatje.example/telegram") == "/telegram"
    assert webhook_path("https://werkmaatje.example/bot/hook?x=1") == "/bot/hook"
    assert webhook_path("https://werkmaatje.example") == "/"
    assert webhook_path(None) == "/"


def test_the_secret_must_match_exactly():
    assert secret_matches("geheim-123", "geheim-123")
    for given in (None, "", "geheim-12", "geheim-1234", "GEHEIM-123"):
        assert not secret_matches(given, "geheim-123")


def test_only_a_json_object_with_an_integer_update_id_is_an_update():
    assert parse_update(b'{"update_id": 5, "message": {}}') == {"update_id": 5, "message": {}}
    for body in (b"", b"nee", b"[]", b'"tekst"', b'{"update_id": "5"}', b'{"update_id": 5.0}', b'{"update_id": true}', b"\xff"):
        assert parse_update(body) is None, body


def settings_for(role: str, mode: str = "polling", **values) -> Settings:
    return Settings(bot_role=role, telegram_mode=mode, **values)


@pytest.mark.parametrize(
    "role, mode, updates, webhook, jobs",
    [
        ("all", "polling", True, False, True),
        ("all", "webhook", True, True, True),
        ("webhook", "polling", True, True, False),
        ("webhook", "webhook", True, True, False),
        ("dispatcher", "webhook", False, False, True),
    ],
)
def test_what_each_role_runs(role, mode, updates, webhook, jobs):
    settings = settings_for(role, mode)
    assert (takes_updates(settings), serves_webhook(settings), runs_scheduled_jobs(settings)) == (updates, webhook, jobs)


def test_a_webhook_needs_its_url_and_secret():
    with pytest.raises(SettingsError) as no_url:
        check_role_settings(settings_for("webhook", telegram_webhook_secret="s"))
    assert str(no_url.value) == operator_texts.WEBHOOK_NEEDS_URL
    with pytest.raises(SettingsError) as no_secret:
        check_role_settings(settings_for("all", "webhook", telegram_webhook_url="https://w.example/t"))
    assert str(no_secret.value) == operator_texts.WEBHOOK_NEEDS_SECRET
    check_role_settings(settings_for("webhook", telegram_webhook_url="https://w.example/t", telegram_webhook_secret="s"))
    check_role_settings(settings_for("dispatcher"))
