"""The public service's routes, with the contract's field names, envelope and errors."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest
from emulator_checks import HEX24, ISO_Z, data_of, error_of

from jupyterlab_qbraid.emulator.seed import first_of_next_month
from jupyterlab_qbraid.timestamps import parse_iso


def test_verify_returns_the_demo_user(shared_api):
    data = data_of(shared_api.get("/users/verify"))
    assert set(data) == {
        "valid",
        "userId",
        "userName",
        "userEmail",
        "email",
        "metadata",
        "userRoles",
        "userPermissions",
        "organizationId",
        "organizationUserId",
        "subscriptionTier",
    }
    assert data["valid"] is True
    assert data["email"] == "demo@example.com"
    assert data["subscriptionTier"] == "standard"
    assert data["userName"] == "demo"
    assert data["userEmail"] == "demo@example.com"
    assert data["userRoles"] == ["organization_admin"]
    assert "organization|billing|view" in data["userPermissions"]
    assert set(data["metadata"]) == {
        "acknowledgedTerms",
        "tourUser",
        "acceptedIntelTerms",
        "miningDetected",
    }
    for name in ("userId", "organizationId", "organizationUserId"):
        assert HEX24.fullmatch(data[name]), name


def test_balance_without_organization_id(shared_api):
    verify = data_of(shared_api.get("/users/verify"))
    data = data_of(shared_api.get("/billing/credits/balance"))
    assert data == {
        "qbraidCredits": 12500,
        "awsCredits": 50,
        "autoRecharge": False,
        "organizationId": verify["organizationId"],
        "userId": verify["userId"],
    }


def test_balance_with_the_callers_organization_id(shared_api):
    organization_id = data_of(shared_api.get("/users/verify"))["organizationId"]
    params = {"organizationId": organization_id}
    data = data_of(shared_api.get("/billing/credits/balance", params=params))
    assert data["organizationId"] == organization_id
    assert data["qbraidCredits"] == 12500


@pytest.mark.parametrize("other", ["0123456789abcdef01234567", "not-an-id"])
def test_balance_with_another_organization_is_404(shared_api, other):
    response = shared_api.get("/billing/credits/balance", params={"organizationId": other})
    assert error_of(response, 404) == "User is not a member of this organization."


def test_balance_with_an_empty_organization_id_is_400(shared_api):
    response = shared_api.get("/billing/credits/balance?organizationId=")
    assert error_of(response, 400) == "Organization context required."


def test_context_has_the_full_shape(shared_api):
    verify = data_of(shared_api.get("/users/verify"))
    data = data_of(shared_api.get("/users/context"))
    assert set(data) == {"user", "organizations", "currentOrganizationId"}
    assert data["user"] == {
        "email": "demo@example.com",
        "userName": "demo",
        "isAdmin": False,
        "personalInformation": {"firstName": "Demo", "lastName": "User"},
        "emailVerified": True,
        "isActive": True,
        "metadata": verify["metadata"],
    }
    assert data["currentOrganizationId"] == verify["organizationId"]
    assert list(data["organizations"]) == [verify["organizationId"]]
    organization = data["organizations"][verify["organizationId"]]
    renewal = organization["cpuHours"].pop("renewalDate")
    disk_timestamp = organization["diskUsage"].pop("timestamp")
    assert organization == {
        "name": "qBraid Demo Lab",
        "roles": ["organization_admin"],
        "subscriptionTier": "standard",
        "status": "active",
        "cpuHours": {"used": 120.5, "quota": 400},
        "diskUsage": {"totalGB": 3.2, "quotaGB": 50, "storageStatus": "ok"},
        "wallet": {
            "qbraidCredits": 12500,
            "awsCredits": 50,
            "creditLimit": 25000,
            "autoRecharge": False,
        },
    }
    assert ISO_Z.fullmatch(renewal) and ISO_Z.fullmatch(disk_timestamp)
    assert parse_iso(renewal) == first_of_next_month()


def test_first_of_next_month_wraps_the_year():
    december = datetime(2025, 12, 31, 23, 59, tzinfo=timezone.utc)
    assert first_of_next_month(december) == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert first_of_next_month(datetime(2026, 2, 1, tzinfo=timezone.utc)).month == 3


def test_jobs_is_an_empty_page_with_its_pagination(shared_api):
    response = shared_api.get("/jobs")
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": [],
        "pagination": {
            "page": 1,
            "limit": 10,
            "total": 0,
            "totalPages": 0,
            "hasNext": False,
            "hasPrev": False,
        },
    }
    response = shared_api.get("/jobs", params={"page": 3, "limit": 5, "status": "COMPLETED"})
    assert response.json()["data"] == []
    pagination = response.json()["pagination"]
    assert (pagination["page"], pagination["limit"], pagination["hasPrev"]) == (3, 5, True)


@pytest.mark.parametrize("params", [{"page": 0}, {"page": "x"}, {"limit": 0}, {"limit": 101}])
def test_jobs_rejects_bad_paging(shared_api, params):
    assert "must be a positive integer" in error_of(shared_api.get("/jobs", params=params), 400)


def test_unknown_route_is_404_in_the_error_shape(shared_api):
    assert error_of(shared_api.get("/no/such/route"), 404, "NOT_FOUND") == "Not found."
    assert error_of(shared_api.get("/api-keys/abc/nothing"), 404) == "Not found."


def test_unsupported_method_is_405_in_the_error_shape(shared_api):
    response = shared_api.put("/users/verify")
    assert error_of(response, 405, "METHOD_NOT_ALLOWED") == "Method Not Allowed."


def test_routes_outside_the_api_are_404(emulator_process):
    response = httpx.get(emulator_process.base + "/elsewhere")
    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "message": "Not found.",
        "error": {"code": "NOT_FOUND", "message": "Not found."},
    }
