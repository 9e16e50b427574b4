"""`werkmaatje agreement set` and `werkmaatje applications`: a client's application agreement and applications.

What the portal does for a klantmanager, at the command line: set the agreement,
read the applications (as JSON or as the werkmap's CSV). Every read of a client's data is audited, like
`werkmaatje export`.
"""
from __future__ import annotations

import csv
import getpass
import json
import sys
from datetime import date
from typing import List, Optional

from cli.common import OperatorError, client_not_found, prepare_database
from werkmaatje.texts import operator as operator_texts

# The werkmap's field order (UWV werk.nl): date, employer, position, how, result.
CSV_HEADER = ["datum", "werkgever", "functie", "hoe", "resultaat"]
# A spreadsheet runs a cell starting with these as a formula; a quote makes it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def register(commands) -> None:
    """Add the agreement and applications commands to `werkmaatje`'s subcommands."""
    agreement = commands.add_parser("agreement", help="sollicitatieafspraak van een cliënt").add_subparsers(
        dest="action", required=True
    )
    set_agreement = agreement.add_parser("set", help="zet de afspraak: --aantal N --periode-weken W, of --vrijgesteld")
    set_agreement.add_argument("client_id")
    how_many = set_agreement.add_mutually_exclusive_group(required=True)
    how_many.add_argument("--aantal", type=int, help="aantal sollicitaties per periode")
    how_many.add_argument("--vrijgesteld", action="store_true", help="geen sollicitatieplicht")
    set_agreement.add_argument("--periode-weken", type=int, help="lengte van een periode in weken")
    set_agreement.add_argument(
        "--vanaf", type=date.fromisoformat, help="eerste dag van de eerste periode, JJJJ-MM-DD (standaard: vandaag)"
    )
    set_agreement.set_defaults(func=cmd_agreement_set)

    listing = commands.add_parser("applications", help="sollicitaties van een cliënt, als JSON of als CSV (werkmap)")
    listing.add_argument("client_id")
    listing.add_argument("--csv", action="store_true", help="CSV in de volgorde van de werkmap")
    listing.set_defaults(func=cmd_applications)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def cmd_agreement_set(args, settings) -> int:
    from bot.database import utc_now
    from storage import agreements, audit, clients
    from storage.db import unit_of_work

    if args.aantal is not None and args.periode_weken is None:
        raise OperatorError(operator_texts.AGREEMENT_NEEDS_PERIOD)
    if args.vrijgesteld and args.periode_weken is not None:
        raise OperatorError(operator_texts.AGREEMENT_EXEMPT_NO_PERIOD)
    factory = prepare_database(settings)
    now = utc_now()
    with unit_of_work(factory) as session:
        if clients.get_client(session, args.client_id) is None:
            raise client_not_found(args.client_id)
        agreement = agreements.set_agreement(
            session,
            args.client_id,
            aantal=args.aantal,
            periode_weken=args.periode_weken,
            vrijgesteld=args.vrijgesteld,
            starts_on=args.vanaf or agreements.local_date(now, settings.timezone),
            set_by=_actor(),
            now=now,
        )
        audit.record_audit(session, actor=_actor(), action="agreement_set", client_id=args.client_id, now=now)
        starts_on = agreement.starts_on
    if args.vrijgesteld:
        print(operator_texts.AGREEMENT_EXEMPT.format(client_id=args.client_id, vanaf=starts_on.isoformat()))
    else:
        print(
            operator_texts.AGREEMENT_SET.format(
                client_id=args.client_id, aantal=args.aantal, weken=args.periode_weken, vanaf=starts_on.isoformat()
            )
        )
    return 0


def cmd_applications(args, settings) -> int:
    from bot.database import utc_now
    from storage import audit, clients
    from storage.db import unit_of_work
    from storage.export import application_records
    from usecases.agreements import progress_for
    from werkmaatje.configuration import get_configuration

    factory = prepare_database(settings)
    now = utc_now()
    with unit_of_work(factory) as session:
        client = clients.get_client(session, args.client_id)
        if client is None:
            raise client_not_found(args.client_id)
        records = application_records(session, client.id)
        gemeente = get_configuration(settings).gemeenten.get(client.gemeente_id)
        progress = progress_for(session, client.id, gemeente, now=now, timezone=settings.timezone)
        # Every read of a client's data by a person is audited, the CLI included.
        audit.record_audit(session, actor=_actor(), action="applications", client_id=client.id, now=now)
    if args.csv:
        write_werkmap_csv(records, sys.stdout)
    else:
        listing = {"client_id": client.id, "applications": records, "agreement": _progress(progress)}
        print(json.dumps(listing, ensure_ascii=False, indent=2))
    return 0


def _progress(progress) -> dict:
    terms = progress.terms
    return {
        "vrijgesteld": terms.vrijgesteld,
        "aantal": terms.aantal,
        "periode_weken": terms.periode_weken,
        "starts_on": terms.starts_on.isoformat(),
        "gemeente_default": terms.is_default,
        "current_period": None
        if progress.period is None
        else {"start": progress.period.start.isoformat(), "last_day": progress.period.last_day.isoformat()},
        "count_in_current_period": progress.count,
    }


def _cell(value: Optional[str]) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_werkmap_csv(records: List[dict], out) -> None:
    """One row per application, oldest first, in the werkmap's columns; codes as stored."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for record in records:
        writer.writerow(
            [
                _cell(record["applied_on"]),
                _cell(record["employer"]),
                _cell(record["position"]),
                _cell(record["channel"]),
                _cell(record["status"]),
            ]
        )
