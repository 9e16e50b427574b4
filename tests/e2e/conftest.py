"""One real Rasa + action server stack for all end-to-end tests, on a fresh SQLite database."""
from __future__ import annotations

import pytest

from cli.common import new_link, prepare_database
from storage import clients
from storage.db import cached_session_factory, unit_of_work
from testing.stack import RasaStack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e")
    stack = RasaStack.for_database(f"sqlite:///{folder / 'werkmaatje.db'}", folder)
    prepare_database(stack.settings)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def db(stack):
    return cached_session_factory(stack.settings.database_url)


@pytest.fixture
def new_client(stack, db):
    """Make a client in Hengelo and return (client_id, koppelcode)."""

    def make(naam: str = "Anna de Vries"):
        with unit_of_work(db) as session:
            client = clients.add_client(session, gemeente_id="hengelo", naam=naam)
            link = new_link(session, client.id, stack.settings)
        return link["client_id"], link["koppelcode"]

    return make
