"""Werkmaatje's REST channel: a message Rasa could not handle gets 503, never an empty 200.

Real Rasa with a Redis lock store on a Redis server of the test's own, which the test
stops and starts again.
"""
from __future__ import annotations

import time

import httpx

from testing.production import RedisServer
from testing.stack import RasaStack


def _say(stack: RasaStack, sender: str, text: str) -> httpx.Response:
    return httpx.post(f"{stack.settings.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)


def test_rasa_answers_503_while_its_lock_store_is_away(tmp_path):
    redis = RedisServer(tmp_path / "redis.log")
    redis.start()
    stack = RasaStack.for_database(f"sqlite:///{tmp_path / 'rasa.db'}", tmp_path)
    stack._env.update(
        {"WERKMAATJE_LOCK_STORE": "redis", "WERKMAATJE_REDIS_HOST": "127.0.0.1", "WERKMAATJE_REDIS_PORT": str(redis.port)}
    )
    try:
        stack.start()
        answered = _say(stack, "880101", "ben je een robot")
        assert answered.status_code == 200 and "computerprogramma" in answered.json()[0]["text"]

        redis.stop()
        refused = _say(stack, "880101", "ben je een robot")
        assert refused.status_code == 503, refused.text
        assert refused.json()["status"] == "failure"

        redis.start()
        deadline = time.monotonic() + 30
        while (again := _say(stack, "880101", "ben je een robot")).status_code != 200:
            assert time.monotonic() < deadline, again.text
            time.sleep(0.5)
        assert "computerprogramma" in again.json()[0]["text"]
    finally:
        stack.stop()
        redis.stop()
