"""{base_url}jupyterlab-qbraid/instance/limits: the platform's own autoStopIdleMinutes and
maxSessionMinutes of an on-demand instance, shown and set through the real emulator."""

import json
import urllib.request

import pytest

RUNNING = "bma-demo-vm-cpu-8-32-3f9a1c2e"
PATH = f"/api/v1/compute/bma/instances/{RUNNING}"


@pytest.fixture(autouse=True)
def no_hub(monkeypatch):
    for name in (
        "JUPYTERHUB_API_URL",
        "JUPYTERHUB_USER",
        "QBRAID_CLUSTER_ID",
        "QBRAID_INSTANCE_ID",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def on_demand_pod(monkeypatch):
    """What qBraid's platform gives an on-demand instance's Lab; set before the server starts."""
    monkeypatch.setenv("QBRAID_INSTANCE_ID", RUNNING)


def platform_record(emulator):
    request = urllib.request.Request(
        f"{emulator.url}/compute/bma/instances/{RUNNING}",
        headers={"X-API-Key": emulator.api_key},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        data = json.loads(response.read())["data"]
    return {name: data[name] for name in ("autoStopIdleMinutes", "maxSessionMinutes")}


def calls(emulator):
    return [(entry["method"], entry["path"], entry["status"]) for entry in emulator.requests()]


async def test_the_limits_are_shown_and_set(on_demand_pod, fetch_json, emulator, configured):
    status, instance = await fetch_json("instance")
    assert status == 200
    assert instance["kind"] == "on-demand"
    assert instance["limits"] == platform_record(emulator)
    assert instance["limits"] == {"autoStopIdleMinutes": 60, "maxSessionMinutes": 480}

    emulator.clear_requests()
    limits = {"autoStopIdleMinutes": 45, "maxSessionMinutes": 0}
    status, instance = await fetch_json("instance/limits", "PATCH", limits)
    assert status == 200
    assert instance["limits"] == limits
    assert platform_record(emulator) == limits
    # The change, then the instance asked again: what is shown is what qBraid now holds.
    assert calls(emulator)[:2] == [("PATCH", PATH, 200), ("GET", PATH, 200)]

    # One of them alone leaves the other as it is.
    status, instance = await fetch_json("instance/limits", "PATCH", {"maxSessionMinutes": 43200})
    assert status == 200
    assert instance["limits"] == {"autoStopIdleMinutes": 45, "maxSessionMinutes": 43200}


BAD = [
    ({"autoStopIdleMinutes": -1}, "autoStopIdleMinutes must be a whole number of minutes"),
    ({"autoStopIdleMinutes": 10081}, "from 0 (off) to 10080."),
    ({"maxSessionMinutes": 43201}, "from 0 (off) to 43200."),
    ({"maxSessionMinutes": "60"}, "maxSessionMinutes must be a whole number"),
    ({"maxSessionMinutes": 1.5}, "maxSessionMinutes must be a whole number"),
    ({"autoStopIdleMinutes": True}, "autoStopIdleMinutes must be a whole number"),
    ({"autoStopIdleMinutes": None}, "autoStopIdleMinutes must be a whole number"),
    ({"idle": 5}, "Unknown field: 'idle'."),
    ({}, "Nothing to change"),
]


@pytest.mark.parametrize(("body", "says"), BAD, ids=[json.dumps(body) for body, _ in BAD])
async def test_bad_limits_are_a_clear_400_that_asks_nothing(
    on_demand_pod, fetch_json, emulator, configured, body, says
):
    emulator.clear_requests()
    status, answer = await fetch_json("instance/limits", "PATCH", body)
    assert status == 400
    assert answer["error"]["kind"] == "invalid_input"
    assert says in answer["error"]["message"]
    assert emulator.requests() == []
    assert platform_record(emulator) == {"autoStopIdleMinutes": 60, "maxSessionMinutes": 480}


async def test_a_refusal_of_qbraid_is_told_with_its_route(
    on_demand_pod, fetch_json, emulator, configured
):
    emulator.add_fault(
        path=f"/compute/bma/instances/{RUNNING}$", method="PATCH", status=403, count=1
    )
    status, answer = await fetch_json("instance/limits", "PATCH", {"autoStopIdleMinutes": 30})
    assert status == 502
    error = answer["error"]
    assert error["upstreamStatus"] == 403
    assert error["message"].startswith(
        "Changing the instance's limits through qBraid "
        f"(PATCH /compute/bma/instances/{RUNNING}) failed: "
    )
    assert platform_record(emulator) == {"autoStopIdleMinutes": 60, "maxSessionMinutes": 480}


async def test_a_timeout_is_a_gateway_timeout(on_demand_pod, fetch_json, emulator, configured):
    emulator.add_fault(
        path=f"/compute/bma/instances/{RUNNING}$", method="PATCH", latency_ms=4000, count=1
    )
    status, answer = await fetch_json("instance/limits", "PATCH", {"autoStopIdleMinutes": 30})
    assert status == 504
    assert answer["error"]["kind"] == "timeout"


async def test_without_a_credential_nothing_is_asked(on_demand_pod, fetch_json, emulator):
    status, answer = await fetch_json("instance/limits", "PATCH", {"autoStopIdleMinutes": 30})
    assert status == 409
    assert answer["error"]["kind"] == "not_configured"
    assert emulator.requests() == []


async def test_a_lab_that_is_no_on_demand_instance_has_none(fetch_json, emulator, configured):
    status, instance = await fetch_json("instance")
    assert instance["limits"] is None
    status, answer = await fetch_json("instance/limits", "PATCH", {"autoStopIdleMinutes": 30})
    assert status == 409
    assert answer["error"]["kind"] == "not_on_demand"
    assert emulator.requests() == []
