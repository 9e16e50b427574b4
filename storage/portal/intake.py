"""Intake status and ladder steps for many clients at once (caseload table, dashboard)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Dict, Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.tables import Client, Intake, LadderAssessment


@dataclass(frozen=True)
class IntakeFacts:
    status: Optional[str]  # of the newest intake run; None when never started
    proposed_step: Optional[int]
    confirmed_step: Optional[int]
    flags: tuple = ()  # of the newest proposal


def intake_facts(s: Session, client_ids: Iterable[str]) -> Dict[str, IntakeFacts]:
    import json

    ids = list(client_ids)
    status: Dict[str, str] = {}
    latest: Dict[str, Dict[str, LadderAssessment]] = {}
    if ids:
        for row in s.execute(
            select(Intake.client_id, Intake.status).where(Intake.client_id.in_(ids)).order_by(Intake.started_at, Intake.id)
        ).all():
            status[row.client_id] = row.status  # the newest run wins
        for row in s.execute(
            select(LadderAssessment)
            .where(LadderAssessment.client_id.in_(ids))
            .order_by(LadderAssessment.created_at, LadderAssessment.id)
        ).scalars():
            latest.setdefault(row.client_id, {})[row.kind] = row
    facts = {}
    for client_id in ids:
        rows = latest.get(client_id, {})
        proposal, confirmed = rows.get("proposal"), rows.get("confirmed")
        facts[client_id] = IntakeFacts(
            status=status.get(client_id),
            proposed_step=proposal.step if proposal else None,
            confirmed_step=confirmed.step if confirmed else None,
            flags=tuple(json.loads(proposal.flags)) if proposal and proposal.flags else (),
        )
    return facts


def gemeente_intake_figures(s: Session, gemeente_id: str):
    """(intake status counts incl. None, proposed step counts, confirmed step counts) for the dashboard."""
    ids = list(s.execute(select(Client.id).where(Client.gemeente_id == gemeente_id)).scalars())
    facts = intake_facts(s, ids)
    statuses = Counter(f.status for f in facts.values())
    proposed = Counter(f.proposed_step for f in facts.values() if f.proposed_step is not None)
    confirmed = Counter(f.confirmed_step for f in facts.values() if f.confirmed_step is not None)
    return statuses, proposed, confirmed
