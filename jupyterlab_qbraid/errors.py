"""The one error type that carries a failed call (to the account API or to JupyterHub) up to the browser."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass
class AccountApiError(Exception):
    kind: str
    message: str
    upstream_status: int | None = None
    retry_after: float | None = None
    # The upstream's own error code (error.code), e.g. BAD_STATE.
    code: str | None = None

    def __str__(self) -> str:
        return self.message

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
        if self.kind in (NOT_CONFIGURED, BUSY, NOT_UNDER_HUB, STOP_UNSUPPORTED):
            return 409
        if self.kind == RATE_LIMITED:
            return 429
        if self.kind == TIMEOUT:
            return 504
        return 502
