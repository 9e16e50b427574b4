"""Appointments a klantmanager makes with a client; their reminders are scheduled messages."""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import scheduled
from storage.clients import require_client
from storage.errors import NotFoundError
from storage.tables import EMAIL_LENGTH, NAAM_LENGTH, Appointment
from storage.timestamps import as_utc
from storage.validation import clean_text

WAAR_LENGTH = 200


def add_appointment(
    s: Session,
    *,
    client_id: str,
    starts_at: datetime,
    waar: str,
    met: str,
    created_by: str,
    reminders_due: List[datetime],
    now: datetime,
) -> Appointment:
    """Store the appointment and one reminder per moment in `reminders_due` (already out of quiet hours)."""
    require_client(s, client_id)
    appointment = Appointment(
        client_id=client_id,
        starts_at=as_utc(starts_at),
        waar=clean_text(waar, field="waar", max_length=WAAR_LENGTH),
        met=clean_text(met, field="met", max_length=NAAM_LENGTH),
        status="planned",
        created_by=clean_text(created_by, field="created_by", max_length=EMAIL_LENGTH),
        created_at=as_utc(now),
    )
    s.add(appointment)
    s.flush()
    for due_at in reminders_due:
        scheduled.schedule_message(
            s,
            client_id=client_id,
            kind="appointment",
            due_at=due_at,
            now=now,
            event_at=appointment.starts_at,
            payload={"waar": appointment.waar, "met": appointment.met},
            appointment_id=appointment.id,
        )
    return appointment


def get_appointment(s: Session, appointment_id: int) -> Optional[Appointment]:
    return s.get(Appointment, appointment_id)


def cancel_appointment(s: Session, appointment_id: int) -> Appointment:
    """Cancel the appointment and the reminders that have not gone out yet."""
    appointment = s.get(Appointment, appointment_id)
    if appointment is None:
        raise NotFoundError(f"Unknown appointment {appointment_id}.")
    appointment.status = "cancelled"
    scheduled.cancel_pending(
        s, appointment.client_id, kinds=["appointment"], reason="afspraak geannuleerd", appointment_id=appointment_id
    )
    s.flush()
    return appointment


def appointments_for_client(s: Session, client_id: str) -> List[Appointment]:
    stmt = select(Appointment).where(Appointment.client_id == client_id).order_by(Appointment.starts_at)
    return list(s.execute(stmt).scalars())
