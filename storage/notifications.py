"""The e-mail outbox: which requests still need announcing, and sending each mail at least once.

A row is queued by the bot's notification job (bot/notifications.py), then
claimed, sent and marked sent. An SMTP server that is down only postpones a
row (growing pauses, at most an hour apart); it is never given up, so nothing
is lost, and Vandaag shows it while it waits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, List, Optional

from sqlalchemy import and_, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.tables import Caseworker, Client, EmailHandoff, HandoffRequest, OutgoingEmail
from storage.portal.scope import scoped_clients
from storage.timestamps import as_utc

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# Requests older than this when mail starts are not announced any more (a first start, a long outage).
LOOKBACK = timedelta(days=7)
LAST_ERROR_CHARS = 500


@dataclass(frozen=True)
class Subject:
    """A request a mail is about, with its client and their klantmanager (if any)."""

    handoff: HandoffRequest
    client: Client
    caseworker: Optional[Caseworker]


def _subjects(s: Session, stmt) -> List[Subject]:
    stmt = stmt.join(Client, Client.id == HandoffRequest.client_id).outerjoin(
        Caseworker, and_(Caseworker.id == Client.caseworker_id, Caseworker.active.is_(True))
    )
    return [Subject(h, c, k) for h, c, k in s.execute(stmt.order_by(HandoffRequest.created_at, HandoffRequest.id)).all()]


def unannounced(s: Session, *, email_kind: str, distress: bool, now: datetime) -> List[Subject]:
    """Open requests (distress ones, or all others) that no mail of `email_kind` is about yet."""
    announced = (
        select(EmailHandoff.handoff_id)
        .join(OutgoingEmail, OutgoingEmail.id == EmailHandoff.email_id)
        .where(EmailHandoff.handoff_id == HandoffRequest.id, OutgoingEmail.kind == email_kind)
    )
    kind_filter = HandoffRequest.kind == "distress" if distress else HandoffRequest.kind != "distress"
    stmt = select(HandoffRequest, Client, Caseworker).where(
        HandoffRequest.status != "afgehandeld",
        HandoffRequest.created_at >= as_utc(now) - LOOKBACK,
        kind_filter,
        ~exists(announced),
    )
    return _subjects(s, stmt)


def open_requests(s: Session) -> List[Subject]:
    """Every request not afgehandeld, oldest first (the digest picks those past half their term)."""
    return _subjects(s, select(HandoffRequest, Client, Caseworker).where(HandoffRequest.status != "afgehandeld"))


def queue_email(
    s: Session, *, kind: str, to: str, handoff_ids: Iterable[int], now: datetime, dedupe_key: Optional[str] = None
) -> Optional[OutgoingEmail]:
    """A mail to send now about these requests; None if one with `dedupe_key` exists already."""
    now = as_utc(now)
    email = OutgoingEmail(kind=kind, to_address=to, status="pending", attempts=0, next_attempt_at=now, dedupe_key=dedupe_key, created_at=now)
    try:
        with s.begin_nested():
            s.add(email)
            s.flush()
            for handoff_id in sorted(set(handoff_ids)):
                s.add(EmailHandoff(email_id=email.id, handoff_id=handoff_id))
            s.flush()
    except IntegrityError:
        return None
    return email


def claim_due(s: Session, *, now: datetime, limit: int = 20) -> List[OutgoingEmail]:
    now = as_utc(now)
    stmt = (
        select(OutgoingEmail)
        .where(OutgoingEmail.status == "pending", OutgoingEmail.next_attempt_at <= now)
        .order_by(OutgoingEmail.next_attempt_at, OutgoingEmail.id)
        .limit(limit)
    )
    if s.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list(s.execute(stmt).scalars())
    for row in rows:
        row.status = "sending"
        row.claimed_at = now
    s.flush()
    return rows


def release_stale_claims(s: Session, *, now: datetime, older_than: timedelta) -> int:
    """A process that died mid-send: its mail goes again (a repeat beats a lost distress mail)."""
    result = s.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.status == "sending", OutgoingEmail.claimed_at < as_utc(now) - older_than)
        .values(status="pending", claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def subjects_of(s: Session, email_id: int) -> List[Subject]:
    """The requests a mail is about that still exist (an erased client's are gone)."""
    stmt = (
        select(HandoffRequest, Client, Caseworker)
        .join(EmailHandoff, EmailHandoff.handoff_id == HandoffRequest.id)
        .where(EmailHandoff.email_id == email_id)
    )
    return _subjects(s, stmt)


def mark_sent(s: Session, email_id: int, *, now: datetime) -> None:
    _set(s, email_id, status="sent", sent_at=as_utc(now), last_error=None, claimed_at=None)


def mark_cancelled(s: Session, email_id: int, *, reason: str) -> None:
    _set(s, email_id, status="cancelled", last_error=reason[:LAST_ERROR_CHARS], claimed_at=None)


def retry_later(s: Session, email: OutgoingEmail, *, now: datetime, error: str) -> datetime:
    """Back to pending after a growing pause; returns when it is tried again."""
    attempts = email.attempts + 1
    until = as_utc(now) + min(FIRST_RETRY * (2 ** (attempts - 1)), LONGEST_RETRY)
    _set(s, email.id, status="pending", attempts=attempts, next_attempt_at=until, last_error=error[:LAST_ERROR_CHARS], claimed_at=None)
    return until


def failing_emails(s: Session, caseworker: Caseworker) -> List[OutgoingEmail]:
    """Mail that could not be sent yet, to this caseworker or about clients in their scope (Vandaag)."""
    in_scope = scoped_clients(caseworker).with_only_columns(Client.id)
    about_scope = (
        select(EmailHandoff.email_id)
        .join(HandoffRequest, HandoffRequest.id == EmailHandoff.handoff_id)
        .where(HandoffRequest.client_id.in_(in_scope))
    )
    stmt = (
        select(OutgoingEmail)
        .where(
            OutgoingEmail.status.in_(("pending", "sending")),
            OutgoingEmail.attempts > 0,
            (OutgoingEmail.to_address == caseworker.email) | OutgoingEmail.id.in_(about_scope),
        )
        .order_by(OutgoingEmail.created_at, OutgoingEmail.id)
    )
    return list(s.execute(stmt).scalars())


def emails_to(s: Session, address: str) -> List[OutgoingEmail]:
    return list(s.execute(select(OutgoingEmail).where(OutgoingEmail.to_address == address).order_by(OutgoingEmail.id)).scalars())


def _set(s: Session, email_id: int, **values) -> None:
    s.execute(
        update(OutgoingEmail).where(OutgoingEmail.id == email_id).values(**values).execution_options(synchronize_session=False)
    )
