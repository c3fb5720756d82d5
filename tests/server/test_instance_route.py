"""{base_url}jupyterlab-qbraid/instance in a real Jupyter server that runs without JupyterHub."""

from datetime import datetime, timedelta, timezone

import pytest


@pytest.fixture(autouse=True)
def no_hub(monkeypatch):
    """Standalone whatever runs the tests: the extension reads these when the server starts."""
    for name in (
        "JUPYTERHUB_API_URL",
        "JUPYTERHUB_USER",
        "QBRAID_LAB_PROFILE",
        "QBRAID_LAB_CREDITS_PER_MINUTE",
        "QBRAID_CLUSTER_ID",
        "QBRAID_INSTANCE_ID",
    ):
        monkeypatch.delenv(name, raising=False)


async def test_instance_standalone(fetch_json, emulator):
    status, instance = await fetch_json("instance")
    assert status == 200
    started = datetime.fromisoformat(instance.pop("startedAt").replace("Z", "+00:00"))
    assert timedelta(0) <= datetime.now(timezone.utc) - started < timedelta(minutes=5)
    assert instance == {
        "mode": "standalone",
        "kind": "standalone",
        "user": None,
        "serverName": None,
        "clusterId": None,
        "instanceId": None,
        "startedAtSource": "server",
        "profile": None,
        "supportsStop": None,
        "stoppedCreditsPerMin": None,
        "limits": None,
        "stop": {"state": "idle", "error": None, "route": None},
    }
    assert emulator.requests() == []


async def test_stop_is_refused_standalone(fetch_json, emulator):
    status, body = await fetch_json("instance/stop", method="POST", body={})
    assert status == 409
    assert body["error"]["kind"] == "not_under_hub"
    assert (
        body["error"]["message"]
        == "Stopping is done by the browser when Lab is not under JupyterHub."
    )
    _, instance = await fetch_json("instance")
    assert instance["stop"] == {"state": "idle", "error": None, "route": None}


async def test_instance_on_the_platform(subscription_pod, fetch_json, emulator, configured):
    status, instance = await fetch_json("instance")
    assert status == 200
    assert (instance["kind"], instance["clusterId"]) == ("subscription", "qbraid-demo-cluster")
    assert instance["profile"] == {
        "slug": "cpu-2-4",
        "name": "2 vCPU, 4 GB",
        "vCpus": 2,
        "creditsPerMinute": 0.23,
        "source": "platform",
    }
    assert instance["startedAtSource"] == "platform"

    status, stopping = await fetch_json("instance/stop", method="POST", body={})
    assert status == 202
    assert stopping["stop"] == {"state": "stopping", "error": None, "route": "platform"}
