"""No kernel outlives its server: a stop through our route ends every kernel, also one stuck
in start-up, in a real Jupyter server whose platform is the emulator."""

import json
import signal
import sys
from pathlib import Path

import psutil
import pytest
from waiting import until

# Never reads its connection file, so it never answers; it ignores SIGINT and SIGTERM too,
# so only a kill ends it.
STUCK_KERNEL = (
    "import signal, time\n"
    "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "time.sleep(3600)\n"
)


# Every test here runs on a subscription pod (tests/server/conftest.py).
pytestmark = pytest.mark.usefixtures("subscription_pod")


@pytest.fixture
def stuck_kernel_spec(jp_env_jupyter_path):
    """A kernelspec whose process starts but never answers, where this test's Jupyter looks."""
    folder = Path(jp_env_jupyter_path) / "kernels" / "stuck"
    folder.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-c", STUCK_KERNEL, "{connection_file}"],
        "display_name": "Stuck",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return "stuck"


@pytest.fixture
def kernels(jp_fetch, jp_serverapp, jp_asyncio_loop):
    """Start kernels through Jupyter's REST API; each one's id and process id."""

    async def start(name):
        response = await jp_fetch("api", "kernels", method="POST", body=json.dumps({"name": name}))
        kernel_id = json.loads(response.body)["id"]
        return kernel_id, jp_serverapp.kernel_manager.get_kernel(kernel_id).provisioner.pid

    yield start
    jp_asyncio_loop.run_until_complete(jp_serverapp.kernel_manager.shutdown_all(now=True))


def running(pid):
    """A zombie has exited: only its parent (this test's server) has not collected it yet."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def test_a_stop_ends_every_kernel_also_one_stuck_in_start_up(
    fetch_json, jp_fetch, jp_serverapp, kernels, stuck_kernel_spec, emulator, configured
):
    stuck_id, stuck_pid = await kernels(stuck_kernel_spec)
    _, normal_pid = await kernels("python3")
    assert running(stuck_pid) and running(normal_pid)
    stuck = json.loads((await jp_fetch("api", "kernels", stuck_id)).body)
    assert stuck["execution_state"] == "starting"

    status, body = await fetch_json("instance/stop", method="POST", body={})
    assert (status, body["stop"]["route"]) == (202, "platform")

    manager = jp_serverapp.kernel_manager
    # Done when the server has let go of both kernels (after their processes' exit).
    await until(lambda: not manager.list_kernel_ids(), timeout=60)
    assert not running(stuck_pid)
    assert not running(normal_pid)
    (stop,) = [r for r in emulator.requests() if r["path"].endswith("/compute/servers/stop")]
    assert stop["status"] == 200


async def test_a_failed_stop_leaves_the_kernels_running(
    fetch_json, kernels, emulator, configured, stop_settled, jp_serverapp
):
    _, pid = await kernels("python3")
    emulator.add_fault(path="/compute/servers/stop", method="DELETE", status=500, count=0)

    await fetch_json("instance/stop", method="POST", body={})
    (extension,) = jp_serverapp.extension_manager.extension_apps["jupyterlab_qbraid"]
    described = await stop_settled(extension.instance)

    assert described["stop"]["state"] == "failed"
    assert running(pid)


async def test_the_server_stopping_by_itself_ends_them_first(
    jp_serverapp, kernels, stuck_kernel_spec, configured
):
    """A hub's SIGTERM or File > Shut Down: the server stops its extensions before its
    kernels, and ours ends every kernel, so none waits for the server's slower own pass."""
    _, stuck_pid = await kernels(stuck_kernel_spec)
    _, normal_pid = await kernels("python3")

    await jp_serverapp.cleanup_extensions()

    assert jp_serverapp.kernel_manager.list_kernel_ids() == []
    assert not running(stuck_pid)
    assert not running(normal_pid)


def test_sigint_stops_the_server_as_sigterm_does(jp_serverapp):
    """Without a terminal Jupyter Server leaves SIGINT (a hub's first stop signal) to
    Python, whose KeyboardInterrupt would end it with no cleanup and its kernels running."""
    assert signal.getsignal(signal.SIGINT) == jp_serverapp._signal_stop
