"""What the routes ask for: the account summary and setting the active key.

Kept apart from the handlers so it can be tested without a Jupyter server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlparse

from . import errors
from .account_client import PRODUCTION_API_URL, AccountClient
from .api_key_format import is_valid_api_key, key_hint
from .credentials import CredentialStore
from .errors import AccountApiError

CREDIT_IN_DOLLARS = 0.01
# Context refusals that mean "not for this kind of key", not "something broke".
_CONTEXT_REFUSED = {401, 403, 404}


def is_legacy_url(url: str) -> bool:
    """The retired platform: api.qbraid.com/api, with its own header and bodies."""
    parsed = urlparse(url)
    return parsed.hostname == "api.qbraid.com" and not parsed.path.rstrip("/").endswith("/v1")


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
        self.configured_api_url = configured_api_url
        self.account_url = account_url.rstrip("/")
        # Summaries asked for at the same time (many tabs, one key) share their upstream calls.
        self._in_flight: dict[tuple[str, str], asyncio.Future[tuple[Any, Any, Any]]] = {}

    def api_url(self, file_url: str | None) -> tuple[str, list[dict]]:
        """The API to talk to: configured, else the qbraidrc's url, else production."""
        if self.configured_api_url:
            return self.configured_api_url, []
        if file_url and is_legacy_url(file_url):
            return PRODUCTION_API_URL, [
                _notice(
                    f"The qbraidrc points at the legacy qBraid API ({file_url}); "
                    f"using {PRODUCTION_API_URL} instead."
                )
            ]
        return file_url or PRODUCTION_API_URL, []

    def links(self) -> dict[str, str]:
        return {
            "account": self.account_url,
            "wallet": f"{self.account_url}/billing",
            "apiKeys": f"{self.account_url}/api-keys",
        }

    async def summary(self) -> dict[str, Any]:
        state = self.store.state()
        api_url, notices = self.api_url(state.file_url)
        notices += [_notice(problem) for problem in state.problems]
        result: dict[str, Any] = {
            "configured": state.active is not None,
            "apiUrl": api_url,
            "links": self.links(),
            "notices": notices,
            "fetchedAt": _now(),
            "key": None,
        }
        if state.active is None:
            return result

        api_key = state.active.api_key
        result["key"] = {"hint": key_hint(api_key), "source": state.active.source}
        verification, balance, context = await self._upstream_parts(api_url, api_key)
        result["account"] = _account_part(verification, context)
        result["credits"] = _credits_part(balance)
        result["compute"] = _compute_part(
            context, key_accepted=not isinstance(verification, AccountApiError)
        )
        return result

    async def _upstream_parts(self, api_url: str, api_key: str) -> tuple[Any, Any, Any]:
        """Verify, balance and context, each an answer or its AccountApiError."""
        flight = (api_url, api_key)
        future = self._in_flight.get(flight)
        if future is None:
            client = self.client_for(api_url)
            future = asyncio.ensure_future(
                asyncio.gather(
                    _outcome(client.verify(api_key)),
                    _outcome(client.credits_balance(api_key)),
                    _outcome(client.organization_context(api_key)),
                )
            )
            self._in_flight[flight] = future
            future.add_done_callback(lambda _: self._in_flight.pop(flight, None))
        # Shielded: one caller going away does not cancel the calls the others wait for.
        return await asyncio.shield(future)

    async def set_key(self, api_key: Any) -> dict[str, Any]:
        """Validate a pasted key against the API, then make it the active one."""
        if not is_valid_api_key(api_key):
            raise AccountApiError(
                errors.INVALID_INPUT,
                "That is not a qBraid API key: it should be 32 to 64 letters, digits, '_', '.' or '-'.",
            )
        state = self.store.state()
        api_url, notices = self.api_url(state.file_url)
        try:
            verification = await self.client_for(api_url).verify(api_key)
        except AccountApiError as error:
            if error.kind == errors.KEY_REJECTED:
                raise AccountApiError(
                    errors.KEY_REJECTED,
                    "qBraid did not accept this key: it may be mistyped, rotated or revoked. Nothing was changed.",
                    error.upstream_status,
                ) from None
            raise AccountApiError(
                error.kind,
                f"{error.message} The key was not checked, so nothing was changed.",
                error.upstream_status,
                error.retry_after,
            ) from None
        outcome = self.store.save(api_key, api_url)
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
            "tier": organization.tier if organization else None,
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


def _compute_part(context: Any, key_accepted: bool) -> dict[str, Any]:
    if isinstance(context, AccountApiError):
        if key_accepted and context.upstream_status in _CONTEXT_REFUSED:
            return _failed(
                AccountApiError(
                    errors.FORBIDDEN,
                    "Compute hours are not available for this API key.",
                    context.upstream_status,
                )
            )
        return _failed(context)
    hours = context.compute_hours
    if hours is None:
        return _failed(
            AccountApiError(errors.NOT_FOUND, "This organization reports no compute hours.")
        )
    return {
        "ok": True,
        "data": {
            "used": hours.used,
            "quota": hours.quota,
            "remaining": max(0.0, hours.quota - hours.used),
            "renewalDate": hours.renewal_date,
        },
    }


def _notice(message: str) -> dict[str, str]:
    return {"level": "warning", "message": message}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
