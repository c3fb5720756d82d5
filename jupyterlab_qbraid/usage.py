"""The usage report for the Compute section's chart: the last 30 days of compute sessions.

It comes from the same upstream answer as this month's compute hours
(GET /compute-sessions/usage in the browser's time zone), kept once in the fact cache under
the same name: the panel's poll of the hours and a look at the chart cost one call between
them, at most every USAGE_SECONDS.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from . import errors
from .account_service import USAGE, USAGE_SECONDS, AccountService, checked_time_zone
from .compute_client import UsageDay, UsageReport
from .errors import Conflict
from .fact_cache import scope_of
from .translation import _

# The days the chart shows, ending today in the browser's time zone.
DAYS = 30


class UsageService:
    def __init__(self, account: AccountService):
        self.account = account

    async def report(self, time_zone: Any, fresh: bool = False) -> dict[str, Any]:
        """The report from the fact cache with its age; `fresh` asks qBraid now. A refresh
        that failed keeps the last report, with the error; with none known, the error."""
        zone = checked_time_zone(time_zone)
        connection = self.account.connection()
        credential = connection.credential
        if credential is None:
            raise Conflict(
                errors.NOT_CONFIGURED,
                _("Lab has no qBraid credential, so it cannot ask qBraid for the usage."),
            )
        compute = self.account.compute_for(connection.api_url)
        fact = await self.account.facts.get(
            scope_of(connection.api_url, credential.secret),
            (USAGE, zone),
            lambda: compute.usage(credential, zone),
            USAGE_SECONDS,
            fresh,
        )
        if not fact.known:
            assert fact.error is not None
            raise fact.error
        assert fact.fetched_at is not None
        fetched = datetime.fromtimestamp(fact.fetched_at, timezone.utc)
        return {
            "data": report_json(fact.value, zone, fetched),
            "fetchedAt": fact.fetched_at_iso(),
            "error": fact.error.to_json() if fact.error is not None else None,
        }


def report_json(report: UsageReport, zone: str, fetched: datetime) -> dict[str, Any]:
    """The report as the browser reads it: one row for each of the DAYS days up to the day it
    was fetched (in `zone`), oldest first, days without sessions as zeros."""
    days = window(report.days, fetched.astimezone(ZoneInfo(zone)).date())
    summary = report.summary
    return {
        "timeZone": zone,
        "hours": {
            "used": report.hours.used,
            "total": report.hours.total,
            "remaining": report.hours.remaining,
        },
        "summary": {
            "sessions": summary.sessions if summary else sum(day.sessions for day in days),
            "hours": summary.hours if summary else round(sum(day.hours for day in days), 4),
            "creditsCharged": summary.credits_charged
            if summary
            else round(sum(day.credits_charged for day in days), 4),
        },
        "days": [
            {
                "date": day.date,
                "hours": day.hours,
                "creditsCharged": day.credits_charged,
                "sessions": day.sessions,
            }
            for day in days
        ],
    }


def window(rows: list[UsageDay], today: date) -> list[UsageDay]:
    """The DAYS days ending `today`: the rows of those dates (a date twice adds up), others
    zero; rows outside the window are left out."""
    first = today - timedelta(days=DAYS - 1)
    by_date = {
        (first + timedelta(days=n)).isoformat(): UsageDay(
            (first + timedelta(days=n)).isoformat(), 0.0, 0.0, 0
        )
        for n in range(DAYS)
    }
    for row in rows:
        day = by_date.get(row.date)
        if day is not None:
            day.hours += row.hours
            day.credits_charged += row.credits_charged
            day.sessions += row.sessions
    return list(by_date.values())
