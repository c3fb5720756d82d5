"""Stopping a Lab server through a real JupyterHub (HubStack: hub, proxy, Lab servers with
this extension, and the qBraid API emulator acting on that hub).

One hub for the module; a test that needs the demo user's server running starts it (a few
seconds), and a stopped one is started again by the next test that needs it. The Lab
servers' own tokens lack delete:servers, as on qBraid's platform, and their environment is a
platform pod's (QBRAID_CLUSTER_ID). InstanceServices built in the test process stand for a
Lab on any other hub (no QBRAID_CLUSTER_ID) where a test says so.
"""

import json
import sys
from collections.abc import Iterator
from datetime import timedelta

import httpx
import psutil
import pytest

from jupyterlab_qbraid import errors
from jupyterlab_qbraid.account_client import parse_timestamp
from jupyterlab_qbraid.emulator.catalog import DEMO_CLUSTER_ID
from jupyterlab_qbraid.emulator.hub_process import DEMO_USER, HubStack
from jupyterlab_qbraid.errors import HubError
from jupyterlab_qbraid.hub import STOPPED, STOPPING, HubClient

# What the hub's default server token holds on its own server, and a token that may stop it.
ACCESS = f"access:servers!server={DEMO_USER}/"
DELETE = f"delete:servers!server={DEMO_USER}/"
OWN_TOKEN_REFUSED = (
    "JupyterHub refused to stop this server: its own token lacks the delete:servers scope."
)
GRANT = (
    "A deployment can grant that scope (c.Spawner.server_token_scopes), or give Lab a qBraid "
    "credential that may ask qBraid for a session token. The instance keeps running."
)


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
    with pytest.raises(HubError) as refused:
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


async def test_a_server_token_with_delete_servers_stops_without_qbraid(
    stack, instance_factory, stop_settled
):
    stack.hub.spawn()
    stack.emulator.clear_requests()
    instance = instance_factory(
        hub_environ(stack, stack.hub.user_token([ACCESS, DELETE])),
        stack.emulator.url,
        stack.emulator.api_key,
    )
    answer = await instance.start_stop()
    assert answer["stop"] == {"state": "stopping", "error": None, "route": "hub"}
    await stop_settled(instance)
    stack.hub.wait_stopped()
    assert stack.emulator.requests() == []


async def test_stop_falls_back_to_a_session_token_from_qbraid(
    stack, instance_factory, stop_settled
):
    stack.hub.spawn()
    stack.emulator.clear_requests()
    instance = instance_factory(
        hub_environ(stack, stack.hub.user_token([ACCESS])),
        stack.emulator.url,
        stack.emulator.api_key,
    )
    answer = await instance.start_stop()
    assert (answer["kind"], answer["stop"]) == (
        "hub",
        {"state": "stopping", "error": None, "route": "hub"},
    )

    description = await stop_settled(instance)
    assert description["stop"]["state"] == "stopping"
    stack.hub.wait_stopped()
    assert [(entry["path"], entry["status"]) for entry in stack.emulator.requests()] == [
        ("/api/v1/compute/servers/session-token", 200)
    ]


async def test_a_session_token_the_hub_does_not_know_fails_clearly(
    stack, emulator, instance_factory, stop_settled
):
    stack.hub.spawn()
    # A fresh emulator given no hub: its session tokens are its own, good for nothing here.
    instance = instance_factory(
        hub_environ(stack, stack.hub.user_token([ACCESS])), emulator.url, emulator.api_key
    )
    await instance.start_stop()
    description = await stop_settled(instance)
    error = description["stop"]["error"]
    assert description["stop"]["state"] == "failed"
    assert error["kind"] == errors.HUB_FORBIDDEN
    assert error["message"].startswith(
        f"{OWN_TOKEN_REFUSED} The session token from qBraid did not work either: JupyterHub "
    )
    assert error["message"].endswith(GRANT)
    assert stack.hub.server()["ready"] is True


async def test_a_session_token_refused_by_qbraid_fails_clearly(
    stack, instance_factory, stop_settled
):
    stack.hub.spawn()
    stack.emulator.add_fault(path="session-token", status=403, count=1)
    instance = instance_factory(
        hub_environ(stack, stack.hub.user_token([ACCESS])),
        stack.emulator.url,
        stack.emulator.api_key,
    )
    await instance.start_stop()
    error = (await stop_settled(instance))["stop"]["error"]
    assert error == {
        "kind": errors.FORBIDDEN,
        "message": (
            f"{OWN_TOKEN_REFUSED} Asking qBraid for a session token"
            " (GET /compute/servers/session-token) failed: qBraid refused this request for the"
            f" API key (403 FORBIDDEN: Forbidden). {GRANT}"
        ),
        "upstreamStatus": 403,
        "retryAfter": None,
        "code": "FORBIDDEN",
    }
    assert stack.hub.server()["ready"] is True


async def test_stop_fails_clearly_without_a_credential(stack, instance_factory, stop_settled):
    stack.hub.spawn()
    instance = instance_factory(
        hub_environ(stack, stack.hub.user_token([ACCESS])), stack.emulator.url
    )
    await instance.start_stop()
    error = (await stop_settled(instance))["stop"]["error"]
    assert error["kind"] == errors.NOT_CONFIGURED
    assert error["message"] == (
        f"{OWN_TOKEN_REFUSED} Lab has no qBraid credential to ask qBraid for a session token."
        f" {GRANT}"
    )


async def test_a_platform_pod_stops_through_qbraid(stack, instance_factory, stop_settled):
    """DELETE /compute/servers/stop: the platform (here the emulator) stops it on the hub."""
    stack.hub.spawn()
    stack.emulator.clear_requests()
    environ = {
        **hub_environ(stack, stack.hub.user_token([ACCESS])),
        "QBRAID_CLUSTER_ID": DEMO_CLUSTER_ID,
    }
    instance = instance_factory(environ, stack.emulator.url, stack.emulator.api_key)
    answer = await instance.start_stop()
    assert (answer["kind"], answer["stop"]["route"]) == ("subscription", "platform")
    await stop_settled(instance)
    stack.hub.wait_stopped()
    stops = [entry for entry in stack.emulator.requests() if entry["method"] == "DELETE"]
    assert [(entry["path"], entry["query"], entry["status"]) for entry in stops] == [
        ("/api/v1/compute/servers/stop", {"clusterId": DEMO_CLUSTER_ID}, 200)
    ]


def test_lab_under_the_hub_stops_itself_through_the_proxy(stack):
    """The whole way: the platform pod the hub spawned answers 202, then qBraid (the
    emulator) has the hub stop it."""
    server = stack.hub.spawn()
    stack.emulator.clear_requests()
    headers = {"Authorization": f"token {stack.hub.user_token([ACCESS])}"}
    with httpx.Client(base_url=stack.hub.user_url, headers=headers, timeout=30) as lab:
        described = lab.get("jupyterlab-qbraid/instance")
        assert described.status_code == 200
        instance = described.json()
        started = parse_timestamp(instance.pop("startedAt"))
        # The platform reports the hub's own start of this server.
        assert abs(started - parse_timestamp(server["started"])) < timedelta(seconds=1)
        assert instance == {
            "mode": "hub",
            "kind": "subscription",
            "user": DEMO_USER,
            "serverName": "",
            "clusterId": DEMO_CLUSTER_ID,
            "instanceId": None,
            "startedAtSource": "platform",
            "profile": {
                "slug": "cpu-2-4",
                "name": "2 vCPU, 4 GB",
                "vCpus": 2,
                "creditsPerMinute": 0.23,
                "source": "platform",
            },
            "supportsStop": None,
            "stoppedCreditsPerMin": None,
            "limits": None,
            "stop": {"state": "idle", "error": None, "route": None},
        }

        stopping = lab.post("jupyterlab-qbraid/instance/stop")
        assert stopping.status_code == 202
        assert stopping.json()["stop"] == {"state": "stopping", "error": None, "route": "platform"}
    stack.hub.wait_stopped()
    paths = [entry["path"] for entry in stack.emulator.requests()]
    assert "/api/v1/compute/servers/stop" in paths


# Never reads its connection file, so it never answers; it ignores SIGINT and SIGTERM too.
STUCK_KERNEL = (
    "import signal, time\n"
    "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "time.sleep(3600)\n"
)


def kernel_process(kernel_id: str) -> psutil.Process:
    """The kernel's process: the one launched with its connection file (kernel-<id>.json)."""
    (process,) = [
        process
        for process in psutil.process_iter(["cmdline"])
        if any(kernel_id in part for part in process.info["cmdline"] or [])
    ]
    return process


def test_no_kernel_outlives_a_stop_through_the_hub(stack):
    """A kernel stuck in start-up and a normal one in the Lab the hub spawned: after Stop
    (qBraid has the hub stop the server), neither process is left, adopted by PID 1."""
    home = stack.hub.work_dir / "home" / DEMO_USER
    spec = home / ".local" / "share" / "jupyter" / "kernels" / "stuck" / "kernel.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-c", STUCK_KERNEL, "{connection_file}"]
    spec.write_text(json.dumps({"argv": argv, "display_name": "Stuck", "language": "python"}))
    stack.hub.spawn()
    headers = {"Authorization": f"token {stack.hub.user_token([ACCESS])}"}
    with httpx.Client(base_url=stack.hub.user_url, headers=headers, timeout=30) as lab:
        kernels = []
        for name in ("stuck", "python3"):
            started = lab.post("api/kernels", json={"name": name})
            assert started.status_code == 201, started.text
            kernels.append(kernel_process(started.json()["id"]))
        assert all(kernel.is_running() for kernel in kernels)

        assert lab.post("jupyterlab-qbraid/instance/stop").status_code == 202
    stack.hub.wait_stopped()

    # Their exit, waited on by process; the time limit only ends a wait for what never comes.
    _, alive = psutil.wait_procs(kernels, timeout=60)
    assert alive == []
