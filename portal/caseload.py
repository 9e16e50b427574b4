"""The caseload table: one row per client, sortable and filterable on the server (no JavaScript)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from storage.agreements import Progress
from storage.portal_caseload import CaseloadFacts, caseload_facts
from storage.portal_intake import IntakeFacts, intake_facts
from storage.portal_scope import clients_in_scope
from usecases.agreements import progress_for as client_progress

SORTS = ("naam", "intake", "trede", "achterstand", "contact", "signalen")
INTAKE_ORDER = {None: 0, "open": 1, "stopped": 2, "finished": 3}


@dataclass
class CaseloadRow:
    facts: CaseloadFacts
    progress: Progress
    behind: bool
    intake: IntakeFacts

    @property
    def client(self):
        return self.facts.client


def progress_for(db, client, *, gemeenten: dict, timezone: str, now: datetime) -> Progress:
    return client_progress(db, client.id, gemeenten.get(client.gemeente_id), now=now, timezone=timezone)


def is_behind(progress: Progress, today) -> bool:
    """Fewer applications than the pace of the agreement asks for so far in this period.

    The pace is the agreed number spread evenly over the period, rounded down, so
    nobody is "behind" on the first days of a period.
    """
    if progress.period is None or progress.terms.aantal is None or progress.count is None:
        return False
    length = (progress.period.end - progress.period.start).days
    elapsed = (today - progress.period.start).days + 1
    expected = progress.terms.aantal * elapsed // length
    return progress.count < expected


def caseload_rows(
    db, user, *, gemeenten: dict, timezone: str, now: datetime, zoek: str = "", signaal: str = "", achter: bool = False,
    sorteer: str = "naam", af: bool = False,
) -> List[CaseloadRow]:
    from storage.agreements import local_date

    today = local_date(now, timezone)
    clients = clients_in_scope(db, user)
    facts = caseload_facts(db, clients)
    intakes = intake_facts(db, [c.id for c in clients])
    rows = []
    for client in clients:
        progress = progress_for(db, client, gemeenten=gemeenten, timezone=timezone, now=now)
        if "persoonlijk_gesprek" in intakes[client.id].flags:
            facts[client.id].flags.append("persoonlijk")
        rows.append(
            CaseloadRow(facts=facts[client.id], progress=progress, behind=is_behind(progress, today), intake=intakes[client.id])
        )
    zoek = zoek.strip().lower()
    if zoek:
        rows = [r for r in rows if zoek in r.client.naam.lower() or zoek in r.client.id]
    if signaal:
        rows = [r for r in rows if signaal in r.facts.flags]
    if achter:
        rows = [r for r in rows if r.behind]
    rows.sort(key=_sort_key(sorteer), reverse=af)
    return rows


def _sort_key(sorteer: Optional[str]):
    if sorteer == "achterstand":
        return lambda r: (not r.behind, r.progress.count if r.progress.count is not None else 10**6, r.client.naam.lower())
    if sorteer == "intake":
        return lambda r: (INTAKE_ORDER.get(r.intake.status, 0), r.client.naam.lower())
    if sorteer == "trede":
        return lambda r: (r.intake.confirmed_step or r.intake.proposed_step or 0, r.client.naam.lower())
    if sorteer == "contact":
        return lambda r: (r.facts.last_contact is None, r.facts.last_contact.timestamp() if r.facts.last_contact else 0)
    if sorteer == "signalen":
        return lambda r: (-len(r.facts.flags), r.client.naam.lower())
    return lambda r: (r.client.naam.lower(), r.client.id)
