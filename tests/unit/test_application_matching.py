"""Fuzzy employer matching, name cleaning and the agreement's periods: pure functions, no database."""
from __future__ import annotations

from datetime import date

import pytest

from actions.applications.fields import PROBLEM_RANT, PROBLEM_UNCLEAR, check_employers, check_name, code_said, field_said
from storage.agreements import AgreementTerms, Period, period_containing
from storage.employer_names import clean_employer, employer_similarity, employer_words, same_employer
from storage.errors import ValidationError
from storage.models import APPLICATION_CHANNELS, APPLICATION_STATUSES


@pytest.mark.parametrize(
    "said, stored",
    [
        ("de jumbo", "Jumbo Hengelo"),
        ("Jumbo", "jumbo"),
        ("jumob", "Jumbo"),  # a typo
        ("albert heijn", "Albert Heijn Enschede"),
        ("bij de Action!", "Action"),
        ("Café 't Hoekje", "cafe hoekje"),  # accents and filler words
        ("tempo-team", "Tempo Team"),
    ],
)
def test_the_same_employer_is_recognised(said, stored):
    assert same_employer(said, stored)


@pytest.mark.parametrize(
    "said, stored",
    [
        ("lidl", "Aldi"),
        ("jumbo hengelo", "Jumbo Enschede"),  # more specific than either
        ("ah", "aa"),  # short words must be exact
        ("hema", "Hemabo Bouw"),
        ("", "Jumbo"),
    ],
)
def test_different_employers_are_kept_apart(said, stored):
    assert not same_employer(said, stored)


def test_an_exact_name_scores_higher_than_a_partial_one():
    assert employer_similarity("jumbo", "Jumbo") > employer_similarity("jumbo", "Jumbo Hengelo")
    assert employer_words("De Bijenkorf B.V.") == ("bijenkorf", "b", "v")
    assert employer_words("De") == ("de",)  # only filler words still give a key


def test_clean_employer_collapses_whitespace_and_keeps_odd_text():
    assert clean_employer("  Jumbo \n\t Hengelo ") == "Jumbo Hengelo"
    assert clean_employer("<script>x</script> 🙂") == "<script>x</script> 🙂"
    with pytest.raises(ValidationError):
        clean_employer("x" * 81)
    with pytest.raises(ValidationError):
        clean_employer(" \n ")


def test_a_rant_is_not_taken_as_an_employer_name():
    rant = "ik heb echt geen zin meer in al dat solliciteren want niemand belt ooit terug " * 7
    assert check_name(rant, max_length=80).problem == PROBLEM_RANT
    assert check_name("ik ben het zat want ze bellen nooit terug", max_length=80).problem == PROBLEM_RANT  # 9 words
    assert check_name("   ", max_length=80).problem == PROBLEM_UNCLEAR
    assert check_name("de jumbo", max_length=80).value == "Jumbo"
    assert check_name("Albert heijn", max_length=80).value == "Albert heijn"  # typed capitals are kept
    assert check_name("'; DROP TABLE applications;--", max_length=80).value == "'; DROP TABLE applications;--"


def test_two_employers_in_one_message_are_both_kept():
    assert check_employers(["lidl", "aldi", "Lidl"]).value == ["Lidl", "Aldi"]
    assert check_employers(["lidl", "x" * 90]).problem == PROBLEM_RANT


def test_codes_and_fields_are_understood_as_typed():
    assert code_said("via netwerk", APPLICATION_CHANNELS) == "netwerk"
    assert code_said("Open sollicitatie", APPLICATION_CHANNELS) == "open_sollicitatie"
    assert code_said("geen reactie!", APPLICATION_STATUSES) == "geen_reactie"
    assert code_said("met de fiets", APPLICATION_CHANNELS) is None
    assert field_said("de datum klopt niet") == "application_date"
    assert field_said("werkgever") == "application_employers"
    assert field_said("hoe") == "application_channel"
    assert field_said("weet ik niet") is None


def _terms(start, weeks=4, aantal=4, vrijgesteld=False):
    return AgreementTerms(
        vrijgesteld=vrijgesteld,
        aantal=None if vrijgesteld else aantal,
        periode_weken=None if vrijgesteld else weeks,
        starts_on=start,
        is_default=False,
    )


def test_periods_are_fixed_blocks_from_the_start_day():
    terms = _terms(date(2024, 4, 1))
    assert period_containing(terms, date(2024, 4, 1)) == Period(date(2024, 4, 1), date(2024, 4, 29))
    assert period_containing(terms, date(2024, 4, 28)) == Period(date(2024, 4, 1), date(2024, 4, 29))
    assert period_containing(terms, date(2024, 4, 29)) == Period(date(2024, 4, 29), date(2024, 5, 27))
    assert period_containing(terms, date(2024, 4, 28)).last_day == date(2024, 4, 28)


def test_periods_before_the_start_and_across_a_leap_day():
    assert period_containing(_terms(date(2024, 4, 1)), date(2024, 3, 31)) == Period(date(2024, 3, 4), date(2024, 4, 1))
    two_weeks = _terms(date(2024, 2, 19), weeks=2)
    assert period_containing(two_weeks, date(2024, 3, 3)) == Period(date(2024, 2, 19), date(2024, 3, 4))


def test_exempt_clients_have_no_period():
    assert period_containing(_terms(date(2024, 4, 1), vrijgesteld=True), date(2024, 4, 10)) is None
