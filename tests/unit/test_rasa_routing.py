"""Each chat goes to one Rasa replica, and moves only when its replica cannot have seen the message.

Real HTTP throughout: small aiohttp servers stand in for Rasa's REST API and
for the action servers' /health, so what is checked is what the bot puts on
the wire (which replica got which sender, and which got nothing).
"""
from __future__ import annotations

import asyncio
from collections import Counter
from typing import Dict, List

import pytest
from aiohttp import web

from bot.rasa_client import RasaClient, RasaRefused, RasaUnavailable, ReplicaDown
from testing.stack import free_port

DOWN_SECONDS = 0.3
TIMEOUT_SECONDS = 0.5


class StandInReplica:
    """One Rasa (webhook, trigger_intent, tracker events, parse, `/`) and its action server's /health."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.received: List[str] = []  # sender ids, in order
        self.probes = 0
        self.answer = "ok"  # or "slow" (past the client's read timeout), "error" (a 500) or "refused" (a 401)
        self._runners: Dict[str, web.AppRunner] = {}

    @property
    def urls(self):
        return f"http://127.0.0.1:{self.rasa_port}", f"http://127.0.0.1:{self.actions_port}"

    async def _reply(self, sender: str):
        self.received.append(sender)
        if self.answer == "slow":
            await asyncio.sleep(TIMEOUT_SECONDS * 3)
        if self.answer == "error":
            raise web.HTTPInternalServerError()
        if self.answer == "refused":
            raise web.HTTPUnauthorized()  # as Rasa does with a wrong token
        if "actions" not in self._runners:
            return []  # as Rasa does when its action server is down: 200, and nothing to say
        return [{"recipient_id": sender, "text": self.name}]

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response(await self._reply(body["sender"]))

    async def _trigger(self, request: web.Request) -> web.Response:
        return web.json_response({"messages": await self._reply(request.match_info["sender"])})

    async def _events(self, request: web.Request) -> web.Response:
        self.received.append(request.match_info["sender"])
        return web.json_response({})

    async def _parse(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append("parse")
        return web.json_response({"text": body["text"], "intent": {"name": "greet"}, "replica": self.name})

    async def _root(self, request: web.Request) -> web.Response:
        self.probes += 1
        return web.Response(text="Hello from Rasa: 3.6.21")

    async def start_rasa(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._root)
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        app.router.add_post("/conversations/{sender}/trigger_intent", self._trigger)
        app.router.add_post("/conversations/{sender}/tracker/events", self._events)
        app.router.add_post("/model/parse", self._parse)
        await self._serve("rasa", app, self.rasa_port)

    async def start_actions(self) -> None:
        app = web.Application()
        app.router.add_get("/health", lambda request: web.json_response({"status": "ok"}))
        await self._serve("actions", app, self.actions_port)

    async def _serve(self, name: str, app: web.Application, port: int) -> None:
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        self._runners[name] = runner

    async def stop(self, name: str) -> None:
        """Stop listening: connections are refused from now on."""
        await self._runners.pop(name).cleanup()


def run_with_replicas(count: int, scenario):
    async def main():
        replicas = [StandInReplica(f"replica-{n}") for n in range(count)]
        for replica in replicas:
            await replica.start_rasa()
            await replica.start_actions()
        client = RasaClient.for_replicas(
            [replica.urls for replica in replicas], TIMEOUT_SECONDS, token="t", down_seconds=DOWN_SECONDS
        )
        try:
            await scenario(client, replicas)
        finally:
            await client.close()
            for replica in replicas:
                for name in list(replica._runners):
                    await replica.stop(name)

    asyncio.run(main())


async def assignment(client: RasaClient, senders) -> Dict[str, str]:
    """Which replica answered each sender (the stand-in answers with its name)."""
    answered = {}
    for sender in senders:
        [reply] = await client.send(sender, "hoi")
        answered[sender] = reply.text
    return answered


SENDERS = [str(100_000 + n) for n in range(1000)]


def test_a_sender_keeps_its_replica_and_the_senders_spread_evenly():
    async def scenario(client, replicas):
        first = await assignment(client, SENDERS)
        again = await assignment(client, SENDERS)
        assert again == first
        spread = Counter(first.values())
        assert set(spread) == {"replica-0", "replica-1"}
        assert all(400 <= count <= 600 for count in spread.values()), spread

    run_with_replicas(2, scenario)


def test_a_stopped_replica_moves_only_its_own_senders_and_gets_them_back():
    senders = SENDERS[:300]

    async def scenario(client, replicas):
        before = await assignment(client, senders)
        await replicas[2].stop("rasa")
        during = await assignment(client, senders)
        moved = {sender for sender in senders if during[sender] != before[sender]}
        assert moved == {sender for sender in senders if before[sender] == "replica-2"}
        # Each moved to its own next replica, so they spread over both others.
        assert {during[sender] for sender in moved} == {"replica-0", "replica-1"}

        await replicas[2].start_rasa()
        await asyncio.sleep(DOWN_SECONDS * 1.5)
        # Many chats at once find the down period over: one of them probes, the others do not wait for it.
        await asyncio.gather(*(client.send(sender, "hoi") for sender in moved))
        assert replicas[2].probes == 1
        assert await assignment(client, senders) == before

    run_with_replicas(3, scenario)


def test_a_replica_whose_action_server_is_down_hands_its_senders_on():
    async def scenario(client, replicas):
        before = await assignment(client, SENDERS[:200])
        await replicas[1].stop("actions")
        replicas[1].received.clear()
        during = await assignment(client, SENDERS[:200])
        assert "replica-1" in before.values() and set(during.values()) == {"replica-0"}
        # At most the first message reached it (while its last health answer was still
        # trusted); its empty answer had the action server asked again.
        assert len(replicas[1].received) <= 1

    run_with_replicas(2, scenario)


@pytest.mark.parametrize("answer", ["slow", "error"])
def test_no_failover_once_rasa_may_be_working_on_the_message(answer):
    async def scenario(client, replicas):
        before = await assignment(client, SENDERS[:50])
        sender = next(s for s in SENDERS[:50] if before[s] == "replica-1")
        replicas[1].answer = answer
        replicas[0].received.clear()
        with pytest.raises(RasaUnavailable) as raised:
            await client.send(sender, "hoi")
        assert not isinstance(raised.value, ReplicaDown)
        assert replicas[0].received == []  # no second Rasa got the same message
        # Not marked down: once it answers again the chat's next message goes straight to it.
        replicas[1].answer = "ok"
        assert await assignment(client, [sender]) == {sender: "replica-1"}

    run_with_replicas(2, scenario)


def test_a_refusal_is_neither_waited_for_nor_handed_to_another_replica():
    async def scenario(client, replicas):
        before = await assignment(client, SENDERS[:50])
        sender = next(s for s in SENDERS[:50] if before[s] == "replica-1")
        replicas[1].answer = "refused"
        replicas[0].received.clear()
        # Not RasaUnavailable: a wrong token does not get better by waiting; the operator must see it.
        with pytest.raises(RasaRefused):
            await client.send(sender, "hoi")
        assert replicas[0].received == []

    run_with_replicas(2, scenario)


def test_reminders_and_silent_turns_follow_the_sender_and_parse_takes_any_replica_up():
    async def scenario(client, replicas):
        before = await assignment(client, SENDERS[:50])
        sender = next(s for s in SENDERS[:50] if before[s] == "replica-1")
        for replica in replicas:
            replica.received.clear()
        [reply] = await client.trigger_intent(sender, "EXTERNAL_reminder", {"soort": "sollicitatie"})
        assert reply.text == "replica-1"
        await client.record_without_answer(sender, "ok", {"intent": {"name": "affirm"}})
        assert replicas[1].received == [sender, sender] and replicas[0].received == []

        parsed = [(await client.parse("hoi"))["replica"] for _ in range(4)]
        assert Counter(parsed) == {"replica-0": 2, "replica-1": 2}  # they take turns
        await replicas[0].stop("rasa")
        assert {(await client.parse("hoi"))["replica"] for _ in range(4)} == {"replica-1"}

    run_with_replicas(2, scenario)


def test_one_replica_is_tried_every_time_as_before():
    async def main():
        replica = StandInReplica("alone")
        await replica.start_rasa()
        await replica.start_actions()
        client = RasaClient(*replica.urls, TIMEOUT_SECONDS, token="t")
        try:
            await replica.stop("rasa")
            for _ in range(2):
                with pytest.raises(RasaUnavailable):
                    await client.send("7", "hoi")
            await replica.start_rasa()
            # No down period and no probe: the next message goes through at once.
            [reply] = await client.send("7", "hoi")
            assert reply.text == "alone" and replica.probes == 0
        finally:
            await client.close()
            for name in list(replica._runners):
                await replica.stop(name)

    asyncio.run(main())
