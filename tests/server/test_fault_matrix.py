"""The fault matrix: every way the account API fails, as GET {base_url}jupyterlab-qbraid/summary reports it.

A real Jupyter server with the extension (pytest-jupyter) talks to a real emulator process.
For each fault the whole API misbehaves (rule path ``.``, ``count`` 0 = until cleared), or,
for "down", the emulator is stopped. Each case checks:

- every part of the summary (account, credits, compute) fails with the right error kind and
  a clear message (the key words are asserted), a 429 carries its Retry-After; each part
  keeps its last good value marked stale, except after a 401, which drops what was known
  of the refused credential;
- no message, and nothing else in the answer, contains the API key;
- each summary asked by hand (`fresh=1`, what Refresh sends: every fact goes upstream, none
  from the server's cache) makes exactly one call per route (verify, balance, context,
  usage): no retries and no storm, also on the second summary while the fault lasts. The fault rule counts each
  call as it arrives, before any latency, and the route awaits every call it makes, so once
  the summary has answered the rule's hits are all the calls it made;
- once the fault is cleared (or the emulator is back), the next summary is fully ok again
  with the same values as before the fault.

The server's request_timeout is 1 s here, so a latency of 2.5 s is a timeout.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from waiting import until

REQUEST_TIMEOUT = 1.0
LATENCY_MS = 2500
PARTS = ("account", "credits", "compute")
# The four upstream calls behind one summary, one each.
SUMMARY_ROUTES = [
    "/api/v1/billing/credits/balance",
    "/api/v1/compute-sessions/usage",
    "/api/v1/users/context",
    "/api/v1/users/verify",
]
CALLS = len(SUMMARY_ROUTES)


@pytest.fixture
def request_timeout():
    """Overrides conftest's: a short QbraidAccount.request_timeout for this module's server."""
    return REQUEST_TIMEOUT


@dataclass(frozen=True)
class Case:
    id: str
    # The fault rule's options; None: the API is down (the emulator is stopped).
    fault: dict[str, Any] | None
    kind: str
    upstream_status: int | None
    # Words that every part's message holds.
    words: tuple[str, ...]
    # More words, per part.
    part_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The upstream status, per part, where it differs from upstream_status.
    part_upstream: dict[str, int | None] = field(default_factory=dict)
    retry_after: float | None = None
    # The status the emulator logs for each faulty call (None: nothing reaches it).
    logged_status: int | None = None


MATRIX = [
    Case("api_down", None, "unreachable", None, ("could not be reached", "Connection refused")),
    Case(
        "401",
        {"status": 401},
        "key_rejected",
        401,
        ("qBraid rejected the API key", "(401 UNAUTHORIZED: Authentication required)"),
        logged_status=401,
    ),
    Case(
        "403",
        {"status": 403},
        "forbidden",
        403,
        ("qBraid refused this request for the API key", "(403 FORBIDDEN: Forbidden)"),
        logged_status=403,
    ),
    Case(
        "404",
        {"status": 404},
        "not_found",
        404,
        ("qBraid has no such resource for this API key", "(404 NOT_FOUND: Not Found)"),
        logged_status=404,
    ),
    Case(
        "429_retry_after",
        {"status": 429, "retryAfter": 17},
        "rate_limited",
        429,
        (
            "qBraid is limiting requests",
            "(429 TOO_MANY_REQUESTS: Too Many Requests)",
        ),
        retry_after=17,
        logged_status=429,
    ),
    Case(
        "500",
        {"status": 500},
        "server_error",
        500,
        ("The qBraid API failed", "(500 INTERNAL_SERVER_ERROR: Internal Server Error)"),
        logged_status=500,
    ),
    Case(
        "502",
        {"status": 502},
        "server_error",
        502,
        ("The qBraid API failed", "(502 BAD_GATEWAY: Bad Gateway)"),
        logged_status=502,
    ),
    # A latency-only rule delays, then lets the call through: the emulator logs a 200.
    Case(
        "timeout",
        {"latencyMs": LATENCY_MS},
        "timeout",
        None,
        (f"did not answer within {REQUEST_TIMEOUT:g} s",),
        logged_status=200,
    ),
    Case(
        "malformed_json",
        {"malformed": True},
        "malformed",
        200,
        ("answered with something that is not JSON",),
        logged_status=200,
    ),
    Case(
        "body_missing_fields",
        {"status": 200, "body": {"success": True, "data": {}}},
        "malformed",
        None,
        ("The qBraid API's answer has no usable",),
        part_words={
            "account": ("'userId'",),
            "credits": ("'qbraidCredits'",),
            "compute": ("'computeHours'",),
        },
        part_upstream={"compute": None},
        logged_status=200,
    ),
    Case(
        "body_without_envelope",
        {"status": 200, "body": {"qbraidCredits": 12500}},
        "malformed",
        200,
        (),
        part_words={
            "account": ("without the expected {success, data} envelope",),
            "credits": ("without the expected {success, data} envelope",),
            # Read as qBraid's client reads it: a bare body is the data, without the hours.
            "compute": ("'computeHours'",),
        },
        part_upstream={"compute": None},
        logged_status=200,
    ),
]


async def logged_requests(emulator, count: int) -> list[dict[str, Any]]:
    """The emulator's log once it holds ``count`` entries.

    A call is logged when the emulator has answered it: a delayed one only when its latency
    is over, after the server gave up on it.
    """

    def enough() -> list[dict[str, Any]] | None:
        entries = emulator.requests()
        return entries if len(entries) >= count else None

    return await until(enough)


def routes(entries: list[dict[str, Any]]) -> list[str]:
    return sorted(entry["path"] for entry in entries)


def assert_part_failed(summary: dict[str, Any], part: str, case: Case) -> None:
    answer = summary[part]
    assert answer["ok"] is False, f"{part} should have failed: {answer}"
    error = answer["error"]
    assert error["kind"] == case.kind, f"{part}: {error}"
    for word in case.words + case.part_words.get(part, ()):
        assert word in error["message"], f"{part}: {word!r} not in {error['message']!r}"
    upstream = case.part_upstream.get(part, case.upstream_status)
    assert error["upstreamStatus"] == upstream, f"{part}: {error}"
    assert error["retryAfter"] == case.retry_after, f"{part}: {error}"


async def fetch_summary(fetch_json, fresh: bool = False) -> dict[str, Any]:
    status, summary = await fetch_json("summary", params={"fresh": "1"} if fresh else None)
    # Upstream trouble is in the parts; the route itself answers.
    assert status == 200
    assert summary["configured"] is True
    return summary


@pytest.mark.parametrize("case", MATRIX, ids=[case.id for case in MATRIX])
async def test_fault_is_reported_per_part_and_clears_by_itself(
    fetch_json, emulator, configured, case
):
    # Good values first: what the panel keeps on screen, marked stale, while the fault lasts.
    good = await fetch_summary(fetch_json)
    assert all(good[part]["ok"] for part in PARTS), good
    assert routes(await logged_requests(emulator, CALLS)) == SUMMARY_ROUTES
    emulator.clear_requests()

    if case.fault is None:
        emulator.stop()
    else:
        emulator.add_fault(path=".", count=0, **case.fault)

    # Twice: a rule with count 0 holds until cleared, and each summary calls each route
    # exactly once, however it fails.
    for attempt in (1, 2):
        summary = await fetch_summary(fetch_json, fresh=True)
        for part in PARTS:
            assert_part_failed(summary, part, case)
            if case.id == "401":
                assert "stale" not in summary[part], summary[part]
            else:
                # The last good value is kept, with its age, marked stale.
                assert summary[part]["stale"] is True, summary[part]
                assert summary[part]["data"] == good[part]["data"]
                assert summary[part]["fetchedAt"] == good[part]["fetchedAt"]
        assert summary["key"] == good["key"]
        text = json.dumps(summary)
        assert configured not in text
        assert configured[-12:] not in text
        if case.fault is not None:
            # No retries: the rule has seen exactly the calls of the summaries so far.
            (rule,) = emulator.faults()
            assert rule["hits"] == CALLS * attempt, rule
            entries = await logged_requests(emulator, CALLS * attempt)
            assert routes(entries[CALLS * (attempt - 1) :]) == SUMMARY_ROUTES, entries
            assert len(entries) == CALLS * attempt, entries
            assert {entry["status"] for entry in entries} == {case.logged_status}
            assert all(entry["apiKeySent"] for entry in entries)

    # The fault clears: the very next summary (the poll's, not by hand) is whole again, with
    # nothing done in Lab: every fact that failed is asked again.
    if case.fault is None:
        emulator.restart()  # same port, same database: the API is back where it was
    else:
        emulator.clear_faults()
        emulator.clear_requests()
    recovered = await fetch_summary(fetch_json)
    for part in PARTS:
        assert recovered[part]["ok"] is True, recovered[part]
        assert recovered[part]["data"] == good[part]["data"]
    assert routes(await logged_requests(emulator, CALLS)) == SUMMARY_ROUTES


async def test_a_poll_during_a_fault_asks_only_what_is_due(fetch_json, emulator, configured):
    good = await fetch_summary(fetch_json)
    await logged_requests(emulator, CALLS)
    emulator.clear_requests()
    emulator.add_fault(path=".", count=0, status=500)
    # The poll's summary: identity and hours are young enough, only the credits go upstream;
    # they fail, and the last good credits are served stale beside the cached parts.
    summary = await fetch_summary(fetch_json)
    assert routes(await logged_requests(emulator, 1)) == ["/api/v1/billing/credits/balance"]
    assert summary["account"] == good["account"] and summary["compute"] == good["compute"]
    credits = summary["credits"]
    assert (credits["ok"], credits["stale"], credits["error"]["kind"]) == (
        False,
        True,
        "server_error",
    )
    assert (credits["data"], credits["fetchedAt"]) == (
        good["credits"]["data"],
        good["credits"]["fetchedAt"],
    )
    emulator.clear_faults()
    summary = await fetch_summary(fetch_json)
    assert summary["credits"]["ok"] is True and "stale" not in summary["credits"]


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, {"success": False, "message": "Key {key} was revoked."}),
        (500, {"success": False, "error": {"message": "Upstream said: X-API-Key={key}"}}),
        (502, "<gateway> {key}"),
        (429, "Slow down, {key}"),
    ],
    ids=["message", "error.message", "raw-html", "raw-text"],
)
async def test_a_key_echoed_by_the_api_never_reaches_the_browser(
    fetch_json, emulator, configured, status, body
):
    echoed = json.loads(json.dumps(body).replace("{key}", configured))
    emulator.add_fault(path=".", count=0, status=status, body=echoed)
    summary = await fetch_summary(fetch_json, fresh=True)
    assert all(summary[part]["ok"] is False for part in PARTS)
    assert configured not in json.dumps(summary)


async def test_a_dropped_connection_is_unreachable_not_a_timeout(fetch_json, emulator, configured):
    # What a crashing server or a proxy dropping the connection looks like.
    emulator.add_fault(path=".", count=0, drop=True)
    summary = await fetch_summary(fetch_json, fresh=True)
    for part in PARTS:
        error = summary[part]["error"]
        assert "did not answer within" not in error["message"], error
        assert "closed the connection without answering" in error["message"], error
        assert error["kind"] == "unreachable", error
