"""When training messages go out: reminders before each session, the no-show question the day after.

Built on werkmaatje.scheduling's quiet hours, like appointment reminders.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Callable, List, Sequence
from zoneinfo import ZoneInfo

from werkmaatje.gemeenten import Gemeente
from werkmaatje.scheduling import QuietRules, local_moment, next_allowed, rules_for

# The morning after a missed session: late enough to be awake, early enough to still matter.
NOSHOW_CLOCK = time(10, 0)
# Two reminders closer together than this say the same thing twice; the later one stays.
MIN_GAP = timedelta(hours=1)


def session_reminder_moments(
    starts_at: datetime, *, hours_before: Sequence[int], now: datetime, rules: QuietRules
) -> List[datetime]:
    """One reminder per entry of `hours_before` (e.g. [24, 2]), each moved out of quiet hours.

    A reminder pushed to or past the session, or onto the previous one, is
    dropped; one in the past is sent now (a place given at the last minute).
    """
    moments: List[datetime] = []
    for hours in sorted(set(hours_before), reverse=True):
        due = next_allowed(max(starts_at - timedelta(hours=hours), now), rules)
        if due >= starts_at or (moments and due <= moments[-1]):
            continue
        if moments and due - moments[-1] < MIN_GAP:
            moments.pop()
        moments.append(due)
    return moments


def reminder_planner(
    gemeente: Gemeente,
    *,
    hours_before: Sequence[int],
    timezone_name: str,
    wishes_of: Callable[[str], object],
    now: datetime,
) -> Callable[[str, datetime], List[datetime]]:
    """`reminders_for(client_id, starts_at)` for storage.trainings.participants, with each client's wishes."""

    def reminders_for(client_id: str, starts_at: datetime) -> List[datetime]:
        rules = rules_for(gemeente, timezone_name=timezone_name, kind="training_session", wishes=wishes_of(client_id))
        return session_reminder_moments(starts_at, hours_before=hours_before, now=now, rules=rules)

    return reminders_for


def noshow_moment(session_starts_at: datetime, rules: QuietRules) -> datetime:
    """The day after the session at 10:00 local time, or the first allowed moment after it."""
    local_day = session_starts_at.astimezone(ZoneInfo(rules.timezone)).date() + timedelta(days=1)
    return next_allowed(local_moment(local_day, NOSHOW_CLOCK, rules.timezone), rules)
