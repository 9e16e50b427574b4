"""Hengelo's trainings planned in the database, and an invitation sent by the dispatcher on a clock."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.database import utc_now
from storage import training_participants as participants
from storage import trainings
from storage.db import unit_of_work
from testing.e2e.scheduled import AMS, Clock, dispatched, dispatcher, rows_of
from werkmaatje.scheduling import local_moment

CATALOGUE = {
    # training id → (titel, omschrijving, meenemen, verplicht, zelf_aanmelden), as in gemeenten/trainingen/hengelo.yml
    "voorlichting-nieuwe-aanvragers": ("Voorlichting voor nieuwe aanvragers", "Een bijeenkomst op het Werkplein.", "je DigiD-gegevens", True, False),
    "perspectiefjaar": ("Perspectiefjaar", "Een jaar werken aan een startkwalificatie en een baan.", "je diploma's", False, False),
    "heftruck": ("Cursus heftruckchauffeur", "In twee dagen leer je veilig met een heftruck rijden.", "werkschoenen", False, True),
}


def local_day(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    """A day `days_ahead` from today at this local time, moved to a Tuesday-to-Friday (no rest-day reminders).

    Moving can put two different `days_ahead` on one day, so a sign-up deadline
    is counted back from the session it belongs to, never forward from today.
    """
    day = datetime.now(AMS).date() + timedelta(days=days_ahead)
    while day.weekday() not in (1, 2, 3, 4):
        day += timedelta(days=1)
    return local_moment(day, time(hour, minute), "Europe/Amsterdam")


def plan(db, training_id, starts, *, capacity=12, deadline=None):
    titel, omschrijving, meenemen, verplicht, zelf = CATALOGUE[training_id]
    with unit_of_work(db) as session:
        edition = trainings.plan_edition(
            session, gemeente_id="hengelo", training_id=training_id, titel=titel, omschrijving=omschrijving,
            meenemen=meenemen, verplicht=verplicht, zelf_aanmelden=zelf, capacity=capacity,
            signup_deadline=deadline or utc_now() + timedelta(hours=1),
            sessions=[trainings.PlannedSession(start, 120, "Werkplein Hengelo, zaal 2") for start in starts],
            created_by="cli:test", now=utc_now(),
        )
        return edition.id, [row.id for row in trainings.sessions_of(session, edition.id)]


def invite(db, edition_id, *client_ids):
    with unit_of_work(db) as session:
        participants.invite(session, edition_id, client_ids, now=utc_now())


def participant(db, edition_id, client_id):
    with unit_of_work(db) as session:
        return participants.get_participant(session, edition_id, client_id)


def pending_of(db, client_id, kind):
    return [r for r in rows_of(db, client_id) if r.kind == kind and r.status == "pending"]


async def invited(telegram, application, stack, db, chat_id, client_id, edition_id):
    """Invite and let the dispatcher send it on a Tuesday late morning (never quiet)."""
    invite(db, edition_id, client_id)
    [row] = pending_of(db, client_id, "training_invitation")
    clock = Clock(max(row.due_at, local_day(1, 11)) + timedelta(seconds=5))
    [message] = await dispatched(telegram, chat_id, dispatcher(stack, application, clock))
    return message
