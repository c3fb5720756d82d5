"""Fault injection through POST/DELETE /__emulator__/faults."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import httpx
import pytest
from emulator_checks import data_of, error_of

from jupyterlab_qbraid.emulator.faults import MALFORMED_BODY
from jupyterlab_qbraid.emulator.managed import wait_until
from jupyterlab_qbraid.emulator.process import EmulatorError

# Long enough that the checks made while a call is held end well before it is let go.
LATENCY_MS = 2000


def test_status_fault_answers_the_error_shape_once(api, emulator):
    rule = emulator.add_fault("^/users/verify$", status=503)
    assert rule["count"] == 1 and rule["status"] == 503
    assert error_of(api.get("/users/verify"), 503) == "Service Unavailable."
    assert data_of(api.get("/users/verify"))["userName"] == "demo"
    assert emulator.faults() == []


def test_count_decrements_per_match(api, emulator):
    emulator.add_fault("balance", status=500, count=3)
    assert [api.get("/billing/credits/balance").status_code for _ in range(4)] == [
        500,
        500,
        500,
        200,
    ]


def test_count_zero_lasts_until_cleared(api, emulator):
    emulator.add_fault("balance", status=502, count=0)
    for _ in range(6):
        assert api.get("/billing/credits/balance").status_code == 502
    assert emulator.faults()[0]["hits"] == 6
    emulator.clear_faults()
    assert api.get("/billing/credits/balance").status_code == 200


def test_only_matching_paths_are_affected(api, emulator):
    emulator.add_fault("^/users/context$", status=500, count=0)
    assert api.get("/users/verify").status_code == 200
    assert api.get("/users/context").status_code == 500


def test_faults_come_before_authentication(client_for, emulator):
    emulator.add_fault("verify", status=500)
    assert client_for(None).get("/users/verify").status_code == 500


def test_first_matching_rule_wins(api, emulator):
    emulator.add_fault("verify", status=500)
    emulator.add_fault(".", status=503, count=0)
    assert api.get("/users/verify").status_code == 500
    assert api.get("/users/verify").status_code == 503
    assert api.get("/jobs").status_code == 503


def test_method_filter(api, emulator):
    emulator.add_fault("^/api-keys$", method="post", status=500, count=0)
    assert api.get("/api-keys").status_code == 200
    assert api.post("/api-keys", json={"name": "x"}).status_code == 500


def test_unauthorized_fault_uses_the_documented_message(api, emulator):
    emulator.add_fault("verify", status=401)
    assert error_of(api.get("/users/verify"), 401) == "Authentication required."


def test_429_sends_retry_after_30_by_default(api, emulator):
    emulator.add_fault("balance", status=429)
    response = api.get("/billing/credits/balance")
    assert error_of(response, 429) == "Too Many Requests."
    assert response.headers["Retry-After"] == "30"


def test_retry_after_can_be_chosen(api, emulator):
    emulator.add_fault("balance", status=429, retry_after=2)
    emulator.add_fault("balance", status=503, retry_after=7)
    assert api.get("/billing/credits/balance").headers["Retry-After"] == "2"
    assert api.get("/billing/credits/balance").headers["Retry-After"] == "7"
    assert "Retry-After" not in api.get("/billing/credits/balance").headers


def held_call(api, emulator, path: str) -> httpx.Response:
    """Send a call that a latency rule holds, and prove it is held: it has taken the rule
    (spent, so gone from the list) and is neither answered nor logged, while a call sent
    after it is answered and logged first. Then wait for its own answer."""
    with ThreadPoolExecutor(1) as pool:
        held: Future[httpx.Response] = pool.submit(api.get, path)
        assert wait_until(lambda: emulator.faults() == [], 30, 0.01)
        assert data_of(api.get("/users/context"))
        assert not held.done()
        assert [entry["path"] for entry in emulator.requests()] == ["/api/v1/users/context"]
        response = held.result(timeout=30)
    assert [entry["path"] for entry in emulator.requests()] == [
        "/api/v1/users/context",
        f"/api/v1{path}",
    ]
    return response


def test_latency_only_delays_then_serves(api, emulator):
    emulator.add_fault("balance", latency_ms=LATENCY_MS)
    assert data_of(held_call(api, emulator, "/billing/credits/balance"))["qbraidCredits"] == 12500
    # The rule is spent: the next call is not held.
    assert data_of(api.get("/billing/credits/balance"))["qbraidCredits"] == 12500


def test_latency_with_status(api, emulator):
    emulator.add_fault("verify", latency_ms=LATENCY_MS, status=504)
    assert held_call(api, emulator, "/users/verify").status_code == 504


def test_a_client_giving_up_during_latency_leaves_the_emulator_healthy(api, emulator):
    emulator.add_fault("verify", latency_ms=500, status=500)
    with pytest.raises(httpx.TimeoutException):
        api.get("/users/verify", timeout=0.1)
    # The abandoned call is logged once the emulator has finished with it.
    assert wait_until(lambda: emulator.requests(), 30, 0.02)
    assert data_of(api.get("/users/verify"))["valid"] is True
    assert "Traceback" not in emulator.log_path.read_text()


def test_malformed_answers_200_with_a_truncated_body(api, emulator):
    emulator.add_fault("balance", malformed=True)
    response = api.get("/billing/credits/balance")
    assert response.status_code == 200
    assert response.content == MALFORMED_BODY
    with pytest.raises(ValueError):
        response.json()


def test_drop_closes_the_connection_without_an_answer(api, emulator):
    emulator.add_fault("verify", drop=True)
    with pytest.raises(httpx.RemoteProtocolError):
        api.get("/users/verify")
    # Used up: the next request is answered, and the log shows the dropped one as 0.
    assert data_of(api.get("/users/verify"))["valid"] is True
    statuses = [
        entry["status"] for entry in emulator.requests() if entry["path"].endswith("/users/verify")
    ]
    assert statuses[-2:] == [0, 200]
    assert "Traceback" not in emulator.log_path.read_text()


def test_malformed_with_a_status(api, emulator):
    emulator.add_fault("balance", malformed=True, status=500)
    response = api.get("/billing/credits/balance")
    assert response.status_code == 500
    assert response.content == MALFORMED_BODY


@pytest.mark.parametrize(
    "body",
    [
        {"success": True, "data": {"qbraidCredits": "lots"}},
        {"success": True},
        {"error": {"message": "Nested message."}},
        [],
        None,
    ],
)
def test_body_replaces_the_answer(api, emulator, body):
    emulator.add_fault("balance", body=body)
    response = api.get("/billing/credits/balance")
    assert response.status_code == 200
    assert response.json() == body


def test_body_with_a_status(api, emulator):
    emulator.add_fault("balance", status=400, body={"error": "Plain string error."})
    response = api.get("/billing/credits/balance")
    assert response.status_code == 400
    assert response.json() == {"error": "Plain string error."}


def test_faults_can_match_unknown_api_paths(api, emulator):
    emulator.add_fault("^/api-keys/[^/]+/rotate$", status=500)
    emulator.add_fault("^/nowhere$", status=418)
    assert api.post("/api-keys/0123456789abcdef01234567/rotate").status_code == 500
    assert api.get("/nowhere").status_code == 418


def test_faults_do_not_touch_admin_routes(emulator):
    emulator.add_fault(".*", status=500, count=0)
    assert emulator.requests() == []
    emulator.patch_state(qbraid_credits=1)
    emulator.clear_faults()


def test_faulted_requests_are_logged(api, emulator):
    emulator.add_fault("verify", status=503)
    api.get("/users/verify")
    [entry] = emulator.requests()
    assert entry["path"] == "/api/v1/users/verify"
    assert (entry["status"], entry["apiKeySent"]) == (503, True)


def test_clear_removes_every_rule(api, emulator):
    emulator.add_fault("verify", status=500, count=0)
    emulator.add_fault("balance", latency_ms=1000, count=0)
    assert len(emulator.faults()) == 2
    emulator.clear_faults()
    assert emulator.faults() == []
    assert api.get("/users/verify").status_code == 200


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({}, "'path' must be a non-empty regular expression."),
        ({"path": "("}, "'path' is not a valid regular expression"),
        ({"path": "x", "status": 99}, "'status' must be an integer of at least 100 and at most"),
        ({"path": "x", "status": "500"}, "'status' must be an integer"),
        ({"path": "x", "count": -1}, "'count' must be an integer of at least 0."),
        ({"path": "x", "latencyMs": 1.5}, "'latencyMs' must be an integer"),
        ({"path": "x", "malformed": "yes"}, "'malformed' must be true or false."),
        ({"path": "x", "drop": 1}, "'drop' must be true or false."),
        ({"path": "x", "retryAfter": True}, "'retryAfter' must be an integer"),
        ({"path": "x", "method": "GET /x"}, "'method' must be an HTTP method name."),
        ({"path": "x", "statuss": 500}, "Unknown fault field(s): statuss."),
    ],
)
def test_bad_rules_are_refused(emulator_process, rule, message):
    before = emulator_process.faults()
    response = httpx.post(emulator_process.base + "/__emulator__/faults", json=rule)
    assert error_of(response, 400).startswith(message)
    assert emulator_process.faults() == before


def test_the_helper_reports_refusals(emulator):
    with pytest.raises(EmulatorError, match="400 'status' must be an integer"):
        emulator.add_fault("x", status="bad")
