"""One real Rasa + action server stack for all end-to-end tests, on a fresh SQLite database."""
from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from bot.app import build_application
from cli.common import new_link, prepare_database
from storage import clients
from storage.db import cached_session_factory, unit_of_work
from tests.stack import RasaStack
from tests.telegram_standin import TelegramStandIn


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


@asynccontextmanager
async def running_bot(stack: RasaStack, **settings_overrides):
    """The real ptb Application, polling the Telegram stand-in."""
    async with running_application(stack, **settings_overrides) as (telegram, _application):
        yield telegram


@asynccontextmanager
async def running_application(stack: RasaStack, **settings_overrides):
    """Like `running_bot`, and also the Application, whose bot_data["services"] tests may use."""
    async with TelegramStandIn() as telegram:
        settings = stack.settings.copy(
            update={
                "telegram_bot_token": telegram.token,
                "telegram_api_base_url": f"{telegram.url}/bot",
                **settings_overrides,
            }
        )
        application = build_application(settings)
        await application.initialize()
        # run_polling() calls these hooks itself; here the test drives the lifecycle.
        await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield telegram, application
        finally:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()
            await application.post_shutdown(application)
