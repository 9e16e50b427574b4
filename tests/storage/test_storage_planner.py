"""The planner: weekly application nudges and interview follow-ups, planned once."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.planner import is_behind, plan_messages
from storage import applications, clients, consent, scheduled
from storage.agreements import AgreementTerms, Period, Progress, set_agreement
from storage.preferences import update_preferences
from werkmaatje.gemeenten import Gemeente

AMS = ZoneInfo("Europe/Amsterdam")
TZ = "Europe/Amsterdam"
GEMEENTE = Gemeente.parse_obj(
    {
        "id": "hengelo",
        "naam": "Gemeente Hengelo",
        "contact": {"telefoon": "14 074", "bereikbaar": "werkdagen", "reactietermijn": "binnen 2 dagen", "uitkering": "het Werkplein"},
    }
)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMS).astimezone(timezone.utc)


@pytest.fixture
def linked(session, client):
    registered = local(2026, 11, 2, 9, 0)  # a Monday; the default agreement counts 4-week blocks from here
    client.created_at = registered
    clients.link_chat(session, chat_id=424242, client_id=client.id, now=registered)
    consent.record_consent(session, client.id, text_version="t", decision="given", now=registered)
    session.flush()
    return client


def plan(session, now):
    return plan_messages(session, now=now, gemeenten={"hengelo": GEMEENTE}, timezone_name=TZ)


def nudges(session, client_id):
    return [m for m in scheduled.messages_for_client(session, client_id) if m.kind == "application_nudge"]


def test_pace_rounds_down():
    terms = AgreementTerms(vrijgesteld=False, aantal=4, periode_weken=4, starts_on=date(2026, 11, 2), is_default=True)
    period = Period(start=date(2026, 11, 2), end=date(2026, 11, 30))
    assert not is_behind(Progress(terms, period, 0), date(2026, 11, 4))  # first days: nobody is behind
    assert is_behind(Progress(terms, period, 0), date(2026, 11, 8))  # a week: one expected
    assert not is_behind(Progress(terms, period, 1), date(2026, 11, 8))
    assert is_behind(Progress(terms, period, 3), date(2026, 11, 29))
    assert not is_behind(Progress(terms, None, None), date(2026, 11, 29))  # exempt


def test_weekly_nudge_when_behind_once_per_week(session, linked):
    monday = local(2026, 11, 16, 10, 30)  # third week of the period, nothing logged
    assert plan(session, monday) == 1
    assert plan(session, monday + timedelta(hours=3)) == 0  # the same week: planned already
    [nudge] = nudges(session, linked.id)
    assert scheduled.payload_of(nudge) == {"gedaan": 0, "aantal": 4}
    assert nudge.due_at == monday and nudge.dedupe_key == "nudge:2026-W47"
    assert plan(session, local(2026, 11, 23, 10, 0)) == 1  # next week again


def test_no_nudge_before_monday_ten_when_on_track_exempt_or_opted_out(session, linked, gemeente):
    assert plan(session, local(2026, 11, 16, 9, 0)) == 0  # Monday before ten
    for day in (9, 10):
        applications.log_application(
            session, linked.id, employer="Jumbo", position=None, channel="online", applied_on=date(2026, 11, day), now=local(2026, 11, day, 12, 0)
        )
    assert plan(session, local(2026, 11, 16, 10, 30)) == 0  # two of four after two weeks: on track
    update_preferences(session, linked.id, now=local(2026, 11, 20, 9, 0), nudges_off=True)
    assert plan(session, local(2026, 11, 23, 10, 30)) == 0  # opted out


def test_exempt_client_gets_no_nudge(session, linked):
    set_agreement(session, linked.id, vrijgesteld=True, starts_on=date(2026, 11, 2), set_by="km@hengelo.nl", now=local(2026, 11, 2, 9, 0))
    assert plan(session, local(2026, 11, 16, 10, 30)) == 0


def test_unlinked_or_without_consent_gets_no_nudge(session, client):
    assert plan(session, local(2026, 11, 16, 10, 30)) == 0


def test_interview_follow_up_the_morning_after(session, linked):
    application = applications.log_application(
        session, linked.id, employer="<b>Lidl</b>", position="vakkenvuller", channel="brief",
        applied_on=date(2026, 11, 10), now=local(2026, 11, 10, 12, 0),
    )
    applications.set_interview(session, linked.id, application.id, interview_at=local(2026, 11, 19, 14, 0), time_known=True, now=local(2026, 11, 12, 9, 0))
    def follow_ups():
        return [m for m in scheduled.messages_for_client(session, linked.id) if m.kind == "interview_followup"]

    plan(session, local(2026, 11, 19, 13, 0))
    assert follow_ups() == []  # not yet happened
    plan(session, local(2026, 11, 19, 16, 0))
    plan(session, local(2026, 11, 19, 17, 0))
    [follow_up] = follow_ups()  # planned once
    assert follow_up.due_at == local(2026, 11, 20, 10, 0) and follow_up.event_at == local(2026, 11, 19, 14, 0)
    assert scheduled.payload_of(follow_up) == {"werkgever": "<b>Lidl</b>", "application_id": application.id}
