"""What the routes ask for: the account summary and setting the active key.

Kept apart from the handlers so it can be tested without a Jupyter server.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import __version__, errors
from .account_client import AccountClient, pasted_key
from .api_key_format import INVALID_KEY_MESSAGE, is_valid_api_key, key_api_url, key_hint
from .compute_client import ComputeClient
from .connection import ACCESS_TOKEN, Connection, ConnectionResolver, Credential
from .credentials import CredentialStore
from .errors import AccountApiError, InvalidRequest
from .fact_cache import FOREVER, Fact, FactCache, scope_of
from .translation import _

CREDIT_IN_DOLLARS = 0.01
DEFAULT_TIME_ZONE = "UTC"
# The parts of the summary, in the order the panel shows them.
PARTS = ("account", "credits", "compute")
# Facts behind them: identity and organization hold as long as the credential does.
VERIFY = "verify"
CONTEXT = "context"
CREDITS = "credits"
USAGE = "usage"
# This month's compute hours are asked at most this often.
USAGE_SECONDS = 5 * 60
# A poll may come a little early (timers, another tab): credits this close to the browser's
# interval count as due.
CREDITS_DUE_SHARE = 0.9
# The settings' longest refresh interval, in seconds.
MAX_AGE_LIMIT = 24 * 60 * 60
# Refusals that mean "not for this kind of credential", not "something broke".
_REFUSED = {401, 403, 404}
# An IANA name: ZoneInfo itself refuses paths, this keeps odd input from reaching it at all.
_TIME_ZONE = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+){0,2}")


class AccountService:
    def __init__(
        self,
        store: CredentialStore,
        client_for: Callable[[str], AccountClient],
        configured_api_url: str | None,
        account_url: str,
    ):
        self.store = store
        self.client_for = client_for
        self.connections = ConnectionResolver(store, configured_api_url)
        self.account_url = account_url.rstrip("/")
        # Every fact read upstream, shared by all tabs and requests of one credential.
        self.facts = FactCache()

    @property
    def configured_api_url(self) -> str | None:
        """The deployment's `c.QbraidAccount.api_url`."""
        return self.connections.deployment_url

    @configured_api_url.setter
    def configured_api_url(self, url: str | None) -> None:
        self.connections.deployment_url = url

    def connection(self) -> Connection:
        return self.connections.resolve()

    def compute_for(self, api_url: str) -> ComputeClient:
        return ComputeClient(self.client_for(api_url))

    def links(self) -> dict[str, str]:
        return {
            "account": self.account_url,
            "wallet": f"{self.account_url}/billing",
            "apiKeys": f"{self.account_url}/api-keys",
        }

    async def summary(
        self,
        time_zone: Any = DEFAULT_TIME_ZONE,
        parts: Any = None,
        fresh: bool = False,
        max_age: Any = None,
    ) -> dict[str, Any]:
        """The summary's `parts` (default all), each from the fact cache with its age.

        `fresh`: a refresh by hand, every part asked goes upstream now. Otherwise facts that
        are unknown (never fetched, or their credential was refused) or failed last time are
        fetched, and of the others that are due only the one fetched longest ago: a poll of
        healthy facts costs one upstream call at most.
        `max_age`: the browser's refresh interval in seconds, how old the credits may be.
        """
        zone = checked_time_zone(time_zone)
        wanted = checked_parts(parts)
        connection = self.connection()
        credential = connection.credential
        # An access token in effect is no problem: the panel's key section says what it
        # means from `credential`, so it is not repeated as a warning here.
        notices = [_notice(text) for text in connection.notices + connection.state.problems]
        key = connection.key
        result: dict[str, Any] = {
            "configured": credential is not None,
            "apiUrl": connection.api_url,
            "apiUrlSource": connection.api_url_source,
            "credential": credential.to_json() if credential else None,
            "key": {"hint": key_hint(key.api_key), "source": key.source} if key else None,
            "links": self.links(),
            "notices": notices,
            "fetchedAt": _now(),
            # The frontend compares it with its own: a half-upgraded install says so.
            "serverVersion": __version__,
        }
        if credential is None:
            self.facts.drop_other_scopes(())
            return result

        scope = scope_of(connection.api_url, credential.secret)
        # Facts of an earlier credential are of no use, and must not be shown for this one.
        self.facts.drop_other_scopes((scope,))
        plan = self._plan(connection, wanted, zone, checked_max_age(max_age))
        due = self._due_now(scope, plan, fresh)
        names = list(plan)
        answers = await asyncio.gather(
            *(
                self.facts.get(scope, name, plan[name][0], force=True)
                if name in due
                else _served(self.facts.peek(scope, name))
                for name in names
            )
        )
        facts = dict(zip(names, answers, strict=True))
        if "account" in wanted:
            result["account"] = _account_part(facts[VERIFY], facts[CONTEXT])
        if "credits" in wanted:
            result["credits"] = _credits_part(facts[CREDITS])
        if "compute" in wanted:
            verification = self.facts.peek(scope, VERIFY)
            result["compute"] = _compute_part(facts[(USAGE, zone)], zone, credential, verification)
        return result

    def _plan(
        self,
        connection: Connection,
        wanted: tuple[str, ...],
        zone: str,
        credits_age: float,
    ) -> dict[Hashable, tuple[Callable[[], Awaitable[Any]], float]]:
        """Each fact the parts need: how to fetch it and how long it holds."""
        credential = connection.credential
        assert credential is not None
        client = self.client_for(connection.api_url)
        compute = ComputeClient(client)
        plan: dict[Hashable, tuple[Callable[[], Awaitable[Any]], float]] = {}
        if "account" in wanted:
            plan[VERIFY] = (lambda: client.verify(credential), FOREVER)
            plan[CONTEXT] = (lambda: client.organization_context(credential), FOREVER)
        if "credits" in wanted:
            plan[CREDITS] = (lambda: client.credits_balance(credential), credits_age)
        if "compute" in wanted:
            plan[(USAGE, zone)] = (lambda: compute.usage(credential, zone), USAGE_SECONDS)
        return plan

    def _due_now(
        self,
        scope: Hashable,
        plan: dict[Hashable, tuple[Callable[[], Awaitable[Any]], float]],
        fresh: bool,
    ) -> set[Hashable]:
        """What this request asks upstream: all of it when fresh; else what is unknown or
        failed last time, and of the facts merely due, the one fetched longest ago."""
        if fresh:
            return set(plan)
        due = {name for name, (_, ttl) in plan.items() if self.facts.is_due(scope, name, ttl)}
        # Unknown, or failed last time (the browser's poll backs off while that lasts).
        must = {name for name in due if not _healthy(self.facts.peek(scope, name))}
        renew = [name for name in due if name not in must]
        if renew:
            must.add(min(renew, key=lambda name: self.facts.peek(scope, name).fetched_at or 0.0))
        return must

    async def set_key(self, api_key: Any) -> dict[str, Any]:
        """Check a pasted key with qBraid (the key itself, where it belongs), then make it active."""
        if not is_valid_api_key(api_key):
            raise InvalidRequest(_(INVALID_KEY_MESSAGE))
        connection = self.connection()
        key_url = key_api_url(api_key)
        check_url, check_source = self.connections.api_url(connection.state.file_url, key_url)[:2]
        try:
            verification = await self.client_for(check_url).verify(pasted_key(api_key))
        except AccountApiError as error:
            if error.kind == errors.KEY_REJECTED:
                raise AccountApiError(
                    errors.KEY_REJECTED,
                    _(
                        "qBraid did not accept this key: it may be mistyped, rotated or revoked. "
                        "Nothing was changed."
                    ),
                    error.upstream_status,
                    code=error.code,
                ) from None
            raise error.reworded(
                _("{error} The key was not checked, so nothing was changed.").format(
                    error=error.message
                )
            ) from None
        notices = [_notice(text) for text in connection.notices]
        if key_url and key_url != connection.api_url:
            notices.append(_notice(white_label_notice(key_url, check_url, check_source)))
        outcome = self.store.save(api_key, key_url or check_url)
        credential = connection.credential
        if credential is not None and credential.kind == ACCESS_TOKEN:
            notices.append(_notice(token_in_effect(credential)))
        return {
            "key": {
                "hint": key_hint(api_key),
                "source": "qbraidrc" if outcome.file_saved else "environment",
            },
            "email": verification.email,
            "savedToFile": outcome.file_saved,
            "configFile": str(self.store.path),
            "notices": notices + [_notice(problem) for problem in outcome.problems],
        }

    def forget_key(self) -> dict[str, Any]:
        """Stop using the active key in Lab; the key itself stays valid at qBraid."""
        outcome = self.store.clear()
        return {
            "removedFromFile": outcome.file_saved,
            "notices": [_notice(problem) for problem in outcome.problems],
        }


async def _served(fact: Fact) -> Fact:
    """A fact served from the cache, in the same gather as those asked upstream."""
    return fact


def _healthy(fact: Fact) -> bool:
    return fact.known and fact.error is None


def _failed(error: AccountApiError) -> dict[str, Any]:
    return {"ok": False, "error": error.to_json()}


def _stale(part: dict[str, Any], error: AccountApiError) -> dict[str, Any]:
    """The last good part, kept, with the error of the refresh that failed."""
    return {
        "ok": False,
        "error": error.to_json(),
        "stale": True,
        "data": part["data"],
        "fetchedAt": part["fetchedAt"],
    }


def _part(fact: Fact, build: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    if not fact.known:
        assert fact.error is not None
        return _failed(fact.error)
    part = {"ok": True, "data": build(fact.value), "fetchedAt": fact.fetched_at_iso()}
    return _stale(part, fact.error) if fact.error is not None else part


def _account_part(verification: Fact, context: Fact) -> dict[str, Any]:
    # The context is optional: refused or broken, it leaves the organization's name unknown.
    organization = context.value if context.known else None

    def build(user: Any) -> dict[str, Any]:
        return {
            "userId": user.user_id,
            "userName": user.user_name,
            "email": user.email,
            "roles": user.roles,
            "organizationId": user.organization_id,
            "organizationName": organization.name if organization else None,
            "organizationRole": organization.role if organization else None,
            "tier": user.tier,
        }

    return _part(verification, build)


def _credits_part(balance: Fact) -> dict[str, Any]:
    def build(value: Any) -> dict[str, Any]:
        return {
            "qbraidCredits": value.qbraid_credits,
            "usd": round(value.qbraid_credits * CREDIT_IN_DOLLARS, 2),
            "awsCredits": value.aws_credits,
            "autoRecharge": value.auto_recharge,
        }

    return _part(balance, build)


def _compute_part(
    usage: Fact, zone: str, credential: Credential, verification: Fact
) -> dict[str, Any]:
    error = usage.error
    if error is not None and error.upstream_status in _REFUSED:
        # A credential qBraid accepts (its identity is known, or this was no 401) that may
        # not read the hours: say so, not "something failed".
        key_accepted = verification.error is None and error.upstream_status != 401
        if key_accepted:
            usage = Fact(
                usage.value,
                usage.fetched_at,
                AccountApiError(
                    errors.FORBIDDEN,
                    credential.worded(
                        _("Compute hours are not available for this access token."),
                        _("Compute hours are not available for this API key."),
                    ),
                    error.upstream_status,
                    code=error.code,
                ),
            )

    def build(report: Any) -> dict[str, Any]:
        # The usage route serves the rest of the same answer (the days) from this fact.
        hours = report.hours
        return {
            "used": hours.used,
            "total": hours.total,
            "remaining": hours.remaining,
            "renewsAt": renews_at(zone),
            "timeZone": zone,
        }

    return _part(usage, build)


def checked_parts(value: Any) -> tuple[str, ...]:
    """The parts asked for (`account,credits,compute`, any of them); none or unknown: all."""
    if not isinstance(value, str) or not value.strip():
        return PARTS
    asked = {name.strip() for name in value.split(",")}
    unknown = asked - set(PARTS)
    if unknown:
        raise InvalidRequest(
            _("Unknown summary part: {part}. Ask for {parts}.").format(
                part=repr(sorted(unknown)[0][:20]), parts=", ".join(PARTS)
            )
        )
    return tuple(name for name in PARTS if name in asked)


def checked_max_age(value: Any) -> float:
    """How old the credits may be: the browser's refresh interval (seconds); else 0,
    fetched at each request."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return 0.0
    if not 0 < seconds <= MAX_AGE_LIMIT:
        return 0.0
    return seconds * CREDITS_DUE_SHARE


def checked_time_zone(value: Any) -> str:
    """The browser's IANA time zone if this server knows it, else UTC."""
    if not isinstance(value, str) or len(value) > 64 or not _TIME_ZONE.fullmatch(value):
        return DEFAULT_TIME_ZONE
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return DEFAULT_TIME_ZONE
    return value


def renews_at(zone: str, now: datetime | None = None) -> str:
    """When compute hours renew: the start of next month, midnight in that zone, in UTC."""
    local = (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(zone))
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    start = datetime(year, month, 1, tzinfo=ZoneInfo(zone))
    return _instant(start)


def token_in_effect(credential: Credential) -> str:
    if credential.source == "qbraidrc":
        return _(
            "qBraid's SDK in this Lab keeps using the access token from the qbraidrc; "
            "the API key is used by kernels that read QBRAID_API_KEY."
        )
    return _(
        "qBraid's SDK in this Lab keeps using the access token from QBRAID_ACCESS_TOKEN; "
        "the API key is used by kernels that read QBRAID_API_KEY."
    )


def white_label_notice(key_url: str, check_url: str, check_source: str) -> str:
    text = _("This key belongs to {url}: the qbraidrc's url now points there.").format(url=key_url)
    if check_url != key_url:
        # Only a deployment's or the environment's URL outranks the one a key carries.
        still = (
            _("This Lab still talks to {url}, set by its deployment.")
            if check_source == "deployment"
            else _("This Lab still talks to {url}, set by its environment.")
        )
        text += " " + still.format(url=check_url)
    return text


def _notice(message: str) -> dict[str, str]:
    return {"level": "warning", "message": message}


def _instant(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _now() -> str:
    return _instant(datetime.now(timezone.utc))
