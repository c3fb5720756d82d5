"""{base_url}qbraid/instance in a real Jupyter server that runs without JupyterHub."""

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
    ):
        monkeypatch.delenv(name, raising=False)


async def test_instance_standalone(fetch_json, emulator):
    status, instance = await fetch_json("instance")
    assert status == 200
    started = datetime.fromisoformat(instance.pop("startedAt").replace("Z", "+00:00"))
    assert timedelta(0) <= datetime.now(timezone.utc) - started < timedelta(minutes=5)
    assert instance == {
        "mode": "standalone",
        "user": None,
        "serverName": None,
        "startedAtSource": "server",
        "profile": None,
        "stop": {"state": "idle", "error": None},
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
    assert instance["stop"] == {"state": "idle", "error": None}
