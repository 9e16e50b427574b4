"""What the `werkmaatje` subcommands share: the operator's errors, a ready database, koppelcodes."""
from __future__ import annotations

from datetime import timedelta

from werkmaatje.configuration import load_configuration
from werkmaatje.settings import Settings
from werkmaatje.texts import operator as operator_texts


class OperatorError(Exception):
    """An error an operator can fix; the CLI prints it as one line, without a traceback."""


def prepare_database(settings: Settings):
    """Migrate the database and mirror the gemeente files into it; returns a session factory."""
    from storage import gemeenten as gemeente_rows
    from storage.db import cached_session_factory, run_migrations, unit_of_work

    # Reading the catalogues too: refuse to start on a broken one rather than fail on first use.
    configured = load_configuration(settings.gemeenten_dir).gemeenten
    run_migrations(settings.database_url)
    factory = cached_session_factory(settings.database_url)
    with unit_of_work(factory) as session:
        for gemeente in configured.values():
            gemeente_rows.upsert_gemeente(session, gemeente.id, gemeente.naam)
    return factory


def client_not_found(client_id) -> OperatorError:
    return OperatorError(operator_texts.CLIENT_NOT_FOUND.format(client_id=client_id))


def require_client(session, client_id):
    """The client row, or the operator's error that it does not exist."""
    from storage import clients

    client = clients.get_client(session, client_id)
    if client is None:
        raise client_not_found(client_id)
    return client


def new_link(session, client_id: str, settings: Settings) -> dict:
    """Issue a one-time koppelcode and the t.me deep link that carries it."""
    from storage import koppelcodes
    from storage.timestamps import utc_now

    code = koppelcodes.issue_koppelcode(session, client_id, now=utc_now(), ttl=timedelta(days=settings.koppelcode_days_valid))
    return {"client_id": client_id, "koppelcode": code, "deeplink": settings.deeplink(code)}
