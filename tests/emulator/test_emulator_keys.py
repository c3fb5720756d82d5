"""Key management: create, list, get, rotate, revoke; names; isolation between accounts."""

from __future__ import annotations

import pytest
from emulator_checks import HEX24, ISO_Z, SECRET, data_of, error_of

RECORD_FIELDS = {"id", "name", "hint", "status", "scopes", "createdAt", "lastUsedAt", "usage"}


def create(api, name="A key", **extra):
    return data_of(api.post("/api-keys", json={"name": name, **extra}), 201)


def test_the_demo_key_is_listed(api, emulator):
    [record] = data_of(api.get("/api-keys"))
    assert set(record) == RECORD_FIELDS
    assert record["name"] == "Demo key"
    assert record["status"] == "active"
    assert record["scopes"] == ["*"]
    assert record["hint"] == emulator.api_key[-4:]
    assert HEX24.fullmatch(record["id"])
    assert ISO_Z.fullmatch(record["createdAt"])


def test_create_returns_the_record_and_the_secret_once(api):
    created = create(api, "Notebook key", scopes=["jobs:read"])
    assert set(created) == RECORD_FIELDS | {"key"}
    secret = created["key"]
    assert SECRET.fullmatch(secret)
    assert created["hint"] == secret[-4:]
    assert created["name"] == "Notebook key"
    assert created["scopes"] == ["jobs:read"]
    assert created["status"] == "active"
    assert created["usage"] == {"requestCount": 0}
    listed = data_of(api.get("/api-keys"))
    fetched = data_of(api.get(f"/api-keys/{created['id']}"))
    assert "key" not in fetched and all("key" not in record for record in listed)
    assert secret not in str(listed) and secret not in str(fetched)


def test_secrets_and_ids_are_unique(api):
    keys = [create(api, f"k{i}") for i in range(5)]
    assert len({key["key"] for key in keys}) == 5
    assert len({key["id"] for key in keys}) == 5


def test_default_scopes(api):
    assert create(api)["scopes"] == ["*"]


def test_list_is_newest_first(api):
    names = [create(api, f"key {i}")["name"] for i in range(4)]
    listed = [record["name"] for record in data_of(api.get("/api-keys"))]
    assert listed == [*reversed(names), "Demo key"]


def test_get_one_key(api):
    created = create(api)
    fetched = data_of(api.get(f"/api-keys/{created['id']}"))
    assert fetched["id"] == created["id"]
    assert fetched["name"] == created["name"]
    assert error_of(api.get("/api-keys/0123456789abcdef01234567"), 404) == "API key not found."


def test_rotate_keeps_id_name_scopes_and_changes_the_secret(api, client_for):
    created = create(api, "Rotating", scopes=["a", "b"])
    rotated = data_of(api.post(f"/api-keys/{created['id']}/rotate"))
    assert set(rotated) == RECORD_FIELDS | {"key"}
    assert (rotated["id"], rotated["name"], rotated["scopes"]) == (
        created["id"],
        "Rotating",
        ["a", "b"],
    )
    assert rotated["createdAt"] == created["createdAt"]
    assert rotated["key"] != created["key"] and SECRET.fullmatch(rotated["key"])
    assert rotated["hint"] == rotated["key"][-4:]
    assert error_of(client_for(created["key"]).get("/users/verify"), 401)
    assert data_of(client_for(rotated["key"]).get("/users/verify"))["valid"] is True


def test_rotating_the_calling_key(api, client_for):
    demo_id = data_of(api.get("/api-keys"))[0]["id"]
    rotated = data_of(api.post(f"/api-keys/{demo_id}/rotate"))
    assert error_of(api.get("/api-keys"), 401) == "Authentication required."
    assert data_of(client_for(rotated["key"]).get("/api-keys"))[0]["id"] == demo_id


def test_revoke(api):
    created = create(api, "Doomed")
    assert data_of(api.delete(f"/api-keys/{created['id']}")) == {
        "id": created["id"],
        "status": "revoked",
    }
    assert [record["name"] for record in data_of(api.get("/api-keys"))] == ["Demo key"]
    assert error_of(api.get(f"/api-keys/{created['id']}"), 404) == "API key not found."
    assert error_of(api.post(f"/api-keys/{created['id']}/rotate"), 404) == "API key not found."
    assert error_of(api.delete(f"/api-keys/{created['id']}"), 404) == "API key not found."


def test_revoking_the_calling_key_is_allowed(api, client_for):
    spare = create(api, "Spare")
    demo_id = data_of(api.get("/api-keys"))[-1]["id"]
    assert data_of(api.delete(f"/api-keys/{demo_id}"))["status"] == "revoked"
    assert error_of(api.get("/api-keys"), 401) == "Authentication required."
    remaining = data_of(client_for(spare["key"]).get("/api-keys"))
    assert [record["name"] for record in remaining] == ["Spare"]


@pytest.mark.parametrize(
    "name",
    ["x", "Lab key (2025) — é ✓", " padded ", "k" * 64],
)
def test_good_names(api, name):
    assert create(api, name)["name"] == name


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Key name is required."),
        ({"name": ""}, "Key name is required."),
        ({"name": None}, "Key name is required."),
        ({"name": 42}, "Key name must be a string."),
        ({"name": "k" * 65}, "Key name must be at most 64 characters."),
        ({"name": "tab\there"}, "Key name must contain only printable characters."),
        ({"name": "new\nline"}, "Key name must contain only printable characters."),
        ({"name": "bell\x07"}, "Key name must contain only printable characters."),
        ({"name": "   "}, "Key name must not be blank."),
        ({"name": "ok", "scopes": "all"}, "Scopes must be a list"),
        ({"name": "ok", "scopes": [1]}, "Scopes must be a list"),
        ({"name": "ok", "scopes": [""]}, "Scopes must be a list"),
        ({"name": "ok", "colour": "red"}, "Unknown field(s): colour."),
    ],
)
def test_bad_bodies_are_400(shared_api, body, message):
    before = data_of(shared_api.get("/api-keys"))
    assert error_of(shared_api.post("/api-keys", json=body), 400).startswith(message)
    after = data_of(shared_api.get("/api-keys"))
    assert [key["id"] for key in after] == [key["id"] for key in before]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Request body must be JSON."),
        (b"{name: 'x'}", "Request body must be JSON."),
        (b'["Demo"]', "Request body must be a JSON object."),
        (b'"Demo"', "Request body must be a JSON object."),
    ],
)
def test_bodies_that_are_not_json_objects_are_400(shared_api, content, message):
    response = shared_api.post(
        "/api-keys", content=content, headers={"Content-Type": "application/json"}
    )
    assert error_of(response, 400) == message


def test_accounts_see_only_their_own_keys(api, client_for, emulator):
    other = emulator.create_user(email="other@example.com", user_name="other")
    other_api = client_for(other["apiKey"])
    demo_key_id = data_of(api.get("/api-keys"))[0]["id"]
    [other_record] = data_of(other_api.get("/api-keys"))
    assert other_record["id"] != demo_key_id

    for client, foreign_id in ((other_api, demo_key_id), (api, other_record["id"])):
        assert error_of(client.get(f"/api-keys/{foreign_id}"), 404) == "API key not found."
        assert error_of(client.post(f"/api-keys/{foreign_id}/rotate"), 404)
        assert error_of(client.delete(f"/api-keys/{foreign_id}"), 404)

    create(other_api, "Other's second")
    assert [r["name"] for r in data_of(api.get("/api-keys"))] == ["Demo key"]
    assert len(data_of(other_api.get("/api-keys"))) == 2
    # Both keys still work: nothing crossed over.
    assert data_of(api.get("/users/verify"))["userName"] == "demo"
    other_verify = data_of(other_api.get("/users/verify"))
    assert other_verify["userName"] == "other"
    assert other_verify["organizationId"] == other["organizationId"]
