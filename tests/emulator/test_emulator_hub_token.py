"""GET /lab/compute/tokens against a fake JupyterHub served from a thread of the test."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from emulator_checks import error_of

from jupyterlab_qbraid.emulator.hub import TOKEN_LIFETIME_SECONDS

SERVICE_TOKEN = "hub-service-token-0123456789abcdef0123456789"
MINTED_TOKEN = "minted0123456789abcdef0123456789abcdef"


def token_model(user: str) -> dict[str, Any]:
    return {
        "user": user,
        "id": "a42",
        "kind": "api_token",
        "roles": [],
        "scopes": [f"read:servers!user={user}", f"delete:servers!user={user}"],
        "created": "2026-01-01T00:00:00.000000Z",
        "last_activity": None,
        "expires_at": "2026-01-01T01:00:00.000000Z",
        "note": "qBraid account emulator: Lab server control",
        "session_id": None,
        "token": MINTED_TOKEN,
    }


@dataclass
class FakeHub:
    """Answers POST /hub/api/users/{name}/tokens with ``status`` and ``body`` (bytes or a
    callable of the user name), and records each call."""

    api_url: str = ""
    status: int = 201
    body: Any = None
    calls: list[dict[str, Any]] = field(default_factory=list)


def _tokens_handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class TokensHandler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            prefix, _, rest = self.path.partition("/hub/api/users/")
            user, _, tail = rest.partition("/")
            if prefix or tail != "tokens":
                self.send_error(404)
                return
            length = int(self.headers.get("Content-Length", 0))
            hub.calls.append(
                {
                    "user": user,
                    "authorization": self.headers.get("Authorization"),
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            body = hub.body(user) if callable(hub.body) else hub.body
            payload = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(hub.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return TokensHandler


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    fake = FakeHub(body=token_model)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _tokens_handler(fake))
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


def get_token(emulator, key: str | None) -> httpx.Response:
    headers = {"X-API-Key": key} if key else {}
    with httpx.Client(base_url=emulator.url, headers=headers, timeout=10) as client:
        return client.get("/lab/compute/tokens")


def test_the_hub_token_comes_without_envelope(hub, hub_emulator):
    response = get_token(hub_emulator, hub_emulator.api_key)
    assert response.status_code == 200, response.text
    assert response.json() == {"token": token_model("demo")}
    [call] = hub.calls
    assert call["user"] == "demo"
    assert call["authorization"] == f"token {SERVICE_TOKEN}"
    assert call["body"]["expires_in"] == TOKEN_LIFETIME_SECONDS
    assert isinstance(call["body"]["note"], str) and call["body"]["note"]
    assert set(call["body"]["scopes"]) == {"read:servers!user=demo", "delete:servers!user=demo"}


def test_each_user_gets_their_own_token(hub, hub_emulator):
    other = hub_emulator.create_user(user_name="ada.lovelace")
    response = get_token(hub_emulator, other["apiKey"])
    assert response.json()["token"]["user"] == "ada.lovelace"
    assert hub.calls[0]["user"] == "ada.lovelace"
    assert "delete:servers!user=ada.lovelace" in hub.calls[0]["body"]["scopes"]


def test_no_key_no_hub_call(hub, hub_emulator):
    response = get_token(hub_emulator, None)
    assert error_of(response, 401) == "Authentication required."
    assert hub.calls == []


def test_hub_refusal_is_502(hub, hub_emulator):
    hub.status, hub.body = 403, {"status": 403, "message": "Action is not authorized"}
    message = error_of(get_token(hub_emulator, hub_emulator.api_key), 502)
    assert message == "JupyterHub refused the token request (403): Action is not authorized"


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
    hub.body = body
    assert error_of(get_token(hub_emulator, hub_emulator.api_key), 502) == expected


def test_an_unreachable_hub_is_502(emulator_factory):
    emulator = emulator_factory(hub_api_url="http://127.0.0.1:9/hub/api", hub_token=SERVICE_TOKEN)
    message = error_of(get_token(emulator, emulator.api_key), 502)
    assert message.startswith("JupyterHub at http://127.0.0.1:9/hub/api is unreachable")


def test_the_hub_token_stays_out_of_argv_and_logs(hub, hub_emulator):
    get_token(hub_emulator, hub_emulator.api_key)
    hub.status, hub.body = 500, {"message": "boom"}
    get_token(hub_emulator, hub_emulator.api_key)
    with open(f"/proc/{hub_emulator.pid}/cmdline", "rb") as cmdline:
        assert SERVICE_TOKEN.encode() not in cmdline.read()
    hub_emulator.stop()
    log = hub_emulator.log_path.read_text()
    assert "JupyterHub refused the token request (500): boom" in log
    assert SERVICE_TOKEN not in log and MINTED_TOKEN not in log
