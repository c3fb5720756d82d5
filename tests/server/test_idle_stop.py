"""The idle stop, decided by the server: a real Jupyter server with real kernels, terminals and
tabs (the idle websocket), stopping through the real emulator as a qBraid subscription pod.

Limits are fractions of a minute here (``idle_stop_minutes`` is a float) and the clock checks
every 50 ms. "Nothing stopped" is read after the clock has checked well past the limit; every
wait is on something the server does (a check, a socket message, a request in the emulator's
log), never on the clock alone.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone
from typing import ClassVar

import pytest
import tornado.httpclient
from jupyter_server.auth.authorizer import Authorizer
from waiting import until

from jupyterlab_qbraid.stop_events import SCHEMA_ID

LIMIT_MINUTES = 0.02  # 1.2 s
LIMIT = timedelta(minutes=LIMIT_MINUTES)
FAST_CHECKS = {"idle_check_seconds": 0.05, "idle_grace_seconds": 0.5, "idle_save_seconds": 60}


# Every test here runs on a subscription pod (tests/server/conftest.py).
pytestmark = pytest.mark.usefixtures("subscription_pod")


@pytest.fixture
def idle_traits():
    """The QbraidAccount traitlets of the idle stop for this test's server."""
    return dict(FAST_CHECKS)


@pytest.fixture
def jp_server_config(jp_server_config, idle_traits, configured):
    # `configured` first: the server must start with its credential, so that an idle stop
    # goes to qBraid and never shuts down this test's own process.
    jp_server_config["QbraidAccount"].update(idle_traits)
    return jp_server_config


@pytest.fixture
def extension(jp_serverapp):
    (app,) = jp_serverapp.extension_manager.extension_apps["jupyterlab_qbraid"]
    return app


@pytest.fixture
def checks(extension, monkeypatch):
    """When the idle clock looked at the kernels and terminals, in order."""
    seen: list[datetime] = []
    activity = extension.idle._activity
    latest = activity.latest

    def looked():
        seen.append(datetime.now(timezone.utc))
        return latest()

    monkeypatch.setattr(activity, "latest", looked)
    return seen


@pytest.fixture
def stop_events(jp_serverapp):
    events: list[dict] = []

    async def listen(logger, schema_id, data):
        events.append(data)

    jp_serverapp.event_logger.add_listener(schema_id=SCHEMA_ID, listener=listen)
    yield events
    jp_serverapp.event_logger.remove_listener(schema_id=SCHEMA_ID, listener=listen)


@pytest.fixture
def kernels(jp_fetch, jp_serverapp, jp_asyncio_loop):
    """Start python3 kernels through the REST API; each one's id."""

    async def start():
        response = await jp_fetch(
            "api", "kernels", method="POST", body=json.dumps({"name": "python3"})
        )
        return json.loads(response.body)["id"]

    yield start
    jp_asyncio_loop.run_until_complete(jp_serverapp.kernel_manager.shutdown_all(now=True))


def platform_stops(emulator):
    return [
        request
        for request in emulator.requests()
        if request["method"] == "DELETE" and request["path"].endswith("/compute/servers/stop")
    ]


async def checked_past(checks, moment):
    """Until the clock has looked again after ``moment``."""
    await until(lambda: checks and checks[-1] > moment)


async def stays_running(extension, checks, emulator, keep_busy=None):
    """The clock checks well past the limit (three times it) and never leaves running;
    ``keep_busy()`` runs at each check meanwhile."""
    end = datetime.now(timezone.utc) + 3 * LIMIT
    while not (checks and checks[-1] > end):
        seen = len(checks)
        if keep_busy is not None:
            await keep_busy()
        await until(lambda seen=seen: len(checks) > seen)
        assert extension.idle.state.phase == "running"
    assert platform_stops(emulator) == []


class Tab:
    """An open tab's idle socket: every state it was told, in order."""

    def __init__(self, socket):
        self.socket = socket
        self.states: list[dict] = []
        self.closed = False
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self):
        while True:
            message = await self.socket.read_message()
            if message is None:
                self.closed = True
                return
            self.states.append(json.loads(message))

    def send(self, kind, **fields):
        self.socket.write_message(json.dumps({"type": kind, **fields}))

    async def told(self, phase, after=0):
        """The first state with ``phase`` told after the first ``after`` states."""
        return await until(
            lambda: next((s for s in self.states[after:] if s["phase"] == phase), None)
        )

    def close(self):
        self.socket.close()
        self._reader.cancel()


@pytest.fixture
def open_tab(jp_ws_fetch):
    tabs = []

    async def open_():
        tab = Tab(await jp_ws_fetch("jupyterlab-qbraid", "idle", "socket"))
        tabs.append(tab)
        await until(lambda: tab.states)
        return tab

    yield open_
    for tab in tabs:
        tab.close()


@pytest.mark.parametrize("idle_traits", [{**FAST_CHECKS, "idle_stop_minutes": LIMIT_MINUTES}])
async def test_no_tab_open_stops_through_the_platform_once_the_pinned_limit_passes(
    emulator, jp_serverapp, extension, stop_events, server_log, idle_traits
):
    stop = (await until(lambda: platform_stops(emulator)))[0]
    assert (stop["query"], stop["status"]) == ({"clusterId": "qbraid-demo-cluster"}, 200)
    await until(lambda: stop_events)
    assert stop_events[0] == {
        "action": "stopping",
        "by": "idle",
        "idleMinutes": 1,
        "origin": None,
    }
    assert extension.idle.state.phase == "stopping"
    assert "Stopping this instance: idle for 0.02 minute(s) (no tab open)" in server_log()


async def test_a_busy_kernel_keeps_it_running_and_once_idle_it_stops(
    emulator, jp_serverapp, extension, checks, kernels, tmp_path
):
    kernel_id = await kernels()
    release = tmp_path / "release"
    client = jp_serverapp.kernel_manager.get_kernel(kernel_id).client()
    client.start_channels()
    await client.wait_for_ready(timeout=60)
    # Busy until the test says so: it waits on a file, whatever the clock says.
    client.execute(
        f"import os, time\nwhile not os.path.exists({str(release)!r}):\n    time.sleep(0.02)"
    )
    kernel = jp_serverapp.kernel_manager.get_kernel(kernel_id)
    await until(lambda: kernel.execution_state == "busy")
    extension.idle.set_limit(LIMIT_MINUTES)
    await stays_running(extension, checks, emulator)
    release.touch()
    await until(lambda: kernel.execution_state == "idle")
    # An idle kernel is no activity: the limit passes and the server stops the instance.
    await until(lambda: platform_stops(emulator))
    client.stop_channels()


async def test_a_kernel_executing_cell_after_cell_keeps_it_running(
    emulator, jp_serverapp, extension, checks, kernels
):
    kernel_id = await kernels()
    client = jp_serverapp.kernel_manager.get_kernel(kernel_id).client()
    client.start_channels()
    await client.wait_for_ready(timeout=60)
    extension.idle.set_limit(LIMIT_MINUTES)

    async def run_a_cell():
        reply = await client.execute_interactive("1 + 1", store_history=False, timeout=30)
        assert reply["content"]["status"] == "ok"

    # Never busy when the clock looks, mostly: its last activity is what counts.
    await stays_running(extension, checks, emulator, keep_busy=run_a_cell)
    client.stop_channels()
    await until(lambda: platform_stops(emulator))


async def test_lab_s_polling_is_not_activity(emulator, jp_fetch, extension, kernels):
    kernel_id = await kernels()
    extension.idle.set_limit(LIMIT_MINUTES)
    polled = 0

    async def poll_until_stopped():
        nonlocal polled
        # What an open Lab asks all the time, again and again, until the instance stops.
        while not platform_stops(emulator):
            for route in (
                ("api", "kernels"),
                ("api", "kernels", kernel_id),
                ("api", "sessions"),
                ("api", "status"),
                ("api", "kernelspecs"),
                ("api", "me"),
                ("jupyterlab-qbraid", "settings"),
            ):
                response = await jp_fetch(*route, method="GET")
                assert response.code == 200
                polled += 1

    # The bound only ends a wait for a stop that never comes.
    await asyncio.wait_for(poll_until_stopped(), 60)
    assert polled > 0


@pytest.fixture
def jp_server_config_terminals(jp_server_config):
    jp_server_config["ServerApp"]["jpserver_extensions"]["jupyter_server_terminals"] = True
    return jp_server_config


# Jupyter Server Terminals' socket handler has none of the newer auth decorators (it checks
# the login itself), which pyproject's filter would make an error that unloads it.
@pytest.mark.filterwarnings("default::jupyter_server.utils.JupyterServerAuthWarning")
class TestTerminals:
    @pytest.fixture
    def jp_server_config(self, jp_server_config_terminals):
        return jp_server_config_terminals

    async def test_terminal_input_keeps_it_running(
        self, emulator, jp_fetch, jp_ws_fetch, extension, checks
    ):
        response = await jp_fetch("api", "terminals", method="POST", body=b"{}")
        name = json.loads(response.body)["name"]
        terminal = await jp_ws_fetch("terminals", "websocket", name)
        extension.idle.set_limit(LIMIT_MINUTES)

        async def type_a_key():
            await terminal.write_message(json.dumps(["stdin", ":"]))

        await stays_running(extension, checks, emulator, keep_busy=type_a_key)
        terminal.close()
        await jp_fetch("api", "terminals", name, method="DELETE")
        await until(lambda: platform_stops(emulator))


async def test_a_tab_s_input_keeps_it_running_then_it_warns_saves_and_stops(
    emulator, extension, checks, open_tab, stop_events, server_log
):
    tab = await open_tab()
    assert tab.states[0]["phase"] == "running"
    assert tab.states[0]["idleLimitMinutes"] is None
    assert tab.states[0]["nextStopAt"] is None
    extension.idle.set_limit(LIMIT_MINUTES)
    told = await tab.told("running", after=1)
    assert told["idleLimitMinutes"] == pytest.approx(LIMIT_MINUTES)
    assert told["nextStopAt"] is not None and told["warningEndsAt"] is None

    async def report_input():
        tab.send("activity")

    # Said before the server asks: it does not count for the saving to come.
    tab.send("saved")
    await stays_running(extension, checks, emulator, keep_busy=report_input)
    assert {state["phase"] for state in tab.states} == {"running"}

    warning = await tab.told("warning")
    assert warning["warningEndsAt"] == warning["nextStopAt"]
    await tab.told("saving")
    # Waits for the open tab to save, however long the grace: nothing is stopped yet.
    assert platform_stops(emulator) == []
    tab.send("saved")
    await until(lambda: platform_stops(emulator))
    await tab.told("stopping")
    await until(lambda: stop_events)
    assert stop_events[0]["by"] == "idle"
    assert "Stopping this instance: idle for 0.02 minute(s) (1 tab(s) open" in server_log()


async def test_a_tab_that_leaves_while_saving_does_not_hold_the_stop(emulator, extension, open_tab):
    tab = await open_tab()
    extension.idle.set_limit(LIMIT_MINUTES)
    await tab.told("saving")
    tab.close()
    await until(lambda: platform_stops(emulator))


@pytest.mark.parametrize("idle_traits", [{**FAST_CHECKS, "idle_grace_seconds": 600}])
async def test_keep_running_in_one_tab_goes_back_to_running_in_both(
    emulator, extension, open_tab, idle_traits
):
    first, second = await open_tab(), await open_tab()
    extension.idle.set_limit(LIMIT_MINUTES)
    warnings = [await first.told("warning"), await second.told("warning")]
    assert warnings[0] == warnings[1]
    seen = len(second.states)
    first.send("keep-running")
    for tab in (first, second):
        running = await tab.told("running", after=seen if tab is second else 0)
        assert running["warningEndsAt"] is None
    assert extension.idle.state.phase == "running"
    assert platform_stops(emulator) == []


@pytest.mark.parametrize("idle_traits", [{**FAST_CHECKS, "idle_grace_seconds": 600}])
async def test_input_told_late_counts_from_when_it_happened(
    emulator, extension, open_tab, server_log, idle_traits
):
    tab = await open_tab()
    extension.idle.set_limit(LIMIT_MINUTES)
    await tab.told("warning")
    warned = len(tab.states)
    # Input from before the warning, told late (a tab tells input at most once a minute), or
    # with an age beyond any a tab sends: neither calls the warning off.
    tab.send("activity", secondsAgo=60)
    tab.send("activity", secondsAgo=1e300)
    # Messages are read in order: once this one is logged, the two before it were read.
    tab.socket.write_message("not json")
    await until(lambda: "Ignored a malformed message on the idle socket" in server_log())
    assert extension.idle.state.phase == "warning"
    assert tab.states[warned:] == []
    # Input now (an age below zero is taken as now) does.
    tab.send("activity", secondsAgo=-5)
    await tab.told("running", after=warned)
    assert platform_stops(emulator) == []


async def test_malformed_messages_are_ignored_and_logged_without_their_content(
    extension, open_tab, server_log
):
    tab = await open_tab()
    extension.idle.set_limit(LIMIT_MINUTES)
    malformed = (
        "not json",
        '"a string"',
        '{"type": "stop-now-secret"}',
        "x" * 5000,
        '{"type": "activity", "secondsAgo": "secret"}',
        '{"type": "activity", "secondsAgo": true}',
        '{"type": "activity", "secondsAgo": NaN}',
    )
    for message in malformed:
        tab.socket.write_message(message)
    await until(
        lambda: (
            server_log().count("Ignored a malformed message on the idle socket") >= len(malformed)
        )
    )
    assert "secret" not in server_log()
    # The clock went on regardless.
    await tab.told("warning")


async def test_the_socket_needs_a_login(http_server_client, jp_http_port, jp_base_url):
    url = f"ws://localhost:{jp_http_port}{jp_base_url}jupyterlab-qbraid/idle/socket"
    with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
        await tornado.websocket.websocket_connect(url)
    assert refused.value.code == 403


class Refusing(Authorizer):
    """Refuses the actions on the extension's resource that the test names."""

    refused: ClassVar[set[str]] = set()

    def is_authorized(self, handler, user, action, resource):
        return not (resource == "qbraid" and action in self.refused)


class TestAuthorization:
    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        jp_server_config["ServerApp"]["authorizer_class"] = Refusing
        yield jp_server_config
        Refusing.refused = set()

    async def test_a_user_who_may_not_read_the_extension_is_refused(self, jp_ws_fetch):
        Refusing.refused = {"read", "write"}
        with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
            await jp_ws_fetch("jupyterlab-qbraid", "idle", "socket")
        assert refused.value.code == 403

    async def test_a_read_only_user_is_warned_but_cannot_keep_it_running(
        self, extension, open_tab, server_log
    ):
        Refusing.refused = {"write"}
        tab = await open_tab()
        extension.idle.set_limit(LIMIT_MINUTES)
        await tab.told("warning")
        tab.send("keep-running")
        await until(lambda: "the user may not write 'qbraid'" in server_log())
        await tab.told("saving")
