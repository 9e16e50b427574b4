"""Which Rasa replica answers which chat, and which replicas are down for the moment.

Why every chat has one replica: Rasa's open-source RedisLockStore can race when
two Rasa processes take the same conversation at the same moment. So each chat
(Rasa's sender id) goes to one replica, chosen by rendezvous (highest random
weight) hashing: every replica gets a weight hash(replica, sender) and the
heaviest one takes the chat. When a replica goes away only its own chats move
(each to its own next-heaviest replica); the others' chats stay where they are.
The bot already holds each chat exclusively while a message is in flight, so
only one request per chat is ever in flight across all bots and replicas.

When to fail over, and when not:
- The replica refused the connection (connect error or connect timeout), or its
  paired action server is down: the message never reached that Rasa, so no
  Rasa is working on it. The replica is marked down for a few seconds and the
  chat's next replica in the rendezvous order takes the message.
- A read timeout, a broken answer or a 5xx: the message did reach Rasa, which
  may still be working on it. A second replica would then process the same
  message at the same moment (the race, and a double answer). So no failover:
  RasaUnavailable as before; the message waits in the inbox and is retried,
  and by then the first replica has either finished (its lock held the chat)
  or stopped listening (and the retry's connect is refused, so it moves).

A down replica is probed (a cheap GET of Rasa's `/`) once its down period is
over, by the first chat that would go there; when it answers, its chats go
back to it. Their history is whole on every replica: all replicas share one
tracker store.

With one replica nothing is hashed, marked or probed: it is always tried, at
exactly the cost of the single-Rasa bot.
"""
from __future__ import annotations

import asyncio
import hashlib
import itertools
import time
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import aiohttp

# Long enough that a dead replica costs one failed connect per period, not one
# per message; short enough that a restarted Rasa gets its chats back quickly.
REPLICA_DOWN_SECONDS = 5.0
PROBE_TIMEOUT_SECONDS = 2.0


@dataclass
class Replica:
    rasa_url: str
    action_health_url: Optional[str]
    # time.monotonic() until which the paired action server's last healthy answer is trusted.
    healthy_until: float = 0.0
    # time.monotonic() until which this replica is skipped; 0 when it is up.
    down_until: float = 0.0

    @classmethod
    def of(cls, rasa_url: str, action_server_url: Optional[str]) -> "Replica":
        health = f"{action_server_url.rstrip('/')}/health" if action_server_url else None
        return cls(rasa_url.rstrip("/"), health)


def rendezvous_weight(replica_url: str, sender: str) -> int:
    digest = hashlib.blake2b(f"{replica_url}\n{sender}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class ReplicaPool:
    def __init__(self, replicas: Sequence[Tuple[str, Optional[str]]], down_seconds: float = REPLICA_DOWN_SECONDS) -> None:
        if not replicas:
            raise ValueError("at least one Rasa replica is needed")
        self.replicas: List[Replica] = [Replica.of(rasa, actions) for rasa, actions in replicas]
        self._down_seconds = down_seconds
        self._next_for_parse = itertools.cycle(range(len(self.replicas)))

    def order_for(self, sender: str) -> List[Replica]:
        """The sender's replicas, its own first, then where it goes if that one is down."""
        if len(self.replicas) == 1:
            return self.replicas
        return sorted(self.replicas, key=lambda replica: rendezvous_weight(replica.rasa_url, sender), reverse=True)

    def order_for_any(self) -> List[Replica]:
        """For calls without a conversation (parse): take turns, so the load spreads."""
        if len(self.replicas) == 1:
            return self.replicas
        start = next(self._next_for_parse)
        return self.replicas[start:] + self.replicas[:start]

    def mark_down(self, replica: Replica) -> None:
        if len(self.replicas) == 1:
            return  # nowhere else to go: keep trying it, as the single-Rasa bot does
        replica.down_until = time.monotonic() + self._down_seconds
        replica.healthy_until = 0.0  # its action server is asked again when it comes back

    async def usable(self, replica: Replica, http: aiohttp.ClientSession) -> bool:
        """Up, or down until a moment ago and answering a probe now."""
        return not replica.down_until or await self._back_up(replica, http)

    async def _back_up(self, replica: Replica, http: aiohttp.ClientSession) -> bool:
        now = time.monotonic()
        if now < replica.down_until:
            return False
        # Claimed for one more period before the probe, so concurrent chats do not all probe it.
        replica.down_until = now + self._down_seconds
        try:
            async with http.get(f"{replica.rasa_url}/", timeout=aiohttp.ClientTimeout(total=PROBE_TIMEOUT_SECONDS)) as response:
                if response.status != 200:
                    return False
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return False
        replica.down_until = 0.0
        return True
