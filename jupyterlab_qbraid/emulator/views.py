"""How stored records look on the wire: the field names of the account API contract."""

from __future__ import annotations

from typing import Any

from .store import ApiKey, Membership, Organization, User


def number(value: float) -> float | int:
    """Whole numbers as JSON integers (``12500``, not ``12500.0``), as the platform sends."""
    return int(value) if float(value).is_integer() else value


def key_record(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "hint": key.hint,
        "status": key.status,
        "scopes": key.scopes,
        "createdAt": key.created_at,
        "lastUsedAt": key.last_used_at,
        "usage": {"requestCount": key.request_count},
    }


def verify_data(user: User, membership: Membership, organization: Organization) -> dict[str, Any]:
    return {
        "valid": True,
        "userId": user.id,
        "userName": user.user_name,
        # Both: the platform's answer has userEmail, qBraid's client reads email.
        "userEmail": user.email,
        "email": user.email,
        "metadata": user.metadata,
        "userRoles": user.roles,
        "userPermissions": user.permissions,
        "organizationId": organization.id,
        "organizationUserId": membership.id,
        "subscriptionTier": organization.subscription_tier,
    }


def balance_data(organization: Organization, user_id: str) -> dict[str, Any]:
    return {
        "qbraidCredits": number(organization.qbraid_credits),
        "awsCredits": number(organization.aws_credits),
        "autoRecharge": organization.auto_recharge,
        "organizationId": organization.id,
        "userId": user_id,
    }


def _organization_fields(organization: Organization) -> dict[str, Any]:
    return {
        "name": organization.name,
        "subscriptionTier": organization.subscription_tier,
        "status": organization.status,
        "cpuHours": {
            "used": number(organization.cpu_used),
            "quota": number(organization.cpu_quota),
            "renewalDate": organization.cpu_renewal,
        },
        "diskUsage": {
            "totalGB": number(organization.disk_total_gb),
            "quotaGB": number(organization.disk_quota_gb),
            "timestamp": organization.disk_timestamp,
            "storageStatus": organization.storage_status,
        },
        "wallet": {
            "qbraidCredits": number(organization.qbraid_credits),
            "awsCredits": number(organization.aws_credits),
            "creditLimit": number(organization.credit_limit),
            "autoRecharge": organization.auto_recharge,
        },
    }


def _organization_entry(membership: Membership, organization: Organization) -> dict[str, Any]:
    entry = _organization_fields(organization)
    return {"name": entry.pop("name"), "roles": membership.roles, **entry}


def context_data(
    user: User, organizations: list[tuple[Membership, Organization]], current_organization_id: str
) -> dict[str, Any]:
    return {
        "user": {
            "email": user.email,
            "userName": user.user_name,
            "isAdmin": user.is_admin,
            "personalInformation": {"firstName": user.first_name, "lastName": user.last_name},
            "emailVerified": user.email_verified,
            "isActive": user.is_active,
            "metadata": user.metadata,
        },
        "organizations": {
            organization.id: _organization_entry(membership, organization)
            for membership, organization in organizations
        },
        "currentOrganizationId": current_organization_id,
    }


def jobs_pagination(page: int, limit: int, total: int) -> dict[str, Any]:
    total_pages = -(-total // limit)
    return {
        "page": page,
        "limit": limit,
        "total": total,
        "totalPages": total_pages,
        "hasNext": page < total_pages,
        "hasPrev": page > 1,
    }


def organization_state(organization: Organization) -> dict[str, Any]:
    """An organization as the emulator's admin routes show it."""
    return {"id": organization.id, **_organization_fields(organization)}
