"""Export everything stored about one client, e.g. for an AVG/GDPR access request.

The result is plain JSON-able data (datetimes as ISO 8601 strings). Secrets such as
koppelcode hashes are never included. To export a new kind of data, write a section
builder and add it to SECTION_BUILDERS; nothing else needs to change.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Dict, List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.agreements import get_agreement
from storage.applications import applications_for_client, status_histories
from storage.appointments import appointments_for_client
from storage.clients import get_link
from storage.consent import consent_history
from storage import intake as intake_store
from storage.handoff_threads import messages_for_client as handoff_messages_for_client
from storage.handoffs import handoffs_for_client
from storage.ladder import ladder_overview
from storage.portal.inbox import notes_for_client
from storage.preferences import get_preferences
from storage.scheduled import messages_for_client, payload_of
from storage.tables import Caseworker, Client, Gemeente, Koppelcode
from storage.trainings.export import training_records

SectionBuilder = Callable[[Session, Client], Any]


def export_client(s: Session, client_id: str) -> Optional[Dict[str, Any]]:
    """All stored data about the client, or None if there is no such client."""
    client = s.get(Client, client_id)
    if client is None:
        return None
    return {name: build(s, client) for name, build in SECTION_BUILDERS}


def _iso(moment: Optional[datetime]) -> Optional[str]:
    return moment.isoformat() if moment is not None else None


def _client(s: Session, client: Client) -> Dict[str, Any]:
    return {
        "id": client.id,
        "naam": client.naam,
        "gemeente_id": client.gemeente_id,
        "created_at": _iso(client.created_at),
        "unreachable_since": _iso(client.unreachable_since),
    }


def _gemeente(s: Session, client: Client) -> Optional[Dict[str, Any]]:
    gemeente = s.get(Gemeente, client.gemeente_id)
    return {"id": gemeente.id, "naam": gemeente.naam} if gemeente is not None else None


def _klantmanager(s: Session, client: Client) -> Optional[Dict[str, Any]]:
    if client.caseworker_id is None:
        return None
    caseworker = s.get(Caseworker, client.caseworker_id)
    return {"naam": caseworker.naam, "email": caseworker.email} if caseworker is not None else None


def _telegram(s: Session, client: Client) -> Optional[Dict[str, Any]]:
    link = get_link(s, client.id)
    return {"chat_id": link.chat_id, "linked_at": _iso(link.linked_at)} if link is not None else None


def _consent(s: Session, client: Client) -> List[Dict[str, Any]]:
    return [
        {"text_version": r.text_version, "decision": r.decision, "recorded_at": _iso(r.recorded_at)}
        for r in consent_history(s, client.id)
    ]


def _handoffs(s: Session, client: Client) -> List[Dict[str, Any]]:
    return [
        {
            "id": h.id,
            "kind": h.kind,
            "reason": h.reason,
            "urgent": h.urgent,
            "status": h.status,
            "created_at": _iso(h.created_at),
            "updated_at": _iso(h.updated_at),
        }
        for h in handoffs_for_client(s, client.id)
    ]


def _koppelcodes(s: Session, client: Client) -> List[Dict[str, Any]]:
    # Only when codes were made and used; the hash is a secret and stays out.
    stmt = (
        select(Koppelcode.created_at, Koppelcode.expires_at, Koppelcode.used_at)
        .where(Koppelcode.client_id == client.id)
        .order_by(Koppelcode.created_at)
    )
    return [
        {"created_at": _iso(created), "expires_at": _iso(expires), "used_at": _iso(used)}
        for created, expires, used in s.execute(stmt)
    ]


def application_records(s: Session, client_id: str) -> List[Dict[str, Any]]:
    """The client's applications, oldest first, each with its status history (also used by the CLI)."""
    histories = status_histories(s, client_id)
    return [
        {
            "id": a.id,
            "applied_on": a.applied_on.isoformat(),
            "employer": a.employer,
            "position": a.position,
            "channel": a.channel,
            "status": a.status,
            "interview_at": _iso(a.interview_at),
            "interview_time_known": a.interview_time_known,
            "created_at": _iso(a.created_at),
            "updated_at": _iso(a.updated_at),
            "status_history": [
                {"status": change.status, "changed_at": _iso(change.changed_at)} for change in histories.get(a.id, [])
            ],
        }
        for a in applications_for_client(s, client_id)
    ]


def _applications(s: Session, client: Client) -> List[Dict[str, Any]]:
    return application_records(s, client.id)


def _application_agreement(s: Session, client: Client) -> Optional[Dict[str, Any]]:
    # None: no agreement of their own, so the gemeente's default applies.
    agreement = get_agreement(s, client.id)
    if agreement is None:
        return None
    return {
        "vrijgesteld": agreement.vrijgesteld,
        "aantal": agreement.aantal,
        "periode_weken": agreement.periode_weken,
        "starts_on": agreement.starts_on.isoformat(),
        "set_by": agreement.set_by,
        "set_at": _iso(agreement.set_at),
    }


def _scheduled_messages(s: Session, client: Client) -> List[Dict[str, Any]]:
    return [
        {
            "id": m.id,
            "kind": m.kind,
            "due_at": _iso(m.due_at),
            "event_at": _iso(m.event_at),
            "payload": payload_of(m),
            "status": m.status,
            "attempts": m.attempts,
            "last_error": m.last_error,
            "sent_at": _iso(m.sent_at),
            "created_at": _iso(m.created_at),
        }
        for m in messages_for_client(s, client.id)
    ]


def _appointments(s: Session, client: Client) -> List[Dict[str, Any]]:
    return [
        {
            "id": a.id,
            "starts_at": _iso(a.starts_at),
            "waar": a.waar,
            "met": a.met,
            "status": a.status,
            "created_by": a.created_by,
            "created_at": _iso(a.created_at),
        }
        for a in appointments_for_client(s, client.id)
    ]


def _message_preferences(s: Session, client: Client) -> Dict[str, Any]:
    wishes = get_preferences(s, client.id)
    return {
        "nudges_off": wishes.nudges_off,
        "no_weekend": wishes.no_weekend,
        "part_of_day": wishes.part_of_day,
        "paused_since": _iso(wishes.paused_since),
    }


def intake_records(s: Session, client_id: str) -> List[Dict[str, Any]]:
    """Every intake run, oldest first, with its current answers, full answer history and summary."""
    runs = []
    for run in intake_store.intakes_for_client(s, client_id):
        history = intake_store.answer_history(s, client_id, run.id)
        current = {record.question: record for record in history}
        runs.append(
            {
                "id": run.id,
                "status": run.status,
                "questions": intake_store.questions_of(run),
                "started_at": _iso(run.started_at),
                "last_answer_at": _iso(run.last_answer_at),
                "finished_at": _iso(run.finished_at),
                "summary_text": run.summary_text,
                "answers": {q: _answer(r) for q, r in current.items()},
                "answer_history": [{"question": r.question, **_answer(r)} for r in history],
            }
        )
    return runs


def _answer(record) -> Dict[str, Any]:
    return {
        "status": record.status,
        "value": record.value,
        "raw_text": record.raw_text,
        "answered_at": _iso(record.answered_at),
        "sensitive": record.sensitive,
    }


def _intakes(s: Session, client: Client) -> List[Dict[str, Any]]:
    return intake_records(s, client.id)


def _ladder(s: Session, client: Client) -> Dict[str, Any]:
    return ladder_overview(s, client.id)


# Order is the order of keys in the export.
SECTION_BUILDERS: List[Tuple[str, SectionBuilder]] = [
    ("client", _client),
    ("gemeente", _gemeente),
    ("klantmanager", _klantmanager),
    ("telegram", _telegram),
    ("consent", _consent),
    ("handoffs", _handoffs),
    ("koppelcodes", _koppelcodes),
    ("appointments", _appointments),
    ("scheduled_messages", _scheduled_messages),
    ("message_preferences", _message_preferences),
    ("applications", _applications),
    ("application_agreement", _application_agreement),
    ("intakes", _intakes),
    ("ladder", _ladder),
    ("trainings", lambda s, client: training_records(s, client.id)),
    ("handoff_notes", lambda s, client: _handoff_notes(s, client)),
    ("handoff_messages", lambda s, client: _handoff_messages(s, client)),
]


def _handoff_notes(s: Session, client: Client) -> List[Dict[str, Any]]:
    """What klantmanagers did with the client's requests (status, note, who, when)."""
    return [
        {"handoff_id": n.handoff_id, "status": n.status, "note": n.note, "author": n.author, "at": _iso(n.at)}
        for n in notes_for_client(s, client.id)
    ]


def _handoff_messages(s: Session, client: Client) -> List[Dict[str, Any]]:
    """The conversation with the klantmanager on each request: who wrote what, when."""
    return [
        {
            "handoff_id": m.handoff_id,
            "van": m.author_kind,
            "naam": m.author_name,
            "tekst": m.text,
            "at": _iso(m.created_at),
        }
        for m in handoff_messages_for_client(s, client.id)
    ]
