"""The launcher's command line, as Galata's webServer and `make demo` run it, and the
emulator's server routes acting on its real hub."""

import json
import os
import select
import selectors
import signal
import stat
import subprocess
import sys
from pathlib import Path

import httpx

from jupyterlab_qbraid.emulator.hub_process import (
    EPHEMERAL_PORTS_FILE,
    PORTS_FROM,
    free_port,
    parse_args,
)

READY_TIMEOUT_SECONDS = 120


def read_line(process: subprocess.Popen, timeout: float) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        assert selector.select(timeout), f"No announcement within {timeout}s"
    return process.stdout.readline()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_exit(pid: int, timeout: float = 60) -> None:
    """Wait for a process that is not our child to end: its pidfd becomes readable."""
    try:
        descriptor = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        assert select.select([descriptor], [], [], timeout)[0], f"{pid} still runs after {timeout}s"
    finally:
        os.close(descriptor)


def test_launcher_serves_until_sigterm_then_stops_everything(tmp_path):
    port = free_port()
    work, state_path = tmp_path / "work", tmp_path / "state.json"
    command = [
        sys.executable,
        "-m",
        "jupyterlab_qbraid.emulator.hub_process",
        "--port",
        str(port),
        "--work",
        str(work),
        "--state",
        str(state_path),
        "--no-delete-scope",
    ]
    with open(tmp_path / "launcher.log", "wb") as log:
        launcher = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        announcement = json.loads(read_line(launcher, READY_TIMEOUT_SECONDS))
        hub_url = f"http://127.0.0.1:{port}"
        assert announcement["hubUrl"] == hub_url
        assert announcement["userUrl"] == f"{hub_url}/user/demo/"

        assert stat.S_IMODE(state_path.stat().st_mode) == 0o600
        state = json.loads(state_path.read_text())
        assert set(state) == {
            "hubUrl",
            "userUrl",
            "loginUrl",
            "apiUrl",
            "serviceToken",
            "emulatorBase",
            "emulatorUrl",
            "apiKey",
        }
        assert {name: state[name] for name in announcement} == announcement
        assert f"api-key = {state['apiKey']}" in (work / "qbraidrc").read_text()
        hub_config = json.loads((work / "hub" / "jupyterhub_config.json").read_text())
        assert "delete:servers!server" not in hub_config["Spawner"]["server_token_scopes"]
        # The Lab server is a qBraid platform pod's: on the emulator's demo cluster.
        lab_environment = hub_config["Spawner"]["environment"]
        assert lab_environment["QBRAID_CLUSTER_ID"] == "qbraid-demo-cluster"
        assert "QBRAID_LAB_PROFILE" not in lab_environment

        # The login URL needs no form: it lands in the demo user's Lab, already running.
        with httpx.Client(follow_redirects=True, timeout=60) as browser:
            landing = browser.get(state["loginUrl"])
        assert landing.status_code == 200
        assert str(landing.url) == f"{hub_url}/user/demo/lab"

        user = httpx.get(
            f"{state['apiUrl']}/users/demo",
            headers={"Authorization": f"token {state['serviceToken']}"},
        ).json()
        lab_pid = user["servers"][""]["state"]["pid"]
        # The Lab server listens on the port chosen for it, one the system never hands out
        # by itself (to a kernel, say) before the server binds it.
        lab_port = hub_config["Spawner"]["port"]
        assert httpx.get(f"http://127.0.0.1:{lab_port}/user/demo/api").status_code == 200
        proxy_pid = int((work / "hub" / "proxy.pid").read_text())
        assert alive(lab_pid) and alive(proxy_pid)

        # The emulator's server routes act on this hub, for the demo user.
        emulator = httpx.Client(
            base_url=state["emulatorUrl"], headers={"X-API-Key": state["apiKey"]}, timeout=30
        )
        status = emulator.get("/compute/servers/status").json()["data"]
        assert (status["serverRunning"], status["currentProfile"]) == (True, "cpu-2-4")
        assert status["serverDetails"]["state"]["pid"] == lab_pid
        token = emulator.get("/compute/servers/session-token").json()["data"]["token"]
        # A hub token of the demo user, which may read their server.
        me = httpx.get(
            f"{state['apiUrl']}/users/demo",
            headers={"Authorization": f"token {token['token']}"},
        ).json()
        assert me["servers"][""]["ready"] is True
        stopping = emulator.delete("/compute/servers/stop")
        assert stopping.json()["data"]["status"] == "stopping"
        wait_exit(lab_pid)
        status = emulator.get("/compute/servers/status").json()["data"]
        assert (status["serverRunning"], status["currentProfile"]) == (False, None)
        emulator.close()

        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(90) == 143
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
    wait_exit(proxy_pid, timeout=10)
    assert not alive(lab_pid)
    assert not state_path.exists()


def test_free_ports_come_from_below_the_systems_own_range_and_never_twice():
    first_ephemeral = int(Path(EPHEMERAL_PORTS_FILE).read_text().split()[0])
    ports = [free_port() for _ in range(100)]
    assert len(set(ports)) == len(ports)
    assert all(PORTS_FROM <= port < first_ephemeral for port in ports)


def test_lab_options_reach_the_lab_servers_in_order():
    args = parse_args(
        [
            "--work=w",
            "--lab-option=--QbraidAccount.idle_check_seconds=1",
            "--lab-option=--QbraidAccount.idle_grace_seconds=20",
        ]
    )
    assert args.lab_option == [
        "--QbraidAccount.idle_check_seconds=1",
        "--QbraidAccount.idle_grace_seconds=20",
    ]
    assert parse_args(["--work=w"]).lab_option == []
