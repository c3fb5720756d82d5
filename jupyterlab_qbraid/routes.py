"""Thin handlers under {base_url}jupyterlab-qbraid/: parse, call the service, answer JSON."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler

from .account_service import AccountService
from .errors import InvalidRequest, QbraidError
from .guard.guard import LeakGuard
from .instance import InstanceService
from .instance_limits import checked_limits
from .kernels import KernelKeyInjector
from .key_management import KeyManager
from .lab_settings import LabSettings
from .stop_events import StopReason
from .translation import _
from .usage import UsageService

MAX_BODY_BYTES = 64 * 1024
F = TypeVar("F")

# Authorization (the deployment's Authorizer, asked by @authorized): every method is checked
# on one resource, "qbraid", for all of the extension's own state (key, account, keys, guard,
# instance) so that a deployment grants or refuses the extension as a whole, with the action
# jupyter_server derives from the HTTP method (GET: read; POST, PUT, DELETE: write). What
# reaches into Jupyter's own resources is checked there too, under jupyter_server's names, so
# what a deployment refuses there it refuses through us as well: code run in kernels is
# "execute" on "kernels", files read by a scan "read" on "contents", a notebook rewritten
# "write" on "contents", stopping this server "write" on "server".
RESOURCE = "qbraid"


def runs_in_kernels(method: F) -> F:
    """For routes that run code in kernels: injection, and every change of Lab's active key
    or of the kernel settings, which auto-inject follows into the running kernels."""
    return authorized("execute", resource="kernels")(method)


class QbraidHandler(APIHandler):
    auth_resource = RESOURCE

    def initialize(
        self,
        service: AccountService,
        keys: KeyManager,
        kernels: KernelKeyInjector,
        instance: InstanceService | None = None,
        guard: LeakGuard | None = None,
        lab_settings: LabSettings | None = None,
        usage: UsageService | None = None,
    ) -> None:
        self.service = service
        self.keys = keys
        self.kernels = kernels
        self.instance = instance
        self.guard = guard
        self.lab_settings = lab_settings
        self.usage = usage

    def answer(self, payload: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(payload))

    # Handlers just raise a QbraidError: Tornado's error path turns it into our JSON
    # answer, and it is not logged as a server fault.

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, QbraidError):
            super().log_exception(typ, value, tb)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        if not isinstance(error, QbraidError):
            super().write_error(status_code, **kwargs)
            return
        if error.retry_after is not None:
            self.set_header("Retry-After", str(int(error.retry_after)))
        self.answer({"error": error.to_json()}, error.http_status)

    def json_body(self) -> dict:
        """The request's JSON object, or an InvalidRequest that says what is wrong with it."""
        content_type = self.request.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type != "application/json":
            raise InvalidRequest(_("Send the request as application/json."))
        if len(self.request.body) > MAX_BODY_BYTES:
            raise InvalidRequest(_("The request is too large."))
        try:
            body = json.loads(self.request.body or b"")
        except (ValueError, RecursionError):
            # Nesting deep enough to exhaust the parser's recursion fits well under the size limit.
            raise InvalidRequest(_("The request is not valid JSON.")) from None
        if not isinstance(body, dict):
            raise InvalidRequest(_("The request must be a JSON object."))
        return body


class SummaryHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        # The browser's IANA time zone, for when this month's compute hours renew; the parts
        # on screen; `fresh=1` for a refresh by hand; `maxAge`, its refresh interval.
        self.answer(
            await self.service.summary(
                self.get_query_argument("timezone", "UTC"),
                parts=self.get_query_argument("parts", None),
                fresh=self.get_query_argument("fresh", "") == "1",
                max_age=self.get_query_argument("maxAge", None),
            )
        )


class UsageHandler(QbraidHandler):
    """The last 30 days of compute sessions in the browser's IANA time zone, for the chart."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        assert self.usage is not None
        self.answer(
            await self.usage.report(
                self.get_query_argument("timezone", "UTC"),
                fresh=self.get_query_argument("fresh", "") == "1",
            )
        )


class SettingsHandler(QbraidHandler):
    """The settings in force, and which a deployment pinned; the server reads them itself."""

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        assert self.lab_settings is not None
        self.answer(self.lab_settings.describe())

    # A nudge after the Settings Editor saved, so the change holds before the next check of
    # the files; nothing in the request is taken as a setting.
    @tornado.web.authenticated
    @authorized
    @runs_in_kernels
    async def post(self) -> None:
        assert self.lab_settings is not None
        await self.lab_settings.reload()
        self.answer(self.lab_settings.describe())


class KeyHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    @runs_in_kernels
    async def post(self) -> None:
        body = self.json_body()
        self.answer(await self.service.set_key(body.get("apiKey")))

    @tornado.web.authenticated
    @authorized
    @runs_in_kernels
    def delete(self) -> None:
        self.answer(self.service.forget_key())


class KeysHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.answer(await self.keys.list())

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        body = self.json_body()
        self.answer(await self.keys.create(body.get("name"), body.get("scopes")), 201)


class KeyRotateHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    @runs_in_kernels
    async def post(self, key_id: str) -> None:
        self.answer(await self.keys.rotate(key_id))


class KeyItemHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    @runs_in_kernels
    async def delete(self, key_id: str) -> None:
        self.answer(await self.keys.revoke(key_id))


class KernelsHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.answer(await self.kernels.snapshot())


class KernelInjectHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    @runs_in_kernels
    async def post(self) -> None:
        self.answer(await self.kernels.inject())


class KernelRemoveHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    @runs_in_kernels
    async def post(self) -> None:
        self.answer(await self.kernels.remove())


class InstanceHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        assert self.instance is not None
        # `fresh=1`: a refresh by hand asks the platform now.
        self.answer(await self.instance.describe(self.get_query_argument("fresh", "") == "1"))


class InstanceStopHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    @authorized("write", resource="server")
    async def post(self) -> None:
        assert self.instance is not None
        # Who asks (a person, and that tab's id), for the other tabs; an empty body is a
        # person's stop. The idle stop is the server's own (idle/), through the same call.
        reason = StopReason.from_body(self.json_body() if self.request.body else {})
        self.answer(await self.instance.start_stop(reason), 202)


class InstanceLimitsHandler(QbraidHandler):
    """The platform's own idle and session limits of an on-demand instance."""

    @tornado.web.authenticated
    @authorized
    async def patch(self) -> None:
        assert self.instance is not None
        self.answer(await self.instance.set_limits(checked_limits(self.json_body())))


class GuardReportHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        assert self.guard is not None
        self.answer(self.guard.take_report(self.get_query_argument("path", "")))


class GuardScanHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    @authorized("read", resource="contents")
    def post(self) -> None:
        assert self.guard is not None
        # An empty body starts a scan with the settings' exclusions.
        body = self.json_body() if self.request.body else {}
        self.answer(self.guard.start_scan(body.get("exclusions")), 202)

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        assert self.guard is not None
        self.answer(self.guard.scan_state())

    @tornado.web.authenticated
    @authorized
    def delete(self) -> None:
        assert self.guard is not None
        self.answer(self.guard.cancel_scan())


class GuardRedactHandler(QbraidHandler):
    @tornado.web.authenticated
    @authorized
    @authorized("write", resource="contents")
    async def post(self) -> None:
        assert self.guard is not None
        self.answer(await self.guard.redact_file(self.json_body().get("path")))
