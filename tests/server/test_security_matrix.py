"""The issue's security matrix, in a real Jupyter server against a real emulator.

- XSRF: a browser session (the login cookie) changes nothing without the XSRF token, on every
  route that changes something; with the token, the same request is answered by the route.
  (Requests authenticated with the server's token skip the XSRF check by design in Jupyter
  Server; the browser authenticates with the cookie.)
- Secrets: every secret this server has handed out or acted with (the seeded key, created,
  rotated, revoked, and near-misses a person typed) is in no GET body, no error message, no
  response header, no server log line (the access log's URLs included), no emulator log, and
  in no file except the qbraidrc, which is mode 0600 after every write.
- Hostile inputs: markup, line breaks, NULs and quotes, 10 KB names, a 1 MB body, a wrong
  content type, JSON that is not an object: a clear 400 and nothing changed.
"""

from __future__ import annotations

import json
import os
import re
import stat
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from test_auth import ROUTES  # tests/server is on sys.path (no __init__.py)
from tornado.websocket import WebSocketHandler

from jupyterlab_qbraid.emulator.hub_process import write_private

# Routes that take a JSON body, and a body each accepts.
BODY_ROUTES = {
    ("POST", "key"): None,  # filled with the seeded key: see valid_body()
    ("POST", "keys"): {"name": "xsrf key"},
    ("POST", "guard/scan"): {"exclusions": []},
    ("POST", "guard/redact"): {"path": "missing.ipynb"},
    ("PATCH", "instance/limits"): {"autoStopIdleMinutes": 60},
}
# Every route is checked here (see test_the_matrix_covers_every_route).
ALL_ROUTES = sorted(ROUTES)
MUTATING = [(method, route) for method, route in ALL_ROUTES if method != "GET"]
GET_ROUTES = [route for method, route in ALL_ROUTES if method == "GET"]

# What each route answers a well-formed request once the XSRF check has let it through.
ACCEPTED_STATUS = {
    ("POST", "key"): 200,
    ("DELETE", "key"): 200,
    ("POST", "keys"): 201,
    ("POST", "keys/abc/rotate"): 200,
    ("DELETE", "keys/abc"): 200,
    ("POST", "settings"): 200,
    ("POST", "kernels/inject"): 200,
    ("POST", "kernels/remove"): 200,
    ("POST", "instance/stop"): 409,  # standalone: the browser stops Lab itself
    ("PATCH", "instance/limits"): 409,  # standalone: no platform limits to set
    ("POST", "guard/scan"): 202,
    ("DELETE", "guard/scan"): 200,
    ("POST", "guard/redact"): 400,  # no such notebook: the route's own answer, not the XSRF check's
}

MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def no_hub(monkeypatch):
    """Standalone: a stop is refused with a 409, never carried out."""
    for name in (
        "JUPYTERHUB_API_URL",
        "JUPYTERHUB_USER",
        "JUPYTERHUB_API_TOKEN",
        "QBRAID_LAB_PROFILE",
        "QBRAID_CLUSTER_ID",
        "QBRAID_INSTANCE_ID",
        "QBRAID_ACCESS_TOKEN",
        "QBRAID_API_URL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def extension(jp_serverapp):
    (app,) = jp_serverapp.extension_manager.extension_apps["jupyterlab_qbraid"]
    return app


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def found(text: str, secrets: dict[str, str]) -> list[str]:
    """Which of the secrets (by what they are) occur in text."""
    return [what for what, secret in secrets.items() if secret in text]


# A browser session


class BrowserSession:
    """Logged in as a browser is: the login cookie and the _xsrf cookie, no Authorization header."""

    def __init__(self, client, base_url: str, cookies: dict[str, str]):
        self.client = client
        self.base_url = base_url
        self.cookies = cookies

    @property
    def xsrf(self) -> str:
        return self.cookies["_xsrf"]

    async def fetch(self, method: str, route: str, body=None, xsrf: str | None = "cookie"):
        """Call a qbraid route; xsrf "cookie" sends the matching X-XSRFToken, None sends none."""
        headers = {
            "Authorization": "",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        if xsrf is not None:
            headers["X-XSRFToken"] = self.xsrf if xsrf == "cookie" else xsrf
        if body is not None:
            headers["Content-Type"] = "application/json"
        return await self.client.fetch(
            f"{self.base_url}jupyterlab-qbraid/{route}",
            method=method,
            body=json.dumps(body)
            if body is not None
            else (b"" if method in ("POST", "PUT") else None),
            headers=headers,
            raise_error=False,
            follow_redirects=False,
        )


async def login_page_xsrf(client, base_url: str) -> str:
    response = await client.fetch(f"{base_url}login", raise_error=False)
    assert response.code == 200
    jar = SimpleCookie()
    for header in response.headers.get_list("Set-Cookie"):
        jar.load(header)
    return jar["_xsrf"].value


@pytest.fixture
def log_in(http_server_client, jp_base_url, jp_serverapp):
    """Log in through the login form with the server's token, as a person does."""
    return lambda: browser_session(http_server_client, jp_base_url, jp_serverapp)


async def browser_session(http_server_client, jp_base_url, jp_serverapp) -> BrowserSession:
    xsrf = await login_page_xsrf(http_server_client, jp_base_url)
    response = await http_server_client.fetch(
        f"{jp_base_url}login",
        method="POST",
        body=urlencode({"_xsrf": xsrf, "password": jp_serverapp.identity_provider.token}),
        headers={"Cookie": f"_xsrf={xsrf}", "Authorization": ""},
        follow_redirects=False,
        raise_error=False,
    )
    assert response.code == 302, response.code
    jar = SimpleCookie()
    for header in response.headers.get_list("Set-Cookie"):
        jar.load(header)
    (login,) = [name for name in jar if name.startswith("username-")]
    return BrowserSession(http_server_client, jp_base_url, {"_xsrf": xsrf, login: jar[login].value})


def valid_body(method, route, emulator):
    if (method, route) == ("POST", "key"):
        return {"apiKey": emulator.api_key}
    if (method, route) in BODY_ROUTES:
        return BODY_ROUTES[(method, route)]
    return {} if method in ("POST", "PUT") else None


async def route_with_a_real_key(route, fetch_json):
    """keys/abc... with the id of a key made for it, so that an accepted request succeeds."""
    if "abc" not in route:
        return route
    status, created = await fetch_json("keys", "POST", {"name": "target"})
    assert status == 201
    return route.replace("abc", created["key"]["id"])


# XSRF


def test_the_matrix_covers_every_route(extension):
    """Each method of each handler in the route table is in ALL_ROUTES (ids as 'abc')."""
    table = set()
    for pattern, handler, *_ in extension.handlers:
        if issubclass(handler, WebSocketHandler):
            continue  # the idle socket: its checks are tested in test_idle_stop.py
        route = pattern.replace("(.+)", "abc").removeprefix("/jupyterlab-qbraid/")
        for method in ("get", "post", "put", "delete", "patch"):
            if method in vars(handler):
                table.add((method.upper(), route))
    assert table == set(ALL_ROUTES)


@pytest.mark.parametrize("route", GET_ROUTES)
async def test_the_browser_session_reads_without_an_xsrf_token(log_in, emulator, configured, route):
    browser = await log_in()
    # Proves the session is logged in, so the 403s below are the XSRF check's.
    response = await browser.fetch("GET", route, xsrf=None)
    assert response.code == 200, (route, response.body[:200])


@pytest.mark.parametrize("xsrf", [None, "other"], ids=["no-header", "header-of-another-session"])
@pytest.mark.parametrize(("method", "route"), MUTATING)
async def test_a_change_without_the_xsrf_token_is_refused(
    log_in,
    fetch_json,
    http_server_client,
    jp_base_url,
    emulator,
    configured,
    qbraidrc,
    extension,
    method,
    route,
    xsrf,
):
    browser = await log_in()
    route = await route_with_a_real_key(route, fetch_json)
    if xsrf == "other":
        xsrf = await login_page_xsrf(http_server_client, jp_base_url)
        assert xsrf != browser.xsrf
    before = (qbraidrc.read_bytes(), os.environ.get("QBRAID_API_KEY"), extension.guard.settings())
    emulator.clear_requests()
    response = await browser.fetch(method, route, valid_body(method, route, emulator), xsrf=xsrf)
    assert response.code == 403
    assert b"secret" not in response.body and emulator.api_key.encode() not in response.body
    assert emulator.requests() == []
    assert (
        qbraidrc.read_bytes(),
        os.environ.get("QBRAID_API_KEY"),
        extension.guard.settings(),
    ) == before
    assert extension.guard.scan_state()["state"] != "running"


@pytest.mark.parametrize(("method", "route"), MUTATING)
async def test_a_change_with_the_xsrf_token_is_answered_by_the_route(
    log_in, fetch_json, emulator, configured, method, route
):
    browser = await log_in()
    concrete = await route_with_a_real_key(route, fetch_json)
    response = await browser.fetch(method, concrete, valid_body(method, route, emulator))
    assert response.code == ACCEPTED_STATUS[(method, route)], response.body[:300]
    assert response.headers["Content-Type"].startswith("application/json")
    if response.code >= 400:
        assert json.loads(response.body)["error"]["kind"] in (
            "not_under_hub",
            "not_on_demand",
            "invalid_input",
        )


# Secrets


def echo(*secrets: str) -> dict:
    """An upstream error body that quotes secrets back, as a careless service might."""
    return {"success": False, "message": "bad key " + " and ".join(secrets)}


async def test_no_secret_leaves_the_answers_that_hand_them_out(
    fetch_json, jp_fetch, emulator, qbraidrc, tmp_path, server_log
):
    seeded = emulator.api_key
    qbraidrc.write_text(f"# mine\n[default]\napi-key = {seeded}\nurl = {emulator.url}\n")
    qbraidrc.chmod(0o644)  # as a person's editor may leave it: the first write tightens it
    secrets = {"seeded": seeded}
    errors: list[tuple[str, dict]] = []
    responses = []  # every (route, response) of the scenario: headers are scanned too

    async def call(route, method="GET", body=None, expect=None):
        kwargs = {"method": method, "raise_error": False}
        if body is not None:
            kwargs["body"] = json.dumps(body)
            kwargs["headers"] = {"Content-Type": "application/json"}
        response = await jp_fetch("jupyterlab-qbraid", route, **kwargs)
        responses.append((f"{method} {route}", response))
        answer = json.loads(response.body or b"null")
        if expect is not None:
            assert response.code == expect, (route, answer)
        if response.code >= 400:
            errors.append((f"{method} {route}", answer))
        return answer

    def file_is_private():
        assert mode(qbraidrc) == 0o600
        assert [p.name for p in qbraidrc.parent.glob(".qbraidrc.*")] == []

    # Handed out: created, rotated (not Lab's key), made active, rotated while active.
    created = await call("keys", "POST", {"name": "ci"}, 201)
    secrets["created ci"] = created["secret"]
    rotated = await call(f"keys/{created['key']['id']}/rotate", "POST", {}, 200)
    secrets["rotated ci"] = rotated["secret"]
    await call("key", "POST", {"apiKey": rotated["secret"]}, 200)
    file_is_private()
    active_id = created["key"]["id"]
    rotated_active = await call(f"keys/{active_id}/rotate", "POST", {}, 200)
    assert rotated_active["wasActive"] is True and rotated_active["savedToFile"] is True
    active = secrets["active ci"] = rotated_active["secret"]
    file_is_private()
    spare = await call("keys", "POST", {"name": "spare"}, 201)
    secrets["created spare"] = spare["secret"]

    # Near misses a person may paste: not secrets to answer with, nor to log.
    typed = {
        "one character off": active[:-1] + ("A" if active[-1] != "A" else "B"),
        "with a newline": active + "\n",
        "in quotes": f'"{active}"',
        "with a NUL": active + "\x00",
        "with a section": f"{active}\n[default]\napi-key = {seeded}",
    }
    for attempt in typed.values():
        await call("key", "POST", {"apiKey": attempt}, 400)
    # The others hold the active secret, which is scanned for anyway.
    secrets["typed, one character off"] = typed["one character off"]

    # Failures whose upstream answers quote secrets back.
    emulator.add_fault(path="/rotate$", status=500, body=echo(active))
    await call(f"keys/{spare['key']['id']}/rotate", "POST", {}, 502)
    # The probe answers "managed on the account page"; its log line must be clean too.
    emulator.add_fault(path="^/api-keys$", method="GET", status=500, body=echo(active))
    listed = await call("keys", expect=200)
    assert (listed["supported"], listed["keys"]) == (False, [])
    emulator.add_fault(path="^/api-keys$", method="POST", status=400, body=echo(active))
    await call("keys", "POST", {"name": "refused"})
    emulator.add_fault(path="^/api-keys/", method="DELETE", status=503, body=echo(active))
    await call(f"keys/{spare['key']['id']}", "DELETE", expect=502)
    emulator.add_fault(path="^/users/verify$", status=401, body=echo(active))
    emulator.add_fault(path="balance", status=500, body=echo(active))
    summary = await call("summary", expect=200)
    assert summary["credits"]["ok"] is False
    emulator.add_fault(path="^/users/verify$", status=500, body=echo(typed["one character off"]))
    await call("key", "POST", {"apiKey": typed["one character off"]}, 502)
    await call("key", "POST", {"apiKey": typed["one character off"]}, 400)  # not accepted by qBraid
    await call(f"keys/{spare['key']['id']}", "DELETE", expect=200)
    file_is_private()

    # Every GET route, after all that.
    for route in GET_ROUTES:
        await call(route)
    assert errors, "the failures above must have answered errors"

    leaks = []
    for name, response in responses:
        body = response.body.decode("utf-8", "replace")
        if response.code >= 400:
            continue  # an error: scanned below, with its message
        allowed = (
            {"created ci", "created spare"}
            if name == "POST keys" and response.code == 201
            else set()
        )
        if name.endswith("/rotate") and response.code == 200:
            allowed = {"rotated ci", "active ci"}
        for what in found(body, secrets):
            # Only the answer that created or rotated a secret holds it, once, as "secret".
            if what not in allowed or json.loads(body).get("secret") != secrets[what]:
                leaks.append(f"{what} in the body of {name} ({response.code})")
        for what in found(str(list(response.headers.get_all())), secrets):
            leaks.append(f"{what} in a header of {name}")
    for name, answer in errors:
        for what in found(json.dumps(answer), secrets):
            leaks.append(f"{what} in the error of {name}: {answer}")

    log_text = server_log()
    # Not vacuous: the access log (with each URL) and our own log are both in it.
    assert re.search(r"ServerApp \w+ 20\d (GET|POST) .*jupyterlab-qbraid/keys", log_text)
    assert "Rotated qBraid API key" in log_text
    urls = re.findall(r"(?:GET|POST|PUT|DELETE) (\S+)", log_text)
    assert any("jupyterlab-qbraid/keys" in url for url in urls)
    for url in urls:
        for what in found(url, secrets):
            leaks.append(f"{what} in a logged URL: {url}")
    for what in found(log_text, secrets):
        lines = [line for line in log_text.splitlines() if secrets[what] in line]
        leaks.append(f"{what} in the server log: {lines[:2]}")
    emulator_log = emulator.log_path.read_text("utf-8", "replace")
    for what in found(emulator_log + json.dumps(emulator.requests()), secrets):
        leaks.append(f"{what} in the emulator's log")
    assert not leaks, "\n".join(leaks)

    # Files: only the qbraidrc holds a secret (the active one), mode 0600; the emulator's
    # database (hashes only) is 0600 too, and so is anything beside it.
    holding = {}
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.is_symlink():
            what = found(path.read_bytes().decode("utf-8", "replace"), secrets)
            if what:
                holding[path.relative_to(tmp_path).as_posix()] = (what, oct(mode(path)))
    assert holding == {qbraidrc.relative_to(tmp_path).as_posix(): (["active ci"], "0o600")}
    for path in emulator.db_path.parent.glob(emulator.db_path.name + "*"):
        if not path.name.endswith(".log"):
            assert mode(path) == 0o600, path.name


async def test_an_upstream_error_quoting_any_known_key_is_scrubbed(
    fetch_json, emulator, configured, server_log
):
    seeded = emulator.api_key
    status, created = await fetch_json("keys", "POST", {"name": "ci"})
    assert status == 201
    status, rotated = await fetch_json(f"keys/{created['key']['id']}/rotate", "POST", {})
    assert status == 200
    secrets = {
        "seeded (used for the call)": seeded,
        "created": created["secret"],
        "rotated": rotated["secret"],
    }
    emulator.add_fault(path="/rotate$", status=500, body=echo(*secrets.values()))
    status, failed = await fetch_json(f"keys/{created['key']['id']}/rotate", "POST", {})
    assert status == 502
    emulator.add_fault(path="^/api-keys$", method="GET", status=500, body=echo(*secrets.values()))
    status, listed = await fetch_json("keys")
    assert (status, listed["supported"], listed["keys"]) == (200, False, [])
    text = json.dumps([failed, listed])
    assert found(text, secrets) == [], text
    assert found(server_log(), secrets) == []


@pytest.mark.parametrize(
    "text",
    [
        "[default]\n{key}\n",
        "[default\napi-key = {key}\n",
        "api-key = {key}\n",
        "[default]\napi-key = {key}\napi-key = {key}\n",
        "[default]\napi-key = {key}\n[default]\napi-key = {key}\n",
        "[default]\napi-key = {key}\n  {key}\n[broken\n",
    ],
    ids=[
        "bare-key-line",
        "no-section-end",
        "no-section",
        "duplicate-option",
        "duplicate-section",
        "continuation",
    ],
)
async def test_a_corrupt_qbraidrc_is_never_quoted(fetch_json, emulator, qbraidrc, server_log, text):
    """A parse error may quote the line holding the key: not in answers, notices or logs."""
    secret = emulator.api_key
    qbraidrc.write_text(text.format(key=secret))
    qbraidrc.chmod(0o600)
    bodies = [await fetch_json("summary"), await fetch_json("keys")]
    bodies.append(await fetch_json("key", "POST", {"apiKey": secret}))
    bodies.append(await fetch_json("key", "DELETE"))
    notices = json.dumps(bodies)
    assert "Lab cannot read" in notices
    assert secret not in notices
    assert secret not in server_log()
    assert qbraidrc.read_text() == text.format(key=secret)  # a corrupt file is left as it is
    assert mode(qbraidrc) == 0o600


async def test_every_write_of_the_qbraidrc_leaves_it_0600(fetch_json, emulator, qbraidrc):
    # A fresh file, an existing world-readable one, and each route that writes it.
    status, _ = await fetch_json("key", "POST", {"apiKey": emulator.api_key})
    assert status == 200 and mode(qbraidrc) == 0o600
    qbraidrc.chmod(0o644)
    status, _ = await fetch_json("key", "DELETE")
    assert status == 200 and mode(qbraidrc) == 0o600
    qbraidrc.write_text(f"[default]\napi-key = {emulator.api_key}\n")
    qbraidrc.chmod(0o664)
    status, keys = await fetch_json("keys")
    (active,) = [key for key in keys["keys"] if key["active"]]
    status, rotated = await fetch_json(f"keys/{active['id']}/rotate", "POST", {})
    assert status == 200 and rotated["savedToFile"] is True
    assert rotated["secret"] in qbraidrc.read_text()
    assert mode(qbraidrc) == 0o600
    qbraidrc.chmod(0o644)
    status, _ = await fetch_json(f"keys/{active['id']}", "DELETE")
    assert status == 200 and rotated["secret"] not in qbraidrc.read_text()
    assert mode(qbraidrc) == 0o600


async def test_a_new_qbraidrc_folder_is_private(fetch_json, emulator, tmp_path, monkeypatch):
    path = tmp_path / "fresh" / ".qbraid" / "qbraidrc"
    monkeypatch.setenv("QBRAID_CONFIG_FILE", str(path))
    status, _ = await fetch_json("key", "POST", {"apiKey": emulator.api_key})
    assert status == 200
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_the_emulator_database_is_0600_from_the_start(emulator):
    assert mode(emulator.db_path) == 0o600
    # The hub launcher's state and qbraidrc files go through write_private (tests/hub runs the
    # launcher itself): it tightens a file that already exists.
    loose = emulator.db_path.with_name("state.json")
    loose.write_text("{}")
    loose.chmod(0o644)
    write_private(loose, json.dumps({"apiKey": emulator.api_key}))
    assert mode(loose) == 0o600


# Hostile inputs


@pytest.fixture
def snapshot(fetch_json, emulator, configured, qbraidrc, extension):
    """Everything a refused request must leave as it was."""

    async def take():
        status, keys = await fetch_json("keys")
        assert status == 200
        return {
            "keys": [(key["id"], key["name"], key["hint"], key["status"]) for key in keys["keys"]],
            "qbraidrc": qbraidrc.read_bytes(),
            "mode": mode(qbraidrc),
            "environment": os.environ.get("QBRAID_API_KEY"),
            "kernels": (extension.kernels.variable, extension.kernels.auto_inject),
            "guard": extension.guard.settings(),
            "scan": extension.guard.scan_state()["state"],
        }

    return take


def changes_upstream(emulator) -> list[dict]:
    return [entry for entry in emulator.requests() if entry["method"] != "GET"]


async def assert_refused(response, emulator, before, snapshot, reason=None):
    assert response.code == 400, response.body[:300]
    assert response.headers["Content-Type"].startswith("application/json")
    error = json.loads(response.body)["error"]
    assert error["kind"] == "invalid_input"
    message = error["message"]
    # Clear: one short sentence of ours, no traceback, nothing of the input echoed.
    assert 10 < len(message) < 200 and "Traceback" not in message
    assert "<img" not in message and "\x00" not in message
    if reason:
        assert reason in message, message
    assert changes_upstream(emulator) == []
    assert await snapshot() == before


BAD_BODIES = {
    "text/plain": (b'{"name": "x"}', "text/plain", "application/json"),
    "no content type": (b'{"name": "x"}', None, "application/json"),
    "form encoded": (b"name=x", "application/x-www-form-urlencoded", "application/json"),
    "one megabyte": (
        json.dumps({"name": "x", "pad": "a" * (1024 * 1024)}).encode(),
        "application/json",
        "too large",
    ),
    "a JSON array": (b'[{"name": "x"}]', "application/json", "JSON object"),
    "a JSON string": (b'"x"', "application/json", "JSON object"),
    "JSON null": (b"null", "application/json", "JSON object"),
    "not JSON": (b"{name: x}", "application/json", "not valid JSON"),
    "not UTF-8": (b'{"name": "\xff\xfe"}', "application/json", None),
    "deeply nested": (b"[" * 30000 + b"]" * 30000, "application/json", None),
}


def bad_body_cases():
    for method, route in BODY_ROUTES:
        for case in BAD_BODIES:
            yield pytest.param(method, route, case, id=f"{method}-{route}-{case}")


@pytest.mark.parametrize(("method", "route", "case"), list(bad_body_cases()))
async def test_a_bad_body_is_a_clear_400_that_changes_nothing(
    http_server_client, jp_base_url, jp_auth_header, emulator, snapshot, method, route, case
):
    raw, content_type, reason = BAD_BODIES[case]
    before = await snapshot()
    emulator.clear_requests()
    headers = {**jp_auth_header, **({"Content-Type": content_type} if content_type else {})}
    response = await http_server_client.fetch(
        f"{jp_base_url}jupyterlab-qbraid/{route}",
        method=method,
        body=raw,
        headers=headers,
        raise_error=False,
    )
    await assert_refused(response, emulator, before, snapshot, reason)


HOSTILE = [
    ("POST", "keys", {"name": MARKUP + "x" * 40}, "at most 64"),
    ("POST", "keys", {"name": f"{MARKUP}\nline two"}, "printable"),
    ("POST", "keys", {"name": "line\nbreak"}, "printable"),
    ("POST", "keys", {"name": "cr\rreturn"}, "printable"),
    ("POST", "keys", {"name": "x" * 10 * 1024}, "at most 64"),
    ("POST", "keys", {"name": "nul\x00"}, "printable"),
    ("POST", "keys", {"name": "right-to-left \u202e override"}, "printable"),
    ("POST", "keys", {"name": ["a list"]}, "text"),
    ("POST", "keys", {"name": {"$gt": ""}}, "text"),
    ("POST", "keys", {"name": "ok", "scopes": [MARKUP, ""]}, "Scopes"),
    ("POST", "key", {"apiKey": 'qbr_"' + "a" * 40 + '"'}, "not a qBraid API key"),
    ("POST", "key", {"apiKey": "qbr_'" + "a" * 40}, "not a qBraid API key"),
    (
        "POST",
        "key",
        {"apiKey": "qbr_" + "a" * 40 + "\nurl = http://evil.example"},
        "not a qBraid API key",
    ),
    ("POST", "key", {"apiKey": "qbr_" + "a" * 40 + "\n"}, "not a qBraid API key"),
    ("POST", "key", {"apiKey": "qbr_" + "a" * 40 + "\x00"}, "not a qBraid API key"),
    ("POST", "key", {"apiKey": "\x00" * 40}, "not a qBraid API key"),
    ("POST", "key", {"apiKey": "qbr_" + "a" * 40 + "\u2028"}, "not a qBraid API key"),
    ("POST", "key", {"apiKey": MARKUP + "a" * 20}, "not a qBraid API key"),
    ("POST", "key", {"apiKey": "a" * 10 * 1024}, "not a qBraid API key"),
    ("POST", "key", {"apiKey": ["qbr_" + "a" * 40]}, "not a qBraid API key"),
    ("POST", "key", {}, "not a qBraid API key"),
    ("POST", "guard/scan", {"exclusions": [1]}, "exclusions"),
    ("POST", "guard/redact", {"path": "../../../etc/passwd"}, "no such file"),
    ("POST", "guard/redact", {"path": MARKUP}, "no such file"),
    ("POST", "guard/redact", {"path": "x\x00.ipynb"}, None),
    ("POST", "guard/redact", {"path": ["a.ipynb"]}, "which notebook"),
]


@pytest.mark.parametrize(
    ("method", "route", "body", "reason"),
    HOSTILE,
    ids=[f"{route}-{index}" for index, (_, route, _, _) in enumerate(HOSTILE)],
)
async def test_a_hostile_value_is_a_clear_400_that_changes_nothing(
    http_server_client, jp_base_url, jp_auth_header, emulator, snapshot, method, route, body, reason
):
    before = await snapshot()
    emulator.clear_requests()
    response = await http_server_client.fetch(
        f"{jp_base_url}jupyterlab-qbraid/{route}",
        method=method,
        body=json.dumps(body),
        headers={**jp_auth_header, "Content-Type": "application/json"},
        raise_error=False,
    )
    await assert_refused(response, emulator, before, snapshot, reason)


async def test_markup_in_a_name_stays_text(jp_fetch, fetch_json, emulator, configured, qbraidrc):
    """Short enough for the contract (1 to 64 printable characters), so it is a valid name:
    it is stored and answered as JSON text, never as HTML, and nothing else changes."""
    before = qbraidrc.read_bytes()
    response = await jp_fetch(
        "jupyterlab-qbraid",
        "keys",
        method="POST",
        body=json.dumps({"name": MARKUP}),
        headers={"Content-Type": "application/json"},
    )
    assert response.code == 201
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    listed = await jp_fetch("jupyterlab-qbraid", "keys")
    assert listed.headers["Content-Type"].startswith("application/json")
    assert MARKUP in [key["name"] for key in json.loads(listed.body)["keys"]]
    # In JSON the markup can only be text; the browser test checks it is drawn as text.
    assert qbraidrc.read_bytes() == before


async def test_a_body_on_a_route_that_takes_none_is_ignored_or_refused(
    http_server_client, jp_base_url, jp_auth_header, fetch_json, emulator, snapshot
):
    """Inject and remove read no body: a 1 MB one of the wrong type is ignored or refused."""
    big = json.dumps({"pad": "a" * (1024 * 1024)})
    before = await snapshot()
    for route in ("kernels/inject", "kernels/remove"):
        response = await http_server_client.fetch(
            f"{jp_base_url}jupyterlab-qbraid/{route}",
            method="POST",
            body=big,
            headers={**jp_auth_header, "Content-Type": "text/plain"},
            raise_error=False,
        )
        assert response.code in (200, 400), (route, response.code)
    assert await snapshot() == before
