"""`werkmaatje demo-data`: two gemeenten, caseworkers and thirty clients with varied histories.

Everything is made through the storage functions the bot and the portal use,
with moments spread over the past weeks, so every portal page has something
real to show. Deterministic (a fixed seed), so screenshots compare.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, List

from storage import agreements, applications, appointments, audit, caseworkers, clients, consent, handoffs
from storage.clients import link_chat, mark_unreachable
from storage.tables import Caseworker
from storage.portal.accounts import set_password
from storage.portal.inbox import close_handoff
from storage.scheduled import schedule_message

from cli.demo_data_more import demo_intake, demo_trainings

DEMO_PASSWORD = "werkmaatje-demo-2026"
SEED = 7

# (gemeente, email, naam, rol). Three klantmanagers with caseloads, plus a
# teamleider and a beheerder so every role can be tried.
STAFF = [
    ("hengelo", "sanne.bakker@hengelo.example", "Sanne Bakker", "klantmanager"),
    ("hengelo", "pieter.mulder@hengelo.example", "Pieter Mulder", "klantmanager"),
    ("enschede", "fatima.elamrani@enschede.example", "Fatima El Amrani", "klantmanager"),
    ("hengelo", "joost.teamleider@hengelo.example", "Joost Hendriks", "teamleider"),
    ("hengelo", "beheer@hengelo.example", "Marieke Smit", "beheerder"),
]
CASELOAD_SIZES = {"sanne.bakker@hengelo.example": 12, "pieter.mulder@hengelo.example": 10, "fatima.elamrani@enschede.example": 8}

FIRST_NAMES = ["Anna", "Mohammed", "Kees", "Fatma", "Jan", "Samira", "Dirk", "Olga", "Yusuf", "Ineke", "Tamara", "Ahmad",
               "Gerrit", "Lotte", "Bram", "Noor", "Henk", "Rania", "Wim", "Esra", "Daan", "Marloes", "Kofi", "Ilse",
               "Tomasz", "Sevda", "Ruud", "Amal", "Bas", "Hatice"]
LAST_NAMES = ["de Vries", "Yilmaz", "Jansen", "Bakker", "Kaya", "Visser", "el Idrissi", "Smit", "Nowak", "Mulder",
              "de Boer", "Öztürk", "Dekker", "Haddou", "Meijer", "Bos"]
EMPLOYERS = [("Jumbo Hengelo", "vakkenvuller"), ("Albert Heijn", "kassamedewerker"), ("PostNL", "sorteerder"),
             ("Thales", "schoonmaker"), ("Gemeente Enschede", None), ("Randstad", "productiemedewerker"),
             ("Kringloop Twente", "winkelmedewerker"), ("Action", "vakkenvuller"), ("Bakkerij Bolk", "bakkershulp"),
             ("<script>alert('x')</script> BV", "tester"), ("Stork", "magazijnmedewerker"), ("Zorggroep Manna", "helpende")]
CHANNELS = ["online", "brief", "langsgegaan", "telefonisch", "uitzendbureau", "netwerk", "open_sollicitatie"]
REASONS = ["Ik snap de brief over mijn uitkering niet", "kan ik ff bellen over werk?", "Mijn kind is ziek, wil afspraak verzetten",
           None, "ik wil praten over een opleiding"]


@dataclass
class DemoResult:
    gemeenten: List[str]
    staff: List[Dict[str, str]]
    clients: int
    password: str


class DemoDataExists(Exception):
    """The demo caseworkers exist already: running twice would double everything."""


def build_demo_data(session, *, now: datetime, reminder_moments, training_reminders) -> DemoResult:
    """Make the demo rows in `session`.

    `reminder_moments(client, starts_at)` plans appointment reminders;
    `training_reminders(client_id, starts_at)` plans training session reminders.
    """
    if caseworkers.get_caseworker_by_email(session, STAFF[0][1]) is not None:
        raise DemoDataExists()
    rng = random.Random(SEED)
    staff: Dict[str, Caseworker] = {}
    for gemeente_id, email, naam, role in STAFF:
        person = caseworkers.add_caseworker(session, email=email, naam=naam, gemeente_id=gemeente_id, role=role, now=now - timedelta(days=120))
        set_password(session, person.id, DEMO_PASSWORD, now=now)
        staff[email] = person

    number = 0
    made: List = []
    for email, size in CASELOAD_SIZES.items():
        person = staff[email]
        for _ in range(size):
            made.append(_make_client(session, rng, person, number, now=now, reminder_moments=reminder_moments))
            number += 1
    hengelo = [c for c in made if c.gemeente_id == "hengelo"]
    demo_trainings(session, hengelo, creator=STAFF[0][1], now=now, reminders_for=training_reminders)
    return DemoResult(
        gemeenten=sorted({g for g, *_ in STAFF}),
        staff=[{"email": e, "naam": n, "rol": r, "gemeente": g} for g, e, n, r in STAFF],
        clients=number,
        password=DEMO_PASSWORD,
    )


def _make_client(session, rng: random.Random, person: Caseworker, number: int, *, now: datetime, reminder_moments) -> None:
    registered = now - timedelta(days=rng.randint(10, 80), hours=rng.randint(0, 8))
    naam = f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[(number * 7) % len(LAST_NAMES)]}"
    client = clients.add_client(session, gemeente_id=person.gemeente_id, naam=naam, caseworker_email=person.email, now=registered)
    profile = number % 6  # a spread of histories: 0-1 active, 2 contact, 3 distress, 4 refused, 5 not linked yet
    if profile == 5:
        return client
    linked_at = registered + timedelta(days=1, hours=2)
    link_chat(session, chat_id=900_000_000 + number, client_id=client.id, now=linked_at)
    decision = "refused" if profile == 4 else "given"
    consent.record_consent(session, client.id, text_version="2024-01", decision=decision, now=linked_at + timedelta(minutes=1))
    if decision == "refused":
        handoffs.create_handoff(session, client.id, kind="no_consent", reason=None, urgent=False, now=linked_at + timedelta(minutes=2))
        return client
    demo_intake(session, rng, client, person, number, start=linked_at + timedelta(minutes=5), now=now)

    if number % 3 == 0:
        agreements.set_agreement(
            session, client.id, aantal=rng.choice([2, 4, 6]), periode_weken=4, starts_on=(registered + timedelta(days=2)).date(),
            set_by=person.email, now=registered + timedelta(days=2),
        )
    elif number % 11 == 0:
        agreements.set_agreement(session, client.id, vrijgesteld=True, starts_on=registered.date(), set_by=person.email, now=registered)

    for _ in range(rng.randint(0, 7)):
        applied = now - timedelta(days=rng.randint(0, (now - linked_at).days), hours=rng.randint(0, 5))
        applied = max(applied, linked_at + timedelta(hours=1))
        employer, position = EMPLOYERS[rng.randrange(len(EMPLOYERS))]
        application = applications.log_application(
            session, client.id, employer=employer, position=position, channel=rng.choice(CHANNELS),
            applied_on=applied.date(), now=applied,
        )
        for status in _status_path(rng):
            applied += timedelta(days=rng.randint(2, 6))
            if applied >= now:
                break
            applications.set_status(session, client.id, application.id, status, now=applied)

    if profile in (2, 3):
        asked = now - timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 9))
        kind = "distress" if profile == 3 else "contact"
        request = handoffs.create_handoff(
            session, client.id, kind=kind, reason=None if kind == "distress" else rng.choice(REASONS), urgent=kind == "distress", now=asked
        )
        if number % 4 == 0:
            close_handoff(session, request, status="afgehandeld", note="Gebeld, afspraak gemaakt.", author=person.email, now=asked + timedelta(hours=20))
    if number % 7 == 1:
        mark_unreachable(session, client.id, now=now - timedelta(days=rng.randint(1, 9)))
    if number % 2 == 0:
        starts_at = (now + timedelta(days=rng.randint(2, 20))).replace(hour=9 + number % 6, minute=0, second=0, microsecond=0)
        appointments.add_appointment(
            session, client_id=client.id, starts_at=starts_at, waar="Werkplein, balie 3", met=person.naam,
            created_by=person.email, reminders_due=reminder_moments(client, starts_at), now=now - timedelta(days=1),
        )
    if number % 3 == 1:
        set_at = now - timedelta(days=rng.randint(1, 10))
        schedule_message(
            session, client_id=client.id, kind="own_reminder", due_at=now + timedelta(days=rng.randint(1, 5)),
            now=set_at, payload={"about": "bellen naar uitzendbureau"},
        )
    audit.record_audit(session, actor=person.email, action="portal_dossier", client_id=client.id, now=now - timedelta(days=1))
    return client


def _status_path(rng: random.Random) -> List[str]:
    return rng.choice([[], [], ["geen_reactie"], ["afgewezen"], ["uitgenodigd", "gesprek_gehad", "afgewezen"],
                       ["uitgenodigd", "gesprek_gehad", "aangenomen"], ["uitgenodigd", "proefplaatsing"]])
