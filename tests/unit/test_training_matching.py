"""Target-profile matching: a pure function over a catalogue target and an intake profile."""
from __future__ import annotations

import pytest

from werkmaatje.training_matching import fits, training_fits
from werkmaatje.trainings_catalogue import Doelgroep, Training

# A full profile as storage.intake.profile_for_matching returns it.
PROFILE = {
    "age_band": "18-26",
    "benefit_duration": "<1",
    "ladder_step": 4,
    "wants_training": True,
    "wish_sectors": ["logistiek", "horeca"],
    "language_level": "redelijk",
}


def target(**fields) -> Doelgroep:
    return Doelgroep(**fields)


def training(doelgroep: Doelgroep, **fields) -> Training:
    return Training(
        id="vca", titel="Training", omschrijving="Een training voor iedereen.", meenemen="niets", doelgroep=doelgroep, **fields
    )


def test_an_empty_target_fits_everyone_also_without_intake():
    assert fits(target(), PROFILE) and fits(target(), None)
    assert training_fits(training(target()), None)


@pytest.mark.parametrize(
    "criteria, fits_profile",
    [
        ({"leeftijd": ["18-26"]}, True),
        ({"leeftijd": ["27-44", "45-54"]}, False),
        ({"uitkeringsduur": ["<1"]}, True),
        ({"uitkeringsduur": ["1-3", ">3"]}, False),
        ({"trede_van": 4, "trede_tot": 6}, True),
        ({"trede_van": 5}, False),
        ({"trede_tot": 3}, False),
        ({"wil_training": True}, True),
        ({"wil_training": False}, False),
        ({"sectoren": ["logistiek", "bouw"]}, True),
        ({"sectoren": ["zorg"]}, False),
        ({"taalniveau": ["goed", "redelijk"]}, True),
        ({"taalniveau": ["matig", "slecht"]}, False),
        # The example: < 1 year on benefit, under 27, step 4-6, wants training in a sector.
        ({"uitkeringsduur": ["<1"], "leeftijd": ["18-26"], "trede_van": 4, "trede_tot": 6,
          "wil_training": True, "sectoren": ["logistiek"]}, True),
        ({"uitkeringsduur": ["<1"], "leeftijd": ["18-26"], "trede_van": 4, "trede_tot": 6,
          "wil_training": True, "sectoren": ["zorg"]}, False),
    ],
)
def test_every_named_criterion_must_hold(criteria, fits_profile):
    assert fits(target(**criteria), PROFILE) is fits_profile


@pytest.mark.parametrize(
    "criteria, unanswered",
    [
        ({"leeftijd": ["18-26"]}, {"age_band": None}),
        ({"trede_van": 1}, {"ladder_step": None}),
        ({"wil_training": True}, {"wants_training": None}),
        ({"sectoren": ["logistiek"]}, {"wish_sectors": []}),
        ({"taalniveau": ["goed"]}, {"language_level": None}),
    ],
)
def test_an_unanswered_question_never_counts_as_a_match(criteria, unanswered):
    assert fits(target(**criteria), {**PROFILE, **unanswered}) is False


def test_without_intake_only_open_trainings_and_those_marked_zonder_intake_fit():
    newcomers = training(target(uitkeringsduur=["<1"]), zonder_intake=True, verplicht=True)
    vca = training(target(wil_training=True, sectoren=["bouw"]))
    assert training_fits(newcomers, None) and not training_fits(vca, None)
    # With an intake, the newcomers' workshop still follows its target.
    assert training_fits(newcomers, PROFILE)
    assert not training_fits(newcomers, {**PROFILE, "benefit_duration": ">3"})
