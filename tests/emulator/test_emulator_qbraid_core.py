"""qBraid's own published Python client (qbraid-core) against the emulator.

The client runs in a subprocess with a throwaway home and config file, so that neither a
real ~/.qbraid/qbraidrc nor QBRAID_* variables of this machine can steer it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

CLIENT_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from qbraid_core.client import QbraidClientV1
    from qbraid_core.exceptions import AuthError
    from qbraid_core.services.runtime.client import QuantumRuntimeClient
    from qbraid_core.sessions import QbraidSessionV1

    url, key = sys.argv[1], sys.argv[2]
    session = QbraidSessionV1(api_key=key, base_url=url)
    client = QbraidClientV1(session=session)
    out = {
        "sentKeyHeader": session.headers.get("X-API-Key") == key,
        "user": session.get_user_auth_metadata(),
        "balance": client.get_credits_balance(),
        "credits": client.user_credits_value(),
        "isAdmin": session.is_admin(),
    }
    page = QuantumRuntimeClient(session=session).list_platform_jobs_paginated(page=2, limit=5)
    out["jobs"] = {"data": page.data, "pagination": page.pagination.model_dump()}
    try:
        QbraidClientV1(session=QbraidSessionV1(api_key="qbr_" + "n" * 44, base_url=url))
    except AuthError as err:
        out["badKey"] = str(err)
    print(json.dumps(out))
    """
)


def run_client(emulator, tmp_path):
    env = {name: value for name, value in os.environ.items() if not name.startswith("QBRAID_")}
    env.update(HOME=str(tmp_path), QBRAID_CONFIG_FILE=str(tmp_path / "qbraidrc"))
    result = subprocess.run(
        [sys.executable, "-c", CLIENT_SCRIPT, emulator.url, emulator.api_key],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_qbraid_core_reads_the_seeded_account(emulator, tmp_path):
    out = run_client(emulator, tmp_path)
    assert out["sentKeyHeader"] is True
    user = out["user"]
    assert (user["userName"], user["userEmail"]) == ("demo", "demo@example.com")
    assert out["balance"] == {
        "qbraidCredits": 12500,
        "awsCredits": 50,
        "autoRecharge": False,
        "organizationId": user["organizationId"],
        "userId": user["userId"],
    }
    assert out["credits"] == 12500.0
    assert out["isAdmin"] is False
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
    assert "credentials missing or expired" in out["badKey"]

    balance_calls = [r for r in emulator.requests() if r["path"].endswith("/credits/balance")]
    assert [call["query"] for call in balance_calls] == [
        {"organizationId": user["organizationId"]}
    ] * 2
    assert all(call["apiKeySent"] and call["status"] == 200 for call in balance_calls)


def test_qbraid_core_retries_through_a_transient_fault(emulator, tmp_path):
    emulator.add_fault("^/billing/credits/balance$", status=503)
    out = run_client(emulator, tmp_path)
    assert out["credits"] == 12500.0
    statuses = [r["status"] for r in emulator.requests() if r["path"].endswith("/balance")]
    assert statuses[:2] == [503, 200]


def test_qbraid_core_sees_changed_credits(emulator, tmp_path):
    emulator.patch_state(qbraid_credits=3.5)
    assert run_client(emulator, tmp_path)["credits"] == 3.5
