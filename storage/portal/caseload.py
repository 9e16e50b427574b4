"""Facts per client for the caseload table, a few queries for the whole caseload at once."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.consent import current_consent
from storage.tables import (
    Application,
    Caseworker,
    Client,
    ConsentRecord,
    HandoffRequest,
    InboundMessage,
    TelegramLink,
)


@dataclass
class CaseloadFacts:
    client: Client
    caseworker_naam: Optional[str]
    linked: bool
    consent: Optional[str]  # latest decision, None when never asked
    open_handoffs: int = 0
    open_distress: int = 0
    last_contact: Optional[datetime] = None
    flags: List[str] = field(default_factory=list)


def _latest(current: Optional[datetime], candidate: Optional[datetime]) -> Optional[datetime]:
    if candidate is None:
        return current
    return candidate if current is None or candidate > current else current


def caseload_facts(s: Session, clients: List[Client]) -> Dict[str, CaseloadFacts]:
    """Keyed by client id. "Last contact" is the newest moment the client did something we store."""
    ids = [c.id for c in clients]
    if not ids:
        return {}
    names = dict(s.execute(select(Caseworker.id, Caseworker.naam)).all())
    links = dict(s.execute(select(TelegramLink.client_id, TelegramLink.chat_id).where(TelegramLink.client_id.in_(ids))).all())
    facts = {
        c.id: CaseloadFacts(
            client=c,
            caseworker_naam=names.get(c.caseworker_id),
            linked=c.id in links,
            consent=None,
        )
        for c in clients
    }
    for client_id in ids:
        record = current_consent(s, client_id)
        facts[client_id].consent = record.decision if record is not None else None

    handoffs = s.execute(
        select(HandoffRequest.client_id, HandoffRequest.kind, HandoffRequest.status, HandoffRequest.created_at).where(
            HandoffRequest.client_id.in_(ids)
        )
    ).all()
    for client_id, kind, status, created_at in handoffs:
        fact = facts[client_id]
        fact.last_contact = _latest(fact.last_contact, created_at)
        if status != "afgehandeld":
            fact.open_handoffs += 1
            if kind == "distress":
                fact.open_distress += 1

    for client_id, latest in s.execute(
        select(Application.client_id, func.max(Application.updated_at))
        .where(Application.client_id.in_(ids))
        .group_by(Application.client_id)
    ).all():
        facts[client_id].last_contact = _latest(facts[client_id].last_contact, latest)
    for client_id, latest in s.execute(
        select(ConsentRecord.client_id, func.max(ConsentRecord.recorded_at))
        .where(ConsentRecord.client_id.in_(ids))
        .group_by(ConsentRecord.client_id)
    ).all():
        facts[client_id].last_contact = _latest(facts[client_id].last_contact, latest)
    chat_to_client = {chat: client for client, chat in links.items()}
    if chat_to_client:
        for chat_id, latest in s.execute(
            select(InboundMessage.chat_id, func.max(InboundMessage.received_at))
            .where(InboundMessage.chat_id.in_(list(chat_to_client)))
            .group_by(InboundMessage.chat_id)
        ).all():
            fact = facts[chat_to_client[chat_id]]
            fact.last_contact = _latest(fact.last_contact, latest)

    for fact in facts.values():
        if fact.open_distress:
            fact.flags.append("distress")
        if fact.open_handoffs > fact.open_distress:
            fact.flags.append("contact")
        if fact.client.unreachable_since is not None:
            fact.flags.append("onbereikbaar")
        if fact.consent in ("refused", "withdrawn"):
            fact.flags.append("geen_toestemming")
        if not fact.linked:
            fact.flags.append("niet_gekoppeld")
    return facts
