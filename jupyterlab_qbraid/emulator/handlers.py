"""Base request handlers: JSON in the contract's envelope, errors in its error shape,
faults and authentication for /api/v1, loopback only for the admin routes."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from tornado.log import access_log
from tornado.web import HTTPError, RequestHandler

from .errors import AUTH_REQUIRED, ApiError, error_body
from .faults import FaultRules
from .hub import Hub
from .requestlog import RequestLog, redact_path
from .store import AccessToken, ApiKey, Store, User
from .validation import ValidationError

API_PREFIX = "/api/v1"
ADMIN_PREFIX = "/__emulator__"
LOOPBACK_ONLY = "The emulator's admin routes answer loopback clients only."

log = logging.getLogger("jupyterlab_qbraid.emulator.app")


@dataclass
class Emulator:
    """Everything the handlers share."""

    store: Store
    faults: FaultRules = field(default_factory=FaultRules)
    requests: RequestLog = field(default_factory=RequestLog)
    hub: Hub | None = None


def is_loopback(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback


class JsonHandler(RequestHandler):
    """JSON answers in the contract's envelope, and errors in its error shape."""

    def initialize(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def write_json(self, payload: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(payload))

    def write_data(self, data: Any, status: int = 200) -> None:
        self.write_json({"success": True, "data": data}, status)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(error, ApiError):
            body = error_body(status_code, error.message, error.code)
        else:
            body = error_body(status_code)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(body))

    def log_exception(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Tornado's own message includes the query string, which may hold a secret.
        if isinstance(value, HTTPError):
            return
        log.error(
            "Uncaught error on %s %s",
            self.request.method,
            redact_path(self.request.path),
            exc_info=(typ, value, tb),  # type: ignore[arg-type]
        )

    def json_object(self) -> dict[str, Any]:
        try:
            body = json.loads(self.request.body or b"")
        except ValueError:
            raise ApiError(400, "Request body must be JSON.") from None
        if not isinstance(body, dict):
            raise ApiError(400, "Request body must be a JSON object.")
        return body

    def checked(self, check: Any, *args: Any) -> Any:
        """Run a check that raises ValueError on bad input, turning the refusal into a 400."""
        try:
            return check(*args)
        except ValidationError as err:
            raise ApiError(400, str(err), err.code) from None
        except ValueError as err:
            raise ApiError(400, str(err), "VALIDATION_ERROR") from None


class ApiHandler(JsonHandler):
    """Base of /api/v1 routes: faults first, then the credential, and a log entry at the end.

    The credential is an access token (``X-Access-Token``) when one is sent, else an API key
    (``X-API-Key``); qBraid's client sends one or the other, never both.
    """

    auth_required = True
    caller: ApiKey | AccessToken

    @property
    def sent_key(self) -> str | None:
        return self.request.headers.get("X-API-Key") or None

    @property
    def sent_token(self) -> str | None:
        return self.request.headers.get("X-Access-Token") or None

    @property
    def caller_user(self) -> User:
        user = self.emulator.store.get_user(self.caller.user_id)
        assert user is not None
        return user

    async def prepare(self) -> None:
        relative_path = self.request.path[len(API_PREFIX) :]
        fault = self.emulator.faults.take(self.request.method or "", relative_path)
        if fault is not None:
            if fault.latency_ms:
                await asyncio.sleep(fault.latency_ms / 1000)
            if fault.drop:
                self._record(0)
                self.request.connection.close()
                # What finish() marks: Tornado then runs no handler method and writes nothing.
                self._finished = True
                return
            if fault.replaces_response:
                status, headers, body = fault.response()
                self.set_status(status)
                for name, value in headers.items():
                    self.set_header(name, value)
                self.finish(body)
                return
        if self.auth_required:
            store = self.emulator.store
            token = self.sent_token
            caller = (
                store.authenticate_access_token(token)
                if token
                else store.authenticate(self.sent_key)
            )
            if caller is None:
                raise ApiError(401, AUTH_REQUIRED)
            self.caller = caller

    def on_finish(self) -> None:
        self._record(self.get_status())

    def _record(self, status: int) -> None:
        """Into the request log; 0 for a connection closed without an answer."""
        self.emulator.requests.record(
            self.request.method or "",
            self.request.path,
            self.request.query_arguments,
            status,
            self.sent_key,
            self.sent_token,
        )


class AdminHandler(JsonHandler):
    def prepare(self) -> None:
        if not is_loopback(self.request.remote_ip):
            raise ApiError(403, LOOPBACK_ONLY)


class NotFoundHandler(JsonHandler):
    def prepare(self) -> None:
        raise ApiError(404, "Not found.")


class ApiNotFoundHandler(ApiHandler):
    """Unknown /api/v1 routes: 404, after faults so that a rule can match any path."""

    auth_required = False

    async def prepare(self) -> None:
        await super().prepare()
        if not self._finished:
            raise ApiError(404, "Not found.")


def log_request(handler: RequestHandler) -> None:
    """Access log without query strings, which may carry secrets."""
    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    access_log.log(
        level,
        "%d %s %s %.1fms",
        status,
        handler.request.method,
        redact_path(handler.request.path),
        1000 * handler.request.request_time(),
    )
