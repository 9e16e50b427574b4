"""Training catalogues per municipality: the seed catalogues load, broken files say what is wrong."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from werkmaatje.gemeenten import load_gemeenten
from werkmaatje.scheduling import rules_for
from werkmaatje.settings import REPO_ROOT
from werkmaatje.training_schedule import noshow_moment, session_reminder_moments
from werkmaatje.trainings_catalogue import CatalogueError, load_catalogues

GEMEENTEN = REPO_ROOT / "gemeenten"


def test_each_seed_municipality_has_a_realistic_catalogue():
    catalogues = load_catalogues(GEMEENTEN, load_gemeenten(GEMEENTEN))
    assert set(catalogues) == {"hengelo", "losser", "enschede", "lansingerland"}
    losser = catalogues["losser"].training("werken-aan-werk")
    assert losser.verplicht and "videopitch" in losser.omschrijving
    assert catalogues["lansingerland"].training("rechten-en-plichten").zonder_intake
    assert all(len(c.trainingen) >= 3 for c in catalogues.values())
    assert all(c.herinneringen_uren_voor == [24, 2] for c in catalogues.values())


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(GEMEENTEN, tmp_path / "gemeenten")
    return tmp_path / "gemeenten"


@pytest.mark.parametrize(
    "broken, message",
    [
        ("gemeente: losser\ntrainingen:\n  - id: x1\n    titel: Iets\n", r"losser\.yml: trainingen\.0\.omschrijving"),
        ("gemeente: losser\ntrainingen: []\nkleur: rood\n", r"losser\.yml: kleur"),
        ("gemeente: hengelo\ntrainingen: []\n", "bestandsnaam"),
        ("gemeente: losser\ntrainingen: [\n", "geen geldige YAML"),
    ],
)
def test_a_broken_catalogue_names_file_and_field(tmp_path, broken, message):
    folder = _copy(tmp_path)
    (folder / "trainingen" / "losser.yml").write_text(broken)
    with pytest.raises(CatalogueError, match=message):
        load_catalogues(folder, load_gemeenten(folder))


def test_unknown_values_in_a_target_are_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "trainingen" / "losser.yml"
    path.write_text(path.read_text().replace("trede_tot: 6", "trede_tot: 6\n      sectoren: [bakkerij]"))
    with pytest.raises(CatalogueError, match="bakkerij"):
        load_catalogues(folder, load_gemeenten(folder))


def test_a_catalogue_needs_its_municipality(tmp_path):
    folder = _copy(tmp_path)
    (folder / "trainingen" / "almelo.yml").write_text("gemeente: almelo\ntrainingen: []\n")
    with pytest.raises(CatalogueError, match="almelo"):
        load_catalogues(folder, load_gemeenten(folder))


def _rules():
    return rules_for(load_gemeenten(GEMEENTEN)["losser"], timezone_name="Europe/Amsterdam", kind="training_session")


def _utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def test_session_reminders_the_day_before_and_two_hours_before():
    starts = _utc(2026, 12, 2, 13, 0)  # Wednesday 14:00 in Losser
    moments = session_reminder_moments(starts, hours_before=[24, 2], now=_utc(2026, 11, 20, 9, 0), rules=_rules())
    assert moments == [_utc(2026, 12, 1, 13, 0), _utc(2026, 12, 2, 11, 0)]
    # Configurable: only the evening before is out of quiet hours at 48 hours before a Tuesday 9:00 session.
    monday_morning = _utc(2026, 12, 1, 8, 0)  # Tuesday 9:00 local
    assert session_reminder_moments(monday_morning, hours_before=[48], now=_utc(2026, 11, 20), rules=_rules()) == [
        _utc(2026, 11, 30, 7, 0)  # Sunday is a rest day: Monday 8:00
    ]


def test_a_place_given_at_the_last_minute_gets_one_reminder_now():
    starts = _utc(2026, 12, 2, 13, 0)
    now = _utc(2026, 12, 2, 11, 30)
    assert session_reminder_moments(starts, hours_before=[24, 2], now=now, rules=_rules()) == [now]
    # Half an hour before the 2-hour reminder: only that one, not two within the hour.
    early = _utc(2026, 12, 2, 10, 30)
    assert session_reminder_moments(starts, hours_before=[24, 2], now=early, rules=_rules()) == [_utc(2026, 12, 2, 11, 0)]


def test_noshow_question_the_next_morning_not_on_sunday():
    assert noshow_moment(_utc(2026, 12, 2, 13, 0), _rules()) == _utc(2026, 12, 3, 9, 0)
    saturday_session = _utc(2026, 12, 5, 9, 0)
    assert noshow_moment(saturday_session, _rules()) == _utc(2026, 12, 7, 7, 0)  # Monday 8:00
