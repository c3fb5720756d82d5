"""The compute routes of the qBraid API that Lab reads about itself: usage, its server or
on-demand instance, its profile, and stopping it.

Answers are read as qBraid's own client reads them (`data`, else the bare body), and only
the fields this extension shows are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timezone
from typing import Any
from urllib.parse import quote

from . import errors
from .account_client import AccountClient, parse_timestamp
from .connection import Credential
from .errors import AccountApiError
from .translation import _

# A hub token goes into an Authorization header: printable ASCII, no spaces.
_HUB_TOKEN = re.compile(r"[\x21-\x7e]{8,512}")


@dataclass
class ComputeHours:
    used: float
    total: float
    remaining: float


@dataclass
class UsageDay:
    """One day of the usage report, dated in the time zone it was asked in."""

    date: str
    hours: float
    credits_charged: float
    sessions: int


@dataclass
class UsageSummary:
    sessions: int
    hours: float
    credits_charged: float


@dataclass
class UsageReport:
    """GET /compute-sessions/usage: this month's hours, and the days asked for."""

    hours: ComputeHours
    days: list[UsageDay]
    # None where the answer has no summary: the days' sums stand in for it.
    summary: UsageSummary | None


@dataclass
class PlatformServer:
    """The subscription server as GET /compute/servers/status describes it."""

    cluster_id: str
    profile_slug: str | None
    started: str | None


@dataclass
class Profile:
    slug: str
    name: str
    v_cpus: float | None
    credits_per_minute: float | None


@dataclass
class OnDemandInstance:
    instance_id: str
    status: str
    profile_slug: str | None
    supports_stop: bool | None
    running_credits_per_min: float | None
    stopped_credits_per_min: float | None
    running_at: str | None
    # The platform's own cutoffs, in minutes (0 = off); None where it does not say.
    auto_stop_idle_minutes: int | None = None
    max_session_minutes: int | None = None


@dataclass
class SessionToken:
    token: str = field(repr=False)


class ComputeClient:
    """The compute routes, over an AccountClient's connection (one HTTP pool per URL)."""

    def __init__(self, transport: AccountClient):
        self.transport = transport

    async def _call(
        self, method: str, path: str, credential: Credential, query: dict[str, str] | None = None
    ) -> Any:
        return await self.transport.request(method, path, credential, query=query, bare=True)

    async def usage(self, credential: Credential, time_zone: str, days: int = 30) -> UsageReport:
        not_object = _("The qBraid API's usage answer is not an object.")
        data = _object(
            await self._call(
                "GET",
                "/compute-sessions/usage",
                credential,
                {"days": str(days), "timezone": time_zone},
            ),
            not_object,
        )
        data = _object(data.get("usageData", data), not_object)
        hours = data.get("computeHours")
        if not isinstance(hours, dict) or not hours:
            raise _malformed("computeHours")
        used = _number(hours, "used")
        # Some clients read `quota`; qBraid's CLI reads `total`.
        total = _number(hours, "total") if "total" in hours else _number(hours, "quota")
        remaining = _number(hours, "remaining") if "remaining" in hours else max(0.0, total - used)
        daily = data.get("daily")
        rows = [_usage_day(row) for row in daily] if isinstance(daily, list) else []
        return UsageReport(
            ComputeHours(used, total, remaining),
            [row for row in rows if row is not None],
            _usage_summary(data.get("summary")),
        )

    async def server_status(self, credential: Credential, cluster_id: str | None) -> PlatformServer:
        query = {"clusterId": cluster_id} if cluster_id else None
        data = _object(
            await self._call("GET", "/compute/servers/status", credential, query),
            _("The qBraid API's status answer is not an object."),
        )
        details = data.get("serverDetails")
        started = details.get("started") if isinstance(details, dict) else None
        return PlatformServer(
            cluster_id=_text(data, "clusterId") or cluster_id or "",
            profile_slug=_text(data, "currentProfile"),
            started=_time(started),
        )

    async def profile(self, credential: Credential, slug: str) -> Profile:
        data = _object(
            await self._call("GET", f"/compute/profiles/{quote(slug, safe='')}", credential),
            _("The qBraid API's profile answer is not an object."),
        )
        resources = data.get("resources")
        cpu = resources.get("cpu") if isinstance(resources, dict) else None
        pricing = data.get("pricing")
        return Profile(
            slug=_text(data, "slug") or slug,
            # This route spells it in snake case; the list route in camel case.
            name=_text(data, "display_name") or _text(data, "displayName") or slug,
            v_cpus=_optional_number(cpu, "limit"),
            credits_per_minute=_optional_number(pricing, "creditCostPerMinute"),
        )

    async def instance(self, credential: Credential, instance_id: str) -> OnDemandInstance:
        data = await self._call("GET", _instance_path(instance_id), credential)
        return _instance(data)

    async def stop_instance(self, credential: Credential, instance_id: str) -> OnDemandInstance:
        return _instance(
            await self._call("POST", f"{_instance_path(instance_id)}/stop", credential)
        )

    async def set_instance_cutoffs(
        self, credential: Credential, instance_id: str, cutoffs: dict[str, int]
    ) -> None:
        """PATCH the on-demand instance's autoStopIdleMinutes and/or maxSessionMinutes."""
        await self.transport.request(
            "PATCH", _instance_path(instance_id), credential, body=cutoffs, bare=True
        )

    async def stop_server(self, credential: Credential, cluster_id: str | None) -> str:
        """Ask the platform to stop the subscription server; answers its status."""
        query = {"clusterId": cluster_id} if cluster_id else None
        data = _object(
            await self._call("DELETE", "/compute/servers/stop", credential, query),
            _("The qBraid API's stop answer is not an object."),
        )
        return _text(data, "status") or "stopping"

    async def session_token(self, credential: Credential, cluster_id: str | None) -> SessionToken:
        """A JupyterHub API token of this user (not logged, not shown)."""
        query = {"clusterId": cluster_id} if cluster_id else None
        data = _object(
            await self._call("GET", "/compute/servers/session-token", credential, query),
            _("The qBraid API's session token answer is not an object."),
        )
        token = data.get("token")
        secret = token.get("token") if isinstance(token, dict) else None
        if not isinstance(secret, str) or _HUB_TOKEN.fullmatch(secret) is None:
            # Never echoed: whatever came back may still be a secret.
            raise AccountApiError(
                errors.MALFORMED,
                _("The qBraid API's session token answer has no usable 'token'."),
            )
        return SessionToken(secret)


def _instance_path(instance_id: str) -> str:
    return f"/compute/bma/instances/{quote(instance_id, safe='')}"


def _instance(data: Any) -> OnDemandInstance:
    data = _object(data, _("The qBraid API's instance answer is not an object."))
    instance_id = _text(data, "instanceId")
    if instance_id is None:
        raise _malformed("instanceId")
    supports_stop = data.get("supportsStop")
    return OnDemandInstance(
        instance_id=instance_id,
        status=_text(data, "status") or "unknown",
        profile_slug=_text(data, "profileSlug"),
        supports_stop=supports_stop if isinstance(supports_stop, bool) else None,
        running_credits_per_min=_optional_number(data, "runningCreditsPerMin"),
        stopped_credits_per_min=_optional_number(data, "stoppedCreditsPerMin"),
        running_at=_time(data.get("runningAt")),
        auto_stop_idle_minutes=_minutes(data, "autoStopIdleMinutes"),
        max_session_minutes=_minutes(data, "maxSessionMinutes"),
    )


def _minutes(data: dict, name: str) -> int | None:
    value = _optional_number(data, name)
    return int(value) if value is not None and value >= 0 and value == int(value) else None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _usage_day(row: Any) -> UsageDay | None:
    """A daily row; one without a date is of no use on a chart, and is left out."""
    if not isinstance(row, dict):
        return None
    date = row.get("date")
    if not isinstance(date, str) or _DATE.fullmatch(date) is None:
        return None
    sessions = _optional_number(row, "sessionCount")
    return UsageDay(
        date=date,
        hours=max(0.0, _optional_number(row, "totalHours") or 0.0),
        credits_charged=max(0.0, _optional_number(row, "creditsCharged") or 0.0),
        sessions=max(0, int(sessions)) if sessions is not None else 0,
    )


def _usage_summary(data: Any) -> UsageSummary | None:
    if not isinstance(data, dict):
        return None
    sessions = _optional_number(data, "totalSessions")
    hours = _optional_number(data, "totalHours")
    credits_charged = _optional_number(data, "totalCreditsCharged")
    if sessions is None or hours is None or credits_charged is None:
        return None
    return UsageSummary(int(sessions), hours, credits_charged)


def _object(data: Any, message: str) -> dict:
    """`data` if it is an object; else `message` (which says whose answer) as the error."""
    if not isinstance(data, dict):
        raise AccountApiError(errors.MALFORMED, message)
    return data


def _text(data: dict, name: str) -> str | None:
    value = data.get(name)
    return value if isinstance(value, str) and value else None


def _number(data: dict, name: str) -> float:
    value = _optional_number(data, name)
    if value is None:
        raise _malformed(name)
    return value


def _optional_number(data: Any, name: str) -> float | None:
    value = data.get(name) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _time(value: Any) -> str | None:
    """An ISO 8601 instant in UTC, or None for anything that is not a time."""
    if not isinstance(value, str):
        return None
    try:
        moment = parse_timestamp(value)
    except ValueError:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _malformed(name: str) -> AccountApiError:
    return AccountApiError(
        errors.MALFORMED,
        _("The qBraid API's answer has no usable '{field}'.").format(field=name),
    )
