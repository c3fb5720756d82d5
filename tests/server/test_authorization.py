"""Authorization: every route asks the deployment's Authorizer, in a real Jupyter server.

jupyter_server's login check (`@tornado.web.authenticated`) says who someone is; what they may
do is the Authorizer's (read-only collaborators, JupyterHub scopes), asked only by handlers
that use `@authorized`. Each route here declares the (action, resource) pairs it is checked
on; the table is compared with app.py's route table, so a route added without an entry (and
without `@authorized`) fails.
"""

from __future__ import annotations

import json

import pytest
import test_kernels  # tests/server is on sys.path (no __init__.py)
from jupyter_server.auth.authorizer import Authorizer
from test_security_matrix import BODY_ROUTES, no_hub  # noqa: F401 (an autouse fixture)
from tornado.websocket import WebSocketHandler

# Fixtures shared with test_kernels: a real kernel, and what its os.environ holds.
kernel_cleanup, start, read_env = (
    test_kernels.kernel_cleanup,
    test_kernels.start,
    test_kernels.read_env,
)

READ = ("read", "qbraid")
WRITE = ("write", "qbraid")
IN_KERNELS = ("execute", "kernels")

# Every method of every route (ids as 'abc') and every check it must pass, in no order.
CHECKS = {
    ("GET", "summary"): {READ},
    ("GET", "settings"): {READ},
    ("POST", "settings"): {WRITE, IN_KERNELS},
    ("POST", "key"): {WRITE, IN_KERNELS},
    ("DELETE", "key"): {WRITE, IN_KERNELS},
    ("GET", "keys"): {READ},
    ("POST", "keys"): {WRITE},
    ("POST", "keys/abc/rotate"): {WRITE, IN_KERNELS},
    ("DELETE", "keys/abc"): {WRITE, IN_KERNELS},
    ("GET", "kernels"): {READ},
    ("POST", "kernels/inject"): {WRITE, IN_KERNELS},
    ("POST", "kernels/remove"): {WRITE, IN_KERNELS},
    ("GET", "instance"): {READ},
    ("POST", "instance/stop"): {WRITE, ("write", "server")},
    ("PATCH", "instance/limits"): {WRITE},
    ("GET", "usage"): {READ},
    ("GET", "guard/report"): {READ},
    ("POST", "guard/scan"): {WRITE, ("read", "contents")},
    ("GET", "guard/scan"): {READ},
    ("DELETE", "guard/scan"): {WRITE},
    ("POST", "guard/redact"): {WRITE, ("write", "contents")},
}
READS = sorted(route for route in CHECKS if route[0] == "GET")
WRITES = sorted(route for route in CHECKS if route[0] != "GET")
# Each route with each of its checks, refused in turn.
EACH_CHECK = [
    pytest.param(route, check, id=f"{route[0]} {route[1]} refused {check[0]} on {check[1]}")
    for route, checks in sorted(CHECKS.items())
    for check in sorted(checks)
]


class RecordingAuthorizer(Authorizer):
    """Refuses what `refuse(action, resource)` says; records what it was asked for qbraid routes."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.checks: list[tuple[str, str, str, str]] = []
        self.refuse = lambda action, resource: False

    def is_authorized(self, handler, user, action, resource):
        path = handler.request.path
        if "/jupyterlab-qbraid/" in path:
            route = path.split("/jupyterlab-qbraid/", 1)[1]
            self.checks.append((handler.request.method, route, action, resource))
        return not self.refuse(action, resource)


@pytest.fixture
def jp_server_config(jp_server_config):
    jp_server_config["ServerApp"]["authorizer_class"] = RecordingAuthorizer
    return jp_server_config


@pytest.fixture
def authorizer(jp_serverapp):
    assert isinstance(jp_serverapp.authorizer, RecordingAuthorizer)
    return jp_serverapp.authorizer


@pytest.fixture
def extension(jp_serverapp):
    (app,) = jp_serverapp.extension_manager.extension_apps["jupyterlab_qbraid"]
    return app


def body_for(method, route, api_key="qbr_unused"):
    if (method, route) == ("POST", "key"):
        return {"apiKey": api_key}
    return BODY_ROUTES.get((method, route))


async def call(jp_fetch, method, route, body=None, namespace="jupyterlab-qbraid"):
    kwargs = {"method": method, "raise_error": False}
    if body is not None:
        kwargs["body"] = json.dumps(body)
        kwargs["headers"] = {"Content-Type": "application/json"}
    elif method in ("POST", "PUT"):
        kwargs["body"] = b""
    return await jp_fetch(namespace, *route.split("/"), **kwargs)


def test_every_route_is_in_the_table(extension):
    """Each method of each handler in app.py's route table has its checks listed above."""
    table = set()
    for pattern, handler, *_ in extension.handlers:
        if issubclass(handler, WebSocketHandler):
            continue  # the idle socket: its checks are tested in test_idle_stop.py
        route = pattern.replace("(.+)", "abc").removeprefix("/jupyterlab-qbraid/")
        for method in handler.SUPPORTED_METHODS:
            if method.lower() in vars(handler):
                table.add((method, route))
    assert table == set(CHECKS)


async def test_every_route_answers_under_its_own_namespace_and_none_under_qbraid(
    configured, jp_fetch, emulator, qbraidrc, extension
):
    """Routes live under jupyterlab-qbraid/, where no package of qBraid's own will register."""
    assert all(pattern.startswith("/jupyterlab-qbraid/") for pattern, *_ in extension.handlers)
    for method, route in sorted(CHECKS):
        old = await call(jp_fetch, method, route, body_for(method, route), namespace="qbraid")
        assert old.code == 404, (method, route)
    for method, route in sorted(CHECKS):
        if method == "GET":
            response = await call(jp_fetch, method, route)
            assert response.code != 404, route


@pytest.mark.parametrize(("route", "refused"), EACH_CHECK)
async def test_each_check_refused_in_turn_is_a_403_that_changes_nothing(
    configured, jp_fetch, authorizer, emulator, qbraidrc, extension, route, refused
):
    method, path = route
    before = qbraidrc.read_bytes()
    guard_settings = extension.guard.settings()
    scan = extension.guard.scan_state()
    authorizer.refuse = lambda action, resource: (action, resource) == refused
    response = await call(jp_fetch, method, path, body_for(method, path, configured))
    assert response.code == 403
    asked = {(action, resource) for m, r, action, resource in authorizer.checks}
    # It asked for the refused check, and for nothing that is not its own.
    assert refused in asked
    assert asked <= CHECKS[route]
    assert {(m, r) for m, r, *_ in authorizer.checks} == {(method, path)}
    # Nothing ran: no call to qBraid, no file written, no pass over the kernels, no settings.
    assert emulator.requests() == []
    assert qbraidrc.read_bytes() == before
    assert extension.kernels._tasks == set()
    assert extension.guard.settings() == guard_settings
    assert extension.guard.scan_state() == scan


@pytest.mark.parametrize("route", sorted(CHECKS), ids=" ".join)
async def test_everything_refused_refuses_every_route(jp_fetch, authorizer, emulator, route):
    authorizer.refuse = lambda action, resource: True
    method, path = route
    response = await call(jp_fetch, method, path, body_for(method, path))
    assert response.code == 403
    assert len(authorizer.checks) == 1
    assert emulator.requests() == []


async def test_a_read_only_collaborator_reads_and_changes_nothing(
    configured, jp_fetch, authorizer, emulator, qbraidrc, extension, start, read_env
):
    """Writes and code in kernels refused everywhere: every change is a 403 and nothing moves
    (qbraidrc, qBraid, the kernel's key, the settings); every read still answers 200."""
    kernel_id = await start()  # Started while allowed: it holds the key from the server's env.
    assert await read_env(kernel_id, "QBRAID_API_KEY") == configured
    before = qbraidrc.read_bytes()
    settings = extension.guard.settings()

    async def held():  # What Lab says each kernel holds (not whether it is busy just now).
        snapshot = await extension.kernels.snapshot()
        kernels = {k["id"]: (k["state"], k["reason"]) for k in snapshot["kernels"]}
        return snapshot["variable"], snapshot["autoInject"], kernels

    kernels_before = await held()
    emulator.clear_requests()
    authorizer.checks.clear()
    authorizer.refuse = lambda action, resource: action in ("write", "execute")

    for method, path in WRITES:
        response = await call(jp_fetch, method, path, body_for(method, path, configured))
        assert response.code == 403, (method, path)
        assert json.loads(response.body)["message"].startswith("User is not authorized")
    assert emulator.requests() == []
    assert qbraidrc.read_bytes() == before
    assert extension.kernels._tasks == set()
    assert await read_env(kernel_id, "QBRAID_API_KEY") == configured
    assert await held() == kernels_before
    assert extension.guard.settings() == settings

    for method, path in READS:
        response = await call(jp_fetch, method, path)
        assert response.code == 200, (method, path, response.body)
    # Refused at the first check (the extension's own), and reads asked for reading only.
    assert {(m, a, r) for m, _, a, r in authorizer.checks if m != "GET"} == {
        (method, *WRITE) for method, _ in WRITES
    }
    assert {(a, r) for m, _, a, r in authorizer.checks if m == "GET"} == {READ}
    assert qbraidrc.read_bytes() == before


async def test_everything_allowed_still_works(configured, jp_fetch, authorizer, qbraidrc):
    """The checks pass through to the route when the Authorizer allows them (see the other
    server tests for each route's behaviour under jupyter_server's default AllowAll)."""
    response = await call(jp_fetch, "DELETE", "key")
    assert response.code == 200
    assert "api-key" not in qbraidrc.read_text()
    response = await call(jp_fetch, "POST", "key", {"apiKey": configured})
    assert response.code == 200
    assert configured in qbraidrc.read_text()
    asked = {(m, r, action, resource) for m, r, action, resource in authorizer.checks}
    assert asked == {
        ("DELETE", "key", "write", "qbraid"),
        ("DELETE", "key", "execute", "kernels"),
        ("POST", "key", "write", "qbraid"),
        ("POST", "key", "execute", "kernels"),
    }
