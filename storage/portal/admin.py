"""What a beheerder manages in the portal: the gemeente's accounts, and the audit trail to read."""
from __future__ import annotations

from typing import List, Optional, Tuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.tables import AuditEntry, Caseworker, Client
from storage.portal.sessions import end_sessions_of

AUDIT_PAGE = 200


def caseworkers_of(s: Session, gemeente_id: str) -> List[Caseworker]:
    stmt = select(Caseworker).where(Caseworker.gemeente_id == gemeente_id).order_by(Caseworker.naam, Caseworker.id)
    return list(s.execute(stmt).scalars())


def set_active(s: Session, caseworker: Caseworker, active: bool) -> None:
    """A deactivated caseworker is signed out at once and cannot sign in; their records stay."""
    caseworker.active = bool(active)
    if not active:
        end_sessions_of(s, caseworker.id)
    s.flush()


def audit_for_gemeente(
    s: Session, gemeente_id: str, *, client_id: Optional[str] = None, actor: Optional[str] = None, limit: int = AUDIT_PAGE
) -> List[Tuple[AuditEntry, Optional[str]]]:
    """Newest first: entries about the gemeente's clients or by its caseworkers, with the client's name if known.

    An erased client's entries keep their id but lose the name (and, with the
    client row gone, show up only when one of the gemeente's caseworkers made them).
    """
    staff = select(Caseworker.email).where(Caseworker.gemeente_id == gemeente_id)
    stmt = (
        select(AuditEntry, Client.naam)
        .outerjoin(Client, Client.id == AuditEntry.client_id)
        .where(or_(Client.gemeente_id == gemeente_id, AuditEntry.actor.in_(staff)))
    )
    if client_id:
        stmt = stmt.where(AuditEntry.client_id == client_id)
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor.strip().lower())
    stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    return [(entry, naam) for entry, naam in s.execute(stmt).all()]
