"""What the server extension adds to the account API's own time, under load.

N concurrent clients (50, and 1 for the uncontended cost) each ask `GET {lab}jupyterlab-qbraid/summary`
a fixed number of times, each one as soon as its previous answer is in. The summary asks
the account API (here the emulator) three things at once: /users/verify,
/billing/credits/balance and /users/context. So, as a baseline, the same N clients then ask
the emulator those three at once themselves, the same number of times: one such triple,
done when its slowest answer is in, is the emulator's own time for one summary under the
same load (with 50 clients, 150 requests in flight). Rounds alternate summary and baseline;
each figure is the median over rounds of that round's percentile, and the overhead is the
median of the rounds' differences.

Both sides use Tornado's HTTP client, the one the extension itself talks to the API with;
the baseline's pool is wide enough (3 per client) that it never queues, while the summary's
figure includes whatever the extension's own client pool adds: that is part of its overhead.
With every client asking again at once, the server is never idle: under 50 clients each
summary also waits for the Lab server to get through the others ahead of it, so that
figure is mostly the Lab server's time per summary times the queue.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPRequest

EMULATOR_ROUTES = ("/users/verify", "/billing/credits/balance", "/users/context")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


async def _load(clients: int, per_client: int, one: Any) -> list[float]:
    async def client() -> list[float]:
        times = []
        for _ in range(per_client):
            started = time.perf_counter()
            await one()
            times.append((time.perf_counter() - started) * 1000)
        return times

    return [
        ms for times in await asyncio.gather(*(client() for _ in range(clients))) for ms in times
    ]


async def _rounds(
    lab: str, token: str, emulator: str, api_key: str, clients: int, rounds: int, per_client: int
) -> dict:
    summary_client = AsyncHTTPClient(force_instance=True, max_clients=clients)
    emulator_client = AsyncHTTPClient(
        force_instance=True, max_clients=clients * len(EMULATOR_ROUTES)
    )
    failures = {"summary": 0, "emulator": 0}

    async def summary() -> None:
        response = await summary_client.fetch(
            HTTPRequest(
                f"{lab}jupyterlab-qbraid/summary",
                headers={"Authorization": f"token {token}"},
                request_timeout=120,
            ),
            raise_error=False,
        )
        body = json.loads(response.body or b"{}") if response.code == 200 else {}
        if not all(body.get(part, {}).get("ok") for part in ("account", "credits", "compute")):
            failures["summary"] += 1

    async def triple() -> None:
        responses = await asyncio.gather(
            *(
                emulator_client.fetch(
                    HTTPRequest(
                        emulator + route, headers={"X-API-Key": api_key}, request_timeout=120
                    ),
                    raise_error=False,
                )
                for route in EMULATOR_ROUTES
            )
        )
        failures["emulator"] += sum(response.code != 200 for response in responses)

    try:
        # Warm both paths once (connections, caches, the extension's client pool).
        await _load(clients, 2, summary)
        await _load(clients, 2, triple)
        failures.update(summary=0, emulator=0)
        measured: dict[str, list[dict[str, float]]] = {"summary": [], "emulator": []}
        for _ in range(rounds):
            for name, one in (("summary", summary), ("emulator", triple)):
                times = await _load(clients, per_client, one)
                measured[name].append(
                    {"p50": percentile(times, 0.50), "p95": percentile(times, 0.95)}
                )
    finally:
        summary_client.close()
        emulator_client.close()
    figures: dict[str, Any] = {
        "clients": clients,
        "rounds": rounds,
        "perClient": per_client,
        "failures": failures,
    }
    for key in ("p50", "p95"):
        figures[key] = {
            "summary": statistics.median(r[key] for r in measured["summary"]),
            "emulator": statistics.median(r[key] for r in measured["emulator"]),
            "overhead": statistics.median(
                s[key] - e[key]
                for s, e in zip(measured["summary"], measured["emulator"], strict=True)
            ),
        }
    return figures


def overhead(
    lab: str, token: str, emulator: str, api_key: str, clients: int, rounds: int, per_client: int
) -> dict:
    """`lab` ends with '/', `emulator` is the API's base URL (ending in /api/v1)."""
    return asyncio.run(_rounds(lab, token, emulator, api_key, clients, rounds, per_client))
