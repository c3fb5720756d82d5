"""A typed async client of the qBraid account API (see docs: the account API contract)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode

from tornado.httpclient import HTTPRequest, HTTPResponse

from . import errors
from .api_key_format import is_valid_api_key
from .connection import API_KEY, Credential
from .errors import AccountApiError, InvalidRequest
from .http_json import CLOSED, NO_CONNECTION, TIMED_OUT, JsonHttp, NoAnswer, error_message, scrub
from .timestamps import parse_iso
from .translation import _

# What may stand in a URL path segment as a key id: no '/', '.', '%' or '?' to escape with.
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_KEY_STATUSES = ("active", "inactive")
# An upstream error code is shown to the person: keep it to what codes look like.
_ERROR_CODE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def is_valid_key_id(value: object) -> bool:
    return isinstance(value, str) and _KEY_ID.fullmatch(value) is not None


@dataclass
class Verification:
    user_id: str
    user_name: str
    email: str
    organization_id: str
    roles: list[str]
    tier: str | None


@dataclass
class CreditsBalance:
    qbraid_credits: float
    aws_credits: float
    auto_recharge: bool
    organization_id: str | None


@dataclass
class OrganizationContext:
    organization_id: str
    name: str | None
    role: str | None


@dataclass
class KeyRecord:
    """An API key as the service lists it; never the secret."""

    id: str
    name: str
    hint: str
    status: str
    scopes: list[str]
    created_at: str
    last_used_at: str | None
    request_count: int

    def to_json(self) -> dict[str, Any]:
        """The contract's record shape."""
        return {
            "id": self.id,
            "name": self.name,
            "hint": self.hint,
            "status": self.status,
            "scopes": list(self.scopes),
            "createdAt": self.created_at,
            "lastUsedAt": self.last_used_at,
            "usage": {"requestCount": self.request_count},
        }


@dataclass
class NewSecret:
    """A key just created or rotated, with the secret the service shows only this once."""

    record: KeyRecord
    secret: str = field(repr=False)


class AccountClient:
    def __init__(
        self,
        base_url: str,
        timeout: float,
        user_agent: str,
        max_clients: int = 64,
        known_secrets: Callable[[], Iterable[str]] = tuple,
    ):
        # Every key this server knows, not only the one a call uses, is kept out of messages.
        self._known_secrets = known_secrets
        self._http = JsonHttp(base_url, timeout, user_agent, max_clients)

    @property
    def base_url(self) -> str:
        return self._http.base_url

    def _secrets(self, credential: Credential) -> tuple[str, ...]:
        return (credential.secret, *self._known_secrets())

    def close(self) -> None:
        self._http.close()

    async def verify(self, credential: Credential) -> Verification:
        data = _expect_object(
            await self.request("GET", "/users/verify", credential),
            _("The qBraid API's user answer is not an object."),
        )
        if data.get("valid") is False:
            raise AccountApiError(
                errors.KEY_REJECTED,
                credential.worded(
                    _("The qBraid API says this access token is not valid."),
                    _("The qBraid API says this API key is not valid."),
                ),
                401,
            )
        return Verification(
            user_id=_string(data, "userId"),
            user_name=_string(data, "userName", required=False) or "",
            # qBraid's client falls back to `email` where `userEmail` is absent.
            email=_string(data, "userEmail", required=False) or _string(data, "email"),
            organization_id=_string(data, "organizationId"),
            roles=[str(role) for role in data.get("userRoles") or []],
            tier=_string(data, "subscriptionTier", required=False),
        )

    async def credits_balance(self, credential: Credential) -> CreditsBalance:
        data = _expect_object(
            await self.request("GET", "/billing/credits/balance", credential),
            _("The qBraid API's credits answer is not an object."),
        )
        return CreditsBalance(
            qbraid_credits=_number(data, "qbraidCredits"),
            aws_credits=_number(data, "awsCredits", default=0.0),
            auto_recharge=_boolean(data.get("autoRecharge")),
            organization_id=_string(data, "organizationId", required=False),
        )

    async def organization_context(self, credential: Credential) -> OrganizationContext:
        """The current organization's display name and this user's role in it."""
        data = _expect_object(
            await self.request("GET", "/users/context", credential),
            _("The qBraid API's context answer is not an object."),
        )
        organizations = data.get("organizations")
        current = data.get("currentOrganizationId")
        if not isinstance(organizations, dict) or not isinstance(current, str):
            raise _malformed_field("organizations")
        organization = organizations.get(current)
        if not isinstance(organization, dict):
            raise _malformed_field(f"organizations.{current}")
        roles = organization.get("roles")
        role = organization.get("role")
        if isinstance(roles, list) and roles and isinstance(roles[0], str):
            role = roles[0]
        return OrganizationContext(
            organization_id=current,
            name=_string(organization, "name", required=False),
            role=role if isinstance(role, str) and role else None,
        )

    async def create_key(
        self, credential: Credential, name: str, scopes: list[str] | None = None
    ) -> NewSecret:
        body: dict[str, Any] = {"name": name}
        if scopes is not None:
            body["scopes"] = scopes
        return _new_secret(await self.request("POST", "/api-keys", credential, body))

    async def rotate_key(self, credential: Credential, key_id: str) -> NewSecret:
        # An empty object: tornado sends no POST without a body.
        return _new_secret(
            await self.request("POST", f"{_key_path(key_id)}/rotate", credential, {})
        )

    async def revoke_key(self, credential: Credential, key_id: str) -> None:
        """Returns once the service has confirmed that this very key is revoked."""
        data = _expect_object(
            await self.request("DELETE", _key_path(key_id), credential),
            _("The qBraid API's revocation answer is not an object."),
        )
        if data.get("status") != "revoked":
            raise _malformed_field("status")
        if data.get("id") != key_id:
            raise _malformed_field("id")

    async def request(
        self,
        method: str,
        path: str,
        credential: Credential,
        body: Any = None,
        query: dict[str, str] | None = None,
        bare: bool = False,
    ) -> Any:
        """Send one call and answer the envelope's `data`, or raise AccountApiError.

        `bare`: also take a body without the envelope as the data, where qBraid's client
        does (`resp.get("data", resp)`).
        """
        if query:
            path += "?" + urlencode(query)
        response = await self._fetch(self._http_request(method, path, credential, body))
        return _parse_envelope(response, self._secrets(credential), credential, bare)

    def _http_request(
        self, method: str, path: str, credential: Credential, body: Any = None
    ) -> HTTPRequest:
        headers = {credential.header: credential.secret, "X-Domain": "qbraid"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        # The platform's POST and DELETE routes take no body; tornado wants one for a POST.
        if body is None and method in ("POST", "PUT", "PATCH"):
            body_bytes: str | None = ""
        else:
            body_bytes = None if body is None else json.dumps(body)
        return self._http.request(method, path, headers, body_bytes)

    async def _fetch(self, request: HTTPRequest) -> HTTPResponse:
        try:
            return await self._http.fetch(request)
        except NoAnswer as failure:
            if failure.cause == TIMED_OUT:
                raise AccountApiError(
                    errors.TIMEOUT,
                    _("The qBraid API did not answer within {seconds} s.").format(
                        seconds=f"{self._http.timeout:g}"
                    ),
                ) from None
            if failure.cause == CLOSED:
                message = _("The qBraid API at {url} closed the connection without answering.")
            elif failure.cause == NO_CONNECTION:
                message = _("The qBraid API at {url} could not be reached ({reason}).")
            else:
                message = _("The qBraid API could not be reached ({reason}).")
            raise AccountApiError(
                errors.UNREACHABLE, message.format(url=self.base_url, reason=failure.reason)
            ) from None


def pasted_key(api_key: str) -> Credential:
    """A key that is not (yet) Lab's, as a credential for checking it."""
    return Credential(API_KEY, api_key, "pasted")


def _parse_envelope(
    response: HTTPResponse, secrets: tuple[str, ...], credential: Credential, bare: bool
) -> Any:
    raw = response.body or b""
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = None
        if response.code < 400:
            raise AccountApiError(
                errors.MALFORMED,
                _("The qBraid API answered with something that is not JSON."),
                response.code,
            ) from None
    if response.code >= 400:
        raise _status_error(response, body, raw, secrets, credential)
    if isinstance(body, dict) and body.get("success") is True and "data" in body:
        return body["data"]
    if bare and isinstance(body, dict) and body.get("success") is not False:
        return body.get("data", body)
    raise AccountApiError(
        errors.MALFORMED,
        _("The qBraid API answered without the expected {envelope} envelope.").format(
            envelope="{success, data}"
        ),
        response.code,
    )


def _status_error(
    response: HTTPResponse,
    body: Any,
    raw: bytes,
    secrets: tuple[str, ...],
    credential: Credential,
) -> AccountApiError:
    status = response.code
    upstream = scrub(error_message(body, raw), secrets, "[key]")
    code = _code_of(body)
    if status == 401:
        kind, summary = (
            errors.KEY_REJECTED,
            credential.worded(
                _("qBraid rejected the access token ({detail})."),
                _("qBraid rejected the API key ({detail})."),
            ),
        )
    elif status == 403:
        kind, summary = (
            errors.FORBIDDEN,
            credential.worded(
                _("qBraid refused this request for the access token ({detail})."),
                _("qBraid refused this request for the API key ({detail})."),
            ),
        )
    elif status == 404:
        kind, summary = (
            errors.NOT_FOUND,
            credential.worded(
                _("qBraid has no such resource for this access token ({detail})."),
                _("qBraid has no such resource for this API key ({detail})."),
            ),
        )
    elif status == 429:
        kind, summary = errors.RATE_LIMITED, _("qBraid is limiting requests ({detail}).")
    elif status >= 500:
        kind, summary = errors.SERVER_ERROR, _("The qBraid API failed ({detail}).")
    else:
        kind, summary = errors.REJECTED, _("qBraid refused the request ({detail}).")
    retry_after = (
        _retry_after(response.headers.get("Retry-After")) if status in (429, 503) else None
    )
    detail = f"{status} {code}" if code else str(status)
    if upstream:
        detail += f": {upstream}"
    # The wait a Retry-After asks for is `retry_after`, not words in the message: the
    # panel counts it down on its Retry button, where a number in the text would freeze.
    message = summary.format(detail=detail)
    return AccountApiError(kind, message, status, retry_after, code)


def _code_of(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    code = error.get("code") if isinstance(error, dict) else body.get("code")
    return code if isinstance(code, str) and _ERROR_CODE.fullmatch(code) else None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _expect_object(data: Any, message: str) -> dict:
    """`data` if it is an object; else `message` (which says whose answer) as the error."""
    if not isinstance(data, dict):
        raise AccountApiError(errors.MALFORMED, message)
    return data


def _string(data: dict, name: str, required: bool = True) -> str | None:
    value = data.get(name)
    if isinstance(value, str) and value:
        return value
    if required:
        raise _malformed_field(name)
    return None


def _number(data: dict, name: str, default: float | None = None) -> float:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        if value is None and default is not None:
            return default
        raise _malformed_field(name)
    try:
        return float(value)
    except ValueError:
        raise _malformed_field(name) from None


def _boolean(value: Any) -> bool:
    # The contract allows the string form ("true"/"false") too.
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value)


def _key_path(key_id: str) -> str:
    if not is_valid_key_id(key_id):
        raise InvalidRequest(_("That is not a qBraid API key id."))
    return f"/api-keys/{key_id}"


def key_records(data: list) -> list[KeyRecord]:
    """The records of GET /api-keys; a record that breaks the contract is an error."""
    return [_key_record(item) for item in data]


def _key_record(data: Any) -> KeyRecord:
    data = _expect_object(data, _("The qBraid API's key record answer is not an object."))
    key_id = data.get("id")
    if not is_valid_key_id(key_id):
        raise _malformed_field("id")
    status = data.get("status")
    if status not in _KEY_STATUSES:
        raise _malformed_field("status")
    scopes = data.get("scopes")
    if not isinstance(scopes, list) or not all(isinstance(scope, str) for scope in scopes):
        raise _malformed_field("scopes")
    last_used = data.get("lastUsedAt")
    usage = data.get("usage")
    count = usage.get("requestCount") if isinstance(usage, dict) else None
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise _malformed_field("usage.requestCount")
    return KeyRecord(
        id=key_id,
        name=_string(data, "name"),
        hint=_string(data, "hint"),
        status=status,
        scopes=scopes,
        created_at=_timestamp(data, "createdAt"),
        last_used_at=None if last_used is None else _timestamp(data, "lastUsedAt"),
        request_count=count,
    )


def _new_secret(data: Any) -> NewSecret:
    data = _expect_object(data, _("The qBraid API's new key answer is not an object."))
    secret = data.get("key")
    if not is_valid_api_key(secret):
        # Never echoed: whatever came back may still be a secret.
        raise AccountApiError(
            errors.MALFORMED,
            _("The qBraid API's answer has no usable 'key': the secret is not a valid API key."),
        )
    return NewSecret(_key_record(data), secret)


def _timestamp(data: dict, name: str) -> str:
    value = _string(data, name)
    try:
        parse_timestamp(value)
    except ValueError:
        raise _malformed_field(name) from None
    return value


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 time from the API; one without a zone is taken as UTC."""
    moment = parse_iso(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _malformed_field(name: str) -> AccountApiError:
    return AccountApiError(
        errors.MALFORMED,
        _("The qBraid API's answer has no usable '{field}'.").format(field=name),
    )
