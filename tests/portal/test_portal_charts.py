"""Dashboard charts: the geometry, and every number against rows made for one fresh gemeente."""
from __future__ import annotations

import re
import secrets
from datetime import date, datetime, timedelta, timezone

import pytest

from portal.charts import answered_in_time, bar_chart
from werkmaatje.office_hours import add_workdays
from portal.pages_dashboard import dashboard_charts
from storage import applications, caseworkers, clients, gemeenten, handoffs, trainings
from storage.trainings import attendance
from storage.trainings import participants
from storage.db import unit_of_work
from storage.intake import finish_intake, start_intake
from storage.ladder import confirm_ladder, record_proposal
from storage.tables.portal import PortalAccount
from storage.portal.inbox import close_handoff
from storage.portal.stats import HandoffTiming
from tests.portal.conftest import _password_hash, sign_in

# A Wednesday, so week boundaries and working days are easy to follow.
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=timezone.utc)


def test_bars_are_proportional_to_their_values_on_a_round_axis():
    chart = bar_chart("x", "t", "d", [("a", 0), ("b", 3), ("c", 6)])
    assert chart.max_value == 10
    heights = [bar.height for bar in chart.bars]
    assert heights[0] == 0 and heights[2] == pytest.approx(2 * heights[1])
    assert all(bar.y + bar.height == pytest.approx(chart.baseline) for bar in chart.bars)
    assert bar_chart("x", "t", "d", []).max_value == 1  # no data: an empty chart, no division by zero
    assert bar_chart("x", "t", "d", [("a", 0)]).bars[0].height == 0


def test_workdays_skip_the_weekend():
    friday = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)
    assert add_workdays(friday, 2) == datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)  # Tuesday


def test_answered_in_time_counts_each_case():
    created = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)  # Monday
    timings = [
        HandoffTiming(created, created + timedelta(days=1)),  # on time
        HandoffTiming(created, created + timedelta(days=3)),  # late (2 workdays: Wednesday 9:00)
        HandoffTiming(created, None),  # open, overdue at NOW (Wednesday 12:00)
        HandoffTiming(NOW - timedelta(hours=1), None),  # open, still within
    ]
    assert answered_in_time(timings, 2, NOW) == [("op_tijd", 1), ("te_laat", 1), ("open_verlopen", 1), ("open_binnen", 1)]


@pytest.fixture
def town(factory):
    """A gemeente of its own with a known history, and its teamleider."""
    slug = f"test-{secrets.token_hex(3)}"
    with unit_of_work(factory) as s:
        gemeenten.upsert_gemeente(s, slug, "Testdorp")
        km = caseworkers.add_caseworker(s, email=f"km@{slug}.example", naam="Km", gemeente_id=slug)
        tl = caseworkers.add_caseworker(s, email=f"tl@{slug}.example", naam="Tl", gemeente_id=slug, role="teamleider")
        s.add(PortalAccount(caseworker_id=tl.id, password_hash=_password_hash(), password_set_at=NOW))
        people = [clients.add_client(s, gemeente_id=slug, naam=f"C{i}", caseworker_email=km.email, now=NOW - timedelta(days=60)) for i in range(5)]
        ids = [p.id for p in people]
        # Applications: 2 this week (from Monday 16 Nov), 1 last week, 1 eleven weeks ago, 1 too old to show.
        for client_id, day, status in [
            (ids[0], date(2026, 11, 16), "aangenomen"),
            (ids[0], date(2026, 11, 18), "verstuurd"),
            (ids[1], date(2026, 11, 12), "proefplaatsing"),
            (ids[1], date(2026, 8, 31), "verstuurd"),
            (ids[2], date(2026, 8, 20), "aangenomen"),
        ]:
            application = applications.log_application(s, client_id, employer="X", position=None, channel=None, applied_on=day, now=NOW - timedelta(days=70))
            applications.set_status(s, client_id, application.id, status, now=NOW - timedelta(days=1))
        monday = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)
        on_time = handoffs.create_handoff(s, ids[0], kind="contact", reason=None, urgent=False, now=monday)
        close_handoff(s, on_time, status="afgehandeld", note=None, author=km.email, now=monday + timedelta(days=1))
        late = handoffs.create_handoff(s, ids[1], kind="distress", reason=None, urgent=True, now=monday)
        close_handoff(s, late, status="in_behandeling", note=None, author=km.email, now=monday + timedelta(days=3))
        handoffs.create_handoff(s, ids[2], kind="contact", reason=None, urgent=False, now=monday)
        handoffs.create_handoff(s, ids[3], kind="contact", reason=None, urgent=False, now=NOW - timedelta(hours=2))
        handoffs.create_handoff(s, ids[4], kind="no_consent", reason=None, urgent=False, now=monday)  # not a contact request
        # Intake: one finished with proposal 3 and confirmed 4, one finished with proposal 2, one open, two never.
        for client_id, status in [(ids[0], "finished"), (ids[1], "finished"), (ids[2], "open")]:
            run = start_intake(s, client_id, ["leeftijd"], now=NOW - timedelta(days=10))
            if status == "finished":
                finish_intake(s, client_id, run.id, summary_text="-", now=NOW - timedelta(days=9))
        record_proposal(s, ids[0], intake_id=None, step=3, group="middengroep", flags=[], reasons=[], now=NOW - timedelta(days=9))
        confirm_ladder(s, ids[0], km.id, 4, "middengroep", "ok", now=NOW - timedelta(days=8))
        record_proposal(s, ids[1], intake_id=None, step=2, group="participatie", flags=[], reasons=[], now=NOW - timedelta(days=9))
        # Training: a session 3 days ago; two came, one did not.
        start = NOW - timedelta(days=3)
        edition = trainings.plan_edition(
            s, gemeente_id=slug, training_id="t", titel="T", omschrijving="o", meenemen="m", verplicht=False, zelf_aanmelden=False,
            capacity=5, signup_deadline=start - timedelta(days=1), sessions=[trainings.PlannedSession(start, 60, "hier")],
            created_by=km.email, now=NOW - timedelta(days=10),
        )
        participants.invite(s, edition.id, ids[:3], now=NOW - timedelta(days=10))
        session_row = trainings.sessions_of(s, edition.id)[0]
        for client_id, mark in zip(ids[:3], ["aanwezig", "aanwezig", "afwezig"]):
            attendance.register(s, session_row.id, client_id, status=mark, by=km.email, now=start + timedelta(hours=2), noshow_due=None)
    return slug, tl.email


def _values(chart):
    return [bar.value for bar in chart.bars]


def test_every_chart_shows_the_numbers_in_the_database(factory, town):
    slug, _ = town
    with unit_of_work(factory) as s:
        charts = {c.id: c for c in dashboard_charts(s, slug, gemeenten={}, timezone="Europe/Amsterdam", now=NOW)}
    assert set(charts) == {"per_week", "termijn", "meedoen", "start", "intake", "ladder", "opkomst"}
    per_week = charts["per_week"]
    assert len(per_week.bars) == 12 and per_week.bars[-1].label == "16 nov"
    assert _values(per_week)[-1] == 2 and _values(per_week)[-2] == 1 and _values(per_week)[0] == 1 and sum(_values(per_week)) == 4
    assert _values(charts["termijn"]) == [1, 1, 1, 1]
    assert _values(charts["meedoen"]) == [5, 2, 1]
    assert _values(charts["start"]) == [5, 0, 0]
    assert _values(charts["intake"]) == [2, 1, 0, 2]
    ladder = dict(zip([b.label for b in charts["ladder"].bars], _values(charts["ladder"])))
    assert ladder["Trede 3, voorstel"] == 1 and ladder["Trede 2, voorstel"] == 1 and ladder["Trede 4, bevestigd"] == 1
    assert sum(ladder.values()) == 3
    assert _values(charts["opkomst"]) == [2, 1, 0]


def test_the_dashboard_page_shows_the_same_numbers(app, factory, town, browser_for, clock):
    slug, teamleider = town
    clock.now = NOW
    browser = browser_for()
    assert sign_in(browser, teamleider).status_code == 303
    page = browser.get("/dashboard").text
    table = re.search(r'<table class="chart-data" data-chart="opkomst">(.*?)</table>', page, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", table) == ["2", "1", "0"]
    assert 'data-value="5"' in page  # the five clients, drawn


def test_axis_labels_are_exact_in_dutch_notation():
    chart = bar_chart("x", "t", "d", [("a", 4)])
    assert [label for _, label in chart.gridlines] == ["0", "2,5", "5"]
