"""Retention: delete or anonymise what is past its time, per gemeente (AVG: storage limitation).

Runs daily (the bot's scheduler, or `werkmaatje retention run`). Storage does not
read the gemeente configuration itself; the caller passes each gemeente's
policy. Each step is idempotent, so a run that stops halfway is simply run again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Dict, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.erasure import KeepRule, erase_client, months_after
from storage.errors import NotFoundError
from storage.tables import (
    Client,
    Intake,
    IntakeSensitiveAnswer,
    RetainedRecord,
    TelegramLink,
)
from storage.rasa_events import conversation_senders, erase_events_before
from storage.timestamps import as_utc

# A conversation is only trimmed when no turn can be running for it.
QUIET_BEFORE_TRIM = timedelta(minutes=10)
RETENTION_ACTOR = "system:retention"


@dataclass(frozen=True)
class RetentionPolicy:
    gesprekken_maanden: int
    gesloten_clienten_maanden: int
    gevoelige_antwoorden_maanden: int
    keep: Sequence[KeepRule] = ()


@dataclass
class RetentionResult:
    chat_events_deleted: int = 0
    sensitive_answers_deleted: int = 0
    clients_erased: int = 0
    retained_records_deleted: int = 0
    erased_client_ids: list = field(default_factory=list)


def months_before(moment: datetime, months: int) -> datetime:
    return as_utc(moment) - (months_after(moment, months) - as_utc(moment))


def run_retention(s: Session, policies: Dict[str, RetentionPolicy], *, now: datetime) -> RetentionResult:
    now = as_utc(now)
    result = RetentionResult()
    _trim_transcripts(s, policies, now, result)
    _drop_old_sensitive_answers(s, policies, now, result)
    _erase_closed_clients(s, policies, now, result)
    result.retained_records_deleted = s.execute(
        delete(RetainedRecord).where(RetainedRecord.keep_until < now)
    ).rowcount
    s.flush()
    return result


def _trim_transcripts(s: Session, policies: Dict[str, RetentionPolicy], now: datetime, result: RetentionResult) -> None:
    """Rasa events older than the gemeente's term; a chat that is not (or no longer) linked
    gets the shortest term of all gemeenten."""
    gemeente_of_chat = dict(
        s.execute(select(TelegramLink.chat_id, Client.gemeente_id).join(Client, Client.id == TelegramLink.client_id)).all()
    )
    shortest = min((p.gesprekken_maanden for p in policies.values()), default=None)
    for sender in conversation_senders(s):
        try:
            gemeente_id = gemeente_of_chat.get(int(sender))
        except ValueError:
            gemeente_id = None
        months = policies[gemeente_id].gesprekken_maanden if gemeente_id in policies else shortest
        if months is None:
            continue
        result.chat_events_deleted += erase_events_before(
            s, sender, before=months_before(now, months), quiet_since=now - QUIET_BEFORE_TRIM
        )


def _drop_old_sensitive_answers(s: Session, policies: Dict[str, RetentionPolicy], now: datetime, result: RetentionResult) -> None:
    """Health and obstacle answers live in their own table, so they can go sooner than the rest;
    the klantmanager keeps the flags and the confirmed step."""
    for gemeente_id, policy in policies.items():
        cutoff = months_before(now, policy.gevoelige_antwoorden_maanden)
        intake_ids = select(Intake.id).join(Client, Client.id == Intake.client_id).where(Client.gemeente_id == gemeente_id)
        result.sensitive_answers_deleted += s.execute(
            delete(IntakeSensitiveAnswer)
            .where(IntakeSensitiveAnswer.intake_id.in_(intake_ids), IntakeSensitiveAnswer.answered_at < cutoff)
            .execution_options(synchronize_session=False)
        ).rowcount


def _erase_closed_clients(s: Session, policies: Dict[str, RetentionPolicy], now: datetime, result: RetentionResult) -> None:
    for gemeente_id, policy in policies.items():
        cutoff = months_before(now, policy.gesloten_clienten_maanden)
        closed = s.execute(
            select(Client.id).where(Client.gemeente_id == gemeente_id, Client.closed_at.is_not(None), Client.closed_at < cutoff)
        ).scalars().all()
        for client_id in closed:
            erase_client(s, client_id, keep=policy.keep, actor=RETENTION_ACTOR, now=now)
            result.clients_erased += 1
            result.erased_client_ids.append(client_id)


def close_client(s: Session, client_id: str, *, now: datetime) -> Client:
    """The klantmanager closes the file (the person left bijstand); retention counts from here."""
    client = s.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"No client {client_id}.")
    client.closed_at = as_utc(now)
    s.flush()
    return client
