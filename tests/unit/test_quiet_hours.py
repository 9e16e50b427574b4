"""Quiet hours, rest days and wishes: when the bot may send of its own accord."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from storage.preferences import Preferences

from werkmaatje.gemeenten import Gemeente
from werkmaatje.scheduling import QuietRules, appointment_reminder_moments, is_allowed, next_allowed, rules_for

AMS = ZoneInfo("Europe/Amsterdam")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


def gemeente(**rusttijden) -> Gemeente:
    return Gemeente.parse_obj(
        {
            "id": "hengelo",
            "naam": "Gemeente Hengelo",
            "contact": {"telefoon": "14 074", "bereikbaar": "werkdagen", "reactietermijn": "binnen 2 dagen", "uitkering": "het Werkplein"},
            "rusttijden": rusttijden or {},
        }
    )


DEFAULT = rules_for(gemeente(), timezone_name="Europe/Amsterdam", kind="own_reminder")


def test_defaults_are_21_to_8_and_sunday():
    assert DEFAULT.quiet_from == time(21) and DEFAULT.quiet_until == time(8) and DEFAULT.rest_days == {6}


@pytest.mark.parametrize(
    "moment, expected",
    [
        (local(2026, 11, 24, 10, 0), local(2026, 11, 24, 10, 0)),  # Tuesday morning: at once
        (local(2026, 11, 24, 20, 59), local(2026, 11, 24, 20, 59)),  # just before the evening
        (local(2026, 11, 24, 21, 0), local(2026, 11, 25, 8, 0)),  # evening: next morning
        (local(2026, 11, 25, 3, 0), local(2026, 11, 25, 8, 0)),  # night: same morning
        (local(2026, 11, 28, 22, 0), local(2026, 11, 30, 8, 0)),  # Saturday night: over Sunday to Monday
        (local(2026, 11, 29, 12, 0), local(2026, 11, 30, 8, 0)),  # Sunday noon
    ],
)
def test_next_allowed_moves_out_of_quiet_hours(moment, expected):
    assert next_allowed(moment, DEFAULT) == expected.astimezone(timezone.utc)


def test_is_allowed():
    assert is_allowed(local(2026, 11, 24, 12, 0), DEFAULT)
    assert not is_allowed(local(2026, 11, 24, 23, 0), DEFAULT)


def test_no_weekend_wish_skips_saturday_too():
    rules = rules_for(gemeente(), timezone_name="Europe/Amsterdam", kind="own_reminder", wishes=Preferences(no_weekend=True))
    assert next_allowed(local(2026, 11, 28, 10, 0), rules) == local(2026, 11, 30, 8, 0).astimezone(timezone.utc)


def test_part_of_day_applies_to_nudges_only():
    afternoons = Preferences(part_of_day="middag")
    nudge = rules_for(gemeente(), timezone_name="Europe/Amsterdam", kind="application_nudge", wishes=afternoons)
    own = rules_for(gemeente(), timezone_name="Europe/Amsterdam", kind="own_reminder", wishes=afternoons)
    morning = local(2026, 11, 24, 9, 0)
    assert next_allowed(morning, nudge) == local(2026, 11, 24, 12, 0).astimezone(timezone.utc)
    assert next_allowed(morning, own) == morning.astimezone(timezone.utc)
    # After the afternoon window: the next day's afternoon.
    assert next_allowed(local(2026, 11, 24, 18, 0), nudge) == local(2026, 11, 25, 12, 0).astimezone(timezone.utc)


def test_a_wish_that_quiet_hours_rule_out_yields_to_the_quiet_hours():
    evening_quiet = QuietRules("Europe/Amsterdam", time(17, 0), time(8, 0), frozenset({6}), window=(time(17), time(21)))
    assert next_allowed(local(2026, 11, 24, 18, 0), evening_quiet) == local(2026, 11, 25, 8, 0).astimezone(timezone.utc)


def test_quiet_hours_within_the_day():
    lunch = QuietRules("Europe/Amsterdam", time(12, 0), time(13, 0), frozenset())
    assert next_allowed(local(2026, 11, 24, 12, 30), lunch) == local(2026, 11, 24, 13, 0).astimezone(timezone.utc)
    assert next_allowed(local(2026, 11, 24, 23, 30), lunch) == local(2026, 11, 24, 23, 30).astimezone(timezone.utc)


def test_rules_that_leave_no_moment_are_refused_in_config():
    with pytest.raises(ValueError):
        gemeente(vanaf="08:00", tot="08:00")
    with pytest.raises(ValueError):
        gemeente(rustdagen=["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"])
    with pytest.raises(ValueError):
        gemeente(rustdagen=["zondagavond"])


def test_dst_end_morning_is_8_local_not_utc():
    # The clocks go back on Sunday 25 October 2026; Monday 08:00 is 07:00 UTC.
    assert next_allowed(local(2026, 10, 25, 23, 0), DEFAULT) == datetime(2026, 10, 26, 7, 0, tzinfo=timezone.utc)
    # The clocks go forward on Sunday 29 March 2026; Monday 08:00 is 06:00 UTC.
    assert next_allowed(local(2026, 3, 29, 23, 0), DEFAULT) == datetime(2026, 3, 30, 6, 0, tzinfo=timezone.utc)


def test_appointment_reminders_day_before_and_two_hours_before():
    now = local(2026, 11, 20, 12, 0)
    starts = local(2026, 11, 25, 14, 0)  # Wednesday
    assert appointment_reminder_moments(starts, now=now, rules=DEFAULT) == [
        local(2026, 11, 24, 14, 0).astimezone(timezone.utc),
        local(2026, 11, 25, 12, 0).astimezone(timezone.utc),
    ]


def test_monday_9_appointment_gets_one_reminder_not_two_at_8():
    now = local(2026, 11, 20, 12, 0)
    starts = local(2026, 11, 30, 9, 0)  # Monday; the day before is Sunday, 2 h before is 7:00
    assert appointment_reminder_moments(starts, now=now, rules=DEFAULT) == [local(2026, 11, 30, 8, 0).astimezone(timezone.utc)]


def test_appointment_made_late_gets_a_reminder_now():
    now = local(2026, 11, 24, 15, 0)
    starts = local(2026, 11, 25, 10, 0)
    moments = appointment_reminder_moments(starts, now=now, rules=DEFAULT)
    assert moments == [now.astimezone(timezone.utc), local(2026, 11, 25, 8, 0).astimezone(timezone.utc)]


def test_appointment_across_dst_keeps_local_clock():
    now = local(2026, 10, 20, 12, 0)
    starts = local(2026, 10, 26, 14, 0)  # Monday after the clocks went back
    first, second = appointment_reminder_moments(starts, now=now, rules=DEFAULT)
    # Sunday is a rest day, so the day-before reminder moves to Monday 08:00 local.
    assert first == local(2026, 10, 26, 8, 0).astimezone(timezone.utc)
    assert second == local(2026, 10, 26, 12, 0).astimezone(timezone.utc)
    assert second - first == timedelta(hours=4)
