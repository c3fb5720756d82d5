"""GET {base_url}qbraid/summary in a real Jupyter server against a real emulator."""

import asyncio
import socket

import pytest


async def test_not_configured_calls_no_api(fetch_json, emulator, qbraidrc):
    status, summary = await fetch_json("summary")
    assert status == 200
    assert summary["configured"] is False
    assert summary["key"] is None
    assert "account" not in summary
    assert summary["links"]["apiKeys"].startswith("https://account.qbraid.com")
    assert emulator.requests() == []


async def test_summary_from_qbraidrc(fetch_json, emulator, configured):
    status, summary = await fetch_json("summary")
    assert status == 200
    assert summary["configured"] is True
    assert summary["key"] == {"hint": configured[-4:], "source": "qbraidrc"}
    account = summary["account"]["data"]
    assert account["email"] == "demo@example.com"
    assert account["organizationName"] == "qBraid Demo Lab"
    assert account["tier"] == "standard"
    credits = summary["credits"]["data"]
    assert credits == {
        "qbraidCredits": 12500,
        "usd": 125.0,
        "awsCredits": 50,
        "autoRecharge": False,
    }
    compute = summary["compute"]["data"]
    assert (compute["used"], compute["quota"], compute["remaining"]) == (120.5, 400, 279.5)
    # One round trip from the browser; the server fans out to three API calls.
    paths = sorted(entry["path"] for entry in emulator.requests())
    assert paths == [
        "/api/v1/billing/credits/balance",
        "/api/v1/users/context",
        "/api/v1/users/verify",
    ]
    assert all(entry["apiKeySent"] for entry in emulator.requests())


async def test_summaries_at_the_same_time_share_their_api_calls(fetch_json, emulator, configured):
    # Slow enough that all five are waiting on the same calls.
    emulator.add_fault(path=".", count=3, latency_ms=300)
    answers = await asyncio.gather(*(fetch_json("summary") for _ in range(5)))
    assert all(status == 200 and summary["credits"]["ok"] for status, summary in answers)
    assert len(emulator.requests()) == 3
    # Once answered, the next summary asks again.
    await fetch_json("summary")
    assert len(emulator.requests()) == 6


async def test_summary_from_environment(fetch_json, emulator, qbraidrc, monkeypatch):
    monkeypatch.setenv("QBRAID_API_KEY", emulator.api_key)
    _status, summary = await fetch_json("summary")
    assert summary["key"]["source"] == "environment"
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
    assert any("cannot be read" in notice["message"] for notice in summary["notices"])
    assert qbraidrc.read_text() == "[default\napi-key = oops\n"


async def test_qbraidrc_url_is_used_when_none_is_configured(
    fetch_json, emulator, configured, account_service
):
    account_service.configured_api_url = None
    _, summary = await fetch_json("summary")
    assert summary["apiUrl"] == emulator.url
    assert summary["credits"]["ok"] is True


async def test_legacy_url_is_reported_and_not_used(fetch_json, qbraidrc, account_service):
    account_service.configured_api_url = None
    # No key, so nothing leaves the machine: only the choice of URL is under test.
    qbraidrc.write_text("[default]\nurl = https://api.qbraid.com/api\n")
    _, summary = await fetch_json("summary")
    assert summary["apiUrl"] == "https://api-v2.qbraid.com/api/v1"
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
        assert "17 s" in error["message"]

    # The fault was used up: the next summary is whole again.
    _, summary = await fetch_json("summary")
    assert summary["credits"]["ok"] is True


async def test_context_refused_keeps_the_rest(fetch_json, emulator, configured):
    emulator.add_fault(path="users/context", status=403, count=1)
    _, summary = await fetch_json("summary")
    assert summary["account"]["ok"] and summary["credits"]["ok"]
    assert summary["account"]["data"]["organizationName"] is None
    assert (
        summary["compute"]["error"]["message"]
        == "Compute hours are not available for this API key."
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
