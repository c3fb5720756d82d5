"""Admin routes: state, the request log, extra users, and the loopback-only rule."""

from __future__ import annotations

import asyncio
import json
import types

import httpx
import pytest
from emulator_checks import HEX24, SECRET, data_of, error_of
from tornado.concurrent import Future
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from jupyterlab_qbraid.emulator.app import LOOPBACK_ONLY, Emulator, is_loopback, make_app
from jupyterlab_qbraid.emulator.process import EmulatorError
from jupyterlab_qbraid.emulator.store import Store


def balance(api):
    return data_of(api.get("/billing/credits/balance"))


def organization(api):
    [entry] = data_of(api.get("/users/context"))["organizations"].values()
    return entry


def test_patch_state_changes_the_demo_organization(api, emulator):
    answer = emulator.patch_state(
        qbraid_credits=42.5,
        aws_credits=0,
        auto_recharge=True,
        cpu_hours={"used": 399, "quota": 400, "renewalDate": "2030-01-01T00:00:00Z"},
    )
    assert HEX24.fullmatch(answer["id"])
    assert answer["wallet"] == {
        "qbraidCredits": 42.5,
        "awsCredits": 0,
        "creditLimit": 25000,
        "autoRecharge": True,
    }
    assert answer["cpuHours"] == {
        "used": 399,
        "quota": 400,
        "renewalDate": "2030-01-01T00:00:00.000Z",
    }
    assert balance(api)["qbraidCredits"] == 42.5
    assert balance(api)["autoRecharge"] is True
    assert organization(api)["cpuHours"]["used"] == 399
    assert organization(api)["wallet"]["qbraidCredits"] == 42.5


def test_patch_state_changes_only_what_it_names(api, emulator):
    emulator.patch_state(cpu_hours={"used": 1})
    entry = organization(api)
    assert entry["cpuHours"]["used"] == 1
    assert entry["cpuHours"]["quota"] == 400
    assert entry["wallet"]["qbraidCredits"] == 12500


def test_patch_state_accepts_a_string_auto_recharge(api, emulator):
    emulator.patch_state(auto_recharge="false")
    assert balance(api)["autoRecharge"] == "false"


def test_patch_state_for_another_organization(api, client_for, emulator):
    other = emulator.create_user(qbraid_credits=10)
    emulator.patch_state(organization_id=other["organizationId"], qbraid_credits=99)
    assert (
        data_of(client_for(other["apiKey"]).get("/billing/credits/balance"))["qbraidCredits"] == 99
    )
    assert balance(api)["qbraidCredits"] == 12500


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"qbraidCredits": "10"}, "'qbraidCredits' must be a number."),
        ({"qbraidCredits": True}, "'qbraidCredits' must be a number."),
        ({"autoRecharge": 1}, "'autoRecharge' must be a boolean or a string."),
        ({"cpuHours": 3}, "'cpuHours' must be an object."),
        ({"cpuHours": {"used": -1}}, "'cpuHours.used' must be a number of at least 0."),
        ({"cpuHours": {"renewalDate": "soon"}}, "'cpuHours.renewalDate' must be an ISO 8601"),
        ({"cpuHours": {"left": 3}}, "Unknown field(s): left."),
        ({"credits": 3}, "Unknown field(s): credits."),
        ({"organizationId": 7}, "'organizationId' must be a string."),
    ],
)
def test_patch_state_refuses_bad_values(emulator_process, state, message):
    response = httpx.patch(emulator_process.base + "/__emulator__/state", json=state)
    assert error_of(response, 400).startswith(message)


def test_patch_state_for_an_unknown_organization_is_404(emulator):
    with pytest.raises(EmulatorError, match=r"404 Organization not found\."):
        emulator.patch_state(organization_id="0123456789abcdef01234567", qbraid_credits=1)


def test_request_log_entries(api, client_for, emulator):
    api.get("/users/verify")
    params = {"organizationId": "abc", "x": ["1", "2"]}
    client_for(None).get("/billing/credits/balance", params=params)
    first, second = emulator.requests()
    assert set(first) == {
        "method",
        "path",
        "query",
        "status",
        "apiKeySent",
        "accessTokenSent",
        "time",
    }
    assert first["method"] == "GET"
    assert first["path"] == "/api/v1/users/verify"
    assert (first["status"], first["apiKeySent"], first["query"]) == (200, True, {})
    assert first["accessTokenSent"] is False
    assert (second["status"], second["apiKeySent"]) == (401, False)
    assert second["query"] == {"organizationId": "abc", "x": ["1", "2"]}


def test_request_log_limit_and_clear(api, emulator):
    for path in ("/users/verify", "/users/context", "/jobs"):
        api.get(path)
    assert [entry["path"] for entry in emulator.requests(limit=2)] == [
        "/api/v1/users/context",
        "/api/v1/jobs",
    ]
    emulator.clear_requests()
    assert emulator.requests() == []
    assert error_of(httpx.get(emulator.base + "/__emulator__/requests?limit=0"), 400)


def test_request_log_never_holds_a_secret(api, client_for, emulator):
    created = data_of(api.post("/api-keys", json={"name": "Logged"}), 201)
    rotated = data_of(api.post(f"/api-keys/{created['id']}/rotate"))
    leaky = client_for(emulator.api_key)
    leaky.get("/users/verify", params={"apiKey": emulator.api_key})
    leaky.get("/jobs", params={"page": "1", "q": created["key"]})
    leaky.get("/jobs", params={"note": f"see {rotated['key']}"})
    leaky.get(f"/api-keys/{rotated['key']}")
    client_for(rotated["key"]).get("/users/verify")
    log_text = str(emulator.requests())
    for secret in (emulator.api_key, created["key"], rotated["key"]):
        assert secret not in log_text
    entries = emulator.requests()
    assert entries[-5]["query"] == {"apiKey": "[redacted]"}
    assert entries[-4]["query"] == {"page": "1", "q": "[redacted]"}
    assert entries[-2]["path"] == "/api/v1/api-keys/[redacted]"


def test_create_user_with_defaults(client_for, emulator):
    created = emulator.create_user()
    assert set(created) == {"userId", "organizationId", "apiKey"}
    assert HEX24.fullmatch(created["userId"]) and HEX24.fullmatch(created["organizationId"])
    assert SECRET.fullmatch(created["apiKey"])
    other = client_for(created["apiKey"])
    verify = data_of(other.get("/users/verify"))
    assert verify["userId"] == created["userId"]
    assert verify["userEmail"] == f"{verify['userName']}@example.com"
    entry = data_of(other.get("/users/context"))["organizations"][created["organizationId"]]
    assert entry["subscriptionTier"] == "free"
    assert entry["cpuHours"]["quota"] == 25 and entry["diskUsage"]["quotaGB"] == 15
    assert entry["wallet"]["qbraidCredits"] == 0


def test_create_user_with_choices(client_for, emulator):
    created = emulator.create_user(
        email="ada@example.com",
        user_name="ada",
        organization_name="Ada's Lab",
        tier="pro",
        qbraid_credits=7,
    )
    other = client_for(created["apiKey"])
    assert data_of(other.get("/users/verify"))["userName"] == "ada"
    entry = data_of(other.get("/users/context"))["organizations"][created["organizationId"]]
    assert (entry["name"], entry["subscriptionTier"]) == ("Ada's Lab", "pro")
    assert entry["cpuHours"]["quota"] == 2000
    assert data_of(other.get("/billing/credits/balance"))["qbraidCredits"] == 7


@pytest.mark.parametrize(
    ("account", "status", "message"),
    [
        ({"userName": "demo"}, 409, "User name or email already exists."),
        ({"email": "demo@example.com"}, 409, "User name or email already exists."),
        ({"tier": "gold"}, 400, "'tier' must be one of free, standard, pro."),
        ({"userName": "no spaces"}, 400, "'userName' must be"),
        ({"email": "nobody"}, 400, "'email' must be an email address."),
        ({"organizationName": ""}, 400, "Organization name is required."),
        ({"qbraidCredits": "many"}, 400, "'qbraidCredits' must be a number."),
        ({"role": "admin"}, 400, "Unknown field(s): role."),
    ],
)
def test_create_user_refusals(emulator_process, account, status, message):
    response = httpx.post(emulator_process.base + "/__emulator__/users", json=account)
    assert error_of(response, status).startswith(message)


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.0.0.2", False),
        ("192.168.1.20", False),
        ("::ffff:10.0.0.2", False),
        ("2001:db8::1", False),
        ("", False),
        (None, False),
        ("localhost", False),
    ],
)
def test_is_loopback(address, loopback):
    assert is_loopback(address) is loopback


class _RecordingConnection:
    """Just enough of tornado's HTTP1Connection to run a request through the application."""

    def __init__(self, remote_ip: str) -> None:
        self.context = types.SimpleNamespace(remote_ip=remote_ip, protocol="http")
        self.status: int | None = None
        self.body = b""
        self.finished = asyncio.Event()

    def set_close_callback(self, callback) -> None:
        pass

    def write_headers(self, start_line, headers, chunk=None) -> Future:
        self.status = start_line.code
        self.body += chunk or b""
        return self._done()

    def write(self, chunk) -> Future:
        self.body += chunk
        return self._done()

    def finish(self) -> None:
        self.finished.set()

    @staticmethod
    def _done() -> Future:
        future: Future = Future()
        future.set_result(None)
        return future


async def _run(app, remote_ip: str, method: str, uri: str) -> _RecordingConnection:
    connection = _RecordingConnection(remote_ip)
    request = HTTPServerRequest(
        connection=connection,
        start_line=RequestStartLine(method, uri, "HTTP/1.1"),
        headers=HTTPHeaders({"Host": "emulator.test"}),
        body=b"{}",
    )
    app.find_handler(request).execute()
    await asyncio.wait_for(connection.finished.wait(), 5)
    return connection


ADMIN_CALLS = [
    ("GET", "/__emulator__/faults"),
    ("POST", "/__emulator__/faults"),
    ("DELETE", "/__emulator__/faults"),
    ("PATCH", "/__emulator__/state"),
    ("GET", "/__emulator__/requests"),
    ("DELETE", "/__emulator__/requests"),
    ("POST", "/__emulator__/users"),
    ("POST", "/__emulator__/access-tokens"),
    ("POST", "/__emulator__/white-label-keys"),
    ("PATCH", "/__emulator__/servers"),
    ("POST", "/__emulator__/instances"),
    ("PATCH", "/__emulator__/instances/bma-demo-x"),
]


async def test_admin_routes_refuse_clients_that_are_not_loopback(tmp_path):
    store = Store(tmp_path / "unit.db")
    app = make_app(Emulator(store=store))
    try:
        for method, uri in ADMIN_CALLS:
            for remote_ip in ("203.0.113.9", "::ffff:192.0.2.1", "2001:db8::5"):
                connection = await _run(app, remote_ip, method, uri)
                assert connection.status == 403, (method, uri, remote_ip)
                assert json.loads(connection.body) == {
                    "success": False,
                    "message": LOOPBACK_ONLY,
                    "error": {"code": "FORBIDDEN", "message": LOOPBACK_ONLY},
                }
        for remote_ip in ("127.0.0.1", "::1"):
            assert (await _run(app, remote_ip, "GET", "/__emulator__/requests")).status == 200
        assert not store.has_users()
    finally:
        store.close()


def test_emulator_listens_on_loopback_by_default(emulator_process):
    assert emulator_process.url.startswith("http://127.0.0.1:")


def test_a_key_can_be_backdated(api, emulator):
    [key] = data_of(api.get("/api-keys"))
    record = emulator.patch_key(key["id"], "2025-06-01T12:00:00+02:00")
    assert record["createdAt"] == "2025-06-01T10:00:00.000Z"
    [listed] = data_of(api.get("/api-keys"))
    assert listed["createdAt"] == "2025-06-01T10:00:00.000Z"


@pytest.mark.parametrize(
    ("created_at", "message"),
    [("2999-01-01T00:00:00Z", "in the future"), ("last year", "ISO 8601"), (42, "ISO 8601")],
)
def test_a_key_cannot_be_dated_in_the_future_or_vaguely(api, emulator, created_at, message):
    [key] = data_of(api.get("/api-keys"))
    with pytest.raises(EmulatorError, match=message):
        emulator.patch_key(key["id"], created_at)


def test_backdating_an_unknown_key_is_404(emulator):
    with pytest.raises(EmulatorError, match="404"):
        emulator.patch_key("no-such-key", "2025-01-01T00:00:00Z")
