"""When the bot may send a message of its own accord: quiet hours, rest days, wishes.

Times are meant in the municipality's time zone (Europe/Amsterdam) and stored
in UTC. Every local moment is built with zoneinfo, so "10:00" stays 10:00 on
the day after the clocks change.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import FrozenSet, List, Optional, Tuple
from zoneinfo import ZoneInfo

from werkmaatje.gemeenten import WEEKDAYS, Gemeente

# Nudges are the bot's own idea; a client can switch them off. Own reminders,
# appointments and training sessions still come.
NUDGE_KINDS = frozenset({"application_nudge", "intake_unfinished", "interview_followup"})
# Messages without a fixed moment follow the client's preferred part of the day.
FLEXIBLE_KINDS = NUDGE_KINDS
PART_OF_DAY_WINDOWS = {
    "ochtend": (time(8, 0), time(12, 0)),
    "middag": (time(12, 0), time(17, 0)),
    "avond": (time(17, 0), time(21, 0)),
}
WEEKEND = frozenset({5, 6})
# Beyond this, a search for an allowed moment means the rules leave none.
_SEARCH_DAYS = 15


@dataclass(frozen=True)
class QuietRules:
    timezone: str
    quiet_from: time
    quiet_until: time
    rest_days: FrozenSet[int]  # 0 = Monday
    window: Optional[Tuple[time, time]] = None  # a preferred part of the day


def rules_for(gemeente: Gemeente, *, timezone_name: str, kind: str, wishes=None) -> QuietRules:
    """The rules for one message: the municipality's quiet hours plus the client's wishes.

    `wishes` is anything with `no_weekend` and `part_of_day` (storage.preferences.Preferences).
    """
    rest_days = frozenset(WEEKDAYS.index(day) for day in gemeente.rusttijden.rustdagen)
    if wishes is not None and wishes.no_weekend:
        rest_days |= WEEKEND
    part_of_day = wishes.part_of_day if wishes is not None else None
    window = PART_OF_DAY_WINDOWS.get(part_of_day) if kind in FLEXIBLE_KINDS else None
    return QuietRules(
        timezone=timezone_name,
        quiet_from=gemeente.rusttijden.vanaf,
        quiet_until=gemeente.rusttijden.tot,
        rest_days=rest_days,
        window=window,
    )


def next_allowed(moment: datetime, rules: QuietRules) -> datetime:
    """`moment` itself if a message may go then, else the first moment after it that may (UTC)."""
    found = _search(moment, rules)
    if found is None and rules.window is not None:
        # A wish that can never be met (e.g. evenings, while evenings are quiet) yields.
        found = _search(moment, QuietRules(rules.timezone, rules.quiet_from, rules.quiet_until, rules.rest_days))
    if found is None:
        raise ValueError("the quiet hours leave no moment to send a message")
    return found


def is_allowed(moment: datetime, rules: QuietRules) -> bool:
    return next_allowed(moment, rules) == moment.astimezone(timezone.utc)


def local_moment(day: date, clock: time, timezone_name: str) -> datetime:
    """A wall-clock time on a day in the zone, as UTC (zoneinfo handles DST)."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(timezone_name)).astimezone(timezone.utc)


def appointment_reminder_moments(starts_at: datetime, *, now: datetime, rules: QuietRules) -> List[datetime]:
    """The day before (same time) and 2 hours before, each moved out of quiet hours.

    A reminder that would be pushed to or past the next one is dropped, so a
    Monday 9:00 appointment gets one reminder at 8:00, not two.
    """
    moments: List[datetime] = []
    for before in (timedelta(days=1), timedelta(hours=2)):
        due = next_allowed(max(starts_at - before, now), rules)
        if due >= starts_at:
            continue
        if moments and due <= moments[-1]:
            continue
        if moments and _next_would_overtake(moments[-1], due):
            moments.pop()
        moments.append(due)
    return moments


def _next_would_overtake(earlier: datetime, later: datetime) -> bool:
    # Two reminders within the hour say the same thing twice; keep the later one.
    return later - earlier < timedelta(hours=1)


def _search(moment: datetime, rules: QuietRules) -> Optional[datetime]:
    zone = ZoneInfo(rules.timezone)
    moment = moment.astimezone(timezone.utc)
    day = moment.astimezone(zone).date()
    for offset in range(_SEARCH_DAYS):
        current = day + timedelta(days=offset)
        if current.weekday() in rules.rest_days:
            continue
        for start, end in _allowed_intervals(current, rules):
            if moment < end:
                return max(moment, start)
    return None


def _allowed_intervals(day: date, rules: QuietRules) -> List[Tuple[datetime, datetime]]:
    """The day's sending intervals in UTC, ordered."""
    midnight, next_midnight = time(0, 0), None
    if rules.quiet_from > rules.quiet_until:  # quiet over midnight: 21:00-08:00
        local = [(rules.quiet_until, rules.quiet_from)]
    else:  # quiet within the day
        local = [(midnight, rules.quiet_from), (rules.quiet_until, next_midnight)]
    if rules.window is not None:
        local = [_intersect(interval, rules.window) for interval in local]
    intervals = []
    for start, end in local:
        if start is None:
            continue
        start_utc = local_moment(day, start, rules.timezone)
        end_utc = (
            local_moment(day + timedelta(days=1), midnight, rules.timezone)
            if end is None
            else local_moment(day, end, rules.timezone)
        )
        if start_utc < end_utc:
            intervals.append((start_utc, end_utc))
    return intervals


def _intersect(interval, window):
    start, end = interval
    low = max(start, window[0])
    high = window[1] if end is None else min(end, window[1])
    return (low, high) if low < high else (None, None)
