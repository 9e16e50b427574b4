"""Telling klantmanagers that something waits: a distress signal at once, new requests batched, a daily digest.

Who hears it:
- a distress signal: the client's klantmanager at once and, outside the
  gemeente's office hours or when the client has no (active) klantmanager,
  also the gemeente's team address (`meldingen` in gemeenten/*.yml);
- other new requests: one mail per klantmanager (or the team address) per
  batch run, so within `mail_batch_minutes`;
- a digest on office days at `dagoverzicht_om`: open requests past half their
  `reactietermijn`, one mail per recipient per day.

Planning only adds rows to the outbox (storage.notifications); sending is a
separate step, so an SMTP server that is down loses nothing.
"""
from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, List, Optional
from zoneinfo import ZoneInfo

from bot.database import Database, utc_now
from bot.mailer import Mailer, build_message, mail_text
from storage import notifications
from storage.notifications import Subject
from werkmaatje.gemeenten import Gemeente
from werkmaatje.office_hours import add_workdays, halfway, in_office_hours

logger = logging.getLogger(__name__)

DEFAULT_WORKDAYS = 2
# Longer than one SMTP conversation can take; a claim older than this belonged to a process that died.
SENDING_TIMEOUT = timedelta(minutes=5)


class Notifier:
    def __init__(
        self,
        db: Database,
        mailer: Mailer,
        gemeenten: Dict[str, Gemeente],
        *,
        portal_url: str,
        sender: str,
        timezone_name: str,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._db = db
        self._mailer = mailer
        self._gemeenten = gemeenten
        self._portal_url = portal_url
        self._sender = sender
        self._timezone = timezone_name
        self._clock = clock

    async def scan(self) -> int:
        """The frequent job: queue distress mails, then send whatever is due. Returns mails sent."""
        await self._db(self.plan_distress, now=self._clock())
        return await self.send_due()

    async def batch(self) -> None:
        """The slower job: new requests in one mail per recipient, and the daily digest when it is time."""
        now = self._clock()
        await self._db(self.plan_new_requests, now=now)
        await self._db(self.plan_digests, now=now)

    def _team(self, gemeente_id: str) -> Optional[str]:
        gemeente = self._gemeenten.get(gemeente_id)
        return gemeente.meldingen.teamadres if gemeente is not None else None

    def distress_recipients(self, subject: Subject, now: datetime) -> List[str]:
        gemeente = self._gemeenten.get(subject.client.gemeente_id)
        recipients = [subject.caseworker.email] if subject.caseworker is not None else []
        office = gemeente is not None and in_office_hours(now, gemeente.meldingen.kantooruren, self._timezone)
        if (not recipients or not office) and self._team(subject.client.gemeente_id):
            recipients.append(self._team(subject.client.gemeente_id))
        return recipients

    def plan_distress(self, session, *, now: datetime) -> int:
        queued = 0
        for subject in notifications.unannounced(session, email_kind="distress", distress=True, now=now):
            recipients = self.distress_recipients(subject, now)
            if not recipients:
                logger.error("Noodsignaal %s: geen klantmanager en geen teamadres om te mailen", subject.handoff.id)
            for to in recipients:
                key = f"distress:{subject.handoff.id}:{to}"
                queued += notifications.queue_email(session, kind="distress", to=to, handoff_ids=[subject.handoff.id], now=now, dedupe_key=key) is not None
        return queued

    def _recipient(self, subject: Subject) -> Optional[str]:
        return subject.caseworker.email if subject.caseworker is not None else self._team(subject.client.gemeente_id)

    def plan_new_requests(self, session, *, now: datetime) -> int:
        by_recipient = defaultdict(list)
        for subject in notifications.unannounced(session, email_kind="new_requests", distress=False, now=now):
            to = self._recipient(subject)
            if to is not None:
                by_recipient[to].append(subject.handoff.id)
        for to, ids in by_recipient.items():
            notifications.queue_email(session, kind="new_requests", to=to, handoff_ids=ids, now=now)
        return len(by_recipient)

    def plan_digests(self, session, *, now: datetime) -> int:
        by_recipient = defaultdict(list)
        for subject in notifications.open_requests(session):
            gemeente = self._gemeenten.get(subject.client.gemeente_id)
            if gemeente is None or not self._digest_time(gemeente, now):
                continue
            workdays = gemeente.contact.reactietermijn_werkdagen or DEFAULT_WORKDAYS
            deadline = add_workdays(subject.handoff.created_at, workdays)
            to = self._recipient(subject)
            if to is not None and now >= halfway(subject.handoff.created_at, deadline):
                by_recipient[to].append(subject.handoff.id)
        today = now.astimezone(ZoneInfo(self._timezone)).date().isoformat()
        queued = 0
        for to, ids in by_recipient.items():
            email = notifications.queue_email(session, kind="digest", to=to, handoff_ids=ids, now=now, dedupe_key=f"digest:{today}:{to}")
            queued += email is not None
        return queued

    def _digest_time(self, gemeente: Gemeente, now: datetime) -> bool:
        """On an office day, once the digest hour has come."""
        local = now.astimezone(ZoneInfo(self._timezone))
        hours = gemeente.meldingen.kantooruren
        return in_office_hours(now, hours, self._timezone) and local.time().replace(tzinfo=None) >= gemeente.meldingen.dagoverzicht_om

    async def send_due(self) -> int:
        if not self._mailer.configured:
            return 0
        now = self._clock()
        await self._db(notifications.release_stale_claims, now=now, older_than=SENDING_TIMEOUT)
        sent = 0
        for email in await self._db(notifications.claim_due, now=now):
            sent += await self._send_one(email)
        return sent

    async def _send_one(self, email) -> bool:
        subjects = await self._db(notifications.subjects_of, email.id)
        if not subjects:
            await self._db(notifications.mark_cancelled, email.id, reason="de verzoeken bestaan niet meer")
            return False
        body = mail_text(email.kind, subjects, portal_url=self._portal_url, timezone_name=self._timezone)
        try:
            await self._mailer.send(build_message(email.kind, email.to_address, body, sender=self._sender))
        except (OSError, smtplib.SMTPException) as error:
            until = await self._db(notifications.retry_later, email, now=self._clock(), error=f"{type(error).__name__}: {error}")
            logger.warning("E-mail %s niet verstuurd, opnieuw om %s: %s", email.id, until.isoformat(), type(error).__name__)
            return False
        await self._db(notifications.mark_sent, email.id, now=self._clock())
        return True


def add_notification_jobs(scheduler, notifier: Notifier, *, scan_seconds: float, batch_minutes: float) -> None:
    """The scan often (a distress mail within seconds), the batch and digest check less often."""
    started = datetime.now(timezone.utc)
    scheduler.add_job(
        notifier.scan, "interval", seconds=scan_seconds, next_run_time=started, max_instances=1, coalesce=True, id="mail-scan"
    )
    scheduler.add_job(
        notifier.batch, "interval", minutes=batch_minutes, next_run_time=started + timedelta(minutes=batch_minutes),
        max_instances=1, coalesce=True, id="mail-batch",
    )
