"""InstanceService on qBraid's platform, against the real emulator: the profile and start
from the platform routes, and every stop route that needs no JupyterHub.

The hub routes (the server's own token, the session-token fallback) are in tests/hub/.
"""

import json
import logging
import urllib.request

import pytest

from jupyterlab_qbraid import errors
from jupyterlab_qbraid.errors import Conflict
from jupyterlab_qbraid.instance import PROFILE_SECONDS, STATUS_SECONDS

RUNNING = "bma-demo-vm-cpu-8-32-3f9a1c2e"
CANNOT_STOP = "bma-demo-vm-gpu-l4-7b4d2e91"
STOPPED = "bma-demo-vm-cpu-8-32-c05e8a17"
CLUSTER = "qbraid-demo-cluster"
CLOSED_HUB = "http://127.0.0.1:9/hub/api"
KEEPS_RUNNING = "The instance keeps running."


def api(emulator, path):
    """GET an API route as the demo user (what the platform says now)."""
    request = urllib.request.Request(emulator.url + path, headers={"X-API-Key": emulator.api_key})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["data"]


def hub_environ(**extra):
    """Under a hub that cannot be reached: the platform routes must not need it."""
    return {
        "JUPYTERHUB_API_URL": CLOSED_HUB,
        "JUPYTERHUB_USER": "demo",
        "JUPYTERHUB_SERVER_NAME": "",
        "JUPYTERHUB_API_TOKEN": "server-token-0123456789abcdef",
        **extra,
    }


def calls(emulator):
    return [(entry["method"], entry["path"], entry["status"]) for entry in emulator.requests()]


# Describing the instance


async def test_a_subscription_server_is_described_by_the_platform(instance_factory, emulator):
    instance = instance_factory(
        hub_environ(QBRAID_CLUSTER_ID=CLUSTER, QBRAID_LAB_PROFILE="ignored"),
        emulator.url,
        emulator.api_key,
    )
    description = await instance.describe()
    status = api(emulator, f"/compute/servers/status?clusterId={CLUSTER}")
    assert (description["kind"], description["mode"]) == ("subscription", "hub")
    assert (description["clusterId"], description["instanceId"]) == (CLUSTER, None)
    assert description["profile"] == {
        "slug": "cpu-2-4",
        "name": "2 vCPU, 4 GB",
        "vCpus": 2,
        "creditsPerMinute": 0.23,
        "source": "platform",
    }
    assert description["startedAtSource"] == "platform"
    started = status["serverDetails"]["started"]
    assert description["startedAt"][:19] == started[:19]
    assert (description["supportsStop"], description["stoppedCreditsPerMin"]) == (None, None)
    # The status and price are cached (5 minutes, an hour): a second look asks nothing.
    emulator.clear_requests()
    assert await instance.describe() == description
    assert emulator.requests() == []


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


async def test_the_status_at_most_every_five_minutes_the_price_once_an_hour(
    instance_factory, emulator
):
    instance = instance_factory(
        hub_environ(QBRAID_CLUSTER_ID=CLUSTER), emulator.url, emulator.api_key
    )
    start = instance.account.facts.clock()
    clock = Clock(start)
    instance.account.facts.clock = clock
    await instance.describe()
    emulator.clear_requests()
    clock.now += STATUS_SECONDS - 1
    await instance.describe()
    assert calls(emulator) == []
    # The Compute section back on screen five minutes on: the status again, not the price.
    clock.now += 1
    await instance.describe()
    assert calls(emulator) == [("GET", "/api/v1/compute/servers/status", 200)]
    emulator.clear_requests()
    # An hour after the first look: the price too.
    clock.now = start + PROFILE_SECONDS
    await instance.describe()
    assert sorted(path for _, path, _ in calls(emulator)) == [
        "/api/v1/compute/profiles/cpu-2-4",
        "/api/v1/compute/servers/status",
    ]


async def test_a_refresh_by_hand_asks_the_platform_now(instance_factory, emulator):
    instance = instance_factory(
        hub_environ(QBRAID_CLUSTER_ID=CLUSTER), emulator.url, emulator.api_key
    )
    await instance.describe()
    emulator.clear_requests()
    await instance.describe(fresh=True)
    # What the Compute section shows: the status and the profile's price.
    assert sorted(path for _, path, _ in calls(emulator)) == [
        "/api/v1/compute/profiles/cpu-2-4",
        "/api/v1/compute/servers/status",
    ]


async def test_an_on_demand_instance_is_described_by_the_platform(instance_factory, emulator):
    instance = instance_factory({"QBRAID_INSTANCE_ID": RUNNING}, emulator.url, emulator.api_key)
    description = await instance.describe()
    record = api(emulator, f"/compute/bma/instances/{RUNNING}")
    profile = api(emulator, "/compute/profiles/vm-cpu-8-32")
    assert (description["kind"], description["mode"]) == ("on-demand", "standalone")
    assert description["instanceId"] == RUNNING
    assert description["profile"] == {
        "slug": "vm-cpu-8-32",
        "name": profile["display_name"],
        "vCpus": profile["resources"]["cpu"]["limit"],
        # This instance's own rate, where the platform sends one.
        "creditsPerMinute": record.get("runningCreditsPerMin")
        or profile["pricing"]["creditCostPerMinute"],
        "source": "platform",
    }
    assert description["supportsStop"] is True
    assert description["stoppedCreditsPerMin"] == record.get("stoppedCreditsPerMin")
    assert description["startedAtSource"] == "platform"
    assert description["startedAt"][:19] == record["runningAt"][:19]


async def test_without_a_credential_the_platform_is_not_asked(instance_factory, emulator):
    environ = {"QBRAID_CLUSTER_ID": CLUSTER, "QBRAID_LAB_PROFILE": "2 vCPU"}
    description = await instance_factory(environ, emulator.url).describe()
    assert description["profile"]["source"] == "environment"
    assert description["startedAtSource"] == "server"
    assert emulator.requests() == []


@pytest.mark.parametrize("path", ["compute/servers/status", "compute/profiles/"])
async def test_a_platform_failure_leaves_the_environment_profile_and_is_logged(
    instance_factory, emulator, caplog, path
):
    emulator.add_fault(path=path, status=500, count=0)
    environ = {"QBRAID_CLUSTER_ID": CLUSTER, "QBRAID_LAB_PROFILE": "2 vCPU, 4 GB"}
    with caplog.at_level(logging.WARNING, logger="tests.instance"):
        description = await instance_factory(environ, emulator.url, emulator.api_key).describe()
    assert description["profile"] == {
        "slug": None,
        "name": "2 vCPU, 4 GB",
        "vCpus": None,
        "creditsPerMinute": None,
        "source": "environment",
    }
    assert "qBraid could not describe" in caplog.text
    assert emulator.api_key not in caplog.text


# Stopping through qBraid


async def test_an_on_demand_instance_stops_through_qbraid(instance_factory, emulator, stop_settled):
    instance = instance_factory(
        hub_environ(QBRAID_INSTANCE_ID=RUNNING), emulator.url, emulator.api_key
    )
    answer = await instance.start_stop()
    assert answer["stop"] == {"state": "stopping", "error": None, "route": "on-demand"}
    await stop_settled(instance)
    assert api(emulator, f"/compute/bma/instances/{RUNNING}")["status"] in ("stopping", "stopped")
    assert ("POST", f"/api/v1/compute/bma/instances/{RUNNING}/stop", 200) in calls(emulator)
    # The closed hub was never needed.
    assert (await instance.describe())["stop"]["state"] == "stopping"


async def test_an_instance_that_cannot_stop_is_refused_at_once(instance_factory, emulator):
    instance = instance_factory({"QBRAID_INSTANCE_ID": CANNOT_STOP}, emulator.url, emulator.api_key)
    assert (await instance.describe())["supportsStop"] is False
    with pytest.raises(Conflict) as refused:
        await instance.start_stop()
    assert refused.value.kind == errors.STOP_UNSUPPORTED
    assert refused.value.http_status == 409
    assert refused.value.message == (
        "This on-demand instance cannot be stopped, only terminated, on the account page."
    )
    assert (await instance.describe())["stop"] == {"state": "idle", "error": None, "route": None}
    assert not any(method == "POST" for method, _, _ in calls(emulator))


async def test_a_failed_on_demand_stop_names_the_step_and_the_code(
    instance_factory, emulator, stop_settled
):
    instance = instance_factory({"QBRAID_INSTANCE_ID": STOPPED}, emulator.url, emulator.api_key)
    await instance.start_stop()
    error = (await stop_settled(instance))["stop"]["error"]
    assert error["kind"] == errors.REJECTED
    assert error["code"] == "BAD_STATE"
    assert error["upstreamStatus"] == 400
    assert error["message"].startswith(
        "Stopping the on-demand instance through qBraid "
        f"(POST /compute/bma/instances/{STOPPED}/stop) failed: qBraid refused the request (400 BAD_STATE: "
    )
    assert error["message"].endswith(
        " A deployment can give Lab a qBraid credential of the instance's owner "
        "(QBRAID_ACCESS_TOKEN, or an API key). The instance keeps running."
    )


async def test_the_subscription_server_stops_through_qbraid(
    instance_factory, emulator, stop_settled
):
    instance = instance_factory(
        hub_environ(QBRAID_CLUSTER_ID=CLUSTER), emulator.url, emulator.api_key
    )
    answer = await instance.start_stop()
    assert answer["stop"] == {"state": "stopping", "error": None, "route": "platform"}
    await stop_settled(instance)
    assert not api(emulator, f"/compute/servers/status?clusterId={CLUSTER}")["serverRunning"]
    (stop,) = [entry for entry in emulator.requests() if entry["method"] == "DELETE"]
    assert (stop["path"], stop["query"], stop["status"]) == (
        "/api/v1/compute/servers/stop",
        {"clusterId": CLUSTER},
        200,
    )


async def test_while_stopping_the_checks_ask_qbraid_nothing(
    instance_factory, emulator, stop_settled
):
    instance = instance_factory(
        hub_environ(QBRAID_CLUSTER_ID=CLUSTER), emulator.url, emulator.api_key
    )
    clock = Clock(instance.account.facts.clock())
    instance.account.facts.clock = clock
    await instance.start_stop()
    await stop_settled(instance)
    emulator.clear_requests()
    # Long after, with the platform failing: the browser's checks (one a second) are
    # answered from what was asked when the stop began.
    emulator.add_fault(path="compute/servers/status", status=503, count=0)
    clock.now += PROFILE_SECONDS
    for _ in range(3):
        description = await instance.describe()
        assert description["stop"]["state"] == "stopping"
        assert description["profile"]["name"] == "2 vCPU, 4 GB"
    assert calls(emulator) == []


@pytest.mark.parametrize(
    ("status", "kind"),
    [(403, errors.FORBIDDEN), (401, errors.KEY_REJECTED), (503, errors.SERVER_ERROR)],
)
async def test_a_failed_platform_stop_names_the_step(
    instance_factory, emulator, stop_settled, status, kind
):
    emulator.add_fault(path="compute/servers/stop", method="DELETE", status=status, count=0)
    instance = instance_factory({"QBRAID_CLUSTER_ID": CLUSTER}, emulator.url, emulator.api_key)
    await instance.start_stop()
    description = await stop_settled(instance)
    assert description["stop"]["state"] == "failed"
    assert description["stop"]["route"] == "platform"
    error = description["stop"]["error"]
    assert (error["kind"], error["upstreamStatus"]) == (kind, status)
    assert error["message"].startswith(
        "Stopping the subscription server through qBraid (DELETE /compute/servers/stop) failed: "
    )
    assert error["message"].endswith(KEEPS_RUNNING)
    assert emulator.api_key not in error["message"]


async def test_without_a_credential_a_platform_pod_falls_back_to_the_hub(
    instance_factory, emulator, stop_settled
):
    instance = instance_factory(hub_environ(QBRAID_CLUSTER_ID=CLUSTER), emulator.url)
    answer = await instance.start_stop()
    assert answer["stop"]["route"] == "hub"
    error = (await stop_settled(instance))["stop"]["error"]
    assert error["kind"] == errors.HUB_UNREACHABLE
    assert emulator.requests() == []
