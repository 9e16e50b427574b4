"""`werkmaatje portal`, `werkmaatje demo-data` and portal passwords for caseworkers."""
from __future__ import annotations

import getpass
import json
import os
import sys

from cli.common import OperatorError, prepare_database
from werkmaatje.settings import REPO_ROOT, Settings
from werkmaatje.texts import operator as operator_texts


def portal_command():
    # A process of its own: the portal imports only storage and werkmaatje, never bot/.
    return [sys.executable, "-m", "portal"]


def cmd_portal(args, settings: Settings) -> int:
    settings.check_portal_secrets()

    prepare_database(settings)
    print(operator_texts.PORTAL_RUNNING.format(host=settings.portal_host, port=settings.portal_port), flush=True)
    # The portal takes this process's place: a SIGTERM from a process manager
    # reaches the portal itself, and no child is left running behind it.
    os.chdir(REPO_ROOT)
    os.execve(sys.executable, portal_command(), dict(os.environ))


def cmd_caseworker_password(args, settings: Settings) -> int:
    from storage import caseworkers
    from storage.db import unit_of_work
    from storage.portal.accounts import set_password
    from storage.timestamps import utc_now

    password = sys.stdin.readline().rstrip("\n") if args.stdin else getpass.getpass(operator_texts.NEW_PASSWORD_PROMPT)
    factory = prepare_database(settings)
    with unit_of_work(factory) as session:
        person = caseworkers.get_caseworker_by_email(session, args.email)
        if person is None:
            raise OperatorError(operator_texts.CASEWORKER_NOT_FOUND.format(email=args.email))
        set_password(session, person.id, password, now=utc_now())
    print(operator_texts.PASSWORD_SET.format(email=person.email))
    return 0


def cmd_demo_data(args, settings: Settings) -> int:
    from cli.demo_data import DemoDataExists, build_demo_data
    from storage.db import unit_of_work
    from storage.preferences import get_preferences
    from storage.timestamps import utc_now
    from werkmaatje.configuration import get_configuration
    from werkmaatje.scheduling import appointment_reminder_moments, rules_for
    from usecases.trainings import session_reminders

    if not settings.is_development:
        raise OperatorError(operator_texts.DEMO_ONLY_IN_DEVELOPMENT)
    factory = prepare_database(settings)
    gemeenten = get_configuration(settings).gemeenten
    now = utc_now()
    with unit_of_work(factory) as session:

        def reminder_moments(client, starts_at):
            rules = rules_for(
                gemeenten[client.gemeente_id], timezone_name=settings.timezone, kind="appointment",
                wishes=get_preferences(session, client.id),
            )
            return appointment_reminder_moments(starts_at, now=now, rules=rules)

        catalogue = get_configuration(settings).catalogue("hengelo")
        training_reminders = session_reminders(session, gemeenten["hengelo"], catalogue, timezone_name=settings.timezone, now=now)
        try:
            result = build_demo_data(session, now=now, reminder_moments=reminder_moments, training_reminders=training_reminders)
        except DemoDataExists as error:
            raise OperatorError(operator_texts.DEMO_EXISTS) from error
    if args.json:
        print(json.dumps(result.__dict__))
    else:
        print(operator_texts.DEMO_MADE.format(aantal=result.clients, gemeenten=", ".join(result.gemeenten)))
        for person in result.staff:
            print(f"  {person['rol']:<13} {person['email']}")
        print(operator_texts.DEMO_PASSWORD.format(wachtwoord=result.password))
    return 0


def register(commands, caseworker_commands) -> None:
    commands.add_parser("portal", help="start het portaal voor klantmanagers").set_defaults(func=cmd_portal)
    demo = commands.add_parser("demo-data", help="maak demodata: 2 gemeenten, medewerkers en 30 cliënten (alleen development)")
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(func=cmd_demo_data)
    password = caseworker_commands.add_parser("password", help="zet het portaalwachtwoord van een medewerker")
    password.add_argument("email")
    password.add_argument("--stdin", action="store_true", help="lees het wachtwoord van standaardinvoer")
    password.set_defaults(func=cmd_caseworker_password)
