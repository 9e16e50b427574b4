"""Pure pieces of reminders: what to remind of, when, and how a scheduled message is worded."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from dutch.wording import moment_facts, parse_iso
from actions.reminders.own import reminder_moment, reminder_subject
from actions.reminders.scheduled import _wording
from bot.dispatcher import is_stale, rasa_entities, retry_delay
from storage.tables import ScheduledMessage

AMS = ZoneInfo("Europe/Amsterdam")
TZ = "Europe/Amsterdam"
# Monday 23 November 2026, 15:00 in Amsterdam.
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=AMS)


@pytest.mark.parametrize(
    "text, time_words, subject",
    [
        ("herinner me morgen om 10 uur aan mijn gesprek bij jumbo", "morgen om 10 uur", "mijn gesprek bij jumbo"),
        ("herinner me over 3 dagen dat ik mijn cv moet sturen", "over 3 dagen", "ik mijn cv moet sturen"),
        ("kun je me vrijdag ff herinneren aan de tandarts", "vrijdag", "de tandarts"),
        ("zet een herinnering voor maandag half 10", "maandag half 10", ""),
        ("Stuur me morgenochtend een berichtje dat ik moet bellen!", "morgenochtend", "ik moet bellen"),
    ],
)
def test_reminder_subject(text, time_words, subject):
    assert reminder_subject(text, time_words) == subject


def test_subject_is_capped():
    assert len(reminder_subject("herinner me aan " + "x" * 5000)) == 200


@pytest.mark.parametrize(
    "text, expected",
    [
        ("herinner me morgen om 10 uur aan mijn gesprek", datetime(2026, 11, 24, 10, 0, tzinfo=AMS)),
        ("herinner me vrijdag aan de brief", datetime(2026, 11, 27, 10, 0, tzinfo=AMS)),  # no time: 10:00
        ("herinner me half drie", datetime(2026, 11, 24, 14, 30, tzinfo=AMS)),  # 14:30 today has passed
        ("herinner me over 3 dagen", datetime(2026, 11, 26, 10, 0, tzinfo=AMS)),
    ],
)
def test_reminder_moment_looks_ahead(text, expected):
    assert reminder_moment(text, now=NOW, timezone_name=TZ) == expected


def test_reminder_moment_after_dst_change_is_local_ten():
    sunday = datetime(2026, 10, 25, 12, 0, tzinfo=AMS)  # the clocks went back this night
    moment = reminder_moment("herinner me morgen om 10 uur", now=sunday, timezone_name=TZ)
    assert moment.astimezone(timezone.utc) == datetime(2026, 10, 26, 9, 0, tzinfo=timezone.utc)


def test_no_moment_means_none():
    assert reminder_moment("herinner me aan mijn cv", now=NOW, timezone_name=TZ) is None


def test_moment_facts_say_relative_days():
    assert moment_facts(NOW + timedelta(days=1), now=NOW, timezone_name=TZ) == {"dag": "morgen", "tijd": "15:00"}
    assert moment_facts(NOW + timedelta(days=9), now=NOW, timezone_name=TZ)["dag"] == "woensdag 2 december"
    assert parse_iso("not a date") is None and parse_iso("2026-11-23T10:00:00") is None  # naive is refused


def test_wording_for_each_kind_and_lateness():
    due = NOW.astimezone(timezone.utc)
    assert _wording("own_reminder", {"about": "cv"}, None, due, due + timedelta(minutes=5), TZ)[0] == "utter_reminder_own"
    assert _wording("own_reminder", {"about": "cv"}, None, due, due + timedelta(hours=2), TZ)[0] == "utter_reminder_own_late"
    # Moved by quiet hours: the row is due now, but the person asked for last night.
    asked = due - timedelta(hours=10)
    assert _wording("own_reminder", {"about": "cv"}, asked, due, due, TZ)[0] == "utter_reminder_own_late"
    event = due + timedelta(hours=3)
    assert _wording("appointment", {"met": "Anna", "waar": "x"}, event, due, due, TZ)[0] == "utter_appointment_reminder"
    assert _wording("appointment", {"met": "Anna", "waar": "x"}, event, due, event + timedelta(hours=1), TZ)[0] == "utter_appointment_missed"
    assert _wording("training_session", {}, event, due, event + timedelta(minutes=1), TZ)[0] == "utter_training_session_missed"
    response, facts = _wording("interview_followup", {"werkgever": "Jumbo"}, due - timedelta(days=1), due, due, TZ)
    assert response == "utter_interview_followup"
    assert (facts["werkgever"], facts["dag"]) == ("Jumbo", "gisteren")
    assert facts["knop_aangenomen"] == '/application_result{"employer": "Jumbo", "application_status": "aangenomen"}'
    assert _wording("application_nudge", {"gedaan": 2, "aantal": 4}, None, due, due, TZ)[1] == {"aantal": 4, "gedaan": 2}
    assert _wording("intake_unfinished", {}, None, due, due, TZ) == ("utter_intake_unfinished", {})
    assert _wording("unknown", {}, None, due, due, TZ) is None


def _message(**values) -> ScheduledMessage:
    defaults = dict(id=7, kind="own_reminder", due_at=NOW, event_at=None, payload='{"about": "cv"}')
    defaults.update(values)
    return ScheduledMessage(**defaults)


def test_staleness_rules():
    assert not is_stale(_message(), NOW + timedelta(days=30))  # own reminders are always worth sending
    assert not is_stale(_message(event_at=NOW), NOW + timedelta(days=30))
    assert is_stale(_message(kind="appointment", event_at=NOW), NOW + timedelta(days=1, minutes=1))
    assert not is_stale(_message(kind="appointment", event_at=NOW), NOW + timedelta(hours=5))
    assert is_stale(_message(kind="application_nudge"), NOW + timedelta(days=3))


def test_entities_for_rasa_and_retry_delays():
    entities = rasa_entities(_message(), NOW)
    assert entities["scheduled_id"] == "7" and entities["scheduled_payload"] == '{"about": "cv"}'
    assert entities["event_at"] == "" and parse_iso(entities["dispatch_time"]) == NOW
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert retry_delay(20) == timedelta(hours=1)
