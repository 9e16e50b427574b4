"""NLU only: Rasa's /model/parse, one request at a time and with 16 at once."""
from __future__ import annotations

import asyncio
import time
from typing import List

import httpx

from bench.stats import latency_summary

# Sentences as people type them, none of them verbatim from the training data.
SENTENCES = (
    "hoi",
    "ik heb vandaag gesolliciteerd bij de action als kassiere",
    "welke cursussen zijn er",
    "ik kan morgen niet naar de training",
    "wanneer is mn volgende afspraak",
    "ik wil mn gegevens zien",
    "ok dankje 👍",
    "ik ben uitgenodigd voor een gesprek bij de hema",
)
CONCURRENCY = 16


async def _parse(client: httpx.AsyncClient, url: str, params: dict, text: str) -> float:
    started = time.perf_counter()
    response = await client.post(url, params=params, json={"text": text})
    response.raise_for_status()
    return time.perf_counter() - started


async def measure(rasa_url: str, token: str, requests: int) -> dict:
    url = f"{rasa_url.rstrip('/')}/model/parse"
    params = {"token": token}
    async with httpx.AsyncClient(timeout=60) as client:
        for text in SENTENCES:  # untimed: the first parses after loading are slow
            await _parse(client, url, params, text)
        sequential: List[float] = []
        for index in range(requests):
            sequential.append(await _parse(client, url, params, SENTENCES[index % len(SENTENCES)]))

        slots = asyncio.Semaphore(CONCURRENCY)
        concurrent: List[float] = []

        async def limited(index: int) -> None:
            async with slots:
                concurrent.append(await _parse(client, url, params, SENTENCES[index % len(SENTENCES)]))

        started = time.perf_counter()
        await asyncio.gather(*(limited(index) for index in range(requests)))
        elapsed = time.perf_counter() - started
    return {
        "requests": requests,
        "sequential_ms": latency_summary(sequential),
        "concurrent_ms": latency_summary(concurrent),
        "concurrency": CONCURRENCY,
        "parses_per_s": round(requests / elapsed, 1),
    }
