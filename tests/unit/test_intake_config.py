"""Each gemeente's intake questions and order (gemeenten/*.yml): defaults, and clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from werkmaatje.gemeenten import GemeenteConfigError, load_gemeenten
from werkmaatje.intake_questions import DEFAULT_ORDER
from werkmaatje.settings import REPO_ROOT

BASE = "id: almelo\nnaam: Almelo\ncontact:\n  telefoon: '14 0546'\n  bereikbaar: 'op werkdagen'\n  reactietermijn: 'binnen 2 dagen'\n  uitkering: 'het Werkplein'\n"


def _load(tmp_path: Path, intake: str):
    (tmp_path / "almelo.yml").write_text(BASE + intake, encoding="utf-8")
    return load_gemeenten(tmp_path)["almelo"]


def test_without_a_list_every_question_is_asked_in_the_default_order(tmp_path):
    assert _load(tmp_path, "").intake.vragen == list(DEFAULT_ORDER)


def test_a_gemeente_sets_its_own_set_and_order(tmp_path):
    assert _load(tmp_path, "intake:\n  vragen: [taal, leeftijd, contact]\n").intake.vragen == ["taal", "leeftijd", "contact"]
    lansingerland = load_gemeenten(REPO_ROOT / "gemeenten")["lansingerland"]
    assert "wens_duitsland" not in lansingerland.intake.vragen and len(lansingerland.intake.vragen) == 25


@pytest.mark.parametrize(
    "intake,message",
    [
        ("intake:\n  vragen: [leeftijd, bsn]\n", "onbekende vraag bsn"),
        ("intake:\n  vragen: [leeftijd, leeftijd]\n", "maar één keer"),
        ("intake:\n  vragen: []\n", "minstens één vraag"),
        ("intake:\n  vragen: [kinderopvang, kinderen]\n", "hangt af van 'kinderen'"),
    ],
)
def test_a_broken_question_list_names_file_and_problem(tmp_path, intake, message):
    with pytest.raises(GemeenteConfigError, match=message):
        _load(tmp_path, intake)
