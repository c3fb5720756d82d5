"""The server routes with --hub-api-url: against a fake JupyterHub served from a thread of
the test, which records every call (the real hub: tests/hub/test_hub_launcher.py)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from emulator_checks import data_of, error_of

from jupyterlab_qbraid.emulator.hub import TOKEN_LIFETIME_SECONDS

SERVICE_TOKEN = "hub-service-token-0123456789abcdef0123456789"
MINTED_TOKEN = "minted0123456789abcdef0123456789abcdef"
STARTED = "2026-01-01T00:00:00.000000Z"


def token_model(user: str) -> dict[str, Any]:
    return {
        "user": user,
        "id": "a42",
        "kind": "api_token",
        "roles": [],
        "scopes": [f"read:servers!user={user}", f"delete:servers!user={user}"],
        "created": STARTED,
        "last_activity": None,
        "expires_at": "2026-01-01T01:00:00.000000Z",
        "note": "qBraid account emulator: Lab server control",
        "session_id": None,
        "token": MINTED_TOKEN,
    }


def server_model(user: str, ready: bool = True, pending: str | None = None) -> dict[str, Any]:
    return {
        "name": "",
        "full_name": f"{user}/",
        "ready": ready,
        "stopped": False,
        "pending": pending,
        "url": f"/user/{user}/",
        "user_options": {},
        "progress_url": f"/hub/api/users/{user}/server/progress",
        "full_url": None,
        "started": STARTED,
        "last_activity": STARTED,
        "state": {"pid": 4242},
    }


def user_model(user: str, server: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "kind": "user",
        "name": user,
        "admin": False,
        "roles": ["user"],
        "groups": [],
        "server": server["url"] if server else None,
        "pending": None,
        "created": STARTED,
        "last_activity": STARTED,
        "servers": {"": server} if server else {},
    }


@dataclass
class FakeHub:
    """Answers the hub API the emulator uses: per (method, route), a status and a body
    (bytes, JSON, or a callable of the user name). Records each call."""

    api_url: str = ""
    answers: dict[tuple[str, str], tuple[int, Any]] = field(default_factory=dict)
    calls: list[dict[str, Any]] = field(default_factory=list)

    def answer(self, method: str, route: str, status: int, body: Any = None) -> None:
        self.answers[(method, route)] = (status, body)


def _hub_handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class HubHandler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            prefix, _, rest = self.path.partition("/hub/api/users/")
            user, _, tail = rest.partition("/")
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length) if length else b""
            hub.calls.append(
                {
                    "method": self.command,
                    "user": user,
                    "route": tail,
                    "authorization": self.headers.get("Authorization"),
                    "body": json.loads(raw) if raw else None,
                }
            )
            if prefix or (self.command, tail) not in hub.answers:
                self.send_error(404)
                return
            status, body = hub.answers[(self.command, tail)]
            body = body(user) if callable(body) else body
            payload = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return HubHandler


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    fake = FakeHub()
    fake.answer("POST", "tokens", 201, token_model)
    fake.answer("GET", "", 200, lambda user: user_model(user, server_model(user)))
    fake.answer("DELETE", "server", 202, b"")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _hub_handler(fake))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.api_url = f"http://127.0.0.1:{server.server_address[1]}/hub/api"
    yield fake
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def hub_emulator(emulator_factory, hub):
    return emulator_factory(hub_api_url=hub.api_url, hub_token=SERVICE_TOKEN)


def call(emulator, method: str, path: str, key: str | None = None) -> httpx.Response:
    key = key or emulator.api_key
    with httpx.Client(base_url=emulator.url, headers={"X-API-Key": key}, timeout=10) as client:
        return client.request(method, path)


def test_status_reports_the_hubs_server(hub, hub_emulator):
    data = data_of(call(hub_emulator, "GET", "/compute/servers/status"))
    server = server_model("demo")
    assert data == {
        "clusterId": "qbraid-demo-cluster",
        "serverRunning": True,
        "serverStarting": False,
        "currentProfile": "cpu-2-4",
        "serverDetails": {
            name: server[name]
            for name in (
                "name",
                "ready",
                "pending",
                "url",
                "progress_url",
                "started",
                "last_activity",
                "state",
                "user_options",
            )
        },
        "userInfo": {
            "name": "demo",
            "admin": False,
            "groups": [],
            "kind": "user",
            "created": STARTED,
            "last_activity": STARTED,
            "servers": {"": server},
        },
        "url": "/user/demo/",
    }
    [request] = hub.calls
    assert (request["method"], request["user"], request["route"]) == ("GET", "demo", "")
    assert request["authorization"] == f"token {SERVICE_TOKEN}"


@pytest.mark.parametrize(
    ("user", "running", "starting"),
    [
        (lambda name: user_model(name, None), False, False),
        (lambda name: user_model(name, server_model(name, False, "spawn")), False, True),
        (lambda name: user_model(name, server_model(name, False, "stop")), False, False),
    ],
)
def test_status_follows_the_hub(hub, hub_emulator, user, running, starting):
    hub.answer("GET", "", 200, user)
    data = data_of(call(hub_emulator, "GET", "/compute/servers/status"))
    assert (data["serverRunning"], data["serverStarting"]) == (running, starting)
    assert data["currentProfile"] == ("cpu-2-4" if starting else None)


def test_status_of_a_user_the_hub_does_not_know(hub, hub_emulator):
    hub.answer("GET", "", 404, {"status": 404, "message": "Not Found"})
    data = data_of(call(hub_emulator, "GET", "/compute/servers/status"))
    assert (data["serverRunning"], data["serverDetails"], data["userInfo"]) == (False, None, None)


def test_stop_asks_the_hub_and_answers_stopping_at_once(hub, hub_emulator):
    data = data_of(call(hub_emulator, "DELETE", "/compute/servers/stop"))
    assert data == {
        "message": "Stopping the server of demo on qbraid-demo-cluster.",
        "clusterId": "qbraid-demo-cluster",
        "status": "stopping",
    }
    assert [(c["method"], c["route"]) for c in hub.calls] == [("GET", ""), ("DELETE", "server")]
    assert all(c["authorization"] == f"token {SERVICE_TOKEN}" for c in hub.calls)


def test_stop_without_a_running_server_is_bad_state(hub, hub_emulator):
    hub.answer("GET", "", 200, lambda name: user_model(name, None))
    message = error_of(call(hub_emulator, "DELETE", "/compute/servers/stop"), 400, "BAD_STATE")
    assert message == "No server is running on this cluster."
    assert [c["method"] for c in hub.calls] == ["GET"]


def test_a_hub_refusing_the_stop_is_502(hub, hub_emulator):
    hub.answer("DELETE", "server", 403, {"status": 403, "message": "Action is not authorized"})
    message = error_of(call(hub_emulator, "DELETE", "/compute/servers/stop"), 502, "HUB_ERROR")
    assert message == "JupyterHub refused to stop the server (403): Action is not authorized"


def test_the_session_token_comes_from_the_hub(hub, hub_emulator):
    data = data_of(call(hub_emulator, "GET", "/compute/servers/session-token"))
    model = token_model("demo")
    assert data == {
        "clusterId": "qbraid-demo-cluster",
        "token": {
            name: model[name]
            for name in ("token", "id", "user", "scopes", "note", "created", "expires_at")
        },
    }
    [request] = hub.calls
    assert (request["method"], request["route"]) == ("POST", "tokens")
    assert request["body"]["expires_in"] == TOKEN_LIFETIME_SECONDS
    assert set(request["body"]["scopes"]) == {"read:servers!user=demo", "delete:servers!user=demo"}


def test_each_user_acts_on_their_own_hub_user(hub, hub_emulator):
    other = hub_emulator.create_user(user_name="ada.lovelace")
    token = data_of(call(hub_emulator, "GET", "/compute/servers/session-token", other["apiKey"]))
    assert token["token"]["user"] == "ada.lovelace"
    call(hub_emulator, "DELETE", "/compute/servers/stop", other["apiKey"])
    assert {c["user"] for c in hub.calls} == {"ada.lovelace"}
    assert "delete:servers!user=ada.lovelace" in hub.calls[0]["body"]["scopes"]


def test_no_credential_no_hub_call(hub, hub_emulator):
    with httpx.Client(base_url=hub_emulator.url) as client:
        for method, path in (
            ("GET", "/compute/servers/status"),
            ("DELETE", "/compute/servers/stop"),
            ("GET", "/compute/servers/session-token"),
        ):
            assert error_of(client.request(method, path), 401) == "Authentication required."
    assert hub.calls == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<html>oops", "JupyterHub answered the token request with invalid JSON."),
        ({"user": "demo"}, "JupyterHub answered the token request without a token."),
        ({"user": "demo", "token": ""}, "JupyterHub answered the token request without a token."),
        (["token"], "JupyterHub answered the token request without a token."),
    ],
)
def test_hub_answers_without_a_usable_token_are_502(hub, hub_emulator, body, expected):
    hub.answer("POST", "tokens", 201, body)
    response = call(hub_emulator, "GET", "/compute/servers/session-token")
    assert error_of(response, 502, "HUB_ERROR") == expected


def test_a_hub_refusing_the_token_is_502(hub, hub_emulator):
    hub.answer("POST", "tokens", 403, {"status": 403, "message": "Action is not authorized"})
    message = error_of(call(hub_emulator, "GET", "/compute/servers/session-token"), 502)
    assert message == "JupyterHub refused the token request (403): Action is not authorized"


def test_an_unreachable_hub_is_502(emulator_factory):
    emulator = emulator_factory(hub_api_url="http://127.0.0.1:9/hub/api", hub_token=SERVICE_TOKEN)
    for method, path in (
        ("GET", "/compute/servers/status"),
        ("DELETE", "/compute/servers/stop"),
        ("GET", "/compute/servers/session-token"),
    ):
        message = error_of(call(emulator, method, path), 502, "HUB_ERROR")
        assert message.startswith("JupyterHub at http://127.0.0.1:9/hub/api is unreachable")


def test_the_hub_token_stays_out_of_argv_and_logs(hub, hub_emulator):
    call(hub_emulator, "GET", "/compute/servers/session-token")
    hub.answer("POST", "tokens", 500, {"message": "boom"})
    call(hub_emulator, "GET", "/compute/servers/session-token")
    with open(f"/proc/{hub_emulator.pid}/cmdline", "rb") as cmdline:
        assert SERVICE_TOKEN.encode() not in cmdline.read()
    hub_emulator.stop()
    log = hub_emulator.log_path.read_text()
    assert "JupyterHub refused the token request (500): boom" in log
    assert SERVICE_TOKEN not in log and MINTED_TOKEN not in log
