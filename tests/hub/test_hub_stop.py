"""Stopping a Lab server through a real JupyterHub (HubStack: hub, proxy, Lab servers with
this extension, and the account API emulator minting hub tokens).

One hub for the module; a test that needs the demo user's server running starts it (a few
seconds), and a stopped one is started again by the next test that needs it. The Lab
servers' own tokens lack delete:servers, as on qBraid's platform.
"""

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from jupyterlab_qbraid import errors
from jupyterlab_qbraid.account_client import parse_timestamp
from jupyterlab_qbraid.emulator.hub_process import DEMO_USER, HubStack
from jupyterlab_qbraid.errors import AccountApiError
from jupyterlab_qbraid.hub import STOPPED, STOPPING, HubClient

# What the hub's default server token holds on its own server, and a token that may stop it.
ACCESS = f"access:servers!server={DEMO_USER}/"
DELETE = f"delete:servers!server={DEMO_USER}/"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubStack]:
    with HubStack(
        tmp_path_factory.mktemp("hub-stack"),
        delete_scope=False,
        profile="2 vCPU, 4 GB",
        credits_per_minute=0.23,
    ) as stack:
        yield stack


@pytest.fixture
def hub_client(stack: HubStack) -> Iterator[HubClient]:
    client = HubClient(stack.hub.api_url, 30.0, "jupyterlab-qbraid/test")
    yield client
    client.close()


def hub_environ(stack: HubStack, token: str) -> dict[str, str]:
    """The environment the hub's spawner gives a Lab server, with ``token`` as its own."""
    return {
        "JUPYTERHUB_API_URL": stack.hub.api_url,
        "JUPYTERHUB_USER": DEMO_USER,
        "JUPYTERHUB_SERVER_NAME": "",
        "JUPYTERHUB_API_TOKEN": token,
    }


async def test_a_token_with_delete_servers_stops_the_server(stack, hub_client):
    stack.hub.spawn()
    outcome = await hub_client.stop_server(DEMO_USER, "", stack.hub.user_token([DELETE]))
    assert outcome in (STOPPED, STOPPING)
    stack.hub.wait_stopped()
    assert stack.hub.server() is None


async def test_a_token_without_delete_servers_is_refused(stack, hub_client):
    stack.hub.spawn()
    token = stack.hub.user_token([ACCESS])
    with pytest.raises(AccountApiError) as refused:
        await hub_client.stop_server(DEMO_USER, "", token)
    assert refused.value.kind == errors.HUB_FORBIDDEN
    assert refused.value.upstream_status == 403
    assert "lacks the delete:servers scope" in refused.value.message
    assert token not in refused.value.message
    assert stack.hub.server()["ready"] is True


async def test_the_start_time_needs_read_servers(stack, hub_client):
    server = stack.hub.spawn()
    # The default server token's scopes let it read the user, but not the user's servers.
    assert await hub_client.server_started(DEMO_USER, "", stack.hub.user_token([ACCESS])) is None
    reader = stack.hub.user_token([f"read:servers!user={DEMO_USER}"])
    started = await hub_client.server_started(DEMO_USER, "", reader)
    assert started == parse_timestamp(server["started"])


async def test_the_hub_start_time_where_the_server_token_may_read_it(stack, instance_factory):
    server = stack.hub.spawn()
    token = stack.hub.user_token([ACCESS, f"read:servers!user={DEMO_USER}"])
    description = await instance_factory(hub_environ(stack, token)).describe()
    assert description["startedAtSource"] == "hub"
    spawned = parse_timestamp(server["started"]).replace(microsecond=0)
    assert parse_timestamp(description["startedAt"]) == spawned


async def test_stop_falls_back_to_the_account_api_token(stack, instance_factory, stop_settled):
    stack.hub.spawn()
    stack.emulator.clear_requests()
    instance = instance_factory(
        hub_environ(stack, stack.hub.user_token([ACCESS])),
        stack.emulator.url,
        stack.emulator.api_key,
    )
    answer = await instance.start_stop()
    assert (answer["mode"], answer["stop"]) == ("hub", {"state": "stopping", "error": None})

    description = await stop_settled(instance, done=lambda: stack.hub.server() is None)
    assert description["stop"] == {"state": "stopping", "error": None}
    stack.hub.wait_stopped()
    assert [(entry["path"], entry["status"]) for entry in stack.emulator.requests()] == [
        ("/api/v1/lab/compute/tokens", 200)
    ]


async def test_stop_fails_clearly_when_the_account_api_has_no_lab(
    stack, emulator, instance_factory, stop_settled
):
    stack.hub.spawn()
    # A fresh emulator given no hub: it answers 404 "No Lab deployment."
    instance = instance_factory(
        hub_environ(stack, stack.hub.user_token([ACCESS])), emulator.url, emulator.api_key
    )
    await instance.start_stop()
    description = await stop_settled(instance)
    assert description["stop"]["state"] == "failed"
    assert description["stop"]["error"] == {
        "kind": errors.NOT_FOUND,
        "message": (
            "JupyterHub refused to stop this server: its own token lacks the delete:servers scope."
            " Asking the qBraid account API for a Lab token failed:"
            " qBraid has no Lab deployment for this key (404: No Lab deployment). The instance keeps running."
        ),
        "upstreamStatus": 404,
        "retryAfter": None,
    }
    assert stack.hub.server()["ready"] is True


async def test_stop_fails_clearly_without_an_api_key(stack, instance_factory, stop_settled):
    instance = instance_factory(
        hub_environ(stack, stack.hub.user_token([ACCESS])), stack.emulator.url
    )
    await instance.start_stop()
    error = (await stop_settled(instance))["stop"]["error"]
    assert error["kind"] == errors.NOT_CONFIGURED
    assert error["message"] == (
        "JupyterHub refused to stop this server: its own token lacks the delete:servers scope."
        " No qBraid API key is set in Lab to ask the qBraid account API for a Lab token."
        " The instance keeps running."
    )


def test_lab_under_the_hub_stops_itself_through_the_proxy(stack):
    """The whole way: the Lab server the hub spawned answers 202, then the hub stops it."""
    server = stack.hub.spawn()
    stack.emulator.clear_requests()
    headers = {"Authorization": f"token {stack.hub.user_token([ACCESS])}"}
    with httpx.Client(base_url=stack.hub.user_url, headers=headers, timeout=30) as lab:
        described = lab.get("qbraid/instance")
        assert described.status_code == 200
        instance = described.json()
        started = parse_timestamp(instance.pop("startedAt"))
        # The server token cannot read the hub's record: the server's own start, just after.
        spawned = parse_timestamp(server["started"]).replace(microsecond=0)
        assert timedelta(0) <= started - spawned < timedelta(minutes=1)
        assert instance == {
            "mode": "hub",
            "user": DEMO_USER,
            "serverName": "",
            "startedAtSource": "server",
            "profile": {"name": "2 vCPU, 4 GB", "creditsPerMinute": 0.23},
            "stop": {"state": "idle", "error": None},
        }

        stopping = lab.post("qbraid/instance/stop")
        assert stopping.status_code == 202
        assert stopping.json()["stop"] == {"state": "stopping", "error": None}
    stack.hub.wait_stopped()
    assert [entry["path"] for entry in stack.emulator.requests()] == ["/api/v1/lab/compute/tokens"]
