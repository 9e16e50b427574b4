"""`werkmaatje retention run` and `werkmaatje client close`: the privacy work an operator can start."""
from __future__ import annotations

import getpass
import json

from cli.common import client_not_found, prepare_database
from werkmaatje.settings import Settings
from werkmaatje.texts import operator as operator_texts


def cmd_retention_run(args, settings: Settings) -> int:
    from bot.database import utc_now
    from bot.privacy_jobs import run_retention
    from storage.db import unit_of_work
    from werkmaatje.configuration import get_configuration

    factory = prepare_database(settings)
    gemeenten = get_configuration(settings).gemeenten
    with unit_of_work(factory) as session:
        result = run_retention(session, gemeenten, now=utc_now())
    summary = {
        "chat_events_deleted": result.chat_events_deleted,
        "sensitive_answers_deleted": result.sensitive_answers_deleted,
        "clients_erased": result.clients_erased,
        "retained_records_deleted": result.retained_records_deleted,
    }
    print(json.dumps(summary) if args.json else "\n".join(f"{key}: {value}" for key, value in summary.items()))
    return 0


def cmd_client_close(args, settings: Settings) -> int:
    from bot.database import utc_now
    from storage import audit
    from storage.clients import get_client
    from storage.db import unit_of_work
    from storage.retention import close_client

    factory = prepare_database(settings)
    with unit_of_work(factory) as session:
        if get_client(session, args.client_id) is None:
            raise client_not_found(args.client_id)
        close_client(session, args.client_id, now=utc_now())
        audit.record_audit(session, actor=f"cli:{getpass.getuser()}", action="client_closed", client_id=args.client_id, now=utc_now())
    print(operator_texts.CLIENT_CLOSED.format(client_id=args.client_id))
    return 0


def register(commands, client) -> None:
    retention = commands.add_parser("retention", help="bewaartermijnen").add_subparsers(dest="action", required=True)
    run = retention.add_parser("run", help="verwijder wat over de bewaartermijn is (gebeurt ook dagelijks in de bot)")
    run.add_argument("--json", action="store_true")
    run.set_defaults(func=cmd_retention_run)
    close = client.add_parser("close", help="sluit het dossier van een cliënt (start de bewaartermijn)")
    close.add_argument("client_id")
    close.set_defaults(func=cmd_client_close)
