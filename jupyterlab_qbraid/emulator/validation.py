"""Checking request bodies and parameters; each failure carries the message a client sees."""

from __future__ import annotations

import math
import re
import secrets
from datetime import datetime, timezone
from typing import Any

from .seed import TIER_QUOTAS
from .store import utc_iso

MAX_NAME_LENGTH = 64
MAX_SCOPES = 32
MAX_PAGE_SIZE = 100
_USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class ValidationError(ValueError):
    """A request the emulator refuses with 400 and this message."""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: Any, name: str, minimum: float | None = None) -> float:
    if not _is_number(value) or (minimum is not None and value < minimum):
        floor = "" if minimum is None else f" of at least {minimum:g}"
        raise ValidationError(f"'{name}' must be a number{floor}.")
    return value


def _reject_unknown(body: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(unknown)}.")


def display_name(value: Any, what: str) -> str:
    """1 to 64 printable characters, not all of them whitespace."""
    if value is None or value == "":
        raise ValidationError(f"{what} is required.")
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be a string.")
    if len(value) > MAX_NAME_LENGTH:
        raise ValidationError(f"{what} must be at most {MAX_NAME_LENGTH} characters.")
    if not value.isprintable():
        raise ValidationError(f"{what} must contain only printable characters.")
    if not value.strip():
        raise ValidationError(f"{what} must not be blank.")
    return value


def key_scopes(value: Any, default: list[str]) -> list[str]:
    if value is None:
        return list(default)
    if (
        not isinstance(value, list)
        or len(value) > MAX_SCOPES
        or not all(isinstance(s, str) and 0 < len(s) <= MAX_NAME_LENGTH for s in value)
    ):
        raise ValidationError(
            f"Scopes must be a list of at most {MAX_SCOPES} non-empty strings"
            f" of at most {MAX_NAME_LENGTH} characters."
        )
    return value


def new_key(body: dict[str, Any], default_scopes: list[str]) -> tuple[str, list[str]]:
    """Name and scopes of ``POST /api-keys``."""
    _reject_unknown(body, {"name", "scopes"})
    name = display_name(body.get("name"), "Key name")
    return name, key_scopes(body.get("scopes"), default_scopes)


def positive_int(
    raw: str | None, name: str, default: int | None, maximum: int | None = None
) -> int | None:
    """A query parameter that must be a whole number from 1 (to ``maximum``), if given."""
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        ceiling = "" if maximum is None else f" of at most {maximum}"
        raise ValidationError(f"'{name}' must be a positive integer{ceiling}.")
    return value


def _renewal_date(value: Any) -> str:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError("'cpuHours.renewalDate' must be an ISO 8601 date.")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return utc_iso(moment)


def state_changes(body: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """``PATCH /__emulator__/state``: the organization id (or None) and store column changes."""
    _reject_unknown(
        body, {"organizationId", "qbraidCredits", "awsCredits", "autoRecharge", "cpuHours"}
    )
    organization_id = body.get("organizationId")
    if organization_id is not None and not isinstance(organization_id, str):
        raise ValidationError("'organizationId' must be a string.")
    changes: dict[str, Any] = {}
    if "qbraidCredits" in body:
        changes["qbraid_credits"] = _number(body["qbraidCredits"], "qbraidCredits")
    if "awsCredits" in body:
        changes["aws_credits"] = _number(body["awsCredits"], "awsCredits")
    if "autoRecharge" in body:
        # A string is allowed so that clients can be tested against the platform's
        # string-valued autoRecharge.
        if not isinstance(body["autoRecharge"], (bool, str)):
            raise ValidationError("'autoRecharge' must be a boolean or a string.")
        changes["auto_recharge"] = body["autoRecharge"]
    if "cpuHours" in body:
        hours = body["cpuHours"]
        if not isinstance(hours, dict):
            raise ValidationError("'cpuHours' must be an object.")
        _reject_unknown(hours, {"used", "quota", "renewalDate"})
        if "used" in hours:
            changes["cpu_used"] = _number(hours["used"], "cpuHours.used", 0)
        if "quota" in hours:
            changes["cpu_quota"] = _number(hours["quota"], "cpuHours.quota", 0)
        if "renewalDate" in hours:
            changes["cpu_renewal"] = _renewal_date(hours["renewalDate"])
    return organization_id, changes


def new_account(body: dict[str, Any]) -> dict[str, Any]:
    """``POST /__emulator__/users``: keyword arguments for seed.create_account."""
    _reject_unknown(body, {"email", "userName", "organizationName", "tier", "qbraidCredits"})
    user_name = body.get("userName", f"user-{secrets.token_hex(4)}")
    if not isinstance(user_name, str) or not _USER_NAME.fullmatch(user_name):
        raise ValidationError(
            "'userName' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a"
            " letter or digit."
        )
    email = body.get("email", f"{user_name}@example.com")
    if not isinstance(email, str) or not re.fullmatch(r"[^@\s]{1,64}@[^@\s]{1,190}", email):
        raise ValidationError("'email' must be an email address.")
    tier = body.get("tier", "free")
    if tier not in TIER_QUOTAS:
        raise ValidationError(f"'tier' must be one of {', '.join(TIER_QUOTAS)}.")
    return {
        "user_name": user_name,
        "email": email,
        "organization_name": display_name(
            body.get("organizationName", f"{user_name}'s organization"), "Organization name"
        ),
        "tier": tier,
        "qbraid_credits": _number(body.get("qbraidCredits", 0), "qbraidCredits"),
    }
