"""The errors our routes answer with, one type for each place a failure comes from.

Every one carries a `kind` the frontend switches on and a message fit to show; the route
layer turns any QbraidError into the same JSON answer, whatever its type.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TypeVar

# Kinds the frontend switches on; keep in step with src/api.ts.
KEY_REJECTED = "key_rejected"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
RATE_LIMITED = "rate_limited"
SERVER_ERROR = "server_error"
REJECTED = "rejected"
TIMEOUT = "timeout"
UNREACHABLE = "unreachable"
MALFORMED = "malformed"
INVALID_INPUT = "invalid_input"
NOT_CONFIGURED = "not_configured"
BUSY = "busy"
# JupyterHub: the token lacks the scope for the call, the hub cannot be reached (or did not
# answer in time), or it answered with another error.
HUB_FORBIDDEN = "hub_forbidden"
HUB_UNREACHABLE = "hub_unreachable"
HUB_ERROR = "hub_error"
# Stopping through the hub was asked of a Lab that runs without one.
NOT_UNDER_HUB = "not_under_hub"
# An on-demand instance that qBraid says cannot be stopped, only terminated.
STOP_UNSUPPORTED = "stop_unsupported"
# The platform's limits of an on-demand instance were asked of a Lab that is none.
NOT_ON_DEMAND = "not_on_demand"

_Error = TypeVar("_Error", bound="QbraidError")


@dataclass
class QbraidError(Exception):
    kind: str
    message: str
    upstream_status: int | None = None
    retry_after: float | None = None
    # The upstream's own error code (error.code), e.g. BAD_STATE.
    code: str | None = None

    def __str__(self) -> str:
        return self.message

    def reworded(self: _Error, message: str) -> _Error:
        """The same failure, of the same type, told in other words."""
        return replace(self, message=message)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "message": self.message,
            "upstreamStatus": self.upstream_status,
            "retryAfter": self.retry_after,
            "code": self.code,
        }

    @property
    def http_status(self) -> int:
        """The status our own route answers with: gateway codes for upstream trouble."""
        if self.kind in (INVALID_INPUT, KEY_REJECTED):
            return 400
        if self.kind in (NOT_CONFIGURED, BUSY, NOT_UNDER_HUB, STOP_UNSUPPORTED, NOT_ON_DEMAND):
            return 409
        if self.kind == RATE_LIMITED:
            return 429
        if self.kind == TIMEOUT:
            return 504
        return 502


class AccountApiError(QbraidError):
    """The qBraid API refused, failed, did not answer, or answered outside its contract."""


class HubError(QbraidError):
    """JupyterHub refused, failed or did not answer (the hub kinds)."""


class Conflict(QbraidError):
    """The request is well formed, but Lab's state does not allow it now."""


@dataclass
class InvalidRequest(QbraidError):
    """What was sent to one of our routes is not acceptable; the message says why."""

    kind: str = field(default=INVALID_INPUT, init=False)
