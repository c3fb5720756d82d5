"""Authentication by X-API-Key, and the usage every authenticated request records."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
from emulator_checks import ISO_Z, data_of, error_of

ROUTES = [
    ("GET", "/users/verify"),
    ("GET", "/users/context"),
    ("GET", "/billing/credits/balance"),
    ("GET", "/lab/compute/tokens"),
    ("GET", "/jobs"),
    ("GET", "/api-keys"),
    ("POST", "/api-keys"),
    ("GET", "/api-keys/0123456789abcdef01234567"),
    ("DELETE", "/api-keys/0123456789abcdef01234567"),
    ("POST", "/api-keys/0123456789abcdef01234567/rotate"),
]


def assert_refused(client: httpx.Client, method: str = "GET", path: str = "/users/verify"):
    response = client.request(method, path, json={"name": "x"} if method == "POST" else None)
    assert error_of(response, 401) == "Authentication required."


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_needs_a_key(shared_client_for, method, path):
    assert_refused(shared_client_for(None), method, path)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "qbr_" + "a" * 48,  # well formed, unknown
        "short",
        "x" * 65,
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
    assert datetime.fromisoformat(record["lastUsedAt"]) >= datetime.fromisoformat(
        record["createdAt"]
    )
    # The demo key's own count is separate.
    demo = data_of(api.get("/api-keys"))[-1]
    assert demo["name"] == "Demo key"
    assert demo["usage"]["requestCount"] == 2


def test_refused_requests_count_nowhere(api, client_for):
    client_for("qbr_" + "b" * 48).get("/users/verify")
    client_for(None).get("/users/verify")
    demo = data_of(api.get("/api-keys"))[0]
    assert demo["usage"]["requestCount"] == 1
