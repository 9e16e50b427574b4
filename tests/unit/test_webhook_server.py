"""The webhook server over real HTTP, with a real ptb Application against the Telegram stand-in.

No Rasa here: the handlers are small ones that record what reached them, so
these cases run in a second. What the product's own handlers store is in
tests/e2e/test_webhook.py.
"""
from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager

import httpx
from telegram.ext import Application, MessageHandler, filters

from bot import handlers
from bot.background import BackgroundTasks
from bot.webhook import MAX_BODY_BYTES, SECRET_HEADER, WebhookServer
from testing.telegram import TelegramStandIn
from testing.telegram.updates import text_content, user

SECRET = "unit-webhook-secret"
PATH = "/telegram"


def text_update(update_id: int, text: str, chat_id: int = 4242) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1795430000,
            "chat": {"id": chat_id, "type": "private", "first_name": "Eva"},
            "from": user(chat_id, "Eva"),
            **text_content(text),
        },
    }


@asynccontextmanager
async def serving(on_text):
    """A started Application whose only handler is `on_text`, behind a WebhookServer on a free port."""
    async with TelegramStandIn() as telegram:
        application = Application.builder().token(telegram.token).base_url(f"{telegram.url}/bot").build()
        application.add_handler(MessageHandler(filters.TEXT, on_text))
        # The product's error handler: it tells the server that the handler failed.
        application.add_error_handler(handlers.on_error)
        await application.initialize()
        await application.start()
        server = WebhookServer(application, secret=SECRET, path=PATH, host="127.0.0.1", port=0)
        server.start()
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as http:
                yield http, application
        finally:
            await server.stop()
            await application.stop()
            await application.shutdown()


def post(http: httpx.AsyncClient, body, *, secret=SECRET, path=PATH):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return http.post(path, content=content, headers=headers)


def test_only_the_secret_token_lets_an_update_through():
    seen = []

    async def record(update, context):
        seen.append(update.update_id)

    async def scenario():
        async with serving(record) as (http, _application):
            missing = await post(http, text_update(1, "hoi"), secret=None)
            wrong = await post(http, text_update(2, "hoi"), secret="unit-webhook-secreT")
            prefix = await post(http, text_update(3, "hoi"), secret=SECRET[:-1])
            assert [missing.status_code, wrong.status_code, prefix.status_code] == [403, 403, 403]
            assert seen == []
            real = await post(http, text_update(4, "hoi"))
            assert real.status_code == 200
            assert seen == [4], "the handler ran before the 200"

    asyncio.run(scenario())


def test_what_is_not_an_update_is_refused():
    seen = []

    async def record(update, context):
        seen.append(update.update_id)

    async def scenario():
        async with serving(record) as (http, _application):
            for body in (b"geen json", b"\xff\xfe", json.dumps([1, 2]).encode(), {"message": {}}, {"update_id": "7"}, {"update_id": True}):
                response = await post(http, body)
                assert response.status_code == 400, body
            too_large = await post(http, b"{" + b" " * MAX_BODY_BYTES + b"}")
            assert too_large.status_code == 413
            forged_and_large = await post(http, b" " * (MAX_BODY_BYTES + 1), secret="nope")
            assert forged_and_large.status_code == 403, "the secret is checked first"
            just_fits = text_update(8, "x")
            just_fits["padding"] = "y" * (MAX_BODY_BYTES - len(json.dumps(just_fits)) - 20)
            assert (await post(http, just_fits)).status_code == 200
            assert (await post(http, text_update(9, "hoi"), path="/elders")).status_code == 404
            assert (await http.get(PATH, headers={SECRET_HEADER: SECRET})).status_code == 405
            assert seen == [8]

    asyncio.run(scenario())


def test_a_failing_handler_gets_no_200_so_telegram_sends_the_update_again():
    calls = []

    async def fail_first(update, context):
        calls.append(update.update_id)
        if len(calls) == 1:
            raise RuntimeError("the database is away")

    async def scenario():
        async with serving(fail_first) as (http, _application):
            first = await post(http, text_update(11, "hoi"))
            again = await post(http, text_update(11, "hoi"))
            assert [first.status_code, again.status_code] == [500, 200]
            assert calls == [11, 11]

    asyncio.run(scenario())


def test_a_failing_answer_after_the_handler_returned_still_gets_200():
    async def answer_badly():
        await asyncio.sleep(0)
        raise RuntimeError("Rasa said something odd")

    async def store_then_answer(update, context):
        context.application.bot_data["background"].start(answer_badly(), update)

    async def scenario():
        async with serving(store_then_answer) as (http, application):
            background = BackgroundTasks(application)
            application.bot_data["background"] = background
            response = await post(http, text_update(21, "hoi"))
            assert response.status_code == 200
            assert await background.finish(grace=2.0) == 0

    asyncio.run(scenario())


def test_a_stop_lets_answers_finish_within_the_grace_and_cuts_off_the_rest():
    async def scenario():
        async with TelegramStandIn() as telegram:
            application = Application.builder().token(telegram.token).base_url(f"{telegram.url}/bot").build()
            await application.initialize()
            await application.start()
            background = BackgroundTasks(application)
            finished = []

            async def answer(seconds: float, name: str):
                await asyncio.sleep(seconds)
                finished.append(name)

            background.start(answer(0.1, "short"), None)
            long = background.start(answer(30, "long"), None)
            assert background.running == 2
            cut_off = await background.finish(grace=0.5)
            assert (cut_off, finished, long.cancelled(), background.running) == (1, ["short"], True, 0)
            await application.stop()
            await application.shutdown()

    asyncio.run(scenario())


def test_a_stopping_server_waits_for_the_request_under_way_and_refuses_new_ones():
    async def scenario():
        handler_may_end, handler_started = asyncio.Event(), asyncio.Event()

        async def slow_store(update, context):
            if update.update_id == 31:
                handler_started.set()
                await handler_may_end.wait()

        async with TelegramStandIn() as telegram:
            application = Application.builder().token(telegram.token).base_url(f"{telegram.url}/bot").build()
            application.add_handler(MessageHandler(filters.TEXT, slow_store))
            await application.initialize()
            await application.start()
            server = WebhookServer(application, secret=SECRET, path=PATH, host="127.0.0.1", port=0)
            server.start()
            url = f"http://127.0.0.1:{server.port}"
            async with httpx.AsyncClient(base_url=url) as kept_alive, httpx.AsyncClient(base_url=url) as slow:
                # An idle keep-alive connection, as nginx keeps them, open when the stop begins.
                assert (await post(kept_alive, text_update(30, "hoi"))).status_code == 200
                under_way = asyncio.ensure_future(post(slow, text_update(31, "hoi")))
                await asyncio.wait_for(handler_started.wait(), 5)
                stopping = asyncio.ensure_future(server.stop())
                await asyncio.sleep(0.2)
                assert not stopping.done(), "the stop waits for the request under way"
                late = await post(kept_alive, text_update(32, "hoi"))
                assert late.status_code == 503, "a request after the stop began is left for Telegram to send again"
                handler_may_end.set()
                assert (await under_way).status_code == 200
                await asyncio.wait_for(stopping, 5)
                try:
                    await post(slow, text_update(33, "hoi"))
                    raise AssertionError("a stopped server took a request")
                except httpx.TransportError:
                    pass
            await application.stop()
            await application.shutdown()

    asyncio.run(scenario())
