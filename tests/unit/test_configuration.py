"""Settings and municipality files: safe defaults and clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from werkmaatje.gemeenten import GemeenteConfigError, load_gemeenten
from werkmaatje.settings import REPO_ROOT, Settings, SettingsError


def test_empty_values_from_env_example_mean_defaults(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("RASA_TOKEN", "")
    settings = Settings(_env_file=None)
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("var/werkmaatje.db")
    assert settings.timezone == "Europe/Amsterdam"


def test_relative_gemeenten_dir_is_relative_to_the_repo(monkeypatch):
    monkeypatch.setenv("WERKMAATJE_GEMEENTEN_DIR", "gemeenten")
    assert Settings(_env_file=None).gemeenten_dir == REPO_ROOT / "gemeenten"


def test_default_secrets_are_refused_outside_development():
    Settings(_env_file=None).check_secrets()
    with pytest.raises(SettingsError, match="RASA_TOKEN"):
        Settings(_env_file=None, environment="production").check_secrets()
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        Settings(_env_file=None, telegram_mode="webhook").check_secrets()


def test_deeplink_uses_the_bot_username():
    settings = Settings(_env_file=None, telegram_bot_username="werkmaatje_bot")
    assert settings.deeplink("ABCD234567") == "https://t.me/werkmaatje_bot?start=ABCD234567"


def test_the_four_seed_municipalities_load():
    gemeenten = load_gemeenten(REPO_ROOT / "gemeenten")
    assert set(gemeenten) == {"hengelo", "losser", "enschede", "lansingerland"}
    assert all(g.contact.reactietermijn.startswith("binnen") for g in gemeenten.values())


def test_a_broken_municipality_file_names_file_and_field(tmp_path: Path):
    (tmp_path / "almelo.yml").write_text("id: almelo\nnaam: Almelo\ncontact:\n  telefoon: '14 0546'\n")
    with pytest.raises(GemeenteConfigError, match=r"almelo\.yml: contact\.bereikbaar"):
        load_gemeenten(tmp_path)


def test_id_must_match_the_file_name(tmp_path: Path):
    (tmp_path / "almelo.yml").write_text((REPO_ROOT / "gemeenten" / "losser.yml").read_text())
    with pytest.raises(GemeenteConfigError, match="bestandsnaam"):
        load_gemeenten(tmp_path)


def test_no_files_is_an_error(tmp_path: Path):
    with pytest.raises(GemeenteConfigError, match="Geen gemeente-bestanden"):
        load_gemeenten(tmp_path)
