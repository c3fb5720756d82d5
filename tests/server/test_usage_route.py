"""{base_url}jupyterlab-qbraid/usage: the last 30 days for the Compute section's chart, from
the real emulator's seeded month, in the browser's time zone, cached with the hours."""

import json
import urllib.request
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

ZONE = "Pacific/Auckland"


@pytest.fixture(autouse=True)
def standalone(monkeypatch):
    for name in (
        "JUPYTERHUB_API_URL",
        "JUPYTERHUB_USER",
        "QBRAID_CLUSTER_ID",
        "QBRAID_INSTANCE_ID",
    ):
        monkeypatch.delenv(name, raising=False)


def upstream_usage(emulator, zone):
    """What the emulator itself reports for 30 days in `zone`."""
    request = urllib.request.Request(
        f"{emulator.url}/compute-sessions/usage?days=30&timezone={zone}",
        headers={"X-API-Key": emulator.api_key},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["data"]["usageData"]


def usage_calls(emulator):
    return [entry for entry in emulator.requests() if entry["path"].endswith("/usage")]


async def test_the_month_is_served_in_the_browsers_time_zone(fetch_json, emulator, configured):
    emulator.clear_requests()
    status, answer = await fetch_json("usage", params={"timezone": ZONE})
    assert status == 200
    assert answer["error"] is None
    (call,) = usage_calls(emulator)
    assert call["query"] == {"days": "30", "timezone": ZONE}
    report = answer["data"]
    upstream = upstream_usage(emulator, ZONE)
    assert report["timeZone"] == ZONE
    assert report["hours"] == upstream["computeHours"]
    assert report["summary"] == {
        "sessions": upstream["summary"]["totalSessions"],
        "hours": upstream["summary"]["totalHours"],
        "creditsCharged": upstream["summary"]["totalCreditsCharged"],
    }
    # 30 days, oldest first, ending today in that zone.
    dates = [date.fromisoformat(day["date"]) for day in report["days"]]
    today = datetime.now(ZoneInfo(ZONE)).date()
    assert dates == [today - timedelta(days=29 - n) for n in range(30)]
    assert report["days"] == [
        {
            "date": row["date"],
            "hours": row["totalHours"],
            "creditsCharged": row["creditsCharged"],
            "sessions": row["sessionCount"],
        }
        for row in upstream["daily"]
    ]
    assert sum(day["sessions"] for day in report["days"]) == report["summary"]["sessions"] > 0


async def test_the_chart_and_the_hours_share_one_call(fetch_json, emulator, configured):
    emulator.clear_requests()
    status, summary = await fetch_json("summary", params={"timezone": ZONE, "parts": "compute"})
    assert status == 200
    status, answer = await fetch_json("usage", params={"timezone": ZONE})
    assert status == 200
    assert answer["fetchedAt"] == summary["compute"]["fetchedAt"]
    assert answer["data"]["hours"]["remaining"] == summary["compute"]["data"]["remaining"]
    assert len(usage_calls(emulator)) == 1
    # A refresh by hand asks qBraid again.
    status, _ = await fetch_json("usage", params={"timezone": ZONE, "fresh": "1"})
    assert status == 200
    assert len(usage_calls(emulator)) == 2


async def test_an_unknown_time_zone_is_counted_in_utc(fetch_json, emulator, configured):
    status, answer = await fetch_json("usage", params={"timezone": "Nowhere/../etc"})
    assert status == 200
    assert answer["data"]["timeZone"] == "UTC"
    (call,) = usage_calls(emulator)
    assert call["query"]["timezone"] == "UTC"


async def test_a_failed_refresh_keeps_the_month_with_the_error(fetch_json, emulator, configured):
    status, first = await fetch_json("usage", params={"timezone": ZONE})
    assert status == 200
    emulator.add_fault(path="/compute-sessions/usage$", status=503, count=1)
    status, stale = await fetch_json("usage", params={"timezone": ZONE, "fresh": "1"})
    assert status == 200
    assert stale["data"] == first["data"]
    assert stale["fetchedAt"] == first["fetchedAt"]
    assert stale["error"]["kind"] == "server_error"
    assert stale["error"]["upstreamStatus"] == 503


async def test_a_failure_with_nothing_known_is_the_error(fetch_json, emulator, configured):
    emulator.add_fault(path="/compute-sessions/usage$", status=503, count=1)
    status, body = await fetch_json("usage", params={"timezone": ZONE})
    assert status == 502
    assert body["error"]["kind"] == "server_error"
    assert body["error"]["upstreamStatus"] == 503


async def test_days_missing_from_the_answer_are_zeros(fetch_json, emulator, configured):
    """An answer with only some days and no summary: the window is whole, the sums stand in."""
    today = datetime.now(ZoneInfo(ZONE)).date()
    rows = [
        {"date": today.isoformat(), "totalHours": 2.5, "creditsCharged": 30, "sessionCount": 2},
        {"date": (today - timedelta(days=3)).isoformat(), "totalHours": 1, "sessionCount": 1},
        {"date": (today - timedelta(days=40)).isoformat(), "totalHours": 9, "sessionCount": 9},
        {"date": "yesterday", "totalHours": 9},
    ]
    body = {"success": True, "data": {"computeHours": {"used": 3, "total": 10}, "daily": rows}}
    emulator.add_fault(path="/compute-sessions/usage$", body=body, count=1)
    status, answer = await fetch_json("usage", params={"timezone": ZONE})
    assert status == 200
    report = answer["data"]
    assert report["hours"] == {"used": 3, "total": 10, "remaining": 7}
    assert report["summary"] == {"sessions": 3, "hours": 3.5, "creditsCharged": 30}
    assert len(report["days"]) == 30
    assert report["days"][-1] == {
        "date": today.isoformat(),
        "hours": 2.5,
        "creditsCharged": 30,
        "sessions": 2,
    }
    assert report["days"][-4]["hours"] == 1
    assert sum(day["hours"] for day in report["days"]) == 3.5


async def test_without_a_credential_it_says_so(fetch_json, emulator):
    status, body = await fetch_json("usage")
    assert status == 409
    assert body["error"]["kind"] == "not_configured"
    assert emulator.requests() == []
