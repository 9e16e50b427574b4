"""Demo intakes (with proposals and decisions) and trainings (invitations, waitlist, attendance).

Made through storage functions and the same rules the bot uses (werkmaatje.intake_rules),
so the portal shows proposals as the bot would make them.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Callable, List

from storage import intake as intake_storage
from storage import ladder, trainings
from storage.trainings import attendance
from storage.trainings import participants
from storage.tables import Caseworker, Client
from werkmaatje.intake_rules import propose
from werkmaatje.intake_summary import caseworker_paragraph

WEEKS = [["thuis"], ["contact"], ["contact", "activiteit"], ["vrijwilligerswerk"], ["werk_met_steun"], ["contact", "vrijwilligerswerk"]]
SECTOR_WISHES = [["logistiek"], ["zorg"], ["bouw", "techniek"], ["detailhandel"], ["schoonmaak"], ["productie"]]
QUESTIONS = ["leeftijd", "uitkering", "uitkering_duur", "taal", "week", "gezondheid", "wens_sector", "wens_opleiding"]


def demo_intake(session, rng: random.Random, client: Client, caseworker: Caseworker, number: int, *, start: datetime, now: datetime) -> None:
    """number % 5: 0 none, 1 unfinished, 2 finished with a proposal, 3 confirmed, 4 changed by the klantmanager."""
    variant = number % 5
    if variant == 0:
        return
    run = intake_storage.start_intake(session, client.id, QUESTIONS, now=start)
    values = {
        "leeftijd": ("answered", rng.choice(["18-26", "27-44", "45-54", "55+"])),
        "uitkering": ("answered", "bijstand"),
        "uitkering_duur": ("answered", rng.choice(["<1", "1-3", ">3"])),
        "taal": ("answered", rng.choice(["goed", "redelijk", "matig"])),
        "week": ("answered", WEEKS[number % len(WEEKS)]),
        "gezondheid": ("personal", None) if number % 4 == 0 else ("skipped", None),
        "wens_sector": ("answered", SECTOR_WISHES[number % len(SECTOR_WISHES)]),
        "wens_opleiding": ("answered", rng.choice(["ja", "ja", "nee", "misschien"])),
    }
    moment = start
    answered = QUESTIONS[:4] if variant == 1 else QUESTIONS
    for key in answered:
        moment += timedelta(minutes=2)
        status, value = values[key]
        intake_storage.record_answer(
            session, client.id, run.id, key, status=status, value=value,
            raw_text=None if value is None else str(value if not isinstance(value, list) else ", ".join(value)), now=moment,
        )
    if variant == 1:
        return
    answers = {key: values[key] for key in answered}
    proposal = propose(answers)
    summary = caseworker_paragraph(answers, step=proposal.step, group=proposal.group, flags=proposal.flags)
    intake_storage.finish_intake(session, client.id, run.id, summary_text=summary, now=moment + timedelta(minutes=1))
    ladder.record_proposal(
        session, client.id, intake_id=run.id, step=proposal.step, group=proposal.group, flags=proposal.flags,
        reasons=proposal.reasons, now=moment + timedelta(minutes=1),
    )
    decided = min(moment + timedelta(days=2), now - timedelta(hours=1))
    if variant == 3:
        ladder.confirm_ladder(session, client.id, caseworker.id, proposal.step, proposal.group, "Klopt met wat we bespraken.", now=decided)
    elif variant == 4:
        step = min(proposal.step + 1, 6)
        ladder.confirm_ladder(session, client.id, caseworker.id, step, "middengroep", "Doet ook mantelzorg, dat telt mee.", now=decided)


def demo_trainings(session, clients_of_gemeente: List[Client], *, creator: str, now: datetime, reminders_for: Callable) -> None:
    """A VCA course still open (full, with a waitlist and unanswered invitations) and a past voorlichting with attendance."""
    if len(clients_of_gemeente) < 10:
        return
    vca_start = (now + timedelta(days=4)).replace(hour=9, minute=0, second=0, microsecond=0)
    vca = trainings.plan_edition(
        session, gemeente_id="hengelo", training_id="vca", titel="Cursus VCA (veilig werken)",
        omschrijving="Met een VCA-diploma mag je werken in de bouw, techniek en logistiek.",
        meenemen="je identiteitsbewijs en een pen", verplicht=False, zelf_aanmelden=True, capacity=4,
        signup_deadline=vca_start - timedelta(days=2),
        sessions=[trainings.PlannedSession(vca_start + timedelta(days=7 * i), 180, "Opleidingscentrum Twente, Hengelo") for i in range(2)],
        created_by=creator, now=now - timedelta(days=3),
    )
    invited = [c.id for c in clients_of_gemeente[:8]]
    participants.invite(session, vca.id, invited, now=now - timedelta(days=3))
    for client_id in invited[:5]:
        participants.say_yes(session, vca.id, client_id, now=now - timedelta(days=2), reminders_for=reminders_for)
    participants.withdraw(
        session, vca.id, invited[5], reason="Ik heb die week een sollicitatiegesprek", now=now - timedelta(days=1),
        reminders_for=reminders_for,
    )

    past_start = (now - timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0)
    intro = trainings.plan_edition(
        session, gemeente_id="hengelo", training_id="voorlichting-nieuwe-aanvragers", titel="Voorlichting voor nieuwe aanvragers",
        omschrijving="Een bijeenkomst op het Werkplein voor iedereen die net bijstand heeft aangevraagd.",
        meenemen="je DigiD-gegevens", verplicht=True, zelf_aanmelden=False, capacity=15,
        signup_deadline=past_start - timedelta(days=1),
        sessions=[trainings.PlannedSession(past_start, 120, "Werkplein Hengelo, zaal 2")],
        created_by=creator, now=now - timedelta(days=20),
    )
    guests = [c.id for c in clients_of_gemeente[8:14]]
    participants.invite(session, intro.id, guests, now=now - timedelta(days=20))
    for client_id in guests:
        participants.say_yes(session, intro.id, client_id, now=now - timedelta(days=18), reminders_for=reminders_for)
    meeting = trainings.sessions_of(session, intro.id)[0]
    for index, client_id in enumerate(guests):
        attendance.register(
            session, meeting.id, client_id, status="afwezig" if index % 3 == 2 else "aanwezig", by=creator,
            now=past_start + timedelta(hours=3), noshow_due=None,
        )
