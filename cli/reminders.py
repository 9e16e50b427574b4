"""`werkmaatje appointment …`: appointments a klantmanager makes, with their reminders."""
from __future__ import annotations

import getpass
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from cli.common import OperatorError, client_not_found, prepare_database
from werkmaatje.settings import Settings
from werkmaatje.texts import operator as operator_texts


def parse_local(value: str, timezone_name: str) -> datetime:
    """"2026-12-01 10:00" as meant in the municipality's time zone."""
    try:
        naive = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
    except ValueError as error:
        raise OperatorError(operator_texts.UNKNOWN_MOMENT.format(moment=value)) from error
    return naive.replace(tzinfo=ZoneInfo(timezone_name))


def cmd_appointment_add(args, settings: Settings) -> int:
    from storage import appointments, clients
    from storage.db import unit_of_work
    from storage.preferences import get_preferences
    from storage.timestamps import utc_now
    from werkmaatje.configuration import get_configuration
    from werkmaatje.scheduling import appointment_reminder_moments, rules_for

    starts_at = parse_local(args.op, settings.timezone)
    now = utc_now()
    if starts_at <= now:
        raise OperatorError(operator_texts.MOMENT_PASSED)
    factory = prepare_database(settings)
    gemeenten = get_configuration(settings).gemeenten
    with unit_of_work(factory) as session:
        client = clients.get_client(session, args.client_id)
        if client is None:
            raise client_not_found(args.client_id)
        wishes = get_preferences(session, client.id)
        rules = rules_for(gemeenten[client.gemeente_id], timezone_name=settings.timezone, kind="appointment", wishes=wishes)
        reminders = appointment_reminder_moments(starts_at, now=now, rules=rules)
        appointment = appointments.add_appointment(
            session,
            client_id=client.id,
            starts_at=starts_at,
            waar=args.waar,
            met=args.met,
            created_by=f"cli:{getpass.getuser()}",
            reminders_due=reminders,
            now=now,
        )
        result = {
            "appointment_id": appointment.id,
            "starts_at": appointment.starts_at.isoformat(),
            "reminders": [moment.isoformat() for moment in reminders],
        }
    print(json.dumps(result) if args.json else operator_texts.APPOINTMENT_PLANNED.format(appointment_id=result['appointment_id'], aantal=len(reminders)))
    return 0


def cmd_appointment_cancel(args, settings: Settings) -> int:
    from storage import appointments
    from storage.db import unit_of_work
    from storage.errors import NotFoundError

    factory = prepare_database(settings)
    with unit_of_work(factory) as session:
        try:
            appointments.cancel_appointment(session, args.appointment_id)
        except NotFoundError as error:
            raise OperatorError(operator_texts.APPOINTMENT_NOT_FOUND.format(appointment_id=args.appointment_id)) from error
    print(operator_texts.APPOINTMENT_CANCELLED.format(appointment_id=args.appointment_id))
    return 0


def register(commands) -> None:
    appointment = commands.add_parser("appointment", help="afspraken met cliënten").add_subparsers(
        dest="action", required=True
    )
    add = appointment.add_parser("add", help="plan een afspraak; herinneringen gaan de dag ervoor en 2 uur ervoor")
    add.add_argument("client_id")
    add.add_argument("--op", required=True, help='moment in Nederlandse tijd, bijvoorbeeld "2026-12-01 10:00"')
    add.add_argument("--waar", required=True)
    add.add_argument("--met", required=True)
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_appointment_add)
    cancel = appointment.add_parser("cancel", help="annuleer een afspraak en haar herinneringen")
    cancel.add_argument("appointment_id", type=int)
    cancel.set_defaults(func=cmd_appointment_cancel)
