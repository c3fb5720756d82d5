"""qBraid's own published Python client (qbraid-core), unchanged, against the emulator.

The client runs in a subprocess (qbraid_core_client.py) with a throwaway home and config
file, so that neither a real ~/.qbraid/qbraidrc nor QBRAID_* variables of this machine can
steer it; it finds the emulator and the credential in the environment, as in a Lab. Each
answer it reports has been validated by qbraid-core's own pydantic models.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

CLIENT = Path(__file__).with_name("qbraid_core_client.py")


def run_client(
    emulator,
    tmp_path,
    flow: str = "account",
    *,
    api_key: str | None = None,
    access_token: str | None = None,
) -> dict[str, Any]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("QBRAID_")}
    env.update(
        HOME=str(tmp_path),
        QBRAID_CONFIG_FILE=str(tmp_path / "qbraidrc"),
        QBRAID_API_URL=emulator.url,
    )
    if access_token:
        env["QBRAID_ACCESS_TOKEN"] = access_token
    else:
        env["QBRAID_API_KEY"] = api_key or emulator.api_key
    result = subprocess.run(
        [sys.executable, str(CLIENT), flow],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def ok(result: dict[str, Any]) -> Any:
    assert "ok" in result, result
    return result["ok"]


def failed(result: dict[str, Any]) -> dict[str, Any]:
    assert "error" in result, result
    return result["error"]


def test_qbraid_core_reads_the_seeded_account(emulator, tmp_path):
    out = run_client(emulator, tmp_path)
    user = ok(out["user"])
    assert (user["userName"], user["userEmail"], user["email"]) == (
        "demo",
        "demo@example.com",
        "demo@example.com",
    )
    assert user["subscriptionTier"] == "standard"
    assert ok(out["balance"]) == {
        "qbraidCredits": 12500,
        "awsCredits": 50,
        "autoRecharge": False,
        "organizationId": user["organizationId"],
        "userId": user["userId"],
    }
    assert ok(out["credits"]) == 12500.0
    assert ok(out["isAdmin"]) is False
    assert out["jobs"] == {
        "data": [],
        "pagination": {
            "page": 2,
            "limit": 5,
            "total": 0,
            "totalPages": 0,
            "hasNext": False,
            "hasPrev": True,
        },
    }
    balance_calls = [r for r in emulator.requests() if r["path"].endswith("/credits/balance")]
    assert [call["query"] for call in balance_calls] == [
        {"organizationId": user["organizationId"]}
    ] * 2
    assert all(call["apiKeySent"] and call["status"] == 200 for call in balance_calls)


def test_qbraid_core_refuses_an_unknown_key(emulator, tmp_path):
    result = subprocess.run(
        [sys.executable, str(CLIENT), "account"],
        capture_output=True,
        text=True,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("QBRAID_")},
            "HOME": str(tmp_path),
            "QBRAID_CONFIG_FILE": str(tmp_path / "qbraidrc"),
            "QBRAID_API_URL": emulator.url,
            "QBRAID_API_KEY": "qbr_" + "0" * 64,
        },
        timeout=120,
    )
    assert result.returncode != 0
    assert "credentials missing or expired" in result.stderr


def test_qbraid_core_retries_through_a_transient_fault(emulator, tmp_path):
    emulator.add_fault("^/billing/credits/balance$", status=503)
    out = run_client(emulator, tmp_path)
    assert ok(out["credits"]) == 12500.0
    statuses = [r["status"] for r in emulator.requests() if r["path"].endswith("/balance")]
    assert statuses[:2] == [503, 200]


def test_qbraid_core_sees_changed_credits(emulator, tmp_path):
    emulator.patch_state(qbraid_credits=3.5)
    assert ok(run_client(emulator, tmp_path)["credits"]) == 3.5


def test_qbraid_core_compute_client(emulator, tmp_path):
    out = run_client(emulator, tmp_path, "compute")

    usage = ok(out["usage"])
    assert usage["computeHours"] == {"used": 120.5, "total": 400, "remaining": 279.5}
    assert len(usage["daily"]) == 30
    assert usage["summary"]["totalComputeHoursDeducted"] == 120.5
    assert ok(out["usageDefault"])["computeHours"]["used"] == 120.5

    status = ok(out["status"])
    assert (status["clusterId"], status["serverRunning"], status["currentProfile"]) == (
        "qbraid-demo-cluster",
        True,
        "cpu-2-4",
    )
    assert status["serverDetails"]["ready"] is True
    assert ok(out["statusDefault"])["clusterId"] == "qbraid-demo-cluster"

    assert [p["slug"] for p in ok(out["profiles"])][:1] == ["cpu-2-4"]
    assert [p["slug"] for p in ok(out["gpuProfiles"])] == ["gpu-t4"]
    assert ok(out["isBma"]) is True
    profile = ok(out["profile"])
    assert (profile["display_name"], profile["resources"]["cpu"]["limit"]) == ("2 vCPU, 4 GB", 2)
    assert profile["pricing"]["creditCostPerMinute"] == 0.23
    assert failed(out["missingProfile"])["type"] == "ComputeProfileNotFoundError"

    token = ok(out["sessionToken"])
    assert (token["clusterId"], token["token"]["user"]) == ("qbraid-demo-cluster", "demo")

    assert ok(out["stopServer"])["status"] == "stopping"
    assert ok(out["statusAfterStop"])["serverRunning"] is False
    again = failed(out["stopServerAgain"])
    assert (again["status"], again["code"]) == (400, "BAD_STATE")

    instances = ok(out["instances"])
    assert [i["status"] for i in instances] == ["running", "running", "stopped"]
    assert ok(out["instance"])["supportsStop"] is True
    missing = failed(out["missingInstance"])
    assert (missing["type"], missing["code"]) == (
        "ComputeInstanceNotFoundError",
        "INSTANCE_NOT_FOUND",
    )
    assert ok(out["stopInstance"])["status"] == "stopping"
    assert ok(out["instanceAfterStop"])["status"] == "stopped"
    unsupported = failed(out["stopUnsupported"])
    assert (unsupported["status"], unsupported["code"]) == (400, "STOP_NOT_SUPPORTED")
    assert "cannot be stopped, only terminated" in unsupported["message"]
    not_running = failed(out["stopStopped"])
    assert (not_running["type"], not_running["code"]) == ("ComputeServiceRequestError", "BAD_STATE")
    assert not_running["message"].endswith("Instance not running.")

    assert ok(out["update"]) == {
        "instanceId": "bma-demo-vm-cpu-8-32-c05e8a17",
        "displayName": "Paused experiment",
        "autoStopIdleMinutes": 0,
        "maxSessionMinutes": 43200,
    }
    assert ok(out["rename"])["displayName"] == "Renamed"
    too_long = failed(out["updateTooLong"])
    assert (too_long["status"], too_long["code"]) == (400, "VALIDATION_ERROR")
    after = ok(out["instanceAfterUpdate"])
    assert (after["displayName"], after["autoStopIdleMinutes"], after["maxSessionMinutes"]) == (
        "Renamed",
        0,
        43200,
    )


def assert_reads(out: dict[str, Any], user_name: str = "demo") -> None:
    assert ok(out["user"])["userName"] == user_name
    assert isinstance(ok(out["credits"]), float)
    assert ok(out["usage"])["computeHours"]["total"] > 0
    assert ok(out["status"])["clusterId"] == "qbraid-demo-cluster"
    assert len(ok(out["profiles"])) == 5
    assert isinstance(ok(out["instances"]), list)


def test_qbraid_core_with_an_access_token(emulator, tmp_path):
    token = emulator.mint_access_token()["token"]
    assert_reads(run_client(emulator, tmp_path, "read", access_token=token))
    entries = emulator.requests()
    assert entries and all(e["accessTokenSent"] and not e["apiKeySent"] for e in entries)
    assert token not in str(entries)


def test_qbraid_core_with_a_white_label_key(emulator, tmp_path):
    # qBraid's client would send this key to https://api.example.com/api/v1;
    # QBRAID_API_URL points it at the emulator instead.
    key = emulator.mint_white_label_key("api.example.com", prefix="acme")["key"]
    assert_reads(run_client(emulator, tmp_path, "read", api_key=key))
    assert key not in str(emulator.requests())
