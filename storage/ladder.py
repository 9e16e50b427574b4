"""Participatieladder step and group: the bot's proposals and the klantmanager's decisions.

The classification is the klantmanager's decision (domain.md §2); the bot only
proposes. Both are rows in `ladder_assessments`, never overwritten, so the
portal can show how a client moved and who decided what.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.clients import require_client
from storage.errors import NotFoundError, ValidationError
from storage.tables import LADDER_GROUPS, LADDER_STEPS, Caseworker, LadderAssessment
from storage.timestamps import as_utc, utc_now
from storage.validation import clean_text, require_choice

REASON_LENGTH = 1000


def _check(step: int, group: str) -> None:
    if isinstance(step, bool) or step not in LADDER_STEPS:
        raise ValidationError(f"Ladder step must be 1..6, got {step!r}.")
    require_choice(group, LADDER_GROUPS, field="group")


def record_proposal(
    s: Session,
    client_id: str,
    *,
    intake_id: Optional[int],
    step: int,
    group: str,
    flags: Sequence[str],
    reasons: Sequence[str],
    now: datetime,
) -> LadderAssessment:
    """Store the bot's provisional step, group and flags with the reasons that led to them."""
    _check(step, group)
    require_client(s, client_id)
    row = LadderAssessment(
        client_id=client_id,
        intake_id=intake_id,
        kind="proposal",
        step=step,
        ladder_group=group,
        flags=json.dumps(sorted(set(flags))),
        reasons=json.dumps(list(reasons), ensure_ascii=False),
        created_at=as_utc(now),
    )
    s.add(row)
    s.flush()
    return row


def confirm_ladder(
    s: Session,
    client_id: str,
    caseworker_id: int,
    step: int,
    group: str,
    reason: Optional[str],
    *,
    now: Optional[datetime] = None,
) -> LadderAssessment:
    """The klantmanager's decision (may differ from the proposal); kept as history."""
    _check(step, group)
    client = require_client(s, client_id)
    caseworker = s.get(Caseworker, caseworker_id)
    if caseworker is None:
        raise NotFoundError(f"Unknown caseworker {caseworker_id!r}.")
    if caseworker.gemeente_id != client.gemeente_id:
        raise ValidationError("A klantmanager can only decide for clients of their own gemeente.")
    cleaned = None
    if reason is not None and reason.strip():
        cleaned = clean_text(reason, field="reason", max_length=REASON_LENGTH)
    row = LadderAssessment(
        client_id=client_id,
        intake_id=None,
        kind="confirmed",
        step=step,
        ladder_group=group,
        flags=None,
        reasons=cleaned,
        caseworker_id=caseworker.id,
        created_at=as_utc(now) if now is not None else utc_now(),
    )
    s.add(row)
    s.flush()
    return row


def _history(s: Session, client_id: str) -> List[LadderAssessment]:
    stmt = (
        select(LadderAssessment)
        .where(LadderAssessment.client_id == client_id)
        .order_by(LadderAssessment.created_at, LadderAssessment.id)
    )
    return list(s.execute(stmt).scalars())


def assessment_record(row: LadderAssessment) -> Dict[str, Any]:
    """A plain dict of one row (export, portal)."""
    is_proposal = row.kind == "proposal"
    return {
        "id": row.id,
        "kind": row.kind,
        "step": row.step,
        "group": row.ladder_group,
        "flags": json.loads(row.flags) if row.flags else [],
        "reasons": (json.loads(row.reasons) if row.reasons else []) if is_proposal else row.reasons,
        "intake_id": row.intake_id,
        "caseworker_id": row.caseworker_id,
        "created_at": row.created_at.isoformat(),
    }


def ladder_overview(s: Session, client_id: str) -> Dict[str, Any]:
    """{"proposal": newest proposal or None, "confirmed": newest decision or None, "history": all, oldest first}."""
    history = _history(s, client_id)
    latest: Dict[str, Optional[LadderAssessment]] = {"proposal": None, "confirmed": None}
    for row in history:
        latest[row.kind] = row
    return {
        "proposal": assessment_record(latest["proposal"]) if latest["proposal"] else None,
        "confirmed": assessment_record(latest["confirmed"]) if latest["confirmed"] else None,
        "history": [assessment_record(row) for row in history],
    }


def current_step(s: Session, client_id: str) -> Optional[int]:
    """The confirmed step if a klantmanager decided, else the newest proposal's, else None."""
    overview = ladder_overview(s, client_id)
    chosen = overview["confirmed"] or overview["proposal"]
    return chosen["step"] if chosen else None
