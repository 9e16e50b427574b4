"""The rules table: each ladder, group and flag rule on its own (werkmaatje/intake_rules.py, domain.md §2–3)."""
from __future__ import annotations

import pytest

from werkmaatje.intake_rules import FLAG_TABLE, GROUP_TABLE, LADDER_TABLE, ladder_step, propose


def answered(**values):
    return {key: ("answered", value) for key, value in values.items()}


@pytest.mark.parametrize("activity,step", [(activity, step) for activity, step, _ in LADDER_TABLE])
def test_each_weekly_activity_gives_its_ladder_step(activity, step):
    assert ladder_step(answered(week=[activity]))[0] == step


def test_the_highest_activity_counts():
    assert ladder_step(answered(week=["thuis", "vrijwilligerswerk", "contact"]))[0] == 4


def test_without_an_answer_about_the_week_the_cautious_default_is_step_2():
    assert ladder_step({})[0] == 2
    assert ladder_step({"week": ("skipped", None)})[0] == 2
    assert ladder_step({"week": ("unknown", None)})[0] == 2


def test_every_rule_cites_domain_md():
    for table in (LADDER_TABLE, GROUP_TABLE, FLAG_TABLE):
        assert all(row[-1].startswith("§") for row in table)


# --- groups, one test per row of GROUP_TABLE ---------------------------------

def test_steps_1_and_2_are_participatie():
    assert propose(answered(week=["thuis"])).group == "participatie"
    assert propose(answered(week=["contact"])).group == "participatie"


def test_low_step_3_with_hard_rhythm_or_mental_health_is_participatie():
    assert propose(answered(week=["activiteit"], dagritme="moeilijk")).group == "participatie"
    assert propose(answered(week=["activiteit"], gezondheid="psychisch")).group == "participatie"
    assert propose(answered(week=["activiteit"], belemmeringen=["psychisch"])).group == "participatie"
    assert propose(answered(week=["activiteit"], dagritme="goed")).group == "middengroep"


def test_ready_to_work_alone_is_zelfredzaam():
    ready = answered(
        week=["werk_met_steun"],
        uitkering_duur="<1",
        opleiding={"niveau": "mbo-2", "diploma": True, "startkwalificatie": True},
        taal="redelijk",
    )
    assert propose(ready).group == "zelfredzaam"
    longer = dict(ready, uitkering_duur=("answered", "1-3"))
    assert propose(longer).group == "middengroep"
    no_start = dict(ready, opleiding=("answered", {"niveau": "vmbo", "diploma": True, "startkwalificatie": False}))
    assert propose(no_start).group == "middengroep"


def test_paid_work_without_support_is_zelfredzaam():
    assert propose(answered(week=["betaald_werk"])).group == "zelfredzaam"


def test_everyone_else_is_middengroep():
    assert propose(answered(week=["vrijwilligerswerk"])).group == "middengroep"
    assert propose(answered(week=["activiteit"])).group == "middengroep"


# --- flags, one test per row of FLAG_TABLE -----------------------------------

def test_liever_persoonlijk_on_any_question_flags_a_personal_talk():
    assert "persoonlijk_gesprek" in propose({"gezondheid": ("personal", None)}).flags
    assert "persoonlijk_gesprek" not in propose({"gezondheid": ("skipped", None)}).flags


def test_debts_flag():
    assert "schulden" in propose(answered(belemmeringen=["vervoer", "schulden"])).flags
    assert "schulden" not in propose(answered(belemmeringen=["vervoer"])).flags


def test_health_flag():
    assert "gezondheid" in propose(answered(gezondheid="lichamelijk")).flags
    assert "gezondheid" in propose(answered(belemmeringen=["fysiek"])).flags
    assert "gezondheid" not in propose(answered(gezondheid="geen")).flags


def test_language_flag():
    assert "taal" in propose(answered(taal="matig")).flags
    assert "taal" in propose(answered(taal="goed", inburgering="bezig")).flags
    assert "taal" in propose(answered(belemmeringen=["taal"])).flags
    assert "taal" not in propose(answered(taal="redelijk", inburgering="afgerond")).flags


def test_childcare_flag():
    assert "kinderopvang" in propose(answered(kinderen={"aantal": 2, "jongste": 3}, kinderopvang="niet_geregeld")).flags
    assert "kinderopvang" not in propose(answered(kinderen={"aantal": 2, "jongste": 3}, kinderopvang="geregeld")).flags
    assert "kinderopvang" not in propose(answered(kinderen={"aantal": 1, "jongste": 15})).flags
    assert "kinderopvang" not in propose(answered(kinderen={"aantal": 0, "jongste": None})).flags
    assert "kinderopvang" in propose(answered(belemmeringen=["zorgtaken"])).flags


def test_a_proposal_keeps_the_reasons_that_led_to_it():
    proposal = propose(answered(week=["contact"], belemmeringen=["schulden"]))
    assert (proposal.step, proposal.group, proposal.flags) == (2, "participatie", ["schulden"])
    assert proposal.reasons[0].startswith("§2 trede 2") and any("schulden" in r for r in proposal.reasons)
