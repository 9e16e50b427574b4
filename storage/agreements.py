"""The agreement on how often a client applies, and the count in the current period.

The number is a per-client agreement ("altijd afhankelijk van de kansen en
mogelijkheden"); some clients are exempt. Without a row of their own a client has
the gemeente's default, which the caller passes in (storage reads no config).

Periods are consecutive blocks of `periode_weken` weeks counted from the
agreement's start day (for the gemeente default: the Monday of the week the
client was registered, so what they did earlier that week counts). So with
4 per 4 weeks from Monday 1 April, the periods are
1-28 April, 29 April-26 May, and so on. Fixed blocks, not a sliding window:
a client can see a clear "until" date, and a new period is a fresh start.
Applications count in the period of the day they were made (applied_on).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage.applications import count_applied_between
from storage.clients import require_client
from storage.errors import ValidationError
from storage.tables import EMAIL_LENGTH, ApplicationAgreement
from storage.timestamps import as_utc
from storage.validation import clean_text

# The same bounds as a gemeente's default (werkmaatje.gemeenten.Sollicitatieafspraak).
MAX_AANTAL = 50
MAX_PERIODE_WEKEN = 26


@dataclass(frozen=True)
class AgreementTerms:
    vrijgesteld: bool
    aantal: Optional[int]
    periode_weken: Optional[int]
    starts_on: date
    # True when no klantmanager set one: the gemeente's default applies.
    is_default: bool


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


@dataclass(frozen=True)
class Progress:
    """Where a client stands in the current period; period and count are None when exempt."""

    terms: AgreementTerms
    period: Optional[Period]
    count: Optional[int]

    @property
    def remaining(self) -> Optional[int]:
        if self.count is None or self.terms.aantal is None:
            return None
        return max(self.terms.aantal - self.count, 0)


def local_date(moment: datetime, timezone: str) -> date:
    return as_utc(moment).astimezone(ZoneInfo(timezone)).date()


def _check_terms(aantal: Optional[int], periode_weken: Optional[int], vrijgesteld: bool) -> None:
    if vrijgesteld:
        if aantal is not None or periode_weken is not None:
            raise ValidationError("An exempt client has no number and no period.")
        return
    if not isinstance(aantal, int) or isinstance(aantal, bool) or not 0 <= aantal <= MAX_AANTAL:
        raise ValidationError(f"aantal must be a whole number from 0 to {MAX_AANTAL}.")
    if not isinstance(periode_weken, int) or isinstance(periode_weken, bool) or not 1 <= periode_weken <= MAX_PERIODE_WEKEN:
        raise ValidationError(f"periode_weken must be a whole number from 1 to {MAX_PERIODE_WEKEN}.")


def set_agreement(
    s: Session,
    client_id: str,
    *,
    aantal: Optional[int] = None,
    periode_weken: Optional[int] = None,
    vrijgesteld: bool = False,
    starts_on: date,
    set_by: str,
    now: datetime,
) -> ApplicationAgreement:
    """Set (or replace) the client's own agreement; `vrijgesteld=True` means exempt."""
    _check_terms(aantal, periode_weken, vrijgesteld)
    if not isinstance(starts_on, date) or isinstance(starts_on, datetime):
        raise ValidationError("starts_on must be a date.")
    require_client(s, client_id)
    agreement = s.get(ApplicationAgreement, client_id)
    if agreement is None:
        agreement = ApplicationAgreement(client_id=client_id)
        s.add(agreement)
    agreement.vrijgesteld = bool(vrijgesteld)
    agreement.aantal = aantal
    agreement.periode_weken = periode_weken
    agreement.starts_on = starts_on
    agreement.set_by = clean_text(set_by, field="set_by", max_length=EMAIL_LENGTH)
    agreement.set_at = as_utc(now)
    s.flush()
    return agreement


def get_agreement(s: Session, client_id: str) -> Optional[ApplicationAgreement]:
    """The client's own agreement row, or None when the gemeente default applies."""
    return s.get(ApplicationAgreement, client_id)


def agreement_for(
    s: Session, client_id: str, *, default_aantal: int, default_periode_weken: int, timezone: str
) -> AgreementTerms:
    """The terms that apply: the client's own, or the gemeente default from the week they were registered."""
    agreement = get_agreement(s, client_id)
    if agreement is not None:
        return AgreementTerms(
            vrijgesteld=agreement.vrijgesteld,
            aantal=agreement.aantal,
            periode_weken=agreement.periode_weken,
            starts_on=agreement.starts_on,
            is_default=False,
        )
    _check_terms(default_aantal, default_periode_weken, False)
    registered = local_date(require_client(s, client_id).created_at, timezone)
    return AgreementTerms(
        vrijgesteld=False,
        aantal=default_aantal,
        periode_weken=default_periode_weken,
        starts_on=registered - timedelta(days=registered.weekday()),
        is_default=True,
    )


def period_containing(terms: AgreementTerms, day: date) -> Optional[Period]:
    """The block of periode_weken weeks from starts_on that holds `day`; None when exempt.

    Days before the start fall in the blocks counted backwards, so every day has a period.
    """
    if terms.vrijgesteld or not terms.periode_weken:
        return None
    length = timedelta(weeks=terms.periode_weken)
    index = (day - terms.starts_on) // length  # floor division: negative before the start
    start = terms.starts_on + index * length
    return Period(start=start, end=start + length)


def agreement_progress(
    s: Session,
    client_id: str,
    *,
    now: datetime,
    default_aantal: int,
    default_periode_weken: int,
    timezone: str,
) -> Progress:
    """The applying terms, the current period and how many applications fall in it."""
    terms = agreement_for(
        s, client_id, default_aantal=default_aantal, default_periode_weken=default_periode_weken, timezone=timezone
    )
    period = period_containing(terms, local_date(now, timezone))
    if period is None:
        return Progress(terms=terms, period=None, count=None)
    count = count_applied_between(s, client_id, start=period.start, end=period.end)
    return Progress(terms=terms, period=period, count=count)
