"""{base_url}jupyterlab-qbraid/keys: list, create, rotate, revoke in a real Jupyter server against a real emulator."""

import asyncio
import errno
import hashlib
import json
import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from jupyterlab_qbraid import credentials
from jupyterlab_qbraid.account_client import KeyRecord, parse_timestamp
from jupyterlab_qbraid.api_key_format import is_valid_api_key
from jupyterlab_qbraid.key_ages import KeyAges
from jupyterlab_qbraid.key_management import active_record_id

RECORD_FIELDS = {
    "id",
    "name",
    "hint",
    "status",
    "scopes",
    "createdAt",
    "lastUsedAt",
    "usage",
    "active",
    "issuedAt",
    "issuedBy",
}
OTHER_LINES = "# mine\n[default]\nemail = demo@example.com\n"
OTHER_SECTION = "\n[other]\nx = 1\n"


def status_at_emulator(emulator, secret):
    """What the emulator answers this secret now: 200 while it works, 401 once it is dead."""
    response = httpx.get(f"{emulator.url}/users/verify", headers={"X-API-Key": secret}, timeout=10)
    return response.status_code


def rich_qbraidrc(qbraidrc, emulator, api_key):
    """A qbraidrc with the key among lines of the person's own, all of which must survive."""
    text = f"{OTHER_LINES}api-key = {api_key}\nurl = {emulator.url}\n{OTHER_SECTION}"
    qbraidrc.write_text(text)
    return text


async def create(fetch_json, name="Notebook key", **extra):
    status, body = await fetch_json("keys", "POST", {"name": name, **extra})
    assert status == 201, body
    return body


async def listed(fetch_json):
    status, body = await fetch_json("keys")
    assert status == 200, body
    return body["keys"]


async def active_id(fetch_json):
    (active,) = [key for key in await listed(fetch_json) if key["active"]]
    return active["id"]


def upstream_paths(emulator, fragment):
    return [entry for entry in emulator.requests() if fragment in entry["path"]]


# Listing


def key_ages_file(jp_serverapp):
    return Path(jp_serverapp.data_dir) / "jupyterlab_qbraid" / "key-ages.json"


def age_in_days(since):
    return (datetime.now(timezone.utc) - parse_timestamp(since)).days


async def test_list_marks_the_active_key_newest_first(fetch_json, emulator, configured):
    first = await create(fetch_json, "first")
    second = await create(fetch_json, "second", scopes=["jobs:read"])
    status, body = await fetch_json("keys")
    assert status == 200
    assert body["supported"] is True
    keys = body["keys"]
    assert [key["name"] for key in keys] == ["second", "first", "Demo key"]
    assert [key["active"] for key in keys] == [False, False, True]
    for key in keys:
        assert set(key) == RECORD_FIELDS
        assert key["status"] == "active"
        assert isinstance(key["usage"]["requestCount"], int)
        assert key["createdAt"].endswith("Z")
    assert keys[0]["scopes"] == ["jobs:read"]
    assert keys[2]["hint"] == configured[-4:]
    # The list call itself was made with the active key.
    assert keys[2]["lastUsedAt"] is not None and keys[2]["usage"]["requestCount"] >= 1
    text = json.dumps(body)
    for secret in (configured, first["secret"], second["secret"]):
        assert secret not in text


async def test_active_is_the_last_used_of_keys_sharing_a_hint(fetch_json, emulator, configured):
    def record(key_id, last_used):
        return {
            "id": key_id,
            "name": key_id,
            "hint": configured[-4:],
            "status": "active",
            "scopes": ["*"],
            "createdAt": "2025-01-01T00:00:00.000Z",
            "lastUsedAt": last_used,
            "usage": {"requestCount": 1},
        }

    records = [
        record("newer", "2025-03-01T10:00:00.000Z"),
        record("used-last", "2025-03-02T10:00:00+00:00"),
        record("never-used", None),
    ]
    emulator.add_fault(
        path="^/api-keys$", method="GET", status=200, body={"success": True, "data": records}
    )
    keys = await listed(fetch_json)
    assert [key["id"] for key in keys if key["active"]] == ["used-last"]


def test_no_record_is_active_when_no_hint_matches():
    other = KeyRecord("k", "k", "zzzz", "active", [], "2025-01-01T00:00:00Z", None, 0)
    assert active_record_id([other], "qbr_" + "a" * 40) is None


PROBE_FAULTS = {
    "401": {"status": 401},
    "403": {"status": 403},
    "404": {"status": 404},
    "405": {"status": 405},
    "500": {"status": 500},
    "a-string": {"status": 200, "body": "<html><body>Sign in</body></html>"},
    # What a sign-in page or a proxy's HTML error looks like to a JSON client.
    "not-json": {"malformed": True},
    "no-envelope": {"status": 200, "body": [{"id": "k"}]},
    "not-a-list": {"status": 200, "body": {"success": True, "data": {"keys": []}}},
    "timeout": {"latencyMs": 3000},
    "dropped": {"drop": True},
}


@pytest.mark.parametrize("fault", PROBE_FAULTS.values(), ids=PROBE_FAULTS.keys())
async def test_any_answer_but_an_enveloped_list_means_keys_are_managed_elsewhere(
    fetch_json, emulator, configured, fault
):
    emulator.add_fault(path="^/api-keys$", method="GET", count=1, **fault)
    status, body = await fetch_json("keys")
    assert (status, body["supported"], body["keys"]) == (200, False, [])
    assert body["activeKeyAge"]["source"] == "firstSeen"
    # Only the probe was made: what the panel believes of the key is left to /users/verify.
    assert all(entry["path"] == "/api/v1/api-keys" for entry in emulator.requests())
    _, summary = await fetch_json("summary")
    assert summary["account"]["ok"] is True


async def test_key_routes_use_the_access_token_when_it_is_the_credential(
    fetch_json, emulator, qbraidrc, access_token
):
    qbraidrc.write_text(f"[default]\naccess-token = {access_token}\n")
    status, body = await fetch_json("keys")
    assert (status, body["supported"]) == (200, True)
    # No API key in Lab: no record is Lab's.
    assert not any(key["active"] for key in body["keys"])
    created = await create(fetch_json, "made with the token")
    assert created["secret"].startswith("qbr_")
    assert all(entry["accessTokenSent"] for entry in emulator.requests())


@pytest.mark.parametrize(
    ("bad_record", "field"),
    [
        ({"hint": None}, "hint"),
        ({"id": "../x"}, "id"),
        ({"status": "gone"}, "status"),
        ({"scopes": "*"}, "scopes"),
        ({"createdAt": "yesterday"}, "createdAt"),
        ({"usage": {}}, "usage.requestCount"),
    ],
)
async def test_malformed_record_is_a_clear_error(
    fetch_json, emulator, configured, bad_record, field
):
    good = {
        "id": "k1",
        "name": "n",
        "hint": "abcd",
        "status": "active",
        "scopes": [],
        "createdAt": "2025-01-01T00:00:00Z",
        "lastUsedAt": None,
        "usage": {"requestCount": 0},
    }
    emulator.add_fault(
        path="^/api-keys$",
        method="GET",
        status=200,
        body={"success": True, "data": [{**good, **bad_record}]},
    )
    status, body = await fetch_json("keys")
    assert status == 502
    assert body["error"]["kind"] == "malformed"
    assert f"'{field}'" in body["error"]["message"]


# Creating


async def test_create_answers_the_secret_once(jp_fetch, fetch_json, emulator, configured, qbraidrc):
    before = qbraidrc.read_text()
    response = await jp_fetch(
        "jupyterlab-qbraid",
        "keys",
        method="POST",
        body=json.dumps({"name": "Notebook key"}),
        headers={"Content-Type": "application/json"},
    )
    assert response.code == 201
    assert response.headers["Cache-Control"] == "no-store"
    created = json.loads(response.body)
    secret = created["secret"]
    assert set(created) == {"key", "secret"}
    assert is_valid_api_key(secret)
    key = created["key"]
    assert set(key) == RECORD_FIELDS
    assert key["hint"] == secret[-4:]
    assert (key["name"], key["scopes"], key["active"]) == ("Notebook key", ["*"], False)
    assert status_at_emulator(emulator, secret) == 200

    keys = await listed(fetch_json)
    assert key["id"] in [listed_key["id"] for listed_key in keys]
    assert secret not in json.dumps(keys)
    # A new key does not become Lab's key.
    assert qbraidrc.read_text() == before
    assert "QBRAID_API_KEY" not in os.environ


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"name": ""}, "Give the key a name"),
        ({}, "Give the key a name"),
        ({"name": None}, "Give the key a name"),
        ({"name": 42}, "must be text"),
        ({"name": "   "}, "only spaces"),
        ({"name": "x" * 65}, "at most 64"),
        ({"name": "line\nbreak"}, "printable"),
        ({"name": "tab\there"}, "printable"),
        ({"name": "nul\x00"}, "printable"),
        ({"name": "bell\x07"}, "printable"),
        ({"name": "zero\u200bwidth"}, "printable"),
        ({"name": "ok", "scopes": "jobs"}, "Scopes"),
        ({"name": "ok", "scopes": [1]}, "Scopes"),
        ({"name": "ok", "scopes": [""]}, "Scopes"),
    ],
)
async def test_bad_names_and_scopes_are_refused_before_any_call(
    fetch_json, emulator, configured, body, reason
):
    status, answer = await fetch_json("keys", "POST", body)
    assert status == 400
    assert answer["error"]["kind"] == "invalid_input"
    assert reason in answer["error"]["message"]
    assert emulator.requests() == []


async def test_names_the_contract_allows_are_kept_as_given(fetch_json, emulator, configured):
    names = ["x" * 64, "é" * 64, "a", " padded ", "Ключ 🔑"]
    for name in names:
        created = await create(fetch_json, name)
        assert created["key"]["name"] == name
    assert [key["name"] for key in await listed(fetch_json)][: len(names)] == names[::-1]


async def test_markup_in_a_name_is_kept_as_plain_text(jp_fetch, fetch_json, emulator, configured):
    # Printable and at most 64 characters, so the contract allows it; it stays JSON text.
    name = "<img src=x onerror=alert(1)>"
    response = await jp_fetch(
        "jupyterlab-qbraid",
        "keys",
        method="POST",
        body=json.dumps({"name": name}),
        headers={"Content-Type": "application/json"},
    )
    assert response.code == 201
    assert response.headers["Content-Type"].startswith("application/json")
    assert json.loads(response.body)["key"]["name"] == name
    response = await jp_fetch("jupyterlab-qbraid", "keys")
    assert response.headers["Content-Type"].startswith("application/json")
    assert name in [key["name"] for key in json.loads(response.body)["keys"]]


@pytest.mark.parametrize(("route", "method"), [("keys", "POST"), ("keys/KEYID/rotate", "POST")])
async def test_a_secret_that_is_not_a_key_is_refused_and_kept_nowhere(
    fetch_json, emulator, configured, qbraidrc, route, method
):
    target = await create(fetch_json, "target")
    bad_secret = "not a key; import os" + "x" * 30
    record = {**target["key"], "key": bad_secret}
    record.pop("active")
    emulator.add_fault(
        path="^/api-keys", method=method, status=200, body={"success": True, "data": record}
    )
    before = qbraidrc.read_text()
    status, body = await fetch_json(
        route.replace("KEYID", target["key"]["id"]), method, {"name": "x"}
    )
    assert status == 502
    assert body["error"]["kind"] == "malformed"
    assert "'key'" in body["error"]["message"]
    assert "import os" not in json.dumps(body)
    assert qbraidrc.read_text() == before
    assert "QBRAID_API_KEY" not in os.environ


# Rotating


async def test_rotate_a_key_lab_does_not_use(fetch_json, emulator, configured, qbraidrc):
    created = await create(fetch_json, "ci")
    before = qbraidrc.read_text()
    status, body = await fetch_json(f"keys/{created['key']['id']}/rotate", "POST", {})
    assert status == 200
    new_secret = body["secret"]
    assert is_valid_api_key(new_secret) and new_secret != created["secret"]
    assert (body["wasActive"], body["savedToFile"], body["problems"]) == (False, None, [])
    key = body["key"]
    assert (key["id"], key["name"], key["scopes"]) == (created["key"]["id"], "ci", ["*"])
    assert (key["hint"], key["active"]) == (new_secret[-4:], False)
    assert status_at_emulator(emulator, created["secret"]) == 401
    assert status_at_emulator(emulator, new_secret) == 200
    assert qbraidrc.read_text() == before
    assert "QBRAID_API_KEY" not in os.environ
    assert status_at_emulator(emulator, configured) == 200


async def test_rotate_the_active_key_makes_the_new_secret_active(fetch_json, emulator, qbraidrc):
    old_secret = emulator.api_key
    rich_qbraidrc(qbraidrc, emulator, old_secret)
    key_id = await active_id(fetch_json)
    status, body = await fetch_json(f"keys/{key_id}/rotate", "POST", {})
    assert status == 200
    new_secret = body["secret"]
    assert (body["wasActive"], body["savedToFile"], body["problems"]) == (True, True, [])
    assert body["key"]["active"] is True and body["key"]["hint"] == new_secret[-4:]
    assert status_at_emulator(emulator, old_secret) == 401

    assert (
        qbraidrc.read_text()
        == f"{OTHER_LINES}api-key = {new_secret}\nurl = {emulator.url}\n{OTHER_SECTION}"
    )
    assert stat.S_IMODE(os.stat(qbraidrc).st_mode) == 0o600
    assert os.environ["QBRAID_API_KEY"] == new_secret
    _, summary = await fetch_json("summary")
    assert summary["key"] == {"hint": new_secret[-4:], "source": "qbraidrc"}
    assert summary["credits"]["ok"] is True
    assert await active_id(fetch_json) == key_id


async def test_rotate_the_active_key_when_the_file_cannot_be_written(
    fetch_json, emulator, qbraidrc, monkeypatch
):
    old_secret = emulator.api_key
    text = rich_qbraidrc(qbraidrc, emulator, old_secret)
    key_id = await active_id(fetch_json)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(credentials, "update_default_section", disk_full)
    status, body = await fetch_json(f"keys/{key_id}/rotate", "POST", {})
    assert status == 200
    new_secret = body["secret"]
    assert is_valid_api_key(new_secret)
    assert (body["wasActive"], body["savedToFile"]) == (True, False)
    problems = " ".join(body["problems"])
    assert "No space left on device" in problems
    assert old_secret not in problems and new_secret not in problems
    assert os.environ["QBRAID_API_KEY"] == new_secret
    assert qbraidrc.read_text() == text
    assert status_at_emulator(emulator, new_secret) == 200
    # Lab goes on with the new key, not the dead one the file still holds.
    _, summary = await fetch_json("summary")
    assert summary["key"] == {"hint": new_secret[-4:], "source": "environment"}
    assert summary["credits"]["ok"] is True
    assert any("session only" in notice["message"] for notice in summary["notices"])


async def test_rotate_the_active_key_with_a_corrupt_qbraidrc(
    fetch_json, emulator, qbraidrc, monkeypatch
):
    old_secret = emulator.api_key
    qbraidrc.write_text(f"[default\napi-key = {old_secret}\n")
    monkeypatch.setenv("QBRAID_API_KEY", old_secret)
    key_id = await active_id(fetch_json)
    status, body = await fetch_json(f"keys/{key_id}/rotate", "POST", {})
    assert status == 200
    new_secret = body["secret"]
    assert (body["wasActive"], body["savedToFile"]) == (True, False)
    assert any("Lab cannot read" in problem for problem in body["problems"])
    assert old_secret not in json.dumps(body["problems"])
    assert os.environ["QBRAID_API_KEY"] == new_secret
    assert qbraidrc.read_text() == f"[default\napi-key = {old_secret}\n"
    _, summary = await fetch_json("summary")
    assert summary["key"] == {"hint": new_secret[-4:], "source": "environment"}
    assert summary["credits"]["ok"] is True


async def test_rotate_an_unknown_key(fetch_json, emulator, configured):
    status, body = await fetch_json("keys/aaaaaaaaaaaaaaaaaaaaaaaa/rotate", "POST", {})
    assert status == 502
    assert body["error"]["kind"] == "not_found"
    assert "revoked already" in body["error"]["message"]


async def test_rotate_when_the_check_afterwards_fails(fetch_json, emulator, configured, qbraidrc):
    created = await create(fetch_json, "ci")
    before = qbraidrc.read_text()
    emulator.add_fault(path="^/users/verify$", status=503)
    status, body = await fetch_json(f"keys/{created['key']['id']}/rotate", "POST", {})
    assert status == 200
    assert is_valid_api_key(body["secret"])
    assert (body["wasActive"], body["savedToFile"]) == (False, None)
    assert "could not check" in body["problems"][0]
    assert qbraidrc.read_text() == before


# Revoking


async def test_revoke_a_key_lab_does_not_use(fetch_json, emulator, configured, qbraidrc):
    created = await create(fetch_json, "old laptop")
    key_id = created["key"]["id"]
    before = qbraidrc.read_text()
    status, body = await fetch_json(f"keys/{key_id}", "DELETE")
    assert status == 200
    assert body == {"id": key_id, "status": "revoked", "wasActive": False, "problems": []}
    assert status_at_emulator(emulator, created["secret"]) == 401
    assert key_id not in [key["id"] for key in await listed(fetch_json)]
    assert qbraidrc.read_text() == before
    _, summary = await fetch_json("summary")
    assert summary["configured"] is True and summary["credits"]["ok"] is True


async def test_revoke_the_active_key_makes_lab_forget_it(
    fetch_json, emulator, qbraidrc, monkeypatch
):
    rich_qbraidrc(qbraidrc, emulator, emulator.api_key)
    monkeypatch.setenv("QBRAID_API_KEY", emulator.api_key)
    key_id = await active_id(fetch_json)
    status, body = await fetch_json(f"keys/{key_id}", "DELETE")
    assert status == 200
    assert body == {"id": key_id, "status": "revoked", "wasActive": True, "problems": []}
    assert status_at_emulator(emulator, emulator.api_key) == 401
    assert qbraidrc.read_text() == f"{OTHER_LINES}url = {emulator.url}\n{OTHER_SECTION}"
    assert "QBRAID_API_KEY" not in os.environ
    _, summary = await fetch_json("summary")
    assert summary["configured"] is False
    status, body = await fetch_json("keys")
    assert status == 409 and body["error"]["kind"] == "not_configured"


async def test_revoke_failing_upstream_changes_nothing(fetch_json, emulator, configured, qbraidrc):
    created = await create(fetch_json, "keep me")
    key_id = created["key"]["id"]
    before_keys = [(key["id"], key["name"]) for key in await listed(fetch_json)]
    before_file = qbraidrc.read_text()
    emulator.add_fault(path="^/api-keys/", method="DELETE", status=500)
    status, body = await fetch_json(f"keys/{key_id}", "DELETE")
    assert status == 502
    assert body["error"]["kind"] == "server_error"
    assert body["error"]["message"].startswith("The qBraid API failed (500")
    assert [(key["id"], key["name"]) for key in await listed(fetch_json)] == before_keys
    assert qbraidrc.read_text() == before_file
    assert status_at_emulator(emulator, created["secret"]) == 200
    # The failure released the one-change-at-a-time guard.
    status, _ = await fetch_json(f"keys/{key_id}", "DELETE")
    assert status == 200


# One change at a time


async def test_a_second_change_while_one_runs_is_refused(fetch_json, emulator, configured):
    first = await create(fetch_json, "first")
    second = await create(fetch_json, "second")
    emulator.add_fault(path="/rotate$", latency_ms=1000)
    answers = await asyncio.gather(
        fetch_json(f"keys/{first['key']['id']}/rotate", "POST", {}),
        fetch_json(f"keys/{second['key']['id']}/rotate", "POST", {}),
    )
    assert sorted(status for status, _ in answers) == [200, 409]
    (refused,) = [body for status, body in answers if status == 409]
    assert refused["error"]["kind"] == "busy"
    assert refused["error"]["message"].startswith("Another key change is still running")
    assert "secret" not in refused
    assert len(upstream_paths(emulator, "/rotate")) == 1
    status, _ = await fetch_json(f"keys/{second['key']['id']}/rotate", "POST", {})
    assert status == 200


async def test_listing_is_not_held_up_by_a_change(fetch_json, emulator, configured):
    created = await create(fetch_json, "slow")
    emulator.add_fault(path="/rotate$", latency_ms=500)
    (rotate_status, _), (list_status, body) = await asyncio.gather(
        fetch_json(f"keys/{created['key']['id']}/rotate", "POST", {}), fetch_json("keys")
    )
    assert (rotate_status, list_status) == (200, 200)
    assert body["supported"] is True


# Refusals before any call


@pytest.mark.parametrize(
    ("route", "method"),
    [("keys", "GET"), ("keys", "POST"), ("keys/abc/rotate", "POST"), ("keys/abc", "DELETE")],
)
async def test_not_configured_is_a_409_without_any_call(
    fetch_json, emulator, qbraidrc, route, method
):
    status, body = await fetch_json(route, method, {"name": "k"} if method == "POST" else None)
    assert status == 409
    assert body["error"]["kind"] == "not_configured"
    assert "Lab has no qBraid API key" in body["error"]["message"]
    assert emulator.requests() == []


HOSTILE_IDS = [
    "../users/verify",
    "a/b",
    "..",
    "a.b",
    "x" * 65,
    "a b",
    "id?x=1",
    "a\nb",
    "ключ",
    "%2e%2e",
]
# As path segments, and percent-encoded into one segment; raw only where a URL can carry them.
HOSTILE_SEGMENTS = [quote(key_id, safe="") for key_id in HOSTILE_IDS] + [
    "../users/verify",
    "a/b",
    "..",
    "a.b",
    "x" * 65,
    "%2e%2e",
    "..%2Fusers%2Fverify",
]


@pytest.mark.parametrize("action", ["rotate", "revoke"])
async def test_hostile_ids_are_refused_without_any_call(
    http_server_client, jp_base_url, jp_auth_header, emulator, configured, action
):
    rotate = action == "rotate"
    for segment in HOSTILE_SEGMENTS:
        response = await http_server_client.fetch(
            f"{jp_base_url}jupyterlab-qbraid/keys/{segment}" + ("/rotate" if rotate else ""),
            method="POST" if rotate else "DELETE",
            body=b"" if rotate else None,
            headers=jp_auth_header,
            raise_error=False,
        )
        assert response.code == 400, segment
        assert json.loads(response.body)["error"]["kind"] == "invalid_input", segment
    assert emulator.requests() == []


# Secrets


async def test_secrets_appear_only_in_the_answers_that_hand_them_out(
    fetch_json, emulator, qbraidrc, server_log
):
    seeded = emulator.api_key
    rich_qbraidrc(qbraidrc, emulator, seeded)
    created = await create(fetch_json, "ci")
    _, rotated = await fetch_json(f"keys/{created['key']['id']}/rotate", "POST", {})
    _, rotated_active = await fetch_json(f"keys/{await active_id(fetch_json)}/rotate", "POST", {})
    assert rotated_active["wasActive"] is True
    spare = await create(fetch_json, "spare")
    # Failures too: an error must not carry a secret either.
    active_secret = rotated_active["secret"]
    emulator.add_fault(
        path="/rotate$", status=500, body={"success": False, "message": f"boom {active_secret}"}
    )
    status, failed = await fetch_json(f"keys/{spare['key']['id']}/rotate", "POST", {})
    assert status == 502
    assert active_secret not in json.dumps(failed)
    emulator.add_fault(path="^/api-keys$", method="GET", status=401)
    _, refused = await fetch_json("keys")
    assert (refused["supported"], refused["keys"]) == (False, [])
    await fetch_json(f"keys/{spare['key']['id']}", "DELETE")

    secrets = {
        "seeded, rotated away": seeded,
        "created, rotated away": created["secret"],
        "rotated new": rotated["secret"],
        "active, rotated new": active_secret,
        "created, revoked": spare["secret"],
    }
    bodies = [
        json.dumps(body) for _, body in [await fetch_json("summary"), await fetch_json("keys")]
    ]
    log_text = server_log()
    # Both our own log and the server's, whose logger does not propagate to the root.
    assert "Rotated qBraid API key" in log_text
    assert "ServerApp DEBUG 200 GET" in log_text and "jupyterlab-qbraid/keys" in log_text
    for what, secret in secrets.items():
        for body in bodies:
            assert secret not in body, what
        assert secret not in log_text, what


# How old the key in use is: the reminder to rotate it


async def test_with_key_routes_the_age_comes_from_the_service_until_lab_rotates_the_key(
    fetch_json, emulator, configured
):
    key_id = await active_id(fetch_json)
    backdated = (datetime.now(timezone.utc) - timedelta(days=120)).isoformat()
    record = emulator.patch_key(key_id, backdated)
    _, body = await fetch_json("keys")
    (active,) = [key for key in body["keys"] if key["active"]]
    assert (active["issuedAt"], active["issuedBy"]) == (record["createdAt"], "service")
    assert body["activeKeyAge"] == {
        "hint": configured[-4:],
        "since": record["createdAt"],
        "source": "service",
    }
    assert age_in_days(body["activeKeyAge"]["since"]) == 120

    # The service keeps createdAt when a key is rotated; Lab knows when it got the new secret.
    status, rotated = await fetch_json(f"keys/{key_id}/rotate", "POST", {})
    assert status == 200 and rotated["key"]["createdAt"] == record["createdAt"]
    assert rotated["key"]["issuedBy"] == "lab" and age_in_days(rotated["key"]["issuedAt"]) == 0
    _, body = await fetch_json("keys")
    assert body["activeKeyAge"]["hint"] == rotated["secret"][-4:]
    assert body["activeKeyAge"]["source"] == "lab"
    assert age_in_days(body["activeKeyAge"]["since"]) == 0


async def test_without_key_routes_the_age_is_from_when_lab_first_saw_the_key(
    fetch_json, emulator, configured, jp_serverapp
):
    emulator.add_fault(path="^/api-keys$", status=404, count=0)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    status, body = await fetch_json("keys")
    assert (status, body["supported"]) == (200, False)
    age = body["activeKeyAge"]
    assert (age["hint"], age["source"]) == (configured[-4:], "firstSeen")
    assert before <= parse_timestamp(age["since"]) <= datetime.now(timezone.utc)
    # Asked again, the key is the same age: first seen, not seen last.
    assert (await fetch_json("keys"))[1]["activeKeyAge"] == age

    # Kept server-side, private, with the hint and a keyed hash: never the key.
    path = key_ages_file(jp_serverapp)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    kept = json.loads(path.read_text())
    (entry,) = kept["keys"]
    assert (entry["hint"], entry["since"], entry["keyId"]) == (configured[-4:], age["since"], None)
    assert configured not in path.read_text()
    assert configured[:-4] not in path.read_text()
    assert entry["hash"] != hashlib.sha256(configured.encode()).hexdigest()


async def test_a_key_first_seen_long_ago_is_that_old_for_a_new_server(
    fetch_json, emulator, configured, jp_serverapp
):
    """The ages outlive the server: a new one (same data dir) reads the old first sighting."""
    emulator.add_fault(path="^/api-keys$", status=404, count=0)
    (extension,) = jp_serverapp.extension_manager.extension_apps["jupyterlab_qbraid"]
    long_ago = datetime.now(timezone.utc) - timedelta(days=95)
    KeyAges(key_ages_file(jp_serverapp), clock=lambda: long_ago).first_seen(configured)
    extension.keys.ages = KeyAges(key_ages_file(jp_serverapp))
    _, body = await fetch_json("keys")
    assert body["activeKeyAge"]["source"] == "firstSeen"
    assert age_in_days(body["activeKeyAge"]["since"]) == 95
