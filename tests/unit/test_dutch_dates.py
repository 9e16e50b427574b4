"""Dutch dates resolved towards the past (logging) or the future (interviews, reminders)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from zoneinfo import ZoneInfo

from dutch.dates import resolve_date

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Wednesday 18 March 2026, 10:00 in Amsterdam (winter time, +01:00).
WEDNESDAY = datetime(2026, 3, 18, 10, 0, tzinfo=AMSTERDAM)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


def day_of(text, reference=WEDNESDAY, bias="past"):
    return resolve_date(text, reference=reference, bias=bias).day


def moment_of(text, reference=WEDNESDAY, bias="future"):
    return resolve_date(text, reference=reference, bias=bias).moment


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ik heb gisteren bij de jumbo gesolliciteerd", date(2026, 3, 17)),
        ("gister gebeld met randstad", date(2026, 3, 17)),
        ("eergisteren", date(2026, 3, 16)),
        ("vandaag een brief gestuurd", date(2026, 3, 18)),
        ("vanochtend langsgegaan bij de hema", date(2026, 3, 18)),
        ("gisteravond nog gemaild", date(2026, 3, 17)),
        ("vorige week dinsdag", date(2026, 3, 10)),
        ("dinsdag vorige week", date(2026, 3, 10)),
        ("afgelopen vrijdag", date(2026, 3, 13)),
        ("vrijdag jl", date(2026, 3, 13)),
        ("12 maart", date(2026, 3, 12)),
        ("op 20 maart", date(2025, 3, 20)),  # past bias: the most recent 20 March
        ("12-3", date(2026, 3, 12)),
        ("15 februari 2025", date(2025, 2, 15)),
        ("maandag", date(2026, 3, 16)),
        ("zondag", date(2026, 3, 15)),
        ("donderdag", date(2026, 3, 12)),  # a bare weekday is the most recent one
        ("woensdag", date(2026, 3, 18)),  # today's own name means today
        ("afgelopen woensdag", date(2026, 3, 11)),  # "afgelopen" on that day: last week's
        ("2 weken terug", date(2026, 3, 4)),
        ("3 dagen geleden", date(2026, 3, 15)),
        ("de 20e", date(2026, 2, 20)),
    ],
)
def test_past_bias_resolves_to_the_most_recent_day(text, expected):
    resolved = resolve_date(text, reference=WEDNESDAY, bias="past")
    assert resolved.day == expected
    assert resolved.moment is None
    assert resolved.is_future is False


def test_past_bias_still_flags_the_future_instead_of_hiding_it():
    tomorrow = resolve_date("ik ga morgen solliciteren bij lidl", reference=WEDNESDAY, bias="past")
    assert (tomorrow.day, tomorrow.is_future, tomorrow.text) == (date(2026, 3, 19), True, "morgen")
    next_week = resolve_date("volgende week", reference=WEDNESDAY, bias="past")
    assert (next_week.day, next_week.is_future, next_week.grain) == (date(2026, 3, 23), True, "week")


def test_last_month_is_a_whole_month():
    resolved = resolve_date("vorige maand bij de action gesolliciteerd", reference=WEDNESDAY)
    assert (resolved.day, resolved.grain, resolved.is_future) == (date(2026, 2, 1), "month", False)
    assert resolved.text == "vorige maand"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("morgen om 10 uur", local(2026, 3, 19, 10, 0)),
        ("donderdag om 10 uur", local(2026, 3, 19, 10, 0)),
        ("gesprek is woensdag om 11 uur", local(2026, 3, 25, 11, 0)),  # today's name: next week
        ("volgende week maandag om 9:30", local(2026, 3, 23, 9, 30)),
        ("om 10 uur", local(2026, 3, 19, 10, 0)),  # 10:00 is not ahead any more: tomorrow
        ("om 11 uur", local(2026, 3, 18, 11, 0)),  # still ahead: today
        ("half drie", local(2026, 3, 18, 14, 30)),  # daytime rule
        ("om half 3", local(2026, 3, 18, 14, 30)),
        ("kwart over 9", local(2026, 3, 19, 9, 15)),  # Duckling alone says 21:15
        ("kwart voor 4", local(2026, 3, 18, 15, 45)),
        ("5 voor half 3", local(2026, 3, 18, 14, 25)),
        ("vanavond om 7 uur", local(2026, 3, 18, 19, 0)),
        ("morgenochtend om 7 uur", local(2026, 3, 19, 7, 0)),
        ("om 8 uur 's avonds", local(2026, 3, 18, 20, 0)),
        ("donderdag 14u", local(2026, 3, 19, 14, 0)),
        ("om 09:30", local(2026, 3, 19, 9, 30)),
        ("12 maart om 10 uur", local(2027, 3, 12, 10, 0)),  # future bias: next 12 March
    ],
)
def test_future_bias_moments(text, expected):
    resolved = resolve_date(text, reference=WEDNESDAY, bias="future")
    assert resolved.moment == expected
    assert resolved.moment.utcoffset() == expected.utcoffset()
    assert resolved.day == expected.date()
    assert resolved.is_future is True


@pytest.mark.parametrize(
    "text, expected",
    [
        ("over 3 dagen", date(2026, 3, 21)),
        ("overmorgen", date(2026, 3, 20)),
        ("volgende week maandag", date(2026, 3, 23)),
        ("maandag", date(2026, 3, 23)),
        ("komende vrijdag", date(2026, 3, 20)),
        ("20 maart", date(2026, 3, 20)),
        ("de 12e", date(2026, 4, 12)),
    ],
)
def test_future_bias_days(text, expected):
    resolved = resolve_date(text, reference=WEDNESDAY, bias="future")
    assert (resolved.day, resolved.moment, resolved.is_future) == (expected, None, True)


def test_time_of_day_in_the_past_is_today_if_already_passed_else_yesterday():
    assert moment_of("om 9 uur gebeld", bias="past") == local(2026, 3, 18, 9, 0)
    assert moment_of("om 3 uur gebeld", bias="past") == local(2026, 3, 17, 15, 0)


def test_a_morning_word_elsewhere_in_the_message_does_not_move_the_time():
    assert moment_of("vanochtend gebeld, gesprek is donderdag om 3 uur") == local(2026, 3, 19, 15, 0)


def test_dst_spring_forward_moments_are_local_time():
    # Clocks go forward on Sunday 29 March 2026 at 02:00.
    saturday = local(2026, 3, 28, 12, 0)
    sunday = moment_of("morgen om 10 uur", reference=saturday)
    assert sunday == local(2026, 3, 29, 10, 0) and sunday.utcoffset() == timedelta(hours=2)
    late_saturday = local(2026, 3, 28, 22, 0)
    assert moment_of("om 10 uur", reference=late_saturday).isoformat() == "2026-03-29T10:00:00+02:00"
    after_switch = local(2026, 3, 29, 9, 0)
    assert moment_of("om 10 uur", reference=after_switch).isoformat() == "2026-03-29T10:00:00+02:00"
    # Three calendar days, not 72 hours (which would end at 00:30 on the 31st).
    assert day_of("over 3 dagen", reference=local(2026, 3, 27, 23, 30), bias="future") == date(2026, 3, 30)
    assert day_of("vorige week dinsdag", reference=local(2026, 4, 1, 10, 0)) == date(2026, 3, 24)
    assert day_of("gisteren", reference=local(2026, 3, 30, 0, 30)) == date(2026, 3, 29)


def test_dst_fall_back_moments_are_local_time():
    # Clocks go back on Sunday 25 October 2026 at 03:00.
    saturday = local(2026, 10, 24, 12, 0)
    sunday = moment_of("morgen om 10 uur", reference=saturday)
    assert sunday.isoformat() == "2026-10-25T10:00:00+01:00"
    assert moment_of("volgende week maandag om 10 uur", reference=local(2026, 10, 23, 12, 0)).isoformat() == (
        "2026-10-26T10:00:00+01:00"
    )
    assert day_of("zaterdag", reference=local(2026, 10, 26, 8, 0)) == date(2026, 10, 24)
    assert day_of("eergisteren", reference=local(2026, 10, 26, 0, 5)) == date(2026, 10, 24)


def test_vandaag_late_at_night_is_still_today_in_amsterdam():
    # 23:50 in Amsterdam is 22:50 UTC in winter and 21:50 UTC in summer.
    winter_night = datetime(2026, 3, 18, 22, 50, tzinfo=timezone.utc)
    summer_night = datetime(2026, 7, 1, 21, 50, tzinfo=timezone.utc)
    assert day_of("vandaag", reference=winter_night) == date(2026, 3, 18)
    assert day_of("vandaag", reference=summer_night) == date(2026, 7, 1)
    assert day_of("gisteren", reference=summer_night) == date(2026, 6, 30)
    assert moment_of("morgen om 10 uur", reference=summer_night).isoformat() == "2026-07-02T10:00:00+02:00"
    # Ten past midnight is the next day already.
    just_after_midnight = datetime(2026, 3, 18, 23, 10, tzinfo=timezone.utc)
    assert day_of("vandaag", reference=just_after_midnight) == date(2026, 3, 19)


@pytest.mark.parametrize(
    "text, reference, bias, expected",
    [
        ("gisteren", local(2026, 3, 1, 9, 0), "past", date(2026, 2, 28)),
        ("gisteren", local(2028, 3, 1, 9, 0), "past", date(2028, 2, 29)),
        ("eergisteren", local(2026, 1, 1, 9, 0), "past", date(2025, 12, 30)),
        ("morgen", local(2026, 12, 31, 9, 0), "future", date(2027, 1, 1)),
        ("vorige maand", local(2026, 3, 31, 23, 50), "past", date(2026, 2, 1)),
        ("vorige maand", local(2026, 1, 15, 9, 0), "past", date(2025, 12, 1)),
        ("de 31e", local(2026, 4, 15, 9, 0), "past", date(2026, 3, 31)),
        ("de 31e", local(2026, 4, 15, 9, 0), "future", date(2026, 5, 31)),
        ("12 maart", local(2026, 3, 11, 9, 0), "past", date(2025, 3, 12)),
        ("12 maart", local(2026, 3, 12, 9, 0), "past", date(2026, 3, 12)),
        ("29 februari", local(2026, 3, 18, 9, 0), "past", date(2024, 2, 29)),
        ("31 december", local(2026, 1, 2, 9, 0), "past", date(2025, 12, 31)),
        ("over 3 dagen", local(2026, 2, 27, 9, 0), "future", date(2026, 3, 2)),
        ("maandag", local(2026, 6, 1, 9, 0), "past", date(2026, 6, 1)),
        ("afgelopen vrijdag", local(2026, 5, 1, 9, 0), "past", date(2026, 4, 24)),
    ],
)
def test_month_and_year_ends(text, reference, bias, expected):
    assert day_of(text, reference=reference, bias=bias) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ik heb gesolliciteerd bij de jumbo als vakkenvuller",
        "goedemorgen",
        "ik werk 's morgens graag",
        "ik heb 3 brieven gestuurd om 3 brieven",
        "één voor één gebeld",
        "",
    ],
)
def test_no_date_said_gives_none(text):
    assert resolve_date(text, reference=WEDNESDAY) is None


def test_the_matched_words_are_returned():
    resolved = resolve_date("Heb Vorige Week Dinsdag gebeld", reference=WEDNESDAY)
    assert resolved.text == "vorige week dinsdag"
    assert resolve_date("gesprek morgen om half 3", reference=WEDNESDAY, bias="future").text == "morgen om half 3"


def test_misuse_is_refused_loudly():
    with pytest.raises(ValueError):
        resolve_date("gisteren", reference=WEDNESDAY, bias="later")
    with pytest.raises(ValueError):
        resolve_date("gisteren", reference=datetime(2026, 3, 18, 10, 0))


def test_a_day_word_after_a_name_ending_in_s_counts():
    assert day_of("mn cv ingeleverd bij de plus vanochtend") == date(2026, 3, 18)
    assert day_of("ik ga naar domino's morgen", bias="future") == date(2026, 3, 19)
