"""Accounts the emulator creates: the ``demo`` seed and the extra users of the admin route."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .store import Store, utc_iso

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


def seed_demo(store: Store) -> str | None:
    """Create the demo account in an empty store; returns its key's secret, or None."""
    if store.has_users():
        return None
    _user_id, _organization_id, secret = create_account(store, **DEMO_ACCOUNT)
    return secret


SEEDS = {"demo": seed_demo}
