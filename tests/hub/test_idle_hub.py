"""Under a real JupyterHub, with no tab open, the Lab server stops itself when idle: through
qBraid (the emulator, which stops it on the hub) on a platform pod, through the hub's API
with its own token on any other hub. The hub reports it stopped."""

import pytest

from jupyterlab_qbraid.emulator.catalog import DEMO_CLUSTER_ID
from jupyterlab_qbraid.emulator.hub_process import HubStack

# Idle from its start: the limit must outlast the hub's spawn, which took 7 s here on a quiet
# machine (3 s let the server stop itself before the hub saw it ready: a 500 on spawn).
IDLE_ARGS = ["--QbraidAccount.idle_stop_minutes=0.5", "--QbraidAccount.idle_check_seconds=0.1"]


@pytest.mark.parametrize(
    ("cluster_id", "delete_scope", "route"),
    [(DEMO_CLUSTER_ID, False, "platform"), (None, True, "hub")],
    ids=["platform-pod", "plain-hub"],
)
def test_with_no_tab_open_the_server_stops_itself(tmp_path, cluster_id, delete_scope, route):
    with HubStack(
        tmp_path, cluster_id=cluster_id, delete_scope=delete_scope, lab_args=IDLE_ARGS
    ) as stack:
        # The hub starts the server and sees it ready; nobody opens it.
        stack.hub.spawn()
        stack.hub.wait_stopped()
        log = stack.hub.log_path.read_text("utf-8", "replace")
        assert "Stopping this instance: idle for 0.5 minute(s) (no tab open)." in log
        # The hub may end the server before it logs the outcome: qBraid's log tells the route.
        stops = [
            request
            for request in stack.emulator.requests()
            if request["path"].endswith("/compute/servers/stop")
        ]
        assert len(stops) == (1 if route == "platform" else 0)
