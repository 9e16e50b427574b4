"""Dashboard per gemeente (teamleider and beheerder): charts with real numbers from the database."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from portal.charts import answered_in_time, bar_chart
from portal.filters import day_month
from portal.web import Ctx
from storage.portal import stats as portal_stats
from storage.tables import Gemeente
from werkmaatje.texts import caseworker as caseworker_texts, portal as portal_texts

WEEKS = 12
HANDOFF_WINDOW = timedelta(days=90)
DEFAULT_WORKDAYS = 2


def dashboard_charts(db, gemeente_id: str, *, gemeenten: dict, timezone: str, now) -> list:
    today = now.astimezone(ZoneInfo(timezone)).date()
    monday = today - timedelta(days=today.weekday())
    labels = portal_texts.PORTAL_CHART_LABELS

    weeks = portal_stats.applications_per_week(db, gemeente_id, last_monday=monday, weeks=WEEKS)
    title, description = portal_texts.PORTAL_CHARTS["per_week"]
    charts = [bar_chart("per_week", title, description, [(day_month(day), n) for day, n in weeks])]

    config = gemeenten.get(gemeente_id)
    workdays = (config.contact.reactietermijn_werkdagen if config is not None else None) or DEFAULT_WORKDAYS
    timings = portal_stats.handoff_timings(db, gemeente_id, since=now - HANDOFF_WINDOW)
    title, description = portal_texts.PORTAL_CHARTS["termijn"]
    counts = answered_in_time(timings, workdays, now)
    charts.append(
        bar_chart(
            "termijn", title, description.format(werkdagen=workdays), [(labels[key], n) for key, n in counts],
            tones=["good", "bad", "bad", "neutral"],
        )
    )

    taking_part = portal_stats.participation(db, gemeente_id)
    title, description = portal_texts.PORTAL_CHARTS["meedoen"]
    charts.append(
        bar_chart(
            "meedoen",
            title,
            description,
            [(labels["clienten"], taking_part.clients), (labels["betaald"], taking_part.paid_work), (labels["proefplaatsing"], taking_part.work_placement)],
            tones=["neutral", "good", "good"],
        )
    )

    start = portal_stats.onboarding(db, gemeente_id)
    title, description = portal_texts.PORTAL_CHARTS["start"]
    charts.append(
        bar_chart(
            "start",
            title,
            description,
            [(labels["clienten"], start.clients), (labels["gekoppeld"], start.linked), (labels["toestemming"], start.consent_given)],
            tones=["neutral", "a", "good"],
        )
    )
    return charts + extra_charts(db, gemeente_id, now=now)


def extra_charts(db, gemeente_id: str, *, now) -> list:
    """Intake completion, ladder steps proposed vs confirmed, training attendance."""
    from storage.portal.intake import gemeente_intake_figures
    from storage.portal.trainings import attendance_counts

    statuses, proposed, confirmed = gemeente_intake_figures(db, gemeente_id)
    title, description = portal_texts.PORTAL_CHARTS["intake"]
    intake = bar_chart(
        "intake", title, description,
        [(caseworker_texts.PORTAL_INTAKE_STATUSES[key], statuses.get(key, 0)) for key in (None, "open", "stopped", "finished")],
        tones=["neutral", "a", "bad", "good"],
    )
    title, description = portal_texts.PORTAL_CHARTS["ladder"]
    pairs, shorts = [], []
    for step in range(1, 7):
        pairs += [
            (portal_texts.PORTAL_LADDER_BAR["proposal"].format(trede=step), proposed.get(step, 0)),
            (portal_texts.PORTAL_LADDER_BAR["confirmed"].format(trede=step), confirmed.get(step, 0)),
        ]
        shorts += [portal_texts.PORTAL_LADDER_BAR["proposal_short"].format(trede=step), portal_texts.PORTAL_LADDER_BAR["confirmed_short"].format(trede=step)]
    ladder = bar_chart("ladder", title, description, pairs, tones=["neutral", "a"] * 6, shorts=shorts)
    counts = attendance_counts(db, gemeente_id, since=now - HANDOFF_WINDOW, until=now)
    title, description = portal_texts.PORTAL_CHARTS["opkomst"]
    opkomst = bar_chart(
        "opkomst", title, description,
        [(caseworker_texts.PORTAL_ATTENDANCE[key], counts.get(key, 0)) for key in ("aanwezig", "afwezig", "afgemeld")],
        tones=["good", "bad", "neutral"],
    )
    return [intake, ladder, opkomst]


def dashboard(ctx: Ctx):
    gemeente = ctx.db.get(Gemeente, ctx.user.gemeente_id)
    charts = dashboard_charts(
        ctx.db, ctx.user.gemeente_id, gemeenten=ctx.state.gemeenten, timezone=ctx.settings.timezone, now=ctx.now
    )
    return ctx.render("dashboard.html", gemeente=gemeente, charts=charts)
