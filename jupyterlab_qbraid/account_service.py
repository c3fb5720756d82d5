"""What the routes ask for: the account summary and setting the active key.

Kept apart from the handlers so it can be tested without a Jupyter server.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import errors
from .account_client import AccountClient, pasted_key
from .api_key_format import INVALID_KEY_MESSAGE, is_valid_api_key, key_api_url, key_hint
from .compute_client import ComputeClient
from .connection import ACCESS_TOKEN, Connection, ConnectionResolver, Credential
from .credentials import CredentialStore
from .errors import AccountApiError, InvalidRequest

CREDIT_IN_DOLLARS = 0.01
DEFAULT_TIME_ZONE = "UTC"
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
        # Summaries asked for at the same time (many tabs, one credential) share their calls.
        self._in_flight: dict[tuple[str, str, str], asyncio.Future[tuple[Any, ...]]] = {}

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

    async def summary(self, time_zone: Any = DEFAULT_TIME_ZONE) -> dict[str, Any]:
        zone = checked_time_zone(time_zone)
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
        }
        if credential is None:
            return result

        verification, balance, context, usage = await self._upstream_parts(
            connection.api_url, credential, zone
        )
        result["account"] = _account_part(verification, context)
        result["credits"] = _credits_part(balance)
        result["compute"] = _compute_part(
            usage, zone, credential, key_accepted=not isinstance(verification, AccountApiError)
        )
        return result

    async def _upstream_parts(
        self, api_url: str, credential: Credential, zone: str
    ) -> tuple[Any, ...]:
        """Verify, balance, context and usage, each an answer or its AccountApiError."""
        flight = (api_url, credential.secret, zone)
        future = self._in_flight.get(flight)
        if future is None:
            client = self.client_for(api_url)
            compute = ComputeClient(client)
            future = asyncio.ensure_future(
                asyncio.gather(
                    _outcome(client.verify(credential)),
                    _outcome(client.credits_balance(credential)),
                    _outcome(client.organization_context(credential)),
                    _outcome(compute.usage(credential, zone)),
                )
            )
            self._in_flight[flight] = future
            future.add_done_callback(lambda _: self._in_flight.pop(flight, None))
        # Shielded: one caller going away does not cancel the calls the others wait for.
        return await asyncio.shield(future)

    async def set_key(self, api_key: Any) -> dict[str, Any]:
        """Check a pasted key with qBraid (the key itself, where it belongs), then make it active."""
        if not is_valid_api_key(api_key):
            raise InvalidRequest(INVALID_KEY_MESSAGE)
        connection = self.connection()
        key_url = key_api_url(api_key)
        check_url, check_source, _ = self.connections.api_url(connection.state.file_url, key_url)
        try:
            verification = await self.client_for(check_url).verify(pasted_key(api_key))
        except AccountApiError as error:
            if error.kind == errors.KEY_REJECTED:
                raise AccountApiError(
                    errors.KEY_REJECTED,
                    "qBraid did not accept this key: it may be mistyped, rotated or revoked. Nothing was changed.",
                    error.upstream_status,
                    code=error.code,
                ) from None
            raise error.reworded(
                f"{error.message} The key was not checked, so nothing was changed."
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


async def _outcome(call: Awaitable[Any]) -> Any:
    """The answer, or the AccountApiError it failed with, so one failure spares the others."""
    try:
        return await call
    except AccountApiError as error:
        return error


def _failed(error: AccountApiError) -> dict[str, Any]:
    return {"ok": False, "error": error.to_json()}


def _account_part(verification: Any, context: Any) -> dict[str, Any]:
    if isinstance(verification, AccountApiError):
        return _failed(verification)
    # The context is optional: refused or broken, it leaves the organization's name unknown.
    organization = context if not isinstance(context, AccountApiError) else None
    return {
        "ok": True,
        "data": {
            "userId": verification.user_id,
            "userName": verification.user_name,
            "email": verification.email,
            "roles": verification.roles,
            "organizationId": verification.organization_id,
            "organizationName": organization.name if organization else None,
            "organizationRole": organization.role if organization else None,
            "tier": verification.tier,
        },
    }


def _credits_part(balance: Any) -> dict[str, Any]:
    if isinstance(balance, AccountApiError):
        return _failed(balance)
    return {
        "ok": True,
        "data": {
            "qbraidCredits": balance.qbraid_credits,
            "usd": round(balance.qbraid_credits * CREDIT_IN_DOLLARS, 2),
            "awsCredits": balance.aws_credits,
            "autoRecharge": balance.auto_recharge,
        },
    }


def _compute_part(
    usage: Any, zone: str, credential: Credential, key_accepted: bool
) -> dict[str, Any]:
    if isinstance(usage, AccountApiError):
        if key_accepted and usage.upstream_status in _REFUSED:
            return _failed(
                AccountApiError(
                    errors.FORBIDDEN,
                    f"Compute hours are not available for this {credential.name}.",
                    usage.upstream_status,
                    code=usage.code,
                )
            )
        return _failed(usage)
    return {
        "ok": True,
        "data": {
            "used": usage.used,
            "total": usage.total,
            "remaining": usage.remaining,
            "renewsAt": renews_at(zone),
            "timeZone": zone,
        },
    }


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
    where = "the qbraidrc" if credential.source == "qbraidrc" else "QBRAID_ACCESS_TOKEN"
    return (
        f"qBraid's SDK in this Lab keeps using the access token from {where}; "
        "the API key is used by kernels that read QBRAID_API_KEY."
    )


def white_label_notice(key_url: str, check_url: str, check_source: str) -> str:
    text = f"This key belongs to {key_url}: the qbraidrc's url now points there."
    if check_url != key_url:
        text += f" This Lab still talks to {check_url}, set by its {check_source}."
    return text


def _notice(message: str) -> dict[str, str]:
    return {"level": "warning", "message": message}


def _instant(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _now() -> str:
    return _instant(datetime.now(timezone.utc))
