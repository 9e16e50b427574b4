"""`werkmaatje training …`: a klantmanager plans editions, invites, cancels sessions and registers attendance.

The same work the portal's training pages do, for an operator at the command
line. Reading who takes part is a read of client data, so it is audited like
`werkmaatje export`.
"""
from __future__ import annotations

import getpass
import json
from typing import List

from cli.reminders import parse_local
from cli.common import OperatorError, client_not_found, prepare_database
from usecases.trainings import fitting_clients, session_reminders
from werkmaatje.configuration import load_configuration
from werkmaatje.settings import Settings
from werkmaatje.texts import operator as operator_texts


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def catalogues(settings: Settings):
    configuration = load_configuration(settings.gemeenten_dir)
    return configuration.gemeenten, configuration.catalogues


def reminders_for(session, settings: Settings, gemeente_id: str, now):
    """Reminder moments per client: the gemeente's rhythm and quiet hours, and the client's wishes."""
    gemeenten, all_catalogues = catalogues(settings)
    return session_reminders(session, gemeenten[gemeente_id], all_catalogues.get(gemeente_id), timezone_name=settings.timezone, now=now)


def cmd_plan(args, settings: Settings) -> int:
    from storage import trainings
    from storage.db import unit_of_work
    from storage.timestamps import utc_now

    gemeenten, all_catalogues = catalogues(settings)
    if args.gemeente not in gemeenten:
        raise OperatorError(operator_texts.GEMEENTE_NOT_FOUND.format(gemeente=args.gemeente))
    catalogue = all_catalogues.get(args.gemeente)
    training = catalogue.training(args.training) if catalogue else None
    if training is None:
        known = ", ".join(t.id for t in catalogue.trainingen) if catalogue else operator_texts.NO_TRAININGS
        raise OperatorError(operator_texts.TRAINING_NOT_IN_CATALOGUE.format(training=args.training, gemeente=args.gemeente, bekend=known))
    now = utc_now()
    starts = [parse_local(value, settings.timezone) for value in args.sessie]
    if any(start <= now for start in starts):
        raise OperatorError(operator_texts.SESSION_IN_PAST)
    deadline = parse_local(args.aanmelden_tot, settings.timezone) if args.aanmelden_tot else min(starts)
    if deadline > min(starts):
        raise OperatorError(operator_texts.SIGNUP_CLOSES_TOO_LATE)
    factory = prepare_database(settings)
    with unit_of_work(factory) as session:
        edition = trainings.plan_edition(
            session,
            gemeente_id=args.gemeente,
            **training.edition_fields(),
            capacity=args.capaciteit,
            signup_deadline=deadline,
            sessions=[trainings.PlannedSession(start, args.duur, args.waar) for start in starts],
            created_by=_actor(),
            now=now,
        )
        result = {
            "edition_id": edition.id,
            "titel": edition.titel,
            "capacity": edition.capacity,
            "signup_deadline": edition.signup_deadline.isoformat(),
            "sessions": [
                {"session_id": row.id, "starts_at": row.starts_at.isoformat(), "waar": row.waar}
                for row in trainings.sessions_of(session, edition.id)
            ],
        }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(
            operator_texts.EDITION_PLANNED.format(
                edition_id=result['edition_id'], titel=result['titel'], sessies=len(starts), plaatsen=args.capaciteit
            )
        )
    return 0


def matching_clients(session, edition, training, *, now) -> List[str]:
    """Clients of the edition's gemeente whose intake profile fits the training (werkmaatje.training_matching).

    Reading a profile is reading client data, so each read is audited.
    """
    from sqlalchemy import select

    from storage.tables import Client

    ids = list(session.execute(select(Client.id).where(Client.gemeente_id == edition.gemeente_id).order_by(Client.id)).scalars())
    return fitting_clients(session, training, ids, actor=_actor(), audit_action="training_matching", now=now)


def cmd_invite(args, settings: Settings) -> int:
    from storage import clients, trainings
    from storage.trainings import participants
    from storage.db import unit_of_work
    from storage.errors import ValidationError
    from storage.timestamps import utc_now

    _gemeenten, all_catalogues = catalogues(settings)
    factory = prepare_database(settings)
    now = utc_now()
    with unit_of_work(factory) as session:
        edition = trainings.get_edition(session, args.edition_id)
        if edition is None:
            raise OperatorError(operator_texts.EDITION_NOT_FOUND.format(edition_id=args.edition_id))
        if args.matching:
            catalogue = all_catalogues.get(edition.gemeente_id)
            training = catalogue.training(edition.training_id) if catalogue else None
            if training is None:
                raise OperatorError(operator_texts.TRAINING_LEFT_CATALOGUE.format(training=edition.training_id))
            chosen = matching_clients(session, edition, training, now=now)
        else:
            chosen = args.client
            for client_id in chosen:
                if clients.get_client(session, client_id) is None:
                    raise client_not_found(client_id)
        try:
            invited = participants.invite(session, edition.id, chosen, now=now)
        except ValidationError as error:
            raise OperatorError(_dutch(error)) from error
    result = {"edition_id": args.edition_id, "invited": invited, "skipped": [c for c in chosen if c not in invited]}
    if args.json:
        print(json.dumps(result))
    else:
        print(operator_texts.INVITATIONS_QUEUED.format(aantal=len(invited)))
    return 0


def cmd_cancel_session(args, settings: Settings) -> int:
    from storage import trainings
    from storage.db import unit_of_work
    from storage.errors import NotFoundError
    from storage.timestamps import utc_now

    factory = prepare_database(settings)
    with unit_of_work(factory) as session:
        try:
            told = trainings.cancel_session(session, args.session_id, now=utc_now())
        except NotFoundError as error:
            raise OperatorError(operator_texts.SESSION_NOT_FOUND.format(session_id=args.session_id)) from error
    print(operator_texts.SESSION_CANCELLED.format(session_id=args.session_id, aantal=len(told)))
    return 0


def cmd_attendance(args, settings: Settings) -> int:
    from storage import audit, clients, trainings
    from storage.trainings import attendance
    from storage.db import unit_of_work
    from storage.preferences import get_preferences
    from storage.timestamps import utc_now
    from werkmaatje.scheduling import rules_for
    from werkmaatje.training_schedule import noshow_moment

    gemeenten, _catalogues = catalogues(settings)
    marks = [(c, "aanwezig") for c in args.aanwezig] + [(c, "afwezig") for c in args.afwezig]
    if not marks:
        raise OperatorError(operator_texts.ATTENDANCE_NEEDS_CLIENTS)
    factory = prepare_database(settings)
    now = utc_now()
    with unit_of_work(factory) as session:
        session_row = trainings.get_session(session, args.session_id)
        if session_row is None:
            raise OperatorError(operator_texts.SESSION_NOT_FOUND.format(session_id=args.session_id))
        edition = trainings.get_edition(session, session_row.edition_id)
        for client_id, status in marks:
            if clients.get_client(session, client_id) is None:
                raise client_not_found(client_id)
            rules = rules_for(
                gemeenten[edition.gemeente_id], timezone_name=settings.timezone, kind="training_noshow",
                wishes=get_preferences(session, client_id),
            )
            attendance.register(
                session, session_row.id, client_id, status=status, by=_actor(), now=now,
                noshow_due=noshow_moment(session_row.starts_at, rules),
            )
            audit.record_audit(session, actor=_actor(), action="training_attendance", client_id=client_id, now=now)
    print(operator_texts.ATTENDANCE_SAVED.format(aantal=len(marks), session_id=args.session_id))
    return 0


def cmd_show(args, settings: Settings) -> int:
    from storage import audit, clients, trainings
    from storage.trainings import attendance
    from storage.trainings import participants
    from storage.db import unit_of_work
    from storage.timestamps import utc_now

    factory = prepare_database(settings)
    now = utc_now()
    with unit_of_work(factory) as session:
        edition = trainings.get_edition(session, args.edition_id)
        if edition is None:
            raise OperatorError(operator_texts.EDITION_NOT_FOUND.format(edition_id=args.edition_id))
        sessions = trainings.sessions_of(session, edition.id, include_cancelled=True)
        people = []
        for row in participants.participants(session, edition.id):
            client = clients.get_client(session, row.client_id)
            people.append(
                {
                    "client_id": row.client_id,
                    "naam": client.naam,
                    "status": row.status,
                    "waitlist_position": participants.waitlist_position(session, row),
                    "reason": row.reason,
                    "attendance": {
                        str(s.id): getattr(attendance.attendance_of(session, s.id, row.client_id), "status", None)
                        for s in sessions
                    },
                }
            )
            audit.record_audit(session, actor=_actor(), action="training_show", client_id=row.client_id, now=now)
        result = {
            "edition_id": edition.id,
            "titel": edition.titel,
            "capacity": edition.capacity,
            "signed_up": participants.count_signed_up(session, edition.id),
            "sessions": [{"session_id": s.id, "starts_at": s.starts_at.isoformat(), "waar": s.waar, "status": s.status} for s in sessions],
            "participants": people,
        }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _dutch(error: Exception) -> str:
    text = str(error)
    if "no longer takes sign-ups" in text:
        return operator_texts.SIGNUP_CLOSED
    if "another gemeente" in text:
        return operator_texts.CLIENT_OF_OTHER_GEMEENTE
    return text


def register(commands) -> None:
    training = commands.add_parser("training", help="trainingen en workshops").add_subparsers(dest="action", required=True)
    plan = training.add_parser("plan", help="plan een editie van een training uit de catalogus")
    plan.add_argument("--gemeente", required=True)
    plan.add_argument("--training", required=True, help="id uit gemeenten/trainingen/<gemeente>.yml")
    plan.add_argument("--sessie", action="append", required=True, help='bijeenkomst, bijvoorbeeld "2026-12-01 10:00"; herhaal per bijeenkomst')
    plan.add_argument("--duur", type=int, default=120, help="duur van een bijeenkomst in minuten (standaard 120)")
    plan.add_argument("--waar", required=True)
    plan.add_argument("--capaciteit", type=int, required=True)
    plan.add_argument("--aanmelden-tot", help='sluiting aanmelden, bijvoorbeeld "2026-11-28 17:00" (standaard: begin eerste bijeenkomst)')
    plan.add_argument("--json", action="store_true")
    plan.set_defaults(func=cmd_plan)

    invite = training.add_parser("invite", help="nodig cliënten uit; de uitnodiging gaat als gepland bericht")
    invite.add_argument("edition_id", type=int)
    who = invite.add_mutually_exclusive_group(required=True)
    who.add_argument("--client", action="append", help="cliënt-id; herhaal voor meer cliënten")
    who.add_argument("--matching", action="store_true", help="iedereen van wie het profiel bij de training past")
    invite.add_argument("--json", action="store_true")
    invite.set_defaults(func=cmd_invite)

    cancel = training.add_parser("cancel-session", help="annuleer een bijeenkomst; deelnemers krijgen bericht")
    cancel.add_argument("session_id", type=int)
    cancel.set_defaults(func=cmd_cancel_session)

    attendance = training.add_parser("attendance", help="registreer wie er was; wie er niet was krijgt de volgende dag een vraag")
    attendance.add_argument("session_id", type=int)
    attendance.add_argument("--aanwezig", action="append", default=[], metavar="CLIENT_ID")
    attendance.add_argument("--afwezig", action="append", default=[], metavar="CLIENT_ID")
    attendance.set_defaults(func=cmd_attendance)

    show = training.add_parser("show", help="deelnemers, wachtlijst en aanwezigheid van een editie, als JSON")
    show.add_argument("edition_id", type=int)
    show.set_defaults(func=cmd_show)
