"""The launcher's command line, as Galata's webServer and `make demo` run it."""

import json
import os
import selectors
import signal
import stat
import subprocess
import sys
import time

import httpx

from jupyterlab_qbraid.emulator.hub_process import free_port

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
        proxy_pid = int((work / "hub" / "proxy.pid").read_text())
        assert alive(lab_pid) and alive(proxy_pid)

        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(90) == 143
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
    deadline = time.monotonic() + 10
    while (alive(lab_pid) or alive(proxy_pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(lab_pid) and not alive(proxy_pid)
    assert not state_path.exists()
