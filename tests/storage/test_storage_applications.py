"""Applications, their status history and agreements, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from storage import agreements, applications
from storage.clients import add_client
from storage.errors import NotFoundError, ValidationError
from storage.export import export_client
from storage.tables import Application, ApplicationStatusChange

AMSTERDAM = "Europe/Amsterdam"


def _log(session, client, employer="Jumbo Hengelo", *, day=date(2024, 2, 28), now, position="vakkenvuller", channel="online"):
    return applications.log_application(
        session, client.id, employer=employer, position=position, channel=channel, applied_on=day, now=now
    )


def test_log_stores_the_werkmap_fields_and_a_first_history_row(session, client, now):
    logged = _log(session, client, "  Jumbo \n  Hengelo ", now=now)
    assert (logged.employer, logged.position, logged.channel, logged.status) == (
        "Jumbo Hengelo", "vakkenvuller", "online", "verstuurd"
    )
    assert logged.applied_on == date(2024, 2, 28) and logged.created_at == now
    assert [(c.status, c.changed_at) for c in applications.status_history(session, logged.id)] == [("verstuurd", now)]


def test_html_sql_and_emoji_are_stored_as_plain_text(session, client, now):
    odd = "<b>Bakker</b> '; DROP TABLE applications;-- 🥖"
    logged = _log(session, client, odd, now=now, position=None)
    session.expire_all()
    stored = session.get(Application, logged.id)
    assert stored.employer == odd and stored.position is None


def test_bad_input_is_refused_before_anything_is_written(session, client, now):
    with pytest.raises(ValidationError):
        _log(session, client, "x" * 81, now=now)
    with pytest.raises(ValidationError):
        _log(session, client, "   ", now=now)
    with pytest.raises(ValidationError):
        _log(session, client, now=now, channel="postduif")
    with pytest.raises(ValidationError):
        _log(session, client, now=now, day=datetime(2024, 2, 28, tzinfo=timezone.utc))
    with pytest.raises(NotFoundError):
        applications.log_application(
            session, "wm-nobody", employer="Lidl", position=None, channel=None, applied_on=date(2024, 2, 1), now=now
        )
    assert session.execute(select(func.count(Application.id))).scalar_one() == 0


def test_each_status_change_is_kept_as_history(session, client, now):
    logged = _log(session, client, now=now)
    applications.set_status(session, client.id, logged.id, "uitgenodigd", now=now + timedelta(days=1))
    applications.set_status(session, client.id, logged.id, "uitgenodigd", now=now + timedelta(days=2))  # no change
    applications.set_status(session, client.id, logged.id, "afgewezen", now=now + timedelta(days=5))
    history = applications.status_history(session, logged.id)
    assert [c.status for c in history] == ["verstuurd", "uitgenodigd", "afgewezen"]
    assert history[-1].changed_at == now + timedelta(days=5)
    assert applications.get_application(session, client.id, logged.id).status == "afgewezen"
    with pytest.raises(ValidationError):
        applications.set_status(session, client.id, logged.id, "ontslagen", now=now)


def test_another_clients_application_cannot_be_touched(session, client, gemeente, now):
    logged = _log(session, client, now=now)
    other = add_client(session, gemeente_id=gemeente.id, naam="Piet")
    assert applications.get_application(session, other.id, logged.id) is None
    with pytest.raises(NotFoundError):
        applications.set_status(session, other.id, logged.id, "aangenomen", now=now)
    with pytest.raises(NotFoundError):
        applications.delete_application(session, other.id, logged.id)


def test_find_by_employer_is_fuzzy_best_first_then_newest(session, client, now):
    hengelo = _log(session, client, "Jumbo Hengelo", day=date(2024, 2, 1), now=now)
    enschede = _log(session, client, "Jumbo Enschede", day=date(2024, 2, 20), now=now)
    lidl = _log(session, client, "Lidl", day=date(2024, 2, 21), now=now)
    assert applications.find_by_employer(session, client.id, "de jumbo") == [enschede, hengelo]
    assert applications.find_by_employer(session, client.id, "jumbo hengelo") == [hengelo]
    assert applications.find_by_employer(session, client.id, "LIDL!") == [lidl]
    assert applications.find_by_employer(session, client.id, "aldi") == []


def test_recent_open_and_last_logged(session, client, now):
    old = _log(session, client, "Aldi", day=date(2024, 1, 2), now=now)
    newer = _log(session, client, "Lidl", day=date(2024, 2, 2), now=now)
    told_last = _log(session, client, "Hema", day=date(2024, 1, 10), now=now + timedelta(minutes=5))
    applications.set_status(session, client.id, newer.id, "afgewezen", now=now)
    assert applications.recent(session, client.id) == [newer, told_last, old]
    assert applications.recent(session, client.id, limit=1) == [newer]
    assert applications.open_applications(session, client.id) == [told_last, old]
    assert applications.last_logged(session, client.id) == told_last


def test_update_changes_only_the_given_fields(session, client, now):
    logged = _log(session, client, now=now)
    later = now + timedelta(hours=1)
    applications.update_application(session, client.id, logged.id, position=None, applied_on=date(2024, 2, 27), now=later)
    assert (logged.employer, logged.position, logged.channel, logged.applied_on, logged.updated_at) == (
        "Jumbo Hengelo", None, "online", date(2024, 2, 27), later
    )
    with pytest.raises(ValidationError):
        applications.update_application(session, client.id, logged.id, channel="fax", now=later)


def test_delete_keeps_nothing_of_it(session, client, now):
    logged = _log(session, client, now=now)
    applications.set_status(session, client.id, logged.id, "uitgenodigd", now=now)
    applications.delete_application(session, client.id, logged.id)
    assert applications.recent(session, client.id) == []
    changes = session.execute(
        select(func.count(ApplicationStatusChange.id)).where(ApplicationStatusChange.application_id == logged.id)
    ).scalar_one()
    assert changes == 0


def test_interviews_between_spans_clients_soonest_first(session, client, gemeente, now):
    other = add_client(session, gemeente_id=gemeente.id, naam="Piet")
    first = _log(session, client, "Jumbo", now=now)
    second = applications.log_application(
        session, other.id, employer="Lidl", position=None, channel="brief", applied_on=date(2024, 2, 1), now=now
    )
    _log(session, client, "Aldi", now=now)  # no interview
    thursday_10 = datetime(2024, 3, 7, 9, 0, tzinfo=timezone.utc)
    applications.set_interview(session, client.id, first.id, interview_at=thursday_10, time_known=True, now=now)
    applications.set_interview(
        session, other.id, second.id, interview_at=datetime(2024, 3, 5, 23, 0, tzinfo=timezone.utc), time_known=False, now=now
    )
    found = applications.interviews_between(session, now, now + timedelta(days=7))
    assert found == [second, first]
    assert (found[1].interview_at, found[1].interview_time_known) == (thursday_10, True)
    assert applications.interviews_between(session, thursday_10 + timedelta(minutes=1), now + timedelta(days=30)) == []


def test_agreement_default_comes_from_the_caller_and_starts_at_registration(session, client, now):
    terms = agreements.agreement_for(session, client.id, default_aantal=4, default_periode_weken=4, timezone=AMSTERDAM)
    assert terms.is_default and (terms.aantal, terms.periode_weken) == (4, 4)
    registered = agreements.local_date(client.created_at, AMSTERDAM)
    assert terms.starts_on.weekday() == 0 and 0 <= (registered - terms.starts_on).days < 7


def test_agreement_set_replace_and_exempt(session, client, now):
    agreements.set_agreement(
        session, client.id, aantal=2, periode_weken=2, starts_on=date(2024, 2, 5), set_by="anna@hengelo.nl", now=now
    )
    agreements.set_agreement(
        session, client.id, aantal=3, periode_weken=4, starts_on=date(2024, 2, 5), set_by="anna@hengelo.nl", now=now
    )
    terms = agreements.agreement_for(session, client.id, default_aantal=4, default_periode_weken=4, timezone=AMSTERDAM)
    assert (terms.aantal, terms.periode_weken, terms.is_default) == (3, 4, False)

    agreements.set_agreement(session, client.id, vrijgesteld=True, starts_on=date(2024, 3, 1), set_by="cli:anna", now=now)
    progress = agreements.agreement_progress(
        session, client.id, now=now, default_aantal=4, default_periode_weken=4, timezone=AMSTERDAM
    )
    assert progress.terms.vrijgesteld and progress.period is None and progress.count is None
    with pytest.raises(ValidationError):
        agreements.set_agreement(session, client.id, aantal=4, starts_on=date(2024, 3, 1), set_by="x", now=now)
    with pytest.raises(ValidationError):
        agreements.set_agreement(
            session, client.id, aantal=-1, periode_weken=4, starts_on=date(2024, 3, 1), set_by="x", now=now
        )


def test_progress_counts_applications_made_in_the_current_period(session, client, now):
    # Periods of 2 weeks from Monday 5 February: 5-18 Feb, 19 Feb-3 Mar (now is 1 March).
    agreements.set_agreement(
        session, client.id, aantal=3, periode_weken=2, starts_on=date(2024, 2, 5), set_by="anna@hengelo.nl", now=now
    )
    for day in (date(2024, 2, 18), date(2024, 2, 19), date(2024, 3, 1), date(2024, 3, 4)):
        _log(session, client, day=day, now=now)
    progress = agreements.agreement_progress(
        session, client.id, now=now, default_aantal=4, default_periode_weken=4, timezone=AMSTERDAM
    )
    assert progress.period == agreements.Period(start=date(2024, 2, 19), end=date(2024, 3, 4))
    assert progress.period.last_day == date(2024, 3, 3)
    assert (progress.count, progress.remaining) == (2, 1)


def test_export_has_applications_with_history_and_the_agreement(session, client, now):
    logged = _log(session, client, "<i>Hema</i>", now=now)
    applications.set_status(session, client.id, logged.id, "uitgenodigd", now=now + timedelta(days=1))
    agreements.set_agreement(
        session, client.id, aantal=4, periode_weken=4, starts_on=date(2024, 2, 1), set_by="anna@hengelo.nl", now=now
    )
    exported = export_client(session, client.id)
    [record] = exported["applications"]
    assert (record["employer"], record["applied_on"], record["status"]) == ("<i>Hema</i>", "2024-02-28", "uitgenodigd")
    assert [change["status"] for change in record["status_history"]] == ["verstuurd", "uitgenodigd"]
    assert exported["application_agreement"]["aantal"] == 4
    assert exported["application_agreement"]["starts_on"] == "2024-02-01"


def test_erasing_a_client_erases_their_applications(session, client, now):
    from storage.tables import Client

    logged_id = _log(session, client, now=now).id
    agreements.set_agreement(session, client.id, vrijgesteld=True, starts_on=date(2024, 3, 1), set_by="x", now=now)
    session.delete(session.get(Client, client.id))
    session.flush()
    session.expire_all()
    assert session.get(Application, logged_id) is None
    assert session.execute(select(func.count(ApplicationStatusChange.id))).scalar_one() == 0
