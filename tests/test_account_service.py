"""Pieces of the summary that need no server: the time zone, when hours renew, and how an
upstream error becomes a message."""

import io
import json
from datetime import datetime, timezone

import pytest
from tornado.httpclient import HTTPRequest, HTTPResponse

from jupyterlab_qbraid.account_client import AccountClient, _status_error
from jupyterlab_qbraid.account_service import checked_time_zone, renews_at
from jupyterlab_qbraid.connection import Credential

KEY = Credential("apiKey", "qbr_" + "s3cr3t" * 6, "qbraidrc")
TOKEN = Credential("accessToken", "token-" + "t0k" * 10, "environment")


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("UTC", "UTC"),
        ("Etc/GMT+5", "Etc/GMT+5"),
        ("Mars/Olympus_Mons", "UTC"),
        ("../../etc/passwd", "UTC"),
        ("/etc/localtime", "UTC"),
        ("Europe/Berlin\n", "UTC"),
        ("", "UTC"),
        ("x" * 100, "UTC"),
        (None, "UTC"),
        (["Europe/Berlin"], "UTC"),
    ],
)
def test_the_time_zone_is_checked(given, used):
    assert checked_time_zone(given) == used


@pytest.mark.parametrize(
    ("now", "zone", "renewal"),
    [
        # Midnight of the first of next month, local, as a UTC instant.
        ("2026-03-15T12:00:00Z", "UTC", "2026-04-01T00:00:00Z"),
        ("2026-03-15T12:00:00Z", "Europe/Berlin", "2026-03-31T22:00:00Z"),
        ("2026-12-31T23:30:00Z", "UTC", "2027-01-01T00:00:00Z"),
        # Already January in Tokyo while still December in UTC.
        ("2026-12-31T20:00:00Z", "Asia/Tokyo", "2027-01-31T15:00:00Z"),
        # Still January in Los Angeles while February in UTC.
        ("2026-02-01T03:00:00Z", "America/Los_Angeles", "2026-02-01T08:00:00Z"),
    ],
)
def test_hours_renew_at_the_start_of_next_month_in_that_zone(now, zone, renewal):
    moment = datetime.fromisoformat(now.replace("Z", "+00:00"))
    assert renews_at(zone, moment) == renewal


def test_renewal_defaults_to_now():
    renewal = datetime.fromisoformat(renews_at("UTC").replace("Z", "+00:00"))
    assert renewal > datetime.now(timezone.utc)
    assert (renewal.day, renewal.hour, renewal.minute) == (1, 0, 0)


def error_of(status, body, credential=KEY):
    """The error an answer with this status and body (JSON, or raw bytes) becomes."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    parsed = None if isinstance(body, bytes) else body
    answer = HTTPResponse(HTTPRequest("http://x/api/v1/y"), status, buffer=io.BytesIO(raw))
    return _status_error(answer, parsed, raw, (credential.secret,), credential)


@pytest.mark.parametrize(
    ("status", "body", "message", "code"),
    [
        (
            400,
            {
                "success": False,
                "message": "Instance not running",
                "error": {"code": "BAD_STATE", "message": "ignored"},
            },
            "qBraid refused the request (400 BAD_STATE: Instance not running).",
            "BAD_STATE",
        ),
        (
            402,
            {"error": {"code": "INSUFFICIENT_CREDITS", "message": "Not enough credits."}},
            "qBraid refused the request (402 INSUFFICIENT_CREDITS: Not enough credits).",
            "INSUFFICIENT_CREDITS",
        ),
        (
            404,
            {"error": "No such thing", "code": "INSTANCE_NOT_FOUND"},
            "qBraid has no such resource for this API key (404 INSTANCE_NOT_FOUND: No such thing).",
            "INSTANCE_NOT_FOUND",
        ),
        (
            422,
            {"detail": [{"loc": ["body", "name"], "msg": "field required"}, {"msg": "bad"}]},
            "qBraid refused the request (422: name: field required; bad).",
            None,
        ),
        (400, {"detail": "Organization context required."}, None, None),
        (500, b"upstream exploded", "The qBraid API failed (500: upstream exploded).", None),
        (502, b"<html><body>Bad gateway</body></html>", "The qBraid API failed (502).", None),
        (
            403,
            {"message": "No", "error": {"code": "lower case; with spaces"}},
            "qBraid refused this request for the API key (403: No).",
            None,
        ),
    ],
)
def test_the_upstream_message_and_code(status, body, message, code):
    error = error_of(status, body)
    if message is None:
        message = "qBraid refused the request (400: Organization context required)."
    assert error.message == message
    assert error.code == code
    assert error.to_json()["code"] == code
    assert error.upstream_status == status


def test_an_access_token_is_named_as_such_and_never_echoed():
    error = error_of(401, {"message": f"Token {TOKEN.secret} is unknown"}, TOKEN)
    assert error.kind == "key_rejected"
    assert error.message == "qBraid rejected the access token (401: Token [key] is unknown)."


@pytest.mark.parametrize(("credential", "header"), [(KEY, "X-API-Key"), (TOKEN, "X-Access-Token")])
def test_every_call_sends_the_credential_domain_and_agent(credential, header):
    client = AccountClient("http://127.0.0.1:9/api/v1/", 5.0, "jupyterlab-qbraid/1.2.3")
    request = client._http_request("GET", "/users/verify", credential)
    assert request.url == "http://127.0.0.1:9/api/v1/users/verify"
    assert request.headers[header] == credential.secret
    # Only one credential: qBraid's client sends no key beside a token.
    assert {"X-API-Key", "X-Access-Token"} - {header} & set(request.headers) == set()
    assert request.headers["X-Domain"] == "qbraid"
    assert request.headers["User-Agent"] == "jupyterlab-qbraid/1.2.3"


def test_a_post_without_a_body_sends_an_empty_one():
    client = AccountClient("http://127.0.0.1:9/api/v1", 5.0, "jupyterlab-qbraid/test")
    request = client._http_request("POST", "/compute/bma/instances/bma-x-1/stop", KEY)
    assert request.body == b""
    assert "Content-Type" not in request.headers
