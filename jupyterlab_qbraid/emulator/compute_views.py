"""How compute records look on the wire: the field names qBraid's client validates.

Fields that qBraid's models type without ``None`` (``ready``, ``gpu``, ``hasCapacity``...)
are always sent with a value; the others are sent as null when unknown.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

from ..timestamps import parse_iso
from .catalog import Profile
from .store import ComputeSession, Instance, Server, User
from .views import number

# The host of the emulator's made-up on-demand instance URLs (a reserved name).
INSTANCE_HOST = "lab.example.com"


def profile_id(slug: str) -> str:
    """A stable 24-hex ``_id`` for a profile, the shape of the platform's ids."""
    return hashlib.sha256(slug.encode()).hexdigest()[:24]


def _gigabytes(value: float) -> str:
    return f"{number(value)}G"


def profile_item(profile: Profile) -> dict[str, Any]:
    """One entry of ``GET /compute/profiles``."""
    return {
        "slug": profile.slug,
        "profileType": "global",
        "displayName": profile.display_name,
        "description": profile.description,
        "plan": profile.plan,
        "rateDollar": profile.dollars_per_hour,
        "rateTimeFrame": "hour",
        "creditCost": profile.credits_per_minute,
        "billingMode": profile.billing_mode,
        "spawnerType": profile.spawner_type,
        "clusterId": profile.cluster_id,
        "hasCapacity": profile.has_capacity,
        "ide": "lab",
        "gpu": profile.gpu,
        "vendors": list(profile.vendors),
        "highlights": [],
        "cpuGuarantee": number(profile.cpu / 2),
        "cpuLimit": number(profile.cpu),
        "memGuarantee": _gigabytes(profile.memory_gb),
        "memLimit": _gigabytes(profile.memory_gb),
        "isOwner": False,
    }


def profile_details(profile: Profile) -> dict[str, Any]:
    """``GET /compute/profiles/{slug}``: snake ``display_name`` and ``_id`` on this route."""
    return {
        "_id": profile_id(profile.slug),
        "slug": profile.slug,
        "display_name": profile.display_name,
        "description": profile.description,
        "plan": profile.plan,
        "rateDollar": profile.dollars_per_hour,
        "rateTimeFrame": "hour",
        "visibility": "public",
        "gpu": profile.gpu,
        "ide": "jupyterlab",
        "clusterId": profile.cluster_id,
        "hasCapacity": profile.has_capacity,
        "spawnerType": profile.spawner_type,
        "resources": {
            # CPUs, and memory in GB.
            "cpu": {"guarantee": number(profile.cpu / 2), "limit": number(profile.cpu)},
            "memory": {"guarantee": number(profile.memory_gb), "limit": number(profile.memory_gb)},
        },
        "pricing": {
            "rateDollar": profile.dollars_per_hour,
            "rateTimeFrame": "hour",
            "rateRatioOffered": 1,
            "isFree": profile.credits_per_minute == 0,
            "creditCostPerMinute": profile.credits_per_minute,
        },
    }


def user_path(user_name: str) -> str:
    return f"/user/{quote(user_name, safe='')}/"


def local_server_details(user: User, server: Server) -> dict[str, Any]:
    """A stored server as JupyterHub would describe it (``serverDetails``)."""
    return {
        "name": "",
        "ready": server.state == "running",
        "pending": "spawn" if server.state == "starting" else None,
        "url": user_path(user.user_name),
        "progress_url": f"/hub/api/users/{quote(user.user_name, safe='')}/server/progress",
        "started": server.started_at,
        "last_activity": server.last_activity,
        "state": {},
        "user_options": {"profile": server.profile_slug},
    }


def server_status(
    cluster_id: str,
    running: bool,
    starting: bool,
    profile_slug: str | None,
    details: dict[str, Any] | None,
    user_info: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "clusterId": cluster_id,
        "serverRunning": running,
        "serverStarting": starting,
        "currentProfile": profile_slug if running or starting else None,
        "serverDetails": details,
        "userInfo": user_info,
        "url": details.get("url") if details else None,
    }


def local_user_info(user: User, details: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "name": user.user_name,
        "admin": False,
        "groups": [],
        "kind": "user",
        "created": None,
        "last_activity": details.get("last_activity") if details else None,
        "servers": {"": details} if details else {},
    }


def instance_record(instance: Instance, user: User) -> dict[str, Any]:
    """An on-demand instance (``BMAInstance``)."""
    running = instance.status == "running"
    suffix = instance.instance_id.rsplit("-", 1)[-1]
    return {
        "instanceId": instance.instance_id,
        "status": instance.status,
        "displayName": instance.display_name,
        "profileSlug": instance.profile_slug,
        "persistentDiskGb": instance.persistent_disk_gb,
        # Live only while it runs, as on the platform.
        "url": (
            f"https://bma-{suffix}.{INSTANCE_HOST}{user_path(user.user_name)}lab"
            if running
            else None
        ),
        "supportsStop": instance.supports_stop,
        "lastError": None,
        "createdAt": instance.created_at,
        "runningAt": instance.running_at,
        "stoppedAt": instance.stopped_at,
        "ready": running,
        "pending": {"stopping": "stop", "provisioning": "spawn"}.get(instance.status),
        "autoStopIdleMinutes": instance.auto_stop_idle_minutes,
        "maxSessionMinutes": instance.max_session_minutes,
        "runningCreditsPerMin": number(instance.running_credits_per_min),
        "listRunningCreditsPerMin": number(instance.running_credits_per_min),
        "discountPct": 0,
        "stoppedCreditsPerMin": number(instance.stopped_credits_per_min),
    }


def session_record(session: ComputeSession, user: User, cluster_id: str) -> dict[str, Any]:
    """A finished Lab session (``GET /compute-sessions``)."""
    minutes = _seconds_between(session.start_time, session.end_time) / 60
    return {
        "_id": session.id,
        "email": user.email,
        "profileSlug": session.profile_slug,
        "clusterId": cluster_id,
        "status": "completed",
        "sessionType": session.session_type,
        "startTime": session.start_time,
        "endTime": session.end_time,
        "totalMinutes": number(round(minutes, 2)),
        "totalComputeHoursDeducted": number(session.compute_hours_deducted),
        "totalCreditsCharged": number(session.credits_charged),
        "settled": True,
        "createdAt": session.start_time,
        "updatedAt": session.end_time,
    }


def _seconds_between(start: str | None, end: str | None) -> float:
    if not start or not end:
        return 0
    return (parse_iso(end) - parse_iso(start)).total_seconds()


def instance_history(instance: Instance, now: str) -> dict[str, Any]:
    """An instance's lifetime totals (``GET /compute/bma/instances/history``)."""
    running_until = instance.stopped_at if instance.status != "running" else now
    running = _seconds_between(instance.running_at, running_until)
    stopped = _seconds_between(instance.stopped_at, now) if instance.status == "stopped" else 0
    return {
        "instanceId": instance.instance_id,
        "status": instance.status,
        "displayName": instance.display_name,
        "profileSlug": instance.profile_slug,
        "createdAt": instance.created_at,
        "firstRunStartedAt": instance.running_at,
        "terminatedAt": None,
        "totalRunningSeconds": int(running),
        "totalStoppedSeconds": int(stopped),
        "creditsCharged": number(
            round(
                running / 60 * instance.running_credits_per_min
                + stopped / 60 * instance.stopped_credits_per_min,
                2,
            )
        ),
        "transactionIds": [],
    }


def availability(profiles: list[Profile], cached_at: str) -> dict[str, Any]:
    """Capacity of the on-demand profiles (``GET /compute/bma/availability``)."""
    entries = []
    for profile in profiles:
        per_hour = number(round(profile.credits_per_minute * 60, 2))
        region = {
            "region": "us-east-1",
            "hasCapacity": profile.has_capacity,
            "available": 4 if profile.has_capacity else 0,
            "notes": "emulated",
        }
        entries.append(
            {
                "slug": profile.slug,
                "hasCapacity": profile.has_capacity,
                "listCreditsPerHour": per_hour,
                "effectiveCreditsPerHour": per_hour,
                "discountPct": 0,
                "best": {k: region[k] for k in ("region", "available", "notes")},
                "regions": [region],
            }
        )
    return {"cachedAt": cached_at, "ttlSec": 60, "profiles": entries}
