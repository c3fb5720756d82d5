"""InstanceService without a hub: where Lab runs, its profile, and stops that cannot work.

The stops that reach a real JupyterHub are in tests/hub/.
"""

import asyncio
import logging
from datetime import datetime, timezone

import pytest

from jupyterlab_qbraid import errors
from jupyterlab_qbraid.errors import Conflict, HubError
from jupyterlab_qbraid.hub import HubClient

STARTED = datetime(2026, 3, 1, 9, 30, 5, 123456, tzinfo=timezone.utc)
CLOSED_HUB = "http://127.0.0.1:9/hub/api"
SERVER_TOKEN = "server-token-0123456789abcdef"


def hub_environ(**extra):
    return {
        "JUPYTERHUB_API_URL": CLOSED_HUB,
        "JUPYTERHUB_USER": "ada",
        "JUPYTERHUB_SERVER_NAME": "",
        "JUPYTERHUB_API_TOKEN": SERVER_TOKEN,
        **extra,
    }


IDLE = {"state": "idle", "error": None, "route": None}


async def test_standalone_description(instance_factory):
    instance = instance_factory({}, started=STARTED)
    assert await instance.describe() == {
        "mode": "standalone",
        "kind": "standalone",
        "user": None,
        "serverName": None,
        "clusterId": None,
        "instanceId": None,
        "startedAt": "2026-03-01T09:30:05Z",
        "startedAtSource": "server",
        "profile": None,
        "supportsStop": None,
        "stoppedCreditsPerMin": None,
        "limits": None,
        "stop": IDLE,
    }


@pytest.mark.parametrize(
    ("environ", "kind", "mode"),
    [
        ({"QBRAID_INSTANCE_ID": "bma-cpu-2-4-abc123"}, "on-demand", "standalone"),
        (hub_environ(QBRAID_INSTANCE_ID="bma-cpu-2-4-abc123"), "on-demand", "hub"),
        (hub_environ(QBRAID_CLUSTER_ID="qbraid-demo-cluster"), "subscription", "hub"),
        (
            hub_environ(QBRAID_INSTANCE_ID="bma-x-1", QBRAID_CLUSTER_ID="c"),
            "on-demand",
            "hub",
        ),
        (hub_environ(), "hub", "hub"),
        ({}, "standalone", "standalone"),
    ],
)
async def test_the_kind_comes_from_the_environment(instance_factory, environ, kind, mode):
    # No credential: nothing is asked of the platform, and the description still answers.
    description = await instance_factory(environ).describe()
    assert (description["kind"], description["mode"]) == (kind, mode)
    assert description["instanceId"] == environ.get("QBRAID_INSTANCE_ID")
    assert description["clusterId"] == environ.get("QBRAID_CLUSTER_ID")


async def test_hub_mode_needs_the_hub_url_and_the_user(instance_factory):
    assert (await instance_factory({"JUPYTERHUB_API_URL": CLOSED_HUB}).describe())[
        "mode"
    ] == "standalone"
    assert (await instance_factory({"JUPYTERHUB_USER": "ada"}).describe())["mode"] == "standalone"
    description = await instance_factory(
        hub_environ(JUPYTERHUB_SERVER_NAME="gpu"), started=STARTED
    ).describe()
    assert (description["mode"], description["user"], description["serverName"]) == (
        "hub",
        "ada",
        "gpu",
    )
    # The hub cannot be asked: the server's own start time, and it says so.
    assert (description["startedAt"], description["startedAtSource"]) == (
        "2026-03-01T09:30:05Z",
        "server",
    )


def env_profile(name, rate):
    return {
        "slug": None,
        "name": name,
        "vCpus": None,
        "creditsPerMinute": rate,
        "source": "environment",
    }


@pytest.mark.parametrize(
    ("environ", "profile"),
    [
        (
            {"QBRAID_LAB_PROFILE": "2 vCPU, 4 GB", "QBRAID_LAB_CREDITS_PER_MINUTE": "0.23"},
            env_profile("2 vCPU, 4 GB", 0.23),
        ),
        ({"QBRAID_LAB_PROFILE": "1 x H100"}, env_profile("1 x H100", None)),
        (
            {"QBRAID_LAB_PROFILE": " 4 vCPU ", "QBRAID_LAB_CREDITS_PER_MINUTE": "0"},
            env_profile("4 vCPU", 0.0),
        ),
        ({}, None),
    ],
)
async def test_profile_from_the_environment(instance_factory, environ, profile):
    assert (await instance_factory(environ).describe())["profile"] == profile


@pytest.mark.parametrize("rate", ["cheap", "-1", "nan", "inf", "0,23"])
async def test_an_invalid_rate_is_ignored_with_a_warning(instance_factory, caplog, rate):
    with caplog.at_level(logging.WARNING, logger="tests.instance"):
        instance = instance_factory(
            {"QBRAID_LAB_PROFILE": "2 vCPU", "QBRAID_LAB_CREDITS_PER_MINUTE": rate}
        )
    assert (await instance.describe())["profile"] == env_profile("2 vCPU", None)
    assert "QBRAID_LAB_CREDITS_PER_MINUTE" in caplog.text


async def test_a_rate_without_a_profile_name_is_ignored_with_a_warning(instance_factory, caplog):
    with caplog.at_level(logging.WARNING, logger="tests.instance"):
        instance = instance_factory({"QBRAID_LAB_CREDITS_PER_MINUTE": "0.23"})
    assert (await instance.describe())["profile"] is None
    assert "without QBRAID_LAB_PROFILE" in caplog.text


async def test_standalone_stop_is_refused(instance_factory):
    instance = instance_factory({})
    with pytest.raises(Conflict) as refused:
        await instance.start_stop()
    assert refused.value.kind == errors.NOT_UNDER_HUB
    assert refused.value.http_status == 409
    assert (
        refused.value.message == "Stopping is done by the browser when Lab is not under JupyterHub."
    )
    assert (await instance.describe())["stop"] == IDLE


async def test_hub_client_on_a_closed_port_says_unreachable():
    client = HubClient(CLOSED_HUB, 5.0, "jupyterlab-qbraid/test")
    try:
        with pytest.raises(HubError) as failed:
            await client.stop_server("ada", "", SERVER_TOKEN)
    finally:
        client.close()
    assert failed.value.kind == errors.HUB_UNREACHABLE
    assert failed.value.message.startswith(f"JupyterHub at {CLOSED_HUB} is unreachable (")
    assert SERVER_TOKEN not in failed.value.message


async def test_unreachable_hub_fails_the_stop_and_says_so(instance_factory, stop_settled, caplog):
    instance = instance_factory(hub_environ())
    with caplog.at_level(logging.INFO):
        answer = await instance.start_stop()
        assert answer["stop"] == {"state": "stopping", "error": None, "route": "hub"}
        description = await stop_settled(instance)
    error = description["stop"]["error"]
    assert description["stop"]["state"] == "failed"
    assert error["kind"] == errors.HUB_UNREACHABLE
    assert error["message"].startswith(f"JupyterHub at {CLOSED_HUB} is unreachable (")
    assert error["message"].endswith("). The instance keeps running.")
    assert SERVER_TOKEN not in caplog.text


async def test_a_second_stop_while_stopping_changes_nothing_and_a_failed_one_is_retried(
    instance_factory, stop_settled
):
    instance = instance_factory(hub_environ())
    calls = []
    release = asyncio.Event()

    async def stop_server(user, server_name, token):
        calls.append((user, server_name))
        await release.wait()
        raise HubError(errors.HUB_ERROR, "JupyterHub could not stop the server (500: boom).", 500)

    instance.hub.stop_server = stop_server
    first = await instance.start_stop()
    second = await instance.start_stop()
    assert first == second
    assert first["stop"]["state"] == "stopping"
    release.set()
    failed = await stop_settled(instance)
    assert calls == [("ada", "")]
    assert failed["stop"]["error"]["message"] == (
        "JupyterHub could not stop the server (500: boom). The instance keeps running."
    )
    assert failed["stop"]["error"]["upstreamStatus"] == 500

    retried = await instance.start_stop()
    assert retried["stop"] == {"state": "stopping", "error": None, "route": "hub"}
    await stop_settled(instance)
    assert calls == [("ada", ""), ("ada", "")]
