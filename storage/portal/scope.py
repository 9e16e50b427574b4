"""Which clients a portal user may see: the one rule every client-scoped page goes through.

- klantmanager: their own caseload (clients.caseworker_id);
- teamleider: every client of their gemeente, read-only;
- beheerder: no client files (accounts and the audit trail only).

A client outside the scope is reported exactly like a client that does not
exist, so the portal answers 404 and never reveals that the id is real.
"""
from __future__ import annotations

from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.tables import Caseworker, Client, ErasureRequest, HandoffRequest

READS_CLIENTS = ("klantmanager", "teamleider")
CHANGES_CLIENTS = ("klantmanager",)


def can_read_clients(caseworker: Caseworker) -> bool:
    return caseworker.role in READS_CLIENTS


def can_change_clients(caseworker: Caseworker) -> bool:
    return caseworker.role in CHANGES_CLIENTS


def scoped_clients(caseworker: Caseworker):
    """A SELECT of the clients in scope; callers add their own columns and filters."""
    stmt = select(Client)
    if caseworker.role == "klantmanager":
        return stmt.where(Client.caseworker_id == caseworker.id)
    if caseworker.role == "teamleider":
        return stmt.where(Client.gemeente_id == caseworker.gemeente_id)
    return stmt.where(Client.id.is_(None))  # matches nothing


def client_in_scope(s: Session, caseworker: Caseworker, client_id: str) -> Optional[Client]:
    if not isinstance(client_id, str) or len(client_id) > 40:
        return None
    return s.execute(scoped_clients(caseworker).where(Client.id == client_id)).scalar_one_or_none()


def clients_in_scope(s: Session, caseworker: Caseworker) -> List[Client]:
    return list(s.execute(scoped_clients(caseworker).order_by(Client.naam, Client.id)).scalars())


def handoff_in_scope(s: Session, caseworker: Caseworker, handoff_id: int) -> Optional[HandoffRequest]:
    handoff = s.get(HandoffRequest, handoff_id)
    if handoff is None or client_in_scope(s, caseworker, handoff.client_id) is None:
        return None
    return handoff


def erasure_request_in_scope(s: Session, caseworker: Caseworker, request_id: int) -> Optional[ErasureRequest]:
    """An erasure request of a client the user may see, else None (the same 404 as a wrong id)."""
    request = s.get(ErasureRequest, request_id)
    if request is None or client_in_scope(s, caseworker, request.client_id) is None:
        return None
    return request
