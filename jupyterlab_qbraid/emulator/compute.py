"""Compute logic of the emulator: usage reports, the profile list's filters, and what
stopping or changing a subscription server or an on-demand instance does to the store.

Without a JupyterHub the emulator's servers exist only in its store: a stop there answers
``stopping`` and leaves the record stopped at once, which is where the platform's own
stop ends a moment later.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..timestamps import parse_iso
from . import compute_views, errors
from .catalog import DEMO_PROFILE_SLUG, PROFILES, Profile
from .errors import ApiError
from .store import ComputeSession, Instance, Organization, Server, Store, User, utc_iso
from .views import number

INSTANCE_NOT_FOUND = "Instance not found."
SERVER_NOT_RUNNING = "No server is running on this cluster."
INSTANCE_NOT_RUNNING = "Instance not running."
STOP_NOT_SUPPORTED = "This instance cannot be stopped, only terminated."


def _round(value: float) -> float | int:
    return number(round(value, 4))


def _hours(session: ComputeSession) -> float:
    start = parse_iso(session.start_time)
    end = parse_iso(session.end_time)
    return (end - start).total_seconds() / 3600


def _totals(sessions: list[ComputeSession]) -> dict[str, Any]:
    return {
        "sessionCount": len(sessions),
        "totalHours": _round(sum(_hours(s) for s in sessions)),
        "creditsCharged": _round(sum(s.credits_charged for s in sessions)),
        "computeHoursDeducted": _round(sum(s.compute_hours_deducted for s in sessions)),
    }


def _daily_row(day: date, sessions: list[ComputeSession]) -> dict[str, Any]:
    by_type: dict[str, list[ComputeSession]] = defaultdict(list)
    for session in sessions:
        by_type[session.session_type].append(session)
    totals = _totals(sessions)
    return {
        "date": day.isoformat(),
        "totalHours": totals["totalHours"],
        "creditsCharged": totals["creditsCharged"],
        "computeHoursDeducted": totals["computeHoursDeducted"],
        "profiles": sorted({s.profile_slug for s in sessions}),
        "sessionCount": totals["sessionCount"],
        "byType": {kind: _totals(group) for kind, group in sorted(by_type.items())},
    }


def usage_report(
    store: Store,
    user_id: str,
    organization: Organization,
    days: int,
    zone: ZoneInfo,
    now: datetime,
) -> dict[str, Any]:
    """``GET /compute-sessions/usage``: the last ``days`` days up to today in ``zone``, one
    daily row per date (dated in that zone, days without sessions too), the window's
    summary, and the organization's compute hours of this month."""
    today = now.astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time(0), zone)
    by_day: dict[date, list[ComputeSession]] = {first + timedelta(n): [] for n in range(days)}
    for session in store.sessions_since(user_id, since):
        day = parse_iso(session.start_time).astimezone(zone).date()
        if day in by_day:
            by_day[day].append(session)
    sessions = [session for group in by_day.values() for session in group]
    totals = _totals(sessions)
    used, total = organization.cpu_used, organization.cpu_quota
    return {
        "computeHours": {
            "used": number(used),
            "total": number(total),
            "remaining": _round(max(total - used, 0)),
        },
        "diskUsage": {
            "totalGB": number(organization.disk_total_gb),
            "quotaGB": number(organization.disk_quota_gb),
        },
        "summary": {
            "totalHours": totals["totalHours"],
            "totalCreditsCharged": totals["creditsCharged"],
            "totalComputeHoursDeducted": totals["computeHoursDeducted"],
            "totalSessions": len(sessions),
            "cpuSessions": sum(1 for s in sessions if s.session_type == "cpu"),
            "gpuSessions": sum(1 for s in sessions if s.session_type == "gpu"),
        },
        "daily": [_daily_row(day, group) for day, group in by_day.items()],
    }


_SORT_KEYS = {
    "slug": lambda p: p.slug,
    "displayName": lambda p: p.display_name,
    "creditCost": lambda p: p.credits_per_minute,
    "plan": lambda p: p.plan,
}


def profiles_matching(filters: dict[str, Any]) -> list[Profile]:
    """The catalog filtered and sorted as ``GET /compute/profiles`` asks (checked filters:
    plan, gpu, hasCapacity, clusterId, visibility, sortBy, sortOrder, page, limit)."""
    found = [
        profile
        for profile in PROFILES
        if filters.get("plan") in (None, profile.plan)
        and filters.get("gpu") in (None, profile.gpu)
        and filters.get("hasCapacity") in (None, profile.has_capacity)
        and filters.get("clusterId") in (None, profile.cluster_id)
        # Every profile the emulator offers is public.
        and filters.get("visibility") in (None, "public")
    ]
    if filters.get("sortBy"):
        found.sort(key=_SORT_KEYS[filters["sortBy"]], reverse=filters.get("sortOrder") == "desc")
    limit = filters.get("limit")
    if limit:
        start = (filters.get("page", 1) - 1) * limit
        found = found[start : start + limit]
    return found


# Subscription servers kept in the store (no JupyterHub)


def local_server_status(store: Store, user: User, cluster_id: str) -> dict[str, Any]:
    server = store.get_server(user.id, cluster_id)
    active = server is not None and server.state in ("running", "starting")
    details = compute_views.local_server_details(user, server) if active else None
    return compute_views.server_status(
        cluster_id,
        running=active and server.state == "running",
        starting=active and server.state == "starting",
        profile_slug=server.profile_slug if server else None,
        details=details,
        user_info=compute_views.local_user_info(user, details),
    )


def stop_local_server(store: Store, user: User, cluster_id: str) -> None:
    server = store.get_server(user.id, cluster_id)
    if server is None or server.state not in ("running", "starting"):
        raise ApiError(400, SERVER_NOT_RUNNING, errors.BAD_STATE)
    store.put_server(replace(server, state="stopped"))


def set_local_server(
    store: Store, user: User, cluster_id: str, state: str, profile_slug: str | None
) -> Server:
    """The admin route's change: the server's state (and profile); a start sets its start
    time, and a server that is up was active just now."""
    current = store.get_server(user.id, cluster_id)
    now = utc_iso()
    up = state in ("running", "starting")
    was_up = current is not None and current.state in ("running", "starting")
    return store.put_server(
        Server(
            user_id=user.id,
            cluster_id=cluster_id,
            state=state,
            profile_slug=profile_slug or (current.profile_slug if current else DEMO_PROFILE_SLUG),
            started_at=now if up and not was_up else (current.started_at if current else None),
            last_activity=now if up else (current.last_activity if current else None),
        )
    )


# On-demand instances


def find_instance(store: Store, instance_id: str, user_id: str) -> Instance:
    instance = store.get_instance(instance_id, user_id)
    if instance is None or instance.status == "terminated":
        raise ApiError(404, INSTANCE_NOT_FOUND, errors.INSTANCE_NOT_FOUND)
    return instance


def stop_instance(store: Store, instance: Instance) -> Instance:
    """Stop a running instance that supports it; answers it as ``stopping`` while the store
    keeps it stopped (storage billing only)."""
    if not instance.supports_stop:
        raise ApiError(400, STOP_NOT_SUPPORTED, errors.STOP_NOT_SUPPORTED)
    if instance.status != "running":
        raise ApiError(400, INSTANCE_NOT_RUNNING, errors.BAD_STATE)
    store.update_instance(instance.instance_id, {"status": "stopped", "stopped_at": utc_iso()})
    return replace(instance, status="stopping")


def status_changes(instance: Instance, status: str) -> dict[str, Any]:
    """The timestamps that go with an admin's status change."""
    changes: dict[str, Any] = {"status": status}
    if status == "running" and instance.status != "running":
        changes.update(running_at=utc_iso(), stopped_at=None)
    elif status == "stopped" and instance.status != "stopped":
        changes["stopped_at"] = utc_iso()
    return changes
