"""The trainings section of a client's export: invitations, answers, waitlist positions and attendance."""
from __future__ import annotations

from typing import Any, Dict, List

from sqlalchemy.orm import Session

from storage.trainings.attendance import attendance_by_session
from storage.trainings.participants import participations_of, waitlist_position
from storage.trainings.editions import get_edition, sessions_of


def training_records(s: Session, client_id: str) -> List[Dict[str, Any]]:
    """One entry per edition the client was invited to or signed up for, with every session."""
    attendance = attendance_by_session(s, client_id)
    records = []
    for participant in participations_of(s, client_id):
        edition = get_edition(s, participant.edition_id)
        records.append(
            {
                "edition_id": edition.id,
                "training_id": edition.training_id,
                "titel": edition.titel,
                "verplicht": edition.verplicht,
                "status": participant.status,
                "source": participant.source,
                "waitlist_position": waitlist_position(s, participant),
                "moved_up_from_waitlist": participant.moved_up,
                "reason": participant.reason,
                "invited_at": _iso(participant.invited_at),
                "responded_at": _iso(participant.responded_at),
                "sessions": [
                    {
                        "session_id": row.id,
                        "starts_at": _iso(row.starts_at),
                        "waar": row.waar,
                        "status": row.status,
                        "attendance": attendance[row.id].status if row.id in attendance else None,
                    }
                    for row in sessions_of(s, edition.id, include_cancelled=True)
                ],
            }
        )
    return records


def _iso(moment):
    return moment.isoformat() if moment is not None else None
