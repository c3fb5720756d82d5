"""Checking request bodies and parameters; each failure carries the message a client sees."""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..timestamps import parse_iso
from . import errors, white_label
from .catalog import DEMO_CLUSTER_ID, PROFILES_BY_SLUG
from .seed import TIER_QUOTAS
from .store import utc_iso

MAX_NAME_LENGTH = 64
MAX_SCOPES = 32
MAX_PAGE_SIZE = 100
MAX_USAGE_DAYS = 365
# The platform's ceilings on an on-demand instance's cutoffs (0 turns one off).
MAX_AUTO_STOP_IDLE_MINUTES = 7 * 24 * 60
MAX_SESSION_MINUTES = 30 * 24 * 60
INSTANCE_STATUSES = ("provisioning", "running", "stopping", "stopped", "terminated", "error")
SERVER_STATES = ("running", "starting", "stopped")
_USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_INSTANCE_ID = re.compile(r"bma-[a-z0-9-]{1,100}")


class ValidationError(ValueError):
    """A request the emulator refuses with 400, this message and ``code``."""

    def __init__(self, message: str, code: str = errors.VALIDATION_ERROR) -> None:
        super().__init__(message)
        self.code = code


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


def offset(raw: str | None) -> int:
    """A query parameter counting items to skip: a whole number from 0."""
    if raw is None:
        return 0
    if not raw.isdigit():
        raise ValidationError("'offset' must be a whole number of at least 0.")
    return int(raw)


def _renewal_date(value: Any) -> str:
    try:
        moment = parse_iso(value) if isinstance(value, str) else None
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
        body,
        {
            "organizationId",
            "qbraidCredits",
            "awsCredits",
            "autoRecharge",
            "cpuHours",
            "subscriptionTier",
        },
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
    if "subscriptionTier" in body:
        if body["subscriptionTier"] not in TIER_QUOTAS:
            raise ValidationError(f"'subscriptionTier' must be one of {', '.join(TIER_QUOTAS)}.")
        changes["subscription_tier"] = body["subscriptionTier"]
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


# Compute routes


def usage_query(raw_days: str | None, raw_zone: str | None) -> tuple[int, ZoneInfo]:
    """``days`` (1 to 365, default 30) and ``timezone`` (an IANA name, default UTC)."""
    days = positive_int(raw_days, "days", 30, MAX_USAGE_DAYS)
    assert days is not None
    name = raw_zone or "UTC"
    try:
        # The name must be a zone's, not a path: ZoneInfo refuses "../" itself.
        return days, ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"'timezone' must be an IANA time zone name, not {name!r}.") from None


def _flag(raw: str | None, name: str) -> bool | None:
    if raw is None:
        return None
    if raw not in ("true", "false"):
        raise ValidationError(f"'{name}' must be true or false.")
    return raw == "true"


def _choice(raw: str | None, name: str, allowed: tuple[str, ...]) -> str | None:
    if raw is not None and raw not in allowed:
        raise ValidationError(f"'{name}' must be one of {', '.join(allowed)}.")
    return raw


def profile_filters(argument: Callable[[str], str | None]) -> dict[str, Any]:
    """The list filters of ``GET /compute/profiles``, from its query parameters."""
    limit = positive_int(argument("limit"), "limit", None, MAX_PAGE_SIZE)
    filters: dict[str, Any] = {
        "plan": argument("plan"),
        "gpu": _flag(argument("gpu"), "gpu"),
        "hasCapacity": _flag(argument("hasCapacity"), "hasCapacity"),
        "clusterId": argument("clusterId"),
        "visibility": argument("visibility"),
        "sortBy": _choice(
            argument("sortBy"), "sortBy", ("slug", "displayName", "creditCost", "plan")
        ),
        "sortOrder": _choice(argument("sortOrder"), "sortOrder", ("asc", "desc")),
        "page": positive_int(argument("page"), "page", 1),
        "limit": limit,
    }
    return {name: value for name, value in filters.items() if value is not None}


def _minutes(body: dict[str, Any], name: str, maximum: int, days: int) -> int:
    value = body[name]
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
        raise ValidationError(
            f"'{name}' must be a whole number of minutes from 0 (off) to {maximum} ({days} days)."
        )
    return value


def _instance_label(value: Any) -> str | None:
    """A display name; empty or null clears it."""
    if value is None or value == "":
        return None
    return display_name(value, "'displayName'")


def instance_update(body: dict[str, Any]) -> dict[str, Any]:
    """``PATCH /compute/bma/instances/{id}``: the store column changes."""
    _reject_unknown(body, {"autoStopIdleMinutes", "maxSessionMinutes", "displayName"})
    if not body:
        raise ValidationError(
            "Nothing to update: send autoStopIdleMinutes, maxSessionMinutes or displayName.",
            errors.NOTHING_TO_UPDATE,
        )
    changes: dict[str, Any] = {}
    changes.update(_cutoffs(body))
    if "displayName" in body:
        changes["display_name"] = _instance_label(body["displayName"])
    return changes


def cluster_id(raw: str | None, known: frozenset[str]) -> str:
    """The ``clusterId`` parameter of the server routes; the user's default when absent."""
    if not raw:
        return DEMO_CLUSTER_ID
    if raw not in known:
        raise ValidationError("Cluster not found.", errors.CLUSTER_NOT_FOUND)
    return raw


# Admin routes


def user_name(body: dict[str, Any]) -> str | None:
    """The optional ``userName`` of an admin body (None: the first user, the demo one)."""
    value = body.get("userName")
    if value is not None and (not isinstance(value, str) or not _USER_NAME.fullmatch(value)):
        raise ValidationError("'userName' must be a user name.")
    return value


def key_change(body: dict[str, Any]) -> dict[str, Any]:
    """``PATCH /__emulator__/api-keys/{id}``: store column changes; ``createdAt`` is a time
    in the past (to make a key old, e.g. for the reminder to rotate it)."""
    _reject_unknown(body, {"createdAt"})
    if "createdAt" not in body:
        raise ValidationError("Nothing to change: give 'createdAt'.", errors.NOTHING_TO_UPDATE)
    value = body["createdAt"]
    try:
        moment = parse_iso(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError("'createdAt' must be an ISO 8601 time.")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    if moment > datetime.now(timezone.utc):
        raise ValidationError("'createdAt' must not be in the future.")
    return {"created_at": utc_iso(moment)}


def access_token_request(body: dict[str, Any]) -> str | None:
    """``POST /__emulator__/access-tokens``: the user's name, if given."""
    _reject_unknown(body, {"userName"})
    return user_name(body)


def white_label_request(body: dict[str, Any]) -> tuple[str | None, str, str, str]:
    """``POST /__emulator__/white-label-keys``: user name, key name, prefix, encoded host."""
    _reject_unknown(body, {"userName", "host", "prefix", "name"})
    prefix, encoded_host = white_label.check(
        body.get("host"), body.get("prefix", white_label.DEFAULT_PREFIX)
    )
    name = display_name(body.get("name", f"White-label key for {body['host']}"), "Key name")
    return user_name(body), name, prefix, encoded_host


_INSTANCE_FIELDS = {
    "status": "status",
    "displayName": "display_name",
    "supportsStop": "supports_stop",
    "runningCreditsPerMin": "running_credits_per_min",
    "stoppedCreditsPerMin": "stopped_credits_per_min",
    "autoStopIdleMinutes": "auto_stop_idle_minutes",
    "maxSessionMinutes": "max_session_minutes",
    "persistentDiskGb": "persistent_disk_gb",
}


def instance_fields(body: dict[str, Any]) -> dict[str, Any]:
    """Fields an admin sets on an on-demand instance (create or change), as store columns."""
    changes: dict[str, Any] = {}
    if "status" in body:
        changes["status"] = _choice(body["status"], "status", INSTANCE_STATUSES)
    if "displayName" in body:
        changes["display_name"] = _instance_label(body["displayName"])
    if "supportsStop" in body:
        if not isinstance(body["supportsStop"], bool):
            raise ValidationError("'supportsStop' must be true or false.")
        changes["supports_stop"] = body["supportsStop"]
    for name in ("runningCreditsPerMin", "stoppedCreditsPerMin"):
        if name in body:
            changes[_INSTANCE_FIELDS[name]] = _number(body[name], name, 0)
    changes.update(_cutoffs(body))
    if "persistentDiskGb" in body:
        disk = body["persistentDiskGb"]
        if not isinstance(disk, int) or isinstance(disk, bool) or disk < 1:
            raise ValidationError("'persistentDiskGb' must be a whole number of at least 1.")
        changes["persistent_disk_gb"] = disk
    return changes


def instance_change(body: dict[str, Any]) -> dict[str, Any]:
    """``PATCH /__emulator__/instances/{id}``."""
    _reject_unknown(body, set(_INSTANCE_FIELDS))
    return instance_fields(body)


def new_instance(body: dict[str, Any]) -> tuple[str | None, str | None, str, dict[str, Any]]:
    """``POST /__emulator__/instances``: user name, instance id (None: made up), profile
    slug (an on-demand profile) and the other fields as store columns."""
    _reject_unknown(body, set(_INSTANCE_FIELDS) | {"userName", "instanceId", "profileSlug"})
    instance_id = body.get("instanceId")
    if instance_id is not None and (
        not isinstance(instance_id, str) or not _INSTANCE_ID.fullmatch(instance_id)
    ):
        raise ValidationError(
            "'instanceId' must be 'bma-' followed by lowercase letters, digits and '-'."
        )
    slug = body.get("profileSlug", "vm-cpu-8-32")
    profile = PROFILES_BY_SLUG.get(slug) if isinstance(slug, str) else None
    if profile is None or not profile.on_demand:
        on_demand = [p.slug for p in PROFILES_BY_SLUG.values() if p.on_demand]
        raise ValidationError(
            f"'profileSlug' must be an on-demand profile: {', '.join(on_demand)}."
        )
    return user_name(body), instance_id, slug, instance_fields(body)


def server_change(body: dict[str, Any]) -> tuple[str | None, str | None, str, str | None]:
    """``PATCH /__emulator__/servers``: user name, cluster id, state and profile slug."""
    _reject_unknown(body, {"userName", "clusterId", "state", "profileSlug"})
    state = _choice(body.get("state"), "state", SERVER_STATES)
    if state is None:
        raise ValidationError(f"'state' is required: one of {', '.join(SERVER_STATES)}.")
    cluster = body.get("clusterId")
    if cluster is not None and not isinstance(cluster, str):
        raise ValidationError("'clusterId' must be a string.")
    slug = body.get("profileSlug")
    if slug is not None:
        profile = PROFILES_BY_SLUG.get(slug) if isinstance(slug, str) else None
        if profile is None or profile.on_demand:
            raise ValidationError("'profileSlug' must be a subscription profile's slug.")
    return user_name(body), cluster, state, slug


def _cutoffs(body: dict[str, Any]) -> dict[str, int]:
    """The automatic-stop cutoffs a body sets (0 = off), checked against the platform's limits."""
    cutoffs: dict[str, int] = {}
    if "autoStopIdleMinutes" in body:
        cutoffs["auto_stop_idle_minutes"] = _minutes(
            body, "autoStopIdleMinutes", MAX_AUTO_STOP_IDLE_MINUTES, 7
        )
    if "maxSessionMinutes" in body:
        cutoffs["max_session_minutes"] = _minutes(
            body, "maxSessionMinutes", MAX_SESSION_MINUTES, 30
        )
    return cutoffs
