"""GET {base_url}jupyterlab-qbraid/summary in a real Jupyter server against a real emulator."""

import asyncio
import importlib.metadata
import socket
from datetime import datetime, timezone

import pytest

from jupyterlab_qbraid.account_service import USAGE_SECONDS, renews_at

SUMMARY_PATHS = [
    "/api/v1/billing/credits/balance",
    "/api/v1/compute-sessions/usage",
    "/api/v1/users/context",
    "/api/v1/users/verify",
]


async def test_not_configured_calls_no_api(fetch_json, emulator, qbraidrc):
    status, summary = await fetch_json("summary")
    assert status == 200
    assert summary["configured"] is False
    assert summary["key"] is None and summary["credential"] is None
    assert summary["apiUrlSource"] == "deployment"
    assert "account" not in summary
    assert summary["links"]["apiKeys"].startswith("https://account.qbraid.com")
    assert emulator.requests() == []


async def test_summary_from_qbraidrc(fetch_json, emulator, configured):
    status, summary = await fetch_json("summary")
    assert status == 200
    assert summary["configured"] is True
    assert (summary["apiUrl"], summary["apiUrlSource"]) == (emulator.url, "deployment")
    assert summary["credential"] == {
        "kind": "apiKey",
        "hint": configured[-4:],
        "source": "qbraidrc",
    }
    assert summary["key"] == {"hint": configured[-4:], "source": "qbraidrc"}
    assert summary["notices"] == []
    # The installed package's version, which the frontend compares with its own.
    assert summary["serverVersion"] == importlib.metadata.version("jupyterlab-qbraid")
    assert summary["account"]["data"] == {
        "userId": summary["account"]["data"]["userId"],
        "userName": "demo",
        "email": "demo@example.com",
        "roles": summary["account"]["data"]["roles"],
        "organizationId": summary["account"]["data"]["organizationId"],
        "organizationName": "qBraid Demo Lab",
        "organizationRole": summary["account"]["data"]["organizationRole"],
        # From /users/verify's subscriptionTier.
        "tier": "standard",
    }
    assert summary["account"]["data"]["organizationRole"]
    credits = summary["credits"]["data"]
    assert credits == {
        "qbraidCredits": 12500,
        "usd": 125.0,
        "awsCredits": 50,
        "autoRecharge": False,
    }
    # No time zone sent: UTC.
    assert summary["compute"]["data"] == {
        "used": 120.5,
        "total": 400,
        "remaining": 279.5,
        "renewsAt": renews_at("UTC"),
        "timeZone": "UTC",
    }
    # One round trip from the browser; the server fans out to four API calls.
    requests = emulator.requests()
    assert sorted(entry["path"] for entry in requests) == SUMMARY_PATHS
    assert all(entry["apiKeySent"] and not entry["accessTokenSent"] for entry in requests)
    (usage,) = [entry for entry in requests if entry["path"].endswith("/usage")]
    assert usage["query"] == {"days": "30", "timezone": "UTC"}


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("Pacific/Kiritimati", "Pacific/Kiritimati"),
        ("Nowhere/Special", "UTC"),
        ("../../etc/passwd", "UTC"),
    ],
)
async def test_compute_hours_in_the_browsers_time_zone(
    fetch_json, emulator, configured, given, used
):
    _, summary = await fetch_json("summary", params={"timezone": given})
    compute = summary["compute"]["data"]
    assert compute["timeZone"] == used
    assert compute["renewsAt"] == renews_at(used)
    renewal = datetime.fromisoformat(compute["renewsAt"].replace("Z", "+00:00"))
    assert renewal > datetime.now(timezone.utc)
    (usage,) = [entry for entry in emulator.requests() if entry["path"].endswith("/usage")]
    assert usage["query"]["timezone"] == used


async def test_compute_hours_follow_the_usage_route(fetch_json, emulator, configured):
    emulator.add_fault(
        path="compute-sessions/usage",
        count=1,
        status=200,
        body={"success": True, "data": {"usageData": {"computeHours": {"used": 3, "quota": 25}}}},
    )
    _, summary = await fetch_json("summary")
    # `quota` where `total` is absent; remaining worked out when not sent.
    data = summary["compute"]["data"]
    assert (data["used"], data["total"], data["remaining"]) == (3, 25, 22)


async def test_summaries_at_the_same_time_share_their_api_calls(fetch_json, emulator, configured):
    # Slow enough that all five are waiting on the same calls.
    emulator.add_fault(path=".", count=4, latency_ms=300)
    answers = await asyncio.gather(*(fetch_json("summary") for _ in range(5)))
    assert all(status == 200 and summary["credits"]["ok"] for status, summary in answers)
    assert len(emulator.requests()) == 4
    # Once answered, the next summary asks again for what is due: the credits only.
    await fetch_json("summary")
    assert paths(emulator.requests()[4:]) == ["/api/v1/billing/credits/balance"]


def paths(entries):
    return sorted(entry["path"] for entry in entries)


# The fact cache: each fact as often as it can change


class Clock:
    """The service's fact cache clock, moved by the test instead of waiting."""

    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(account_service):
    moved = Clock(account_service.facts.clock())
    account_service.facts.clock = moved
    return moved


async def test_identity_is_asked_once_per_credential(fetch_json, emulator, configured, clock):
    await fetch_json("summary")
    emulator.clear_requests()
    for _ in range(3):
        clock.now += 3600
        _, summary = await fetch_json("summary")
        assert summary["account"]["data"]["email"] == "demo@example.com"
    assert "/api/v1/users/verify" not in paths(emulator.requests())
    assert "/api/v1/users/context" not in paths(emulator.requests())


async def test_a_new_credential_asks_who_it_is(
    fetch_json, emulator, configured, qbraidrc, clock, admin
):
    await fetch_json("summary")
    other = admin("POST", "users", {"userName": "ada", "email": "ada@example.com"})
    qbraidrc.write_text(f"[default]\napi-key = {other['apiKey']}\nurl = {emulator.url}\n")
    emulator.clear_requests()
    _, summary = await fetch_json("summary")
    assert summary["account"]["data"]["email"] == "ada@example.com"
    assert paths(emulator.requests()) == SUMMARY_PATHS


async def test_a_401_drops_the_identity(fetch_json, emulator, configured, clock):
    await fetch_json("summary")
    # The credits of the next poll are refused: the key is no longer good.
    emulator.add_fault(path="credits/balance", status=401, count=1)
    _, summary = await fetch_json("summary")
    assert summary["credits"]["error"]["kind"] == "key_rejected"
    assert "stale" not in summary["credits"]
    emulator.clear_requests()
    # Nothing known of it stands: who it is, and the rest, are asked again.
    _, summary = await fetch_json("summary")
    assert summary["account"]["ok"] and summary["credits"]["ok"]
    assert paths(emulator.requests()) == SUMMARY_PATHS


async def test_usage_is_asked_at_most_every_five_minutes(fetch_json, emulator, configured, clock):
    await fetch_json("summary", params={"maxAge": "60"})
    emulator.clear_requests()
    emulator.patch_state(cpuHours={"used": 130.5})
    for _ in range(4):
        clock.now += 60
        _, summary = await fetch_json("summary", params={"maxAge": "60"})
        assert summary["compute"]["data"]["used"] == 120.5
    assert paths(emulator.requests()) == ["/api/v1/billing/credits/balance"] * 4
    emulator.clear_requests()
    clock.now += 60
    _, summary = await fetch_json("summary", params={"maxAge": "60"})
    # Five minutes on: this poll's one call renews the hours, the credits wait one poll.
    assert summary["compute"]["data"]["used"] == 130.5
    assert paths(emulator.requests()) == ["/api/v1/compute-sessions/usage"]
    # Served with its own age, not the time of the request.
    assert summary["compute"]["fetchedAt"] > summary["credits"]["fetchedAt"]


async def test_credits_follow_the_browsers_interval(fetch_json, emulator, configured, clock):
    await fetch_json("summary", params={"maxAge": "60", "parts": "credits"})
    emulator.clear_requests()
    clock.now += 30
    _, summary = await fetch_json("summary", params={"maxAge": "60", "parts": "credits"})
    assert emulator.requests() == []
    assert set(summary) >= {"credits"} and "account" not in summary and "compute" not in summary
    clock.now += 30
    await fetch_json("summary", params={"maxAge": "60", "parts": "credits"})
    assert paths(emulator.requests()) == ["/api/v1/billing/credits/balance"]


async def test_a_refresh_by_hand_goes_upstream_now(fetch_json, emulator, configured, clock):
    await fetch_json("summary", params={"maxAge": "60"})
    emulator.clear_requests()
    emulator.patch_state(qbraidCredits=42)
    _, summary = await fetch_json("summary", params={"maxAge": "60", "fresh": "1"})
    assert summary["credits"]["data"]["qbraidCredits"] == 42
    assert paths(emulator.requests()) == SUMMARY_PATHS
    # Only what the section shows.
    emulator.clear_requests()
    await fetch_json("summary", params={"parts": "account", "fresh": "1"})
    assert paths(emulator.requests()) == ["/api/v1/users/context", "/api/v1/users/verify"]


async def test_a_failed_refresh_serves_the_last_value_as_stale(
    fetch_json, emulator, configured, clock
):
    _, good = await fetch_json("summary")
    clock.now += USAGE_SECONDS
    emulator.add_fault(path="compute-sessions/usage", status=503, count=1)
    _, summary = await fetch_json("summary", params={"parts": "compute"})
    compute = summary["compute"]
    assert compute["ok"] is False and compute["stale"] is True
    assert compute["error"]["kind"] == "server_error"
    assert (compute["data"], compute["fetchedAt"]) == (
        good["compute"]["data"],
        good["compute"]["fetchedAt"],
    )
    # Due again at once: the next poll tries again and the fact is whole.
    _, summary = await fetch_json("summary", params={"parts": "compute"})
    assert summary["compute"]["ok"] is True and "stale" not in summary["compute"]


async def test_an_unknown_part_is_refused(fetch_json, emulator, configured):
    status, answer = await fetch_json("summary", params={"parts": "credits,wallet"})
    assert status == 400
    assert answer["error"]["message"] == (
        "Unknown summary part: 'wallet'. Ask for account, credits, compute."
    )
    assert emulator.requests() == []


async def test_nothing_goes_upstream_without_a_request(
    fetch_json, emulator, configured, account_service, clock
):
    # The server asks qBraid for nothing of its own accord (it has no timer of its own):
    # every upstream call answers a browser's request, which the frontend sends only while
    # a tab is visible. A day on the cache's clock and other routes of ours call nothing.
    await fetch_json("summary")
    calls = account_service.facts.upstream_calls
    emulator.clear_requests()
    clock.now += 24 * 3600
    status, _ = await fetch_json("kernels")
    assert status == 200
    assert account_service.facts.upstream_calls == calls
    assert emulator.requests() == []


async def test_summary_from_environment(fetch_json, emulator, qbraidrc, monkeypatch):
    monkeypatch.setenv("QBRAID_API_KEY", emulator.api_key)
    _status, summary = await fetch_json("summary")
    assert summary["key"]["source"] == "environment"
    assert summary["credential"]["source"] == "environment"
    assert summary["credits"]["ok"] is True


async def test_credits_follow_the_account(fetch_json, emulator, configured):
    emulator.patch_state(qbraidCredits=42)
    _, summary = await fetch_json("summary")
    assert summary["credits"]["data"]["qbraidCredits"] == 42
    assert summary["credits"]["data"]["usd"] == 0.42


async def test_corrupt_qbraidrc_is_reported_and_left_alone(
    fetch_json, emulator, qbraidrc, monkeypatch
):
    qbraidrc.write_text("[default\napi-key = oops\n")
    monkeypatch.setenv("QBRAID_API_KEY", emulator.api_key)
    _, summary = await fetch_json("summary")
    assert summary["configured"] is True
    assert summary["key"]["source"] == "environment"
    assert any("Lab cannot read" in notice["message"] for notice in summary["notices"])
    assert qbraidrc.read_text() == "[default\napi-key = oops\n"


async def test_qbraidrc_url_is_used_when_none_is_configured(
    fetch_json, emulator, configured, account_service
):
    account_service.configured_api_url = None
    _, summary = await fetch_json("summary")
    assert (summary["apiUrl"], summary["apiUrlSource"]) == (emulator.url, "qbraidrc")
    assert summary["credits"]["ok"] is True


async def test_qbraid_api_url_wins_over_the_qbraidrc(
    fetch_json, emulator, qbraidrc, account_service, monkeypatch
):
    account_service.configured_api_url = None
    qbraidrc.write_text(
        f"[default]\napi-key = {emulator.api_key}\nurl = http://127.0.0.1:9/api/v1\n"
    )
    monkeypatch.setenv("QBRAID_API_URL", emulator.url + "/")
    _, summary = await fetch_json("summary")
    assert (summary["apiUrl"], summary["apiUrlSource"]) == (emulator.url, "environment")
    assert summary["credits"]["ok"] is True


async def test_the_deployment_wins_over_qbraid_api_url(
    fetch_json, emulator, configured, monkeypatch
):
    monkeypatch.setenv("QBRAID_API_URL", "http://127.0.0.1:9/api/v1")
    _, summary = await fetch_json("summary")
    assert (summary["apiUrl"], summary["apiUrlSource"]) == (emulator.url, "deployment")
    assert summary["credits"]["ok"] is True


async def test_a_white_label_key_carries_its_host(
    fetch_json, emulator, qbraidrc, account_service, monkeypatch, admin
):
    # Its host is not this emulator: only the choice of URL is under test, and the
    # environment's URL (which wins) takes the calls.
    minted = admin("POST", "white-label-keys", {"host": "api.partner.example"})
    assert minted["url"] == "https://api.partner.example/api/v1"
    account_service.configured_api_url = None
    qbraidrc.write_text(f"[default]\napi-key = {minted['key']}\nurl = {emulator.url}\n")
    monkeypatch.setenv("QBRAID_API_URL", emulator.url)
    _, summary = await fetch_json("summary")
    assert (summary["apiUrlSource"], summary["account"]["ok"]) == ("environment", True)
    monkeypatch.delenv("QBRAID_API_URL")
    connection = account_service.connection()
    assert (connection.api_url, connection.api_url_source) == (minted["url"], "key")


async def test_legacy_url_is_reported_and_not_used(fetch_json, qbraidrc, account_service):
    account_service.configured_api_url = None
    # No key, so nothing leaves the machine: only the choice of URL is under test.
    qbraidrc.write_text("[default]\nurl = https://api.qbraid.com/api\n")
    _, summary = await fetch_json("summary")
    assert summary["apiUrl"] == "https://api-v2.qbraid.com/api/v1"
    assert summary["apiUrlSource"] == "default"
    assert any("legacy" in notice["message"] for notice in summary["notices"])


FAULTS = [
    # (fault, part kind, upstream status)
    ({"status": 401}, "key_rejected", 401),
    ({"status": 403}, "forbidden", 403),
    ({"status": 404}, "not_found", 404),
    ({"status": 429, "retryAfter": 17}, "rate_limited", 429),
    ({"status": 500}, "server_error", 500),
    ({"status": 502}, "server_error", 502),
    ({"malformed": True}, "malformed", 200),
    ({"status": 200, "body": {"success": True, "data": {"awsCredits": 1}}}, "malformed", None),
    ({"latencyMs": 3000}, "timeout", None),
]


@pytest.mark.parametrize(
    ("fault", "kind", "upstream"), FAULTS, ids=[f[1] + str(f[2]) for f in FAULTS]
)
async def test_each_upstream_fault_becomes_a_clear_part_error(
    fetch_json, emulator, configured, fault, kind, upstream
):
    emulator.add_fault(path="credits/balance", count=1, **fault)
    status, summary = await fetch_json("summary")
    assert status == 200
    assert summary["account"]["ok"] is True
    error = summary["credits"]["error"]
    assert summary["credits"]["ok"] is False
    assert error["kind"] == kind
    assert error["message"]
    assert configured not in error["message"]
    if upstream is not None:
        assert error["upstreamStatus"] == upstream
    if kind == "rate_limited":
        assert error["retryAfter"] == 17
        # The wait is the field, counted down by the panel: words in the message would freeze.
        assert "17 s" not in error["message"]

    # The fault was used up: the next summary is whole again.
    _, summary = await fetch_json("summary")
    assert summary["credits"]["ok"] is True


async def test_context_refused_keeps_the_rest(fetch_json, emulator, configured):
    emulator.add_fault(path="users/context", status=403, count=1)
    _, summary = await fetch_json("summary")
    assert summary["account"]["ok"] and summary["credits"]["ok"] and summary["compute"]["ok"]
    account = summary["account"]["data"]
    assert (account["organizationName"], account["organizationRole"]) == (None, None)
    assert account["tier"] == "standard"


async def test_usage_refused_keeps_the_rest(fetch_json, emulator, configured):
    emulator.add_fault(path="compute-sessions/usage", status=403, count=1)
    _, summary = await fetch_json("summary")
    assert summary["account"]["ok"] and summary["credits"]["ok"]
    assert (
        summary["compute"]["error"]["message"]
        == "Compute hours are not available for this API key."
    )


async def test_an_upstream_error_code_reaches_the_browser(fetch_json, emulator, configured):
    emulator.add_fault(
        path="credits/balance",
        count=1,
        status=400,
        body={
            "success": False,
            "message": "Organization context required.",
            "error": {"code": "ORG_CONTEXT_REQUIRED", "message": "Organization context required."},
        },
    )
    _, summary = await fetch_json("summary")
    error = summary["credits"]["error"]
    assert error["code"] == "ORG_CONTEXT_REQUIRED"
    assert error["message"] == (
        "qBraid refused the request (400 ORG_CONTEXT_REQUIRED: Organization context required)."
    )


async def test_revoked_key_rejected_everywhere(fetch_json, emulator, configured):
    emulator.add_fault(path=".", status=401, count=0)
    _, summary = await fetch_json("summary")
    for part in ("account", "credits", "compute"):
        assert summary[part]["error"]["kind"] == "key_rejected"


@pytest.fixture
def unreachable_api_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Closed again: nothing listens there.
    return f"http://127.0.0.1:{port}/api/v1"


async def test_api_unreachable(fetch_json, configured, account_service, unreachable_api_url):
    account_service.configured_api_url = unreachable_api_url
    _, summary = await fetch_json("summary")
    error = summary["account"]["error"]
    assert error["kind"] == "unreachable"
    assert "could not be reached" in error["message"]


# The access token: the platform's credential for its Lab pods


async def test_an_access_token_in_the_qbraidrc_is_the_credential(
    fetch_json, emulator, qbraidrc, access_token
):
    qbraidrc.write_text(f"[default]\naccess-token = {access_token}\n")
    _, summary = await fetch_json("summary")
    assert summary["configured"] is True
    assert summary["credential"] == {
        "kind": "accessToken",
        "hint": access_token[-4:],
        "source": "qbraidrc",
    }
    assert summary["key"] is None
    assert summary["account"]["data"]["email"] == "demo@example.com"
    assert summary["credits"]["ok"] and summary["compute"]["ok"]
    requests = emulator.requests()
    assert sorted(entry["path"] for entry in requests) == SUMMARY_PATHS
    assert all(entry["accessTokenSent"] and not entry["apiKeySent"] for entry in requests)
    assert access_token not in str(summary)


async def test_the_access_token_wins_over_the_key_and_says_so(
    fetch_json, emulator, configured, access_token, monkeypatch
):
    monkeypatch.setenv("QBRAID_ACCESS_TOKEN", access_token)
    _, summary = await fetch_json("summary")
    assert summary["credential"]["kind"] == "accessToken"
    assert summary["credential"]["source"] == "environment"
    # Lab's key is still there, for kernels.
    assert summary["key"] == {"hint": configured[-4:], "source": "qbraidrc"}
    # Not a warning: the panel says what the token means from `credential`.
    assert summary["notices"] == []
    assert all(entry["accessTokenSent"] for entry in emulator.requests())


async def test_a_rejected_access_token_is_named_as_such(fetch_json, emulator, qbraidrc):
    qbraidrc.write_text("[default]\naccess-token = not-a-token-the-emulator-knows\n")
    _, summary = await fetch_json("summary")
    error = summary["account"]["error"]
    assert error["kind"] == "key_rejected"
    assert error["message"].startswith("qBraid rejected the access token (401")
    assert "not-a-token-the-emulator-knows" not in str(summary)
