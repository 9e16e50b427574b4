"""Words the bot and the portal build around a handoff: dates in Dutch, time left, office hours, direct messages."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from bot.privacy_jobs import erasure_message
from werkmaatje.gemeenten import Kantooruren
from werkmaatje.office_hours import duration_words, in_office_hours


def test_after_erasure_the_kept_until_date_is_said_as_in_the_first_message():
    said = erasure_message([{"wat": "applications", "reden": "De wet.", "tot": "2031-12-03"}])
    assert "je sollicitaties, tot 3 december 2031. Waarom: De wet." in said and "2031-12-03" not in said


def test_time_left_reads_as_a_caseworker_would_say_it():
    assert duration_words(timedelta(days=1, hours=3, minutes=20)) == "1 dag 3 uur"
    assert duration_words(timedelta(hours=2)) == "2 uur"
    assert duration_words(timedelta(minutes=1)) == "1 minuut"
    assert duration_words(timedelta(0)) == "0 minuten"


def test_office_hours_follow_the_local_clock_and_days():
    hours = Kantooruren(vanaf=time(8, 30), tot=time(17, 0))
    tuesday_morning = datetime(2030, 12, 3, 8, 0, tzinfo=timezone.utc)  # 09:00 in Amsterdam
    assert in_office_hours(tuesday_morning, hours, "Europe/Amsterdam")
    assert not in_office_hours(tuesday_morning.replace(hour=7), hours, "Europe/Amsterdam")  # 08:00 local
    assert not in_office_hours(tuesday_morning + timedelta(days=4), hours, "Europe/Amsterdam")  # Saturday


def test_the_overview_counts_the_messages_with_the_klantmanager_only_when_there_are_any():
    from actions.privacy.rights import overview_text
    from storage.privacy import DataOverview

    base = dict(intake_topics=[], applications=0, open_reminders=0, trainings=[], klantmanager="Sanne Bakker")
    assert "Berichten tussen jou en je klantmanager: 3." in overview_text(DataOverview(**base, thread_messages=3))
    assert "Berichten" not in overview_text(DataOverview(**base))
