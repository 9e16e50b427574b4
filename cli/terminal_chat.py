"""`werkmaatje chat`: the same Rasa and actions, typed in a terminal instead of Telegram."""
from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from typing import List, Optional

import httpx

from werkmaatje.texts import operator as operator_texts
from cli.common import OperatorError
from bot.rasa_client import RasaClient, RasaUnavailable, Reply
from cli.supervisor import Service, Supervisor, action_server_command, child_env, latest_model, rasa_command
from werkmaatje.settings import Settings

RASA_START_TIMEOUT = 180


def _demo_link(settings: Settings, factory) -> str:
    """In development, a fresh demo client so the whole flow (link, consent) can be tried."""
    from cli.common import new_link
    from storage import clients
    from storage.db import unit_of_work
    from werkmaatje.configuration import get_configuration

    gemeente_id = sorted(get_configuration(settings).gemeenten)[0]
    with unit_of_work(factory) as session:
        client = clients.add_client(session, gemeente_id=gemeente_id, naam="Demo Werkzoekende")
        return new_link(session, client.id, settings)["koppelcode"]


def _wait_for_rasa(settings: Settings) -> None:
    deadline = time.monotonic() + RASA_START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{settings.rasa_url}/status", params={"token": settings.rasa_token}, timeout=2)
            if response.status_code == 200 and response.json().get("model_file"):
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise OperatorError(operator_texts.RASA_DID_NOT_START)


def _show(replies: List[Reply]) -> List[str]:
    payloads: List[str] = []
    for reply in replies:
        if reply.custom is not None:  # a document in Telegram
            print(f"{operator_texts.CHAT_BOT_PREFIX}{operator_texts.CHAT_DOCUMENT_NOTE}")
            continue
        print(f"{operator_texts.CHAT_BOT_PREFIX}{reply.text}")
        for button in reply.buttons:
            payloads.append(button.payload)
            print(f"    [{len(payloads)}] {button.title}")
    return payloads


async def _conversation(settings: Settings, sender: str, first_message: Optional[str]) -> None:
    rasa = RasaClient(settings.rasa_url, settings.action_server_url, settings.rasa_timeout)
    loop = asyncio.get_running_loop()
    payloads: List[str] = []
    try:
        pending = first_message
        while True:
            if pending is None:
                try:
                    line = await loop.run_in_executor(None, input, operator_texts.CHAT_PROMPT)
                except EOFError:
                    return
                line = line.strip()
                if not line:
                    continue
                chosen = int(line) - 1 if line.isdigit() else -1
                pending = payloads[chosen] if 0 <= chosen < len(payloads) else line.lstrip("/")
            try:
                payloads = _show(await rasa.send(sender, pending))
                pending = None
            except RasaUnavailable:
                print(operator_texts.CHAT_RASA_DOWN, file=sys.stderr)
                await asyncio.sleep(3)
    finally:
        await rasa.close()


def run_terminal_chat(settings: Settings, factory, *, koppelcode: Optional[str]) -> int:
    model = latest_model(settings.rasa_model_dir)
    if model is None:
        raise OperatorError(operator_texts.NO_MODEL.format(map=settings.rasa_model_dir))
    if koppelcode is None and settings.is_development:
        koppelcode = _demo_link(settings, factory)
    # Negative ids are never Telegram private chats, so a terminal never takes one over.
    sender = str(-random.randint(10**12, 10**13))
    first = "/link" + json.dumps({"koppelcode": koppelcode}) if koppelcode else None
    supervisor = Supervisor(
        [Service("rasa", rasa_command(settings, model)), Service("actieserver", action_server_command(settings))],
        child_env(settings),
    )
    supervisor.start()
    try:
        _wait_for_rasa(settings)
        print(operator_texts.CHAT_INTRO)
        asyncio.run(_conversation(settings, sender, first))
    except KeyboardInterrupt:
        pass
    finally:
        supervisor.stop()
    return 0
