"""The emulator's tornado application: the account API under /api/v1 and admin routes.

Handlers are thin: check the request, call the store, answer with a record from views.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from tornado.log import access_log
from tornado.web import Application, HTTPError, RequestHandler

from . import validation, views
from .faults import FaultRules
from .hub import HubError, HubTokenIssuer
from .requestlog import RequestLog, redact_path
from .seed import DEFAULT_SCOPES, create_account
from .store import ApiKey, ConflictError, Store

API_PREFIX = "/api/v1"
ADMIN_PREFIX = "/__emulator__"

AUTH_REQUIRED = "Authentication required."
NOT_A_MEMBER = "User is not a member of this organization."
ORGANIZATION_REQUIRED = "Organization context required."
NO_LAB = "No Lab deployment."
KEY_NOT_FOUND = "API key not found."
LOOPBACK_ONLY = "The emulator's admin routes answer loopback clients only."

log = logging.getLogger(__name__)


@dataclass
class Emulator:
    """Everything the handlers share."""

    store: Store
    faults: FaultRules = field(default_factory=FaultRules)
    requests: RequestLog = field(default_factory=RequestLog)
    hub: HubTokenIssuer | None = None


class ApiError(HTTPError):
    """An error answered as ``{"success": false, "message": message}``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status)
        self.message = message


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
        message = error.message if isinstance(error, ApiError) else None
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(views.error_body(status_code, message)))

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
        except ValueError as err:
            raise ApiError(400, str(err)) from None


class ApiHandler(JsonHandler):
    """Base of /api/v1 routes: faults first, then the API key, and a log entry at the end."""

    auth_required = True
    caller: ApiKey

    @property
    def sent_key(self) -> str | None:
        return self.request.headers.get("X-API-Key") or None

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
            caller = self.emulator.store.authenticate(self.sent_key)
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
        )


class VerifyHandler(ApiHandler):
    def get(self) -> None:
        store = self.emulator.store
        user = store.get_user(self.caller.user_id)
        membership = store.get_membership(self.caller.user_id, self.caller.organization_id)
        assert user is not None and membership is not None
        self.write_data(views.verify_data(user, membership, self.caller))


class BalanceHandler(ApiHandler):
    def get(self) -> None:
        requested = self.get_query_argument("organizationId", None)
        if requested == "":
            raise ApiError(400, ORGANIZATION_REQUIRED)
        if requested is not None and requested != self.caller.organization_id:
            raise ApiError(404, NOT_A_MEMBER)
        organization = self.emulator.store.get_organization(self.caller.organization_id)
        assert organization is not None
        self.write_data(views.balance_data(organization, self.caller.user_id))


class ContextHandler(ApiHandler):
    def get(self) -> None:
        store = self.emulator.store
        user = store.get_user(self.caller.user_id)
        assert user is not None
        organizations = store.user_organizations(user.id)
        self.write_data(views.context_data(user, organizations, self.caller.organization_id))


class ComputeTokenHandler(ApiHandler):
    async def get(self) -> None:
        hub = self.emulator.hub
        if hub is None:
            raise ApiError(404, NO_LAB)
        user = self.emulator.store.get_user(self.caller.user_id)
        assert user is not None
        try:
            model = await hub.issue(user.user_name)
        except HubError as err:
            log.warning("Hub token for %s failed: %s", user.user_name, err)
            raise ApiError(502, str(err)) from None
        # The platform answers this route without the envelope.
        self.write_json({"token": model})


class JobsHandler(ApiHandler):
    """The emulator runs no jobs: every page is empty, and says so in ``pagination``."""

    def get(self) -> None:
        argument = self.get_query_argument
        page = self.checked(validation.positive_int, argument("page", None), "page", 1)
        limit = self.checked(
            validation.positive_int, argument("limit", None), "limit", 10, validation.MAX_PAGE_SIZE
        )
        # qBraid's Python client reads this field beside the envelope's data.
        pagination = views.jobs_pagination(page, limit, total=0)
        self.write_json({"success": True, "data": [], "pagination": pagination})


class KeysHandler(ApiHandler):
    def get(self) -> None:
        keys = self.emulator.store.list_keys(self.caller.user_id, self.caller.organization_id)
        self.write_data([views.key_record(key) for key in keys])

    def post(self) -> None:
        name, scopes = self.checked(validation.new_key, self.json_object(), DEFAULT_SCOPES)
        key, secret = self.emulator.store.create_key(
            self.caller.user_id, self.caller.organization_id, name, scopes
        )
        self.write_data({**views.key_record(key), "key": secret}, status=201)


class KeyHandler(ApiHandler):
    def get(self, key_id: str) -> None:
        key = self.emulator.store.get_key(key_id, self.caller.user_id, self.caller.organization_id)
        if key is None:
            raise ApiError(404, KEY_NOT_FOUND)
        self.write_data(views.key_record(key))

    def delete(self, key_id: str) -> None:
        if not self.emulator.store.revoke_key(
            key_id, self.caller.user_id, self.caller.organization_id
        ):
            raise ApiError(404, KEY_NOT_FOUND)
        self.write_data({"id": key_id, "status": "revoked"})


class KeyRotateHandler(ApiHandler):
    def post(self, key_id: str) -> None:
        rotated = self.emulator.store.rotate_key(
            key_id, self.caller.user_id, self.caller.organization_id
        )
        if rotated is None:
            raise ApiError(404, KEY_NOT_FOUND)
        key, secret = rotated
        self.write_data({**views.key_record(key), "key": secret})


class ApiNotFoundHandler(ApiHandler):
    """Unknown /api/v1 routes: 404, after faults so that a rule can match any path."""

    auth_required = False

    async def prepare(self) -> None:
        await super().prepare()
        if not self._finished:
            raise ApiError(404, "Not found.")


class AdminHandler(JsonHandler):
    def prepare(self) -> None:
        if not is_loopback(self.request.remote_ip):
            raise ApiError(403, LOOPBACK_ONLY)


class FaultsHandler(AdminHandler):
    def get(self) -> None:
        self.write_data([fault.describe() for fault in self.emulator.faults.active()])

    def post(self) -> None:
        fault = self.checked(self.emulator.faults.add, self.json_object())
        self.write_data(fault.describe(), status=201)

    def delete(self) -> None:
        self.emulator.faults.clear()
        self.write_data([])


class StateHandler(AdminHandler):
    def patch(self) -> None:
        organization_id, changes = self.checked(validation.state_changes, self.json_object())
        store = self.emulator.store
        organization = (
            store.get_organization(organization_id)
            if organization_id
            else store.first_organization()
        )
        if organization is None:
            raise ApiError(404, "Organization not found.")
        updated = store.update_organization(organization.id, changes)
        self.write_data(views.organization_state(updated))


class RequestsHandler(AdminHandler):
    def get(self) -> None:
        limit = self.checked(
            validation.positive_int, self.get_query_argument("limit", None), "limit", None
        )
        self.write_data(self.emulator.requests.entries(limit))

    def delete(self) -> None:
        self.emulator.requests.clear()
        self.write_data([])


class UsersHandler(AdminHandler):
    def post(self) -> None:
        account = self.checked(validation.new_account, self.json_object())
        try:
            user_id, organization_id, secret = create_account(self.emulator.store, **account)
        except ConflictError as err:
            raise ApiError(409, str(err)) from None
        self.write_data(
            {"userId": user_id, "organizationId": organization_id, "apiKey": secret}, status=201
        )


class NotFoundHandler(JsonHandler):
    def prepare(self) -> None:
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


def make_app(emulator: Emulator) -> Application:
    args = {"emulator": emulator}
    api_routes: list[tuple[str, type[RequestHandler]]] = [
        (r"/users/verify", VerifyHandler),
        (r"/users/context", ContextHandler),
        (r"/billing/credits/balance", BalanceHandler),
        (r"/lab/compute/tokens", ComputeTokenHandler),
        (r"/jobs", JobsHandler),
        (r"/api-keys", KeysHandler),
        (r"/api-keys/([^/]+)", KeyHandler),
        (r"/api-keys/([^/]+)/rotate", KeyRotateHandler),
        (r"(?:/.*)?", ApiNotFoundHandler),
    ]
    admin_routes: list[tuple[str, type[RequestHandler]]] = [
        (r"/faults", FaultsHandler),
        (r"/state", StateHandler),
        (r"/requests", RequestsHandler),
        (r"/users", UsersHandler),
    ]
    routes = [(API_PREFIX + path, handler, args) for path, handler in api_routes]
    routes += [(ADMIN_PREFIX + path, handler, args) for path, handler in admin_routes]
    return Application(
        routes,
        default_handler_class=NotFoundHandler,
        default_handler_args=args,
        log_function=log_request,
    )
