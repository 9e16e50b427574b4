"""Plans the bot's own messages from what is stored: the weekly application nudge
and the "hoe ging je gesprek?" follow-up.

It runs in the bot process next to the dispatcher. Each planned message has a
dedupe key (one nudge per client per week, one follow-up per interview), so
running the planner again, or in two bot processes, plans each message once.
"""
from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Dict, Iterator, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage import applications, consent, scheduled
from storage.agreements import Progress
from storage.models import Client, TelegramLink
from storage.preferences import get_preferences
from usecases.agreements import progress_for
from werkmaatje.gemeenten import Gemeente
from werkmaatje.scheduling import local_moment, next_allowed, rules_for

logger = logging.getLogger(__name__)

# The nudge goes out on Monday morning, when a new week of searching starts.
NUDGE_WEEKDAY = 0
NUDGE_CLOCK = time(10, 0)
# "Hoe ging het?" the morning after the interview.
FOLLOWUP_CLOCK = time(10, 0)
# Interviews this long ago still get their follow-up (the bot may have been down).
FOLLOWUP_LOOKBACK = timedelta(days=2)


def is_behind(progress: Progress, today) -> bool:
    """Fewer applications than the pace of the agreement asks by today.

    The pace rounds down, so nobody is nudged on the first days of a period:
    with 4 per 4 weeks, one is expected after a week, two after two weeks.
    """
    if progress.count is None or progress.period is None or not progress.terms.aantal:
        return False
    period_days = (progress.period.end - progress.period.start).days
    elapsed_days = (today - progress.period.start).days + 1
    expected = progress.terms.aantal * elapsed_days // period_days
    return progress.count < min(expected, progress.terms.aantal)


def linked_clients_with_consent(session) -> Iterator[Tuple[str, str]]:
    """(client_id, gemeente_id) of clients the bot may write to."""
    stmt = select(Client.id, Client.gemeente_id).join(TelegramLink, TelegramLink.client_id == Client.id)
    for client_id, gemeente_id in session.execute(stmt).all():
        latest = consent.current_consent(session, client_id)
        if latest is not None and latest.decision == "given":
            yield client_id, gemeente_id


def plan_messages(session, *, now: datetime, gemeenten: Dict[str, Gemeente], timezone_name: str) -> int:
    """Plan what is due to be planned; returns how many new messages."""
    return plan_weekly_nudges(session, now=now, gemeenten=gemeenten, timezone_name=timezone_name) + plan_interview_followups(
        session, now=now, gemeenten=gemeenten, timezone_name=timezone_name
    )


def plan_weekly_nudges(session, *, now: datetime, gemeenten: Dict[str, Gemeente], timezone_name: str) -> int:
    local_today = now.astimezone(ZoneInfo(timezone_name)).date()
    monday = local_today - timedelta(days=(local_today.weekday() - NUDGE_WEEKDAY) % 7)
    due = local_moment(monday, NUDGE_CLOCK, timezone_name)
    if now < due:
        return 0
    year, week, _ = monday.isocalendar()
    planned = 0
    for client_id, gemeente_id in linked_clients_with_consent(session):
        gemeente = gemeenten.get(gemeente_id)
        wishes = get_preferences(session, client_id)
        if gemeente is None or wishes.nudges_off:
            continue
        progress = progress_for(session, client_id, gemeente, now=now, timezone=timezone_name)
        if not is_behind(progress, local_today):
            continue
        rules = rules_for(gemeente, timezone_name=timezone_name, kind="application_nudge", wishes=wishes)
        message = scheduled.schedule_message(
            session,
            client_id=client_id,
            kind="application_nudge",
            due_at=next_allowed(max(due, now), rules),
            now=now,
            payload={"gedaan": progress.count, "aantal": progress.terms.aantal},
            dedupe_key=f"nudge:{year}-W{week:02d}",
        )
        planned += message is not None
    return planned


def plan_interview_followups(session, *, now: datetime, gemeenten: Dict[str, Gemeente], timezone_name: str) -> int:
    planned = 0
    for application in applications.interviews_between(session, now - FOLLOWUP_LOOKBACK, now):
        client = session.get(Client, application.client_id)
        gemeente = gemeenten.get(client.gemeente_id) if client else None
        if gemeente is None:
            continue
        wishes = get_preferences(session, client.id)
        day_after = application.interview_at.astimezone(ZoneInfo(timezone_name)).date() + timedelta(days=1)
        rules = rules_for(gemeente, timezone_name=timezone_name, kind="interview_followup", wishes=wishes)
        message = scheduled.schedule_message(
            session,
            client_id=client.id,
            kind="interview_followup",
            due_at=next_allowed(max(local_moment(day_after, FOLLOWUP_CLOCK, timezone_name), now), rules),
            now=now,
            event_at=application.interview_at,
            payload={"werkgever": application.employer, "application_id": application.id},
            dedupe_key=f"interview:{application.id}:{application.interview_at:%Y%m%d%H%M}",
        )
        planned += message is not None
    return planned
