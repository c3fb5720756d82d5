"""Authentication by X-API-Key or X-Access-Token, white-label keys, and the usage every
authenticated request records."""

from __future__ import annotations

import base64
import re

import httpx
import pytest
from emulator_checks import ISO_Z, data_of, error_of

from jupyterlab_qbraid.emulator.process import EmulatorError
from jupyterlab_qbraid.timestamps import parse_iso

# qBraid's client recognizes white-label keys by this shape.
WHITE_LABEL = re.compile(r"(?P<prefix>[a-z0-9]+)_(?P<host>[a-z2-7]{2,405})\.[0-9a-f]{64}")

INSTANCE = "/compute/bma/instances/bma-demo-vm-cpu-8-32-3f9a1c2e"
ROUTES = [
    ("GET", "/users/verify"),
    ("GET", "/users/context"),
    ("GET", "/billing/credits/balance"),
    ("GET", "/jobs"),
    ("GET", "/compute-sessions"),
    ("GET", "/compute-sessions/usage"),
    ("GET", "/compute/servers/status"),
    ("DELETE", "/compute/servers/stop"),
    ("GET", "/compute/servers/session-token"),
    ("GET", "/compute/profiles"),
    ("GET", "/compute/profiles/cpu-2-4"),
    ("GET", "/compute/bma/availability"),
    ("GET", "/compute/bma/instances"),
    ("GET", "/compute/bma/instances/history"),
    ("GET", INSTANCE),
    ("PATCH", INSTANCE),
    ("POST", INSTANCE + "/stop"),
    ("GET", "/api-keys"),
    ("POST", "/api-keys"),
    ("GET", "/api-keys/0123456789abcdef01234567"),
    ("DELETE", "/api-keys/0123456789abcdef01234567"),
    ("POST", "/api-keys/0123456789abcdef01234567/rotate"),
]


def assert_refused(client: httpx.Client, method: str = "GET", path: str = "/users/verify"):
    body = {"name": "x"} if method in ("POST", "PATCH") else None
    response = client.request(method, path, json=body)
    assert error_of(response, 401, "UNAUTHORIZED") == "Authentication required."


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_needs_a_key(shared_client_for, method, path):
    assert_refused(shared_client_for(None), method, path)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "qbr_" + "a" * 64,  # well formed, unknown
        "short",
        "x" * 513,
        "qbr_bad key with spaces and more than thirty-two chars",
    ],
)
def test_unknown_or_malformed_keys_are_refused(shared_client_for, key):
    assert_refused(shared_client_for(key))


def test_header_name_is_case_insensitive(emulator_process):
    url, key = emulator_process.url, emulator_process.api_key
    for header in ("X-API-Key", "x-api-key", "X-API-KEY", "x-Api-kEy"):
        response = httpx.get(url + "/users/verify", headers={header: key})
        assert data_of(response)["userName"] == "demo", header


def test_the_legacy_header_is_not_accepted(emulator_process):
    response = httpx.get(
        emulator_process.url + "/users/verify", headers={"api-key": emulator_process.api_key}
    )
    assert error_of(response, 401) == "Authentication required."


def test_a_rotated_away_key_is_refused_at_once(api, client_for, emulator):
    key_id = data_of(api.get("/api-keys"))[0]["id"]
    new_secret = data_of(api.post(f"/api-keys/{key_id}/rotate"))["key"]
    assert_refused(api)
    assert_refused(client_for(emulator.api_key), "GET", "/billing/credits/balance")
    assert data_of(client_for(new_secret).get("/users/verify"))["userName"] == "demo"


def test_a_revoked_key_is_refused(api, client_for):
    created = data_of(api.post("/api-keys", json={"name": "Short-lived"}), 201)
    short_lived = client_for(created["key"])
    assert data_of(short_lived.get("/users/verify"))["valid"] is True
    data_of(api.delete(f"/api-keys/{created['id']}"))
    assert_refused(short_lived)


def test_every_authenticated_request_counts_on_its_key(api, client_for):
    created = data_of(api.post("/api-keys", json={"name": "Counter"}), 201)
    assert created["usage"] == {"requestCount": 0}
    assert created["lastUsedAt"] is None
    counted = client_for(created["key"])
    counted.get("/users/verify")
    counted.get("/billing/credits/balance?organizationId=0123456789abcdef01234567")  # a 404
    counted.get("/no/such/route")  # not authenticated: not counted
    record = data_of(counted.get(f"/api-keys/{created['id']}"))
    assert record["usage"] == {"requestCount": 3}
    assert ISO_Z.fullmatch(record["lastUsedAt"])
    assert parse_iso(record["lastUsedAt"]) >= parse_iso(record["createdAt"])
    # The demo key's own count is separate.
    demo = data_of(api.get("/api-keys"))[-1]
    assert demo["name"] == "Demo key"
    assert demo["usage"]["requestCount"] == 2


def test_refused_requests_count_nowhere(api, client_for):
    client_for("qbr_" + "b" * 48).get("/users/verify")
    client_for(None).get("/users/verify")
    demo = data_of(api.get("/api-keys"))[0]
    assert demo["usage"]["requestCount"] == 1


def token_client(emulator, token: str | None) -> httpx.Client:
    headers = {"X-Access-Token": token} if token is not None else {}
    return httpx.Client(base_url=emulator.url, headers=headers, timeout=10)


def test_an_access_token_authenticates_its_user(emulator):
    minted = emulator.mint_access_token()
    assert set(minted) == {"token", "id", "userName", "userId", "organizationId"}
    assert minted["userName"] == "demo"
    with token_client(emulator, minted["token"]) as client:
        verify = data_of(client.get("/users/verify"))
        assert (verify["userId"], verify["organizationId"]) == (
            minted["userId"],
            minted["organizationId"],
        )
        assert data_of(client.get("/billing/credits/balance"))["qbraidCredits"] == 12500
        assert data_of(client.get("/compute/servers/status"))["serverRunning"] is True
    entries = emulator.requests()
    assert [(e["accessTokenSent"], e["apiKeySent"]) for e in entries] == [(True, False)] * 3
    assert minted["token"] not in str(entries)


def test_an_access_token_for_another_user(emulator):
    other = emulator.create_user(user_name="ada")
    minted = emulator.mint_access_token(user_name="ada")
    assert minted["organizationId"] == other["organizationId"]
    with token_client(emulator, minted["token"]) as client:
        assert data_of(client.get("/users/verify"))["userName"] == "ada"
        # Ada has no instances of her own, nor access to the demo user's.
        assert data_of(client.get("/compute/bma/instances")) == []
        assert error_of(client.get(INSTANCE), 404, "INSTANCE_NOT_FOUND")


def test_the_access_token_wins_over_a_key_sent_beside_it(emulator):
    headers = {"X-Access-Token": "t" * 64, "X-API-Key": emulator.api_key}
    response = httpx.get(emulator.url + "/users/verify", headers=headers)
    assert error_of(response, 401) == "Authentication required."


@pytest.mark.parametrize("token", ["", "t" * 64, "short"])
def test_unknown_access_tokens_are_refused(emulator_process, token):
    with token_client(emulator_process, token) as client:
        assert_refused(client)


def test_access_tokens_survive_a_restart_and_are_stored_hashed(emulator):
    minted = emulator.mint_access_token()
    emulator.restart()
    with token_client(emulator, minted["token"]) as client:
        assert data_of(client.get("/users/verify"))["userName"] == "demo"
    emulator.stop()
    assert minted["token"].encode() not in emulator.db_path.read_bytes()


def test_an_access_token_for_an_unknown_user_is_404(emulator):
    with pytest.raises(EmulatorError, match=r"404 User not found\."):
        emulator.mint_access_token(user_name="nobody")


def test_a_white_label_key_carries_its_host_and_authenticates(emulator, client_for):
    minted = emulator.mint_white_label_key("api.example.com", prefix="acme")
    key = minted["key"]
    match = WHITE_LABEL.fullmatch(key)
    assert match and match["prefix"] == "acme"
    assert base64.b32decode(match["host"].upper() + "=" * (-len(match["host"]) % 8)) == (
        b"api.example.com"
    )
    assert minted["url"] == "https://api.example.com/api/v1"
    assert (minted["host"], minted["userName"], minted["hint"]) == (
        "api.example.com",
        "demo",
        key[-4:],
    )
    assert data_of(client_for(key).get("/users/verify"))["userName"] == "demo"
    # It is one of the user's keys: listed without its secret, and it rotates into its shape.
    api = client_for(emulator.api_key)
    assert minted["id"] in [record["id"] for record in data_of(api.get("/api-keys"))]
    rotated = data_of(api.post(f"/api-keys/{minted['id']}/rotate"))["key"]
    assert WHITE_LABEL.fullmatch(rotated)["host"] == match["host"] and rotated != key
    assert data_of(client_for(rotated).get("/users/verify"))["valid"] is True
    assert error_of(client_for(key).get("/users/verify"), 401)
    assert key not in str(emulator.requests()) and rotated not in str(emulator.requests())


def test_a_white_label_key_of_the_qbraid_core_regex_and_default_prefix(emulator):
    key = emulator.mint_white_label_key("lab.qbraid-partner.co.uk")["key"]
    assert WHITE_LABEL.fullmatch(key)["prefix"] == "wl"
    assert len(key) <= 512


@pytest.mark.parametrize(
    "body",
    [
        {"host": "localhost"},
        {"host": "127.0.0.1"},
        {"host": "API.example.com"},
        {"host": "api.example.com:8443"},
        {"host": "api.example.c1"},
        {"host": "api.example.com", "prefix": "Acme"},
        {"host": "api.example.com", "prefix": "a_b"},
        {},
    ],
)
def test_white_label_keys_need_a_dns_host_and_a_plain_prefix(emulator_process, body):
    response = httpx.post(emulator_process.base + "/__emulator__/white-label-keys", json=body)
    assert error_of(response, 400, "VALIDATION_ERROR")
