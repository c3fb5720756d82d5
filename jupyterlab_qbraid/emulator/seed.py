"""Accounts the emulator creates: the ``demo`` seed and the extra users of the admin route.

The demo seed is the Standard plan user ``demo`` with 12,500 credits, a month of usage
(120.5 of 400 CPU hours), a running subscription server (``cpu-2-4`` on
``qbraid-demo-cluster``) and three on-demand instances (DEMO_INSTANCES).
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta, timezone
from typing import Any

from .catalog import (
    DEMO_CLUSTER_ID,
    DEMO_PROFILE_SLUG,
    PROFILES_BY_SLUG,
    STORAGE_CREDITS_PER_MINUTE,
)
from .store import ComputeSession, Instance, Server, Store, new_id, utc_iso

# Plan quotas seen on the platform: CPU hours a month and disk GB.
TIER_QUOTAS = {"free": (25, 15), "standard": (400, 50), "pro": (2000, 150)}

DEFAULT_METADATA = {
    "acknowledgedTerms": True,
    "tourUser": False,
    "acceptedIntelTerms": False,
    "miningDetected": False,
}
ADMIN_PERMISSIONS = [
    "organization|billing|view",
    "organization|billing|manage",
    "organization|members|view",
    "organization|api-keys|manage",
]
MEMBER_PERMISSIONS = ["organization|billing|view"]
DEFAULT_SCOPES = ["*"]

# The demo account: a Standard plan (400 CPU hours, 50 GB) part used.
DEMO_ACCOUNT: dict[str, Any] = {
    "user_name": "demo",
    "email": "demo@example.com",
    "first_name": "Demo",
    "last_name": "User",
    "roles": ["organization_admin"],
    "organization_name": "qBraid Demo Lab",
    "tier": "standard",
    "qbraid_credits": 12500,
    "aws_credits": 50,
    "auto_recharge": False,
    "credit_limit": 25000,
    "cpu_hours_used": 120.5,
    "disk_total_gb": 3.2,
    "key_name": "Demo key",
}


def first_of_next_month(now: datetime | None = None) -> datetime:
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    return datetime(year, month, 1, tzinfo=timezone.utc)


def create_account(
    store: Store,
    *,
    user_name: str,
    email: str,
    organization_name: str,
    tier: str = "free",
    qbraid_credits: float = 0,
    aws_credits: float = 0,
    auto_recharge: bool = False,
    credit_limit: float = 0,
    cpu_hours_used: float = 0,
    disk_total_gb: float = 0,
    first_name: str = "",
    last_name: str = "",
    roles: list[str] | None = None,
    key_name: str = "Default key",
) -> tuple[str, str, str]:
    """Create a user with their own organization and one active key.

    Returns ``(user_id, organization_id, secret)``. Raises store.ConflictError when the
    user name or email is taken.
    """
    roles = roles if roles is not None else ["organization_admin"]
    cpu_quota, disk_quota = TIER_QUOTAS[tier]
    now = utc_iso()
    user, organization, _key, secret = store.create_account(
        user={
            "user_name": user_name,
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "is_admin": False,
            "email_verified": True,
            "is_active": True,
            "roles": roles,
            "permissions": (
                ADMIN_PERMISSIONS if "organization_admin" in roles else MEMBER_PERMISSIONS
            ),
            "metadata": DEFAULT_METADATA,
        },
        organization={
            "name": organization_name,
            "subscription_tier": tier,
            "status": "active",
            "qbraid_credits": qbraid_credits,
            "aws_credits": aws_credits,
            "auto_recharge": auto_recharge,
            "credit_limit": credit_limit,
            "cpu_used": cpu_hours_used,
            "cpu_quota": cpu_quota,
            "cpu_renewal": utc_iso(first_of_next_month()),
            "disk_total_gb": disk_total_gb,
            "disk_quota_gb": disk_quota,
            "disk_timestamp": now,
            "storage_status": "ok",
        },
        member_roles=roles,
        key_name=key_name,
        key_scopes=DEFAULT_SCOPES,
    )
    return user.id, organization.id, secret


# The demo's on-demand instances: one that can stop, one that cannot, one stopped.
DEMO_INSTANCES: tuple[dict[str, Any], ...] = (
    {
        "instance_id": "bma-demo-vm-cpu-8-32-3f9a1c2e",
        "display_name": "Simulation box",
        "profile_slug": "vm-cpu-8-32",
        "status": "running",
        "supports_stop": True,
        "auto_stop_idle_minutes": 60,
        "max_session_minutes": 480,
    },
    {
        "instance_id": "bma-demo-vm-gpu-l4-7b4d2e91",
        "display_name": "GPU workstation",
        "profile_slug": "vm-gpu-l4",
        "status": "running",
        "supports_stop": False,
        "auto_stop_idle_minutes": 0,
        "max_session_minutes": 240,
    },
    {
        "instance_id": "bma-demo-vm-cpu-8-32-c05e8a17",
        "display_name": "Paused experiment",
        "profile_slug": "vm-cpu-8-32",
        "status": "stopped",
        "supports_stop": True,
        "auto_stop_idle_minutes": 30,
        "max_session_minutes": 0,
    },
)

# The demo's usage history: CPU sessions on cpu-2-4 (2 vCPU: two CPU hours an hour) on
# most days of the last four weeks, adding up to DEMO_ACCOUNT's cpu_hours_used, and a few
# GPU sessions paid in credits. Sessions start at fixed UTC times; the GPU ones late in
# the UTC day, so that their date depends on the time zone a report asks for.
_CPU_SESSION_HOURS = (3.0, 3.5, 2.0, 4.5, 2.5, 3.5, 3.0, 2.5)
_CPU_SESSION_START = time(14, 0)
_GPU_SESSION_START = time(23, 30)
_GPU_SESSIONS = ((5, 1.5), (12, 2.0), (19, 1.0))  # (days ago, hours)
_HISTORY_DAYS = range(1, 29)


def _session(
    user_id: str, organization_id: str, slug: str, start: datetime, hours: float
) -> ComputeSession:
    profile = PROFILES_BY_SLUG[slug]
    return ComputeSession(
        id=new_id(),
        user_id=user_id,
        organization_id=organization_id,
        profile_slug=slug,
        session_type="gpu" if profile.gpu else "cpu",
        start_time=utc_iso(start),
        end_time=utc_iso(start + timedelta(hours=hours)),
        compute_hours_deducted=0 if profile.gpu else hours * profile.cpu,
        credits_charged=round(hours * 60 * profile.credits_per_minute, 2) if profile.gpu else 0,
    )


def demo_sessions(
    user_id: str, organization_id: str, cpu_hours: float, now: datetime
) -> list[ComputeSession]:
    """The demo history up to yesterday (UTC) of ``now``: CPU sessions deducting
    ``cpu_hours`` in all, and the GPU sessions."""
    today = now.astimezone(timezone.utc).date()
    cpu_days = [days for days in _HISTORY_DAYS if days % 7 not in (2, 3)]
    cpu_per_hour = PROFILES_BY_SLUG[DEMO_PROFILE_SLUG].cpu
    hours = [_CPU_SESSION_HOURS[n % len(_CPU_SESSION_HOURS)] for n in range(len(cpu_days))]
    # The last session takes what makes the total exact.
    hours[-1] = cpu_hours / cpu_per_hour - sum(hours[:-1])
    sessions = [
        _session(
            user_id,
            organization_id,
            DEMO_PROFILE_SLUG,
            datetime.combine(today - timedelta(days), _CPU_SESSION_START, timezone.utc),
            length,
        )
        for days, length in zip(cpu_days, hours, strict=True)
    ]
    sessions += [
        _session(
            user_id,
            organization_id,
            "gpu-t4",
            datetime.combine(today - timedelta(days), _GPU_SESSION_START, timezone.utc),
            length,
        )
        for days, length in _GPU_SESSIONS
    ]
    return sorted(sessions, key=lambda session: session.start_time)


def new_instance(
    user_id: str,
    organization_id: str,
    profile_slug: str,
    instance_id: str | None = None,
    **fields: Any,
) -> Instance:
    """An on-demand instance of that profile; ``fields`` are Instance fields to override."""
    profile = PROFILES_BY_SLUG[profile_slug]
    now = datetime.now(timezone.utc)
    values: dict[str, Any] = {
        "instance_id": instance_id or f"bma-demo-{profile_slug}-{secrets.token_hex(4)}",
        "user_id": user_id,
        "organization_id": organization_id,
        "status": "running",
        "display_name": None,
        "profile_slug": profile_slug,
        "persistent_disk_gb": 100,
        "supports_stop": True,
        "running_credits_per_min": profile.credits_per_minute,
        "stopped_credits_per_min": STORAGE_CREDITS_PER_MINUTE,
        "auto_stop_idle_minutes": 0,
        "max_session_minutes": 0,
        "created_at": utc_iso(now - timedelta(days=3)),
        "running_at": None,
        "stopped_at": None,
        **fields,
    }
    status = values["status"]
    if status in ("running", "stopping", "stopped") and values["running_at"] is None:
        values["running_at"] = utc_iso(now - timedelta(hours=2))
    if status == "stopped" and values["stopped_at"] is None:
        values["stopped_at"] = utc_iso(now - timedelta(hours=1))
    return Instance(**values)


def seed_demo_compute(store: Store, user_id: str, organization_id: str) -> None:
    """The demo's server, instances and usage history."""
    now = datetime.now(timezone.utc)
    store.put_server(
        Server(
            user_id=user_id,
            cluster_id=DEMO_CLUSTER_ID,
            state="running",
            profile_slug=DEMO_PROFILE_SLUG,
            started_at=utc_iso(now),
            last_activity=utc_iso(now),
        )
    )
    for fields in DEMO_INSTANCES:
        store.create_instance(new_instance(user_id, organization_id, **fields))
    store.add_sessions(demo_sessions(user_id, organization_id, DEMO_ACCOUNT["cpu_hours_used"], now))


def seed_demo(store: Store) -> str | None:
    """Create the demo account in an empty store; returns its key's secret, or None."""
    if store.has_users():
        return None
    user_id, organization_id, secret = create_account(store, **DEMO_ACCOUNT)
    seed_demo_compute(store, user_id, organization_id)
    return secret


SEEDS = {"demo": seed_demo}
