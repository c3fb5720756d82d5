"""A standalone Lab with no tab open stops itself when idle: a real `jupyter server` process
(with JupyterLab, whose settings it follows) exits on its own, its kernel with it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

SCHEMAS = Path(__file__).resolve().parents[2] / "schema"
TOKEN = "idle-standalone-test-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(url, method="GET", body=None):
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def standalone_env(tmp_path, qbraidrc, monkeypatch):
    """Nothing of a hub or of qBraid's platform: the stop is the server's own shutdown."""
    for name in (
        "JUPYTERHUB_API_URL",
        "JUPYTERHUB_USER",
        "JUPYTERHUB_API_TOKEN",
        "QBRAID_INSTANCE_ID",
        "QBRAID_CLUSTER_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    return dict(os.environ)


@pytest.fixture
def server(tmp_path, standalone_env):
    """`jupyter server` with Lab and the extension, the idle stop off until the person's
    settings say otherwise; its process, URL and settings file."""
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas / "jupyterlab-qbraid")
    root = tmp_path / "root"
    root.mkdir()
    port = free_port()
    config = {
        "ServerApp": {
            "jpserver_extensions": {"jupyterlab": True, "jupyterlab_qbraid": True},
            "port": port,
            "port_retries": 0,
            "ip": "127.0.0.1",
            "open_browser": False,
            "root_dir": str(root),
            "allow_root": True,
        },
        "IdentityProvider": {"token": TOKEN},
        "LabApp": {
            "user_settings_dir": str(tmp_path / "user-settings"),
            "schemas_dir": str(schemas),
            "app_settings_dir": str(tmp_path / "app-settings"),
        },
        "QbraidAccount": {"idle_check_seconds": 0.05, "settings_check_seconds": 0.1},
    }
    config_file = tmp_path / "jupyter_server_config.json"
    config_file.write_text(json.dumps(config))
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", f"--config={config_file}"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=standalone_env,
        )
    url = f"http://127.0.0.1:{port}"
    settings = tmp_path / "user-settings" / "jupyterlab-qbraid" / "instance.jupyterlab-settings"
    yield process, url, settings, log
    if process.poll() is None:
        process.kill()
        process.wait()


def wait_until_answering(process, url):
    while True:
        assert process.poll() is None, "the server ended before it answered"
        try:
            return call(f"{url}/api/status")
        except (urllib.error.URLError, ConnectionError):
            # Not listening yet: it answers within seconds of starting.
            time.sleep(0.1)


def test_with_no_tab_open_a_standalone_server_shuts_itself_down(server):
    process, url, settings, log = server
    wait_until_answering(process, url)
    kernel = call(f"{url}/api/kernels", "POST", {"name": "python3"})
    assert kernel["id"]
    kernel_processes = psutil.Process(process.pid).children(recursive=True)
    assert kernel_processes
    # What the Settings Editor saves; the server follows it on its own.
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"idleStopMinutes": 0.02}))
    # The bound only ends a wait for an exit that never comes.
    assert process.wait(timeout=120) == 0
    text = log.read_text()
    assert "qBraid settings changed: idleStopMinutes." in text
    assert "Stopping this instance: idle for 0.02 minute(s) (no tab open)." in text
    assert "This instance is shutting down (route: standalone)." in text
    _, alive = psutil.wait_procs(kernel_processes, timeout=10)
    assert alive == []
