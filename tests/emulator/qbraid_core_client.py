"""qBraid's own Python client (qbraid-core, unchanged) against the emulator; prints JSON.

Run by test_emulator_qbraid_core.py as ``python qbraid_core_client.py <flow>`` in a fresh
process, so that qbraid-core reads QBRAID_CONFIG_FILE (set before it is imported) and takes
its base URL and credential from the environment exactly as it would in a Lab:
QBRAID_API_URL, and QBRAID_API_KEY or QBRAID_ACCESS_TOKEN. Every call's result is its
pydantic model (so the answer validated) dumped with the wire's aliases, or the error it
raised: ``{"error": {"type", "status", "code", "message"}}``.

Flows: ``account`` (verify, balance, admin check, jobs), ``compute`` (every ComputeClient
call this project relies on, including refusals), ``read`` (verify, balance and the
compute reads, for other credentials).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from qbraid_core.client import QbraidClientV1
from qbraid_core.services.compute import ComputeClient
from qbraid_core.services.runtime.client import QuantumRuntimeClient
from qbraid_core.sessions import QbraidSessionV1

CLUSTER = "qbraid-demo-cluster"
CAN_STOP = "bma-demo-vm-cpu-8-32-3f9a1c2e"
CANNOT_STOP = "bma-demo-vm-gpu-l4-7b4d2e91"
STOPPED = "bma-demo-vm-cpu-8-32-c05e8a17"


def dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list):
        return [dump(item) for item in value]
    return value


def attempt(call: Callable[[], Any]) -> dict[str, Any]:
    try:
        return {"ok": dump(call())}
    except Exception as err:
        return {
            "error": {
                "type": type(err).__name__,
                "status": getattr(err, "status_code", None),
                "code": getattr(err, "code", None),
                "message": str(err),
            }
        }


def account(session: QbraidSessionV1) -> dict[str, Any]:
    client = QbraidClientV1(session=session)
    page = QuantumRuntimeClient(session=session).list_platform_jobs_paginated(page=2, limit=5)
    return {
        "user": attempt(session.get_user_auth_metadata),
        "balance": attempt(client.get_credits_balance),
        "credits": attempt(client.user_credits_value),
        "isAdmin": attempt(session.is_admin),
        "jobs": {"data": page.data, "pagination": page.pagination.model_dump()},
    }


def read(session: QbraidSessionV1) -> dict[str, Any]:
    client = QbraidClientV1(session=session)
    compute = ComputeClient(session=session)
    return {
        "user": attempt(session.get_user_auth_metadata),
        "credits": attempt(client.user_credits_value),
        "usage": attempt(lambda: compute.get_usage(days=30, timezone="Europe/Paris")),
        "status": attempt(lambda: compute.get_server_status(CLUSTER)),
        "profiles": attempt(compute.list_profiles),
        "instances": attempt(compute.list_bma_instances),
    }


def compute_flow(session: QbraidSessionV1) -> dict[str, Any]:
    compute = ComputeClient(session=session)
    return {
        "usage": attempt(lambda: compute.get_usage(days=30, timezone="America/New_York")),
        "usageDefault": attempt(compute.get_usage),
        "status": attempt(lambda: compute.get_server_status(CLUSTER)),
        "statusDefault": attempt(compute.get_server_status),
        "profiles": attempt(compute.list_profiles),
        "gpuProfiles": attempt(lambda: compute.list_profiles(gpu=True, has_capacity=True)),
        "isBma": attempt(lambda: compute.is_bma_profile("vm-cpu-8-32")),
        "profile": attempt(lambda: compute.get_profile("cpu-2-4")),
        "missingProfile": attempt(lambda: compute.get_profile("nope")),
        "sessionToken": attempt(lambda: compute.get_session_token(CLUSTER)),
        "stopServer": attempt(lambda: compute.stop_server(CLUSTER)),
        "statusAfterStop": attempt(lambda: compute.get_server_status(CLUSTER)),
        "stopServerAgain": attempt(lambda: compute.stop_server(CLUSTER)),
        "instances": attempt(compute.list_bma_instances),
        "instance": attempt(lambda: compute.get_bma_instance(CAN_STOP)),
        "missingInstance": attempt(lambda: compute.get_bma_instance("bma-demo-nope-0000")),
        "stopInstance": attempt(lambda: compute.stop_bma_instance(CAN_STOP)),
        "instanceAfterStop": attempt(lambda: compute.get_bma_instance(CAN_STOP)),
        "stopUnsupported": attempt(lambda: compute.stop_bma_instance(CANNOT_STOP)),
        "stopStopped": attempt(lambda: compute.stop_bma_instance(STOPPED)),
        "update": attempt(
            lambda: compute.update_bma_instance(
                STOPPED, auto_stop_idle_minutes=0, max_session_minutes=43200
            )
        ),
        "rename": attempt(lambda: compute.update_bma_instance(STOPPED, display_name="Renamed")),
        "updateTooLong": attempt(
            lambda: compute.update_bma_instance(STOPPED, auto_stop_idle_minutes=10081)
        ),
        "instanceAfterUpdate": attempt(lambda: compute.get_bma_instance(STOPPED)),
    }


FLOWS = {"account": account, "read": read, "compute": compute_flow}


if __name__ == "__main__":
    print(json.dumps(FLOWS[sys.argv[1]](QbraidSessionV1())))
