"""The `werkmaatje` command: run the product, chat in a terminal, manage clients."""
from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from typing import List, Optional

from cli import applications, portal, privacy, reminders, trainings
from cli.common import OperatorError, client_not_found, new_link, prepare_database, require_client
from werkmaatje.texts import operator as operator_texts
from werkmaatje.gemeenten import GemeenteConfigError
from werkmaatje.trainings_catalogue import CatalogueError
from werkmaatje.settings import Settings, SettingsError, get_settings

EXIT_USAGE = 2


def product_services(settings: Settings, model) -> list:
    """The processes `werkmaatje run` starts, in start order."""
    from cli.supervisor import Service, action_server_command, bot_command, rasa_command

    return [
        Service("rasa", rasa_command(settings, model)),
        Service("actieserver", action_server_command(settings)),
        Service("telegram-bot", bot_command()),
        Service("portaal", portal.portal_command()),
    ]


def cmd_run(args, settings: Settings) -> int:
    from cli.production import Topology, check_production, production_services
    from cli.supervisor import Supervisor, child_env, latest_model

    if not settings.telegram_bot_token:
        raise OperatorError(operator_texts.MISSING_TOKEN_HINT)
    production = args.profile == "production"
    topology = Topology(rasa_replicas=args.rasa, bot_replicas=args.bots)
    if production:
        check_production(settings, topology)
    else:
        settings.check_secrets()
    prepare_database(settings)
    model = latest_model(settings.rasa_model_dir)
    if model is None:
        raise OperatorError(operator_texts.NO_MODEL.format(map=settings.rasa_model_dir))
    services = production_services(settings, model, topology) if production else product_services(settings, model)
    return Supervisor(services, child_env(settings)).run()


def cmd_bot(args, settings: Settings) -> int:
    from bot.app import run_bot

    if not settings.telegram_bot_token:
        raise OperatorError(operator_texts.MISSING_TOKEN_HINT)
    settings.check_secrets()
    prepare_database(settings)
    run_bot(settings)
    return 0


def cmd_chat(args, settings: Settings) -> int:
    from cli.terminal_chat import run_terminal_chat

    factory = prepare_database(settings)
    return run_terminal_chat(settings, factory, koppelcode=args.koppelcode)


def _print_link(link: dict, settings: Settings, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(link))
        return
    print(operator_texts.LINK_CLIENT.format(client_id=link['client_id']))
    print(operator_texts.LINK_KOPPELCODE.format(koppelcode=link['koppelcode'], dagen=settings.koppelcode_days_valid))
    print(operator_texts.LINK_DEEPLINK.format(link=link['deeplink']))


def cmd_client_add(args, settings: Settings) -> int:
    from storage import clients
    from storage.db import unit_of_work

    factory = prepare_database(settings)
    with unit_of_work(factory) as session:
        client = clients.add_client(session, gemeente_id=args.gemeente, naam=args.naam, caseworker_email=args.klantmanager)
        link = new_link(session, client.id, settings)
    _print_link(link, settings, as_json=args.json)
    return 0


def cmd_client_code(args, settings: Settings) -> int:
    from storage.db import unit_of_work

    factory = prepare_database(settings)
    with unit_of_work(factory) as session:
        require_client(session, args.client_id)
        link = new_link(session, args.client_id, settings)
    _print_link(link, settings, as_json=args.json)
    return 0


def cmd_caseworker_add(args, settings: Settings) -> int:
    from storage import caseworkers
    from storage.db import unit_of_work

    factory = prepare_database(settings)
    with unit_of_work(factory) as session:
        caseworker = caseworkers.add_caseworker(
            session, email=args.email, naam=args.naam, gemeente_id=args.gemeente, role=args.rol
        )
        result = {"caseworker_id": caseworker.id, "email": caseworker.email, "gemeente": caseworker.gemeente_id}
    print(json.dumps(result) if args.json else operator_texts.CASEWORKER_ADDED.format(email=result['email'], rol=args.rol))
    return 0


def cmd_export(args, settings: Settings) -> int:
    from bot.database import utc_now
    from storage import audit, export
    from storage.db import unit_of_work

    factory = prepare_database(settings)
    with unit_of_work(factory) as session:
        data = export.export_client(session, args.client_id)
        if data is None:
            raise client_not_found(args.client_id)
        # Every read of a client's data by a person is audited, the CLI included.
        audit.record_audit(session, actor=f"cli:{getpass.getuser()}", action="export", client_id=args.client_id, now=utc_now())
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def cmd_db_upgrade(args, settings: Settings) -> int:
    prepare_database(settings)
    print(operator_texts.DATABASE_UPGRADED)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="werkmaatje", description="Werkmaatje: Telegram-assistent voor werkzoekenden.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="start Rasa, de actieserver, de Telegram-bot en het portaal")
    run.add_argument(
        "--profile", choices=["embedded", "production"], default="embedded",
        help="embedded: één van elk op SQLite; production: replica's achter nginx op PostgreSQL en Redis",
    )
    run.add_argument("--rasa", type=int, default=2, help="aantal Rasa-replica's (production)")
    run.add_argument("--bots", type=int, default=2, help="aantal bot-replica's voor de webhook (production)")
    run.set_defaults(func=cmd_run)
    commands.add_parser("bot", help="start alleen de Telegram-bot").set_defaults(func=cmd_bot)
    chat = commands.add_parser("chat", help="praat met Werkmaatje in de terminal")
    chat.add_argument("--koppelcode", help="koppel de terminal aan een bestaande cliënt")
    chat.set_defaults(func=cmd_chat)

    client = commands.add_parser("client", help="cliënten beheren").add_subparsers(dest="action", required=True)
    add = client.add_parser("add", help="maak een cliënt en een koppelcode")
    add.add_argument("--gemeente", required=True)
    add.add_argument("--naam", required=True)
    add.add_argument("--klantmanager", help="e-mailadres van de klantmanager")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_client_add)
    code = client.add_parser("code", help="maak een nieuwe koppelcode voor een cliënt")
    code.add_argument("client_id")
    code.add_argument("--json", action="store_true")
    code.set_defaults(func=cmd_client_code)

    caseworker = commands.add_parser("caseworker", help="medewerkers beheren").add_subparsers(dest="action", required=True)
    cw_add = caseworker.add_parser("add", help="voeg een klantmanager of beheerder toe")
    cw_add.add_argument("--gemeente", required=True)
    cw_add.add_argument("--naam", required=True)
    cw_add.add_argument("--email", required=True)
    cw_add.add_argument("--rol", choices=["klantmanager", "teamleider", "beheerder"], default="klantmanager")
    cw_add.add_argument("--json", action="store_true")
    cw_add.set_defaults(func=cmd_caseworker_add)

    export = commands.add_parser("export", help="alles wat over een cliënt bewaard is, als JSON")
    export.add_argument("client_id")
    export.set_defaults(func=cmd_export)
    applications.register(commands)

    db = commands.add_parser("db", help="database").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="voer de migraties uit").set_defaults(func=cmd_db_upgrade)

    reminders.register(commands)
    portal.register(commands, caseworker)
    trainings.register(commands)
    privacy.register(commands, client)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    from storage.errors import StorageError

    try:
        return args.func(args, get_settings())
    except (OperatorError, SettingsError, GemeenteConfigError, CatalogueError, StorageError) as error:
        print(f"werkmaatje: {error}", file=sys.stderr)
        return EXIT_USAGE if isinstance(error, OperatorError) else 1


if __name__ == "__main__":
    sys.exit(main())
