"""This Lab instance: what kind it is, since when it runs, on which compute profile; and stopping it.

The kind comes from the environment qBraid's platform (or a hub) gives the server:
QBRAID_INSTANCE_ID marks an on-demand instance, QBRAID_CLUSTER_ID the account's
subscription server, JUPYTERHUB_API_URL with JUPYTERHUB_USER any other JupyterHub; else
Lab runs standalone.

Facts that do not change while this server runs (the profile, the start, whether the
instance may be stopped) are asked of the platform once per credential and kept; when the
platform cannot tell, a deployment may describe the profile in the environment:

- ``QBRAID_LAB_PROFILE``: the profile's display name, e.g. ``2 vCPU, 4 GB``.
- ``QBRAID_LAB_CREDITS_PER_MINUTE``: what it costs while it runs, in qBraid credits per
  minute (a number, 0 or more). Anything else is ignored with a warning in the server log,
  and so is a rate without a profile name.

Stopping takes the first route that applies: the on-demand instance through qBraid
(POST /compute/bma/instances/{id}/stop), the subscription server through qBraid
(DELETE /compute/servers/stop), JupyterHub with the server's own token and, where that
lacks delete:servers, with a session token qBraid hands out; standalone, the browser
stops Lab itself (File > Shut Down), or, for the idle stop that no browser may be there to
make, the server shuts itself down. The platform or the hub ends this process, so the stop
runs in the background and the route answers first. Once the platform or the hub has taken
the stop, every kernel is shut down (and killed when it does not exit in time) so that none
outlives the server; a stop that fails leaves them running with the instance.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from . import errors
from .account_client import parse_timestamp
from .account_service import AccountService
from .compute_client import ComputeClient
from .connection import Connection, Credential
from .errors import AccountApiError, Conflict, HubError, QbraidError
from .fact_cache import Fact, scope_of
from .hub import HubClient
from .instance_limits import IDLE as LIMIT_IDLE
from .instance_limits import SESSION as LIMIT_SESSION
from .stop_events import FAILED as STOP_FAILED
from .stop_events import IDLE as IDLE_STOP
from .stop_events import STOPPING as STOP_ACCEPTED
from .stop_events import StopReason
from .translation import N_, _, sentences

PROFILE_VARIABLE = "QBRAID_LAB_PROFILE"
RATE_VARIABLE = "QBRAID_LAB_CREDITS_PER_MINUTE"
INSTANCE_VARIABLE = "QBRAID_INSTANCE_ID"
CLUSTER_VARIABLE = "QBRAID_CLUSTER_ID"

ON_DEMAND = "on-demand"
SUBSCRIPTION = "subscription"
HUB = "hub"
STANDALONE = "standalone"
# Stop routes; the hub and standalone ones are named like the kinds.
PLATFORM = "platform"

IDLE = "idle"
STOPPING = "stopping"
FAILED = "failed"

# Sentences that several messages end with; each is translated where it is used.
KEEPS_RUNNING = N_("The instance keeps running.")
OWN_TOKEN_REFUSED = N_(
    "JupyterHub refused to stop this server: its own token lacks the delete:servers scope."
)
GRANT_DELETE_SCOPE = N_(
    "A deployment can grant that scope (c.Spawner.server_token_scopes), or give Lab a qBraid "
    "credential that may ask qBraid for a session token."
)
GRANT_CREDENTIAL = N_(
    "A deployment can give Lab a qBraid credential of the instance's owner "
    "(QBRAID_ACCESS_TOKEN, or an API key)."
)
# Facts of the platform's cache: this instance's status, asked at most every 5 minutes
# (the Compute section asks when it comes on screen); a profile's price, once an hour.
STATUS = "instance-status"
STATUS_SECONDS = 5 * 60
PROFILE = "profile"
PROFILE_SECONDS = 60 * 60

CANNOT_STOP = N_("This on-demand instance cannot be stopped, only terminated, on the account page.")


@dataclass
class HubServer:
    """This server as the hub's spawner described it in the environment."""

    api_url: str
    user: str
    server_name: str
    token: str = field(repr=False)


@dataclass(frozen=True)
class _Status:
    """This instance as the platform's status route last described it."""

    profile_slug: str | None
    started: str | None
    running_credits_per_min: float | None = None
    supports_stop: bool | None = None
    stopped_credits_per_min: float | None = None
    limits: dict[str, int | None] | None = None


@dataclass
class PlatformFacts:
    """What qBraid's platform says about this instance; None where it could not tell."""

    profile: dict[str, Any] | None = None
    started: datetime | None = None
    supports_stop: bool | None = None
    stopped_credits_per_min: float | None = None
    # On-demand: the platform's own autoStopIdleMinutes and maxSessionMinutes.
    limits: dict[str, int | None] | None = None


class InstanceService:
    def __init__(
        self,
        account: AccountService,
        server_started: datetime,
        log: logging.Logger,
        hub_timeout: float,
        user_agent: str,
        environ: Mapping[str, str] | None = None,
        end_kernels: Callable[[], Awaitable[None]] | None = None,
        announce: Callable[[str, StopReason], None] | None = None,
        shutdown_server: Callable[[], None] | None = None,
    ):
        environ = os.environ if environ is None else environ
        self.account = account
        self._end_kernels = end_kernels
        self._announce = announce
        self._shutdown_server = shutdown_server
        self._failure_listeners: list[Callable[[], None]] = []
        self.log = log
        self.server = _hub_server(environ)
        self.hub = HubClient(self.server.api_url, hub_timeout, user_agent) if self.server else None
        self.instance_id = environ.get(INSTANCE_VARIABLE, "").strip() or None
        self.cluster_id = environ.get(CLUSTER_VARIABLE, "").strip() or None
        self.kind = _kind(self.instance_id, self.cluster_id, self.server)
        self.profile = _profile(environ, log)
        self._server_started = server_started
        self._start_lookup: asyncio.Task[tuple[datetime, str]] | None = None
        self._state = IDLE
        self._error: QbraidError | None = None
        self._route: str | None = None
        self._stop_task: asyncio.Task[None] | None = None

    def close(self) -> None:
        if self.hub is not None:
            self.hub.close()

    async def describe(self, fresh: bool = False) -> dict[str, Any]:
        """`fresh`: a refresh by hand asks the platform now."""
        facts = await self._platform_facts(self.account.connection(), fresh)
        if facts.started is not None:
            started, source = facts.started, "platform"
        else:
            started, source = await self._started()
        server = self.server
        on_demand = self.kind == ON_DEMAND
        return {
            "mode": "hub" if server else "standalone",
            "kind": self.kind,
            "user": server.user if server else None,
            "serverName": server.server_name if server else None,
            "clusterId": self.cluster_id,
            "instanceId": self.instance_id,
            "startedAt": started.astimezone(timezone.utc)
            .isoformat(timespec="seconds")
            .replace("+00:00", "Z"),
            "startedAtSource": source,
            "profile": facts.profile or self.profile,
            "supportsStop": facts.supports_stop if on_demand else None,
            "stoppedCreditsPerMin": facts.stopped_credits_per_min if on_demand else None,
            "limits": facts.limits if on_demand else None,
            "stop": {
                "state": self._state,
                "error": self._error.to_json() if self._error else None,
                "route": self._route,
            },
        }

    async def start_stop(self, reason: StopReason | None = None) -> dict[str, Any]:
        """Start stopping this instance; answers before the platform or the hub acts.

        While a stop is under way this changes nothing (a double click); after a failure
        it tries again. ``reason`` (who asked) goes to every open tab with the stop.
        """
        reason = reason or StopReason()
        connection = self.account.connection()
        route = self._stop_route(connection)
        if route == STANDALONE and (reason.by != IDLE_STOP or self._shutdown_server is None):
            raise Conflict(
                errors.NOT_UNDER_HUB,
                _("Stopping is done by the browser when Lab is not under JupyterHub."),
            )
        if self._state != STOPPING:
            if route == ON_DEMAND:
                # A stop is near: whether it may be stopped as qBraid says now, not as cached.
                facts = await self._platform_facts(connection, fresh=True)
                if facts.supports_stop is False:
                    raise Conflict(errors.STOP_UNSUPPORTED, _(CANNOT_STOP))
            self._state, self._error, self._route = STOPPING, None, route
            # Looked up now, so that answering needs nothing upstream once this process is
            # being stopped.
            await self.describe()
            # Kept: the event loop holds running tasks only weakly.
            self._stop_task = asyncio.ensure_future(self._stop(route, connection, reason))
            self._tell_tabs(STOP_ACCEPTED, reason)
        return await self.describe()

    async def set_limits(self, limits: dict[str, int]) -> dict[str, Any]:
        """Set the platform's own limits of this on-demand instance (checked_limits), then
        describe it as qBraid now says: the status is asked again, which shows they hold."""
        connection = self.account.connection()
        credential = connection.credential
        if self.kind != ON_DEMAND or self.instance_id is None:
            raise Conflict(
                errors.NOT_ON_DEMAND,
                _("Only a qBraid on-demand instance has platform limits to set."),
            )
        if credential is None:
            raise Conflict(
                errors.NOT_CONFIGURED,
                sentences(
                    _("Lab has no qBraid credential to change the instance's limits with."),
                    _(GRANT_CREDENTIAL),
                ),
            )
        compute = self.account.compute_for(connection.api_url)
        try:
            await compute.set_instance_cutoffs(credential, self.instance_id, limits)
        except AccountApiError as error:
            raise error.reworded(
                _(
                    "Changing the instance's limits through qBraid "
                    "(PATCH /compute/bma/instances/{instance}) failed: {error}"
                ).format(instance=self.instance_id, error=error.message)
            ) from None
        self.log.info("This instance's platform limits are now %s.", limits)
        await self.account.facts.get(
            scope_of(connection.api_url, credential.secret),
            STATUS,
            lambda: self._status(compute, credential),
            STATUS_SECONDS,
            force=True,
        )
        return await self.describe()

    def on_stop_failed(self, listener: Callable[[], None]) -> None:
        """Hear of each accepted stop that then failed (the instance keeps running)."""
        self._failure_listeners.append(listener)

    def _stop_route(self, connection: Connection) -> str:
        if self.instance_id and connection.credential:
            return ON_DEMAND
        if self.cluster_id and connection.credential:
            return PLATFORM
        return HUB if self.server else STANDALONE

    def _tell_tabs(self, action: str, reason: StopReason) -> None:
        if self._announce is not None:
            self._announce(action, reason)

    async def _stop(self, route: str, connection: Connection, reason: StopReason) -> None:
        try:
            if route == ON_DEMAND:
                outcome = await self._stop_on_demand(connection)
            elif route == PLATFORM:
                outcome = await self._stop_platform_server(connection)
            elif route == STANDALONE:
                assert self._shutdown_server is not None
                # Its cleanup ends the kernels (stop_extension) and then the process.
                self._shutdown_server()
                outcome = "shutting down"
            else:
                outcome = await self._stop_through_hub(connection)
        except QbraidError as error:
            self.log.warning("Stopping this instance failed: %s", error.message)
            self._state, self._error = FAILED, error
            self._failed(reason)
        except Exception:
            # Whatever went wrong, the state must not stay "stopping" for ever.
            self.log.exception("Stopping this instance failed")
            unexpected = sentences(
                _("Stopping this instance failed unexpectedly; see the server log."),
                _(KEEPS_RUNNING),
            )
            self._state, self._error = (
                FAILED,
                AccountApiError(errors.SERVER_ERROR, unexpected)
                if route in (ON_DEMAND, PLATFORM)
                else HubError(errors.HUB_ERROR, unexpected),
            )
            self._failed(reason)
        else:
            self.log.info("This instance is %s (route: %s).", outcome, route)
            if self._end_kernels is not None:
                await self._end_kernels()

    def _failed(self, reason: StopReason) -> None:
        self._tell_tabs(STOP_FAILED, reason)
        for listener in self._failure_listeners:
            listener()

    async def _stop_on_demand(self, connection: Connection) -> str:
        assert self.instance_id is not None and connection.credential is not None
        compute = self.account.compute_for(connection.api_url)
        try:
            instance = await compute.stop_instance(connection.credential, self.instance_id)
        except AccountApiError as error:
            raise _keeps_running(
                error,
                sentences(
                    _(
                        "Stopping the on-demand instance through qBraid "
                        "(POST /compute/bma/instances/{instance}/stop) failed: {error}"
                    ).format(instance=self.instance_id, error=error.message),
                    _(GRANT_CREDENTIAL),
                ),
            ) from None
        return instance.status

    async def _stop_platform_server(self, connection: Connection) -> str:
        assert connection.credential is not None
        compute = self.account.compute_for(connection.api_url)
        try:
            return await compute.stop_server(connection.credential, self.cluster_id)
        except AccountApiError as error:
            raise _keeps_running(
                error,
                sentences(
                    _(
                        "Stopping the subscription server through qBraid "
                        "(DELETE /compute/servers/stop) failed: {error}"
                    ).format(error=error.message),
                    _(GRANT_CREDENTIAL),
                ),
            ) from None

    async def _stop_through_hub(self, connection: Connection) -> str:
        assert self.server is not None and self.hub is not None
        server, hub = self.server, self.hub
        try:
            return await hub.stop_server(server.user, server.server_name, server.token)
        except HubError as error:
            if error.kind != errors.HUB_FORBIDDEN:
                raise _keeps_running(error, error.message) from None
        token = await self._session_token(connection)
        try:
            return await hub.stop_server(server.user, server.server_name, token)
        except HubError as error:
            raise _keeps_running(
                error,
                sentences(
                    _(OWN_TOKEN_REFUSED),
                    _("The session token from qBraid did not work either: {error}").format(
                        error=error.message
                    ),
                    _(GRANT_DELETE_SCOPE),
                ),
            ) from None

    async def _session_token(self, connection: Connection) -> str:
        """A hub token of this user from qBraid (GET /compute/servers/session-token)."""
        if connection.credential is None:
            raise Conflict(
                errors.NOT_CONFIGURED,
                sentences(
                    _(OWN_TOKEN_REFUSED),
                    _("Lab has no qBraid credential to ask qBraid for a session token."),
                    _(GRANT_DELETE_SCOPE),
                    _(KEEPS_RUNNING),
                ),
            )
        compute = self.account.compute_for(connection.api_url)
        try:
            token = await compute.session_token(connection.credential, self.cluster_id)
        except AccountApiError as error:
            raise _keeps_running(
                error,
                sentences(
                    _(OWN_TOKEN_REFUSED),
                    _(
                        "Asking qBraid for a session token (GET /compute/servers/session-token) "
                        "failed: {error}"
                    ).format(error=error.message),
                    _(GRANT_DELETE_SCOPE),
                ),
            ) from None
        return token.token

    async def _platform_facts(self, connection: Connection, fresh: bool = False) -> PlatformFacts:
        """What the platform says about this instance: its status from the fact cache (asked
        when the Compute section shows it, at most every STATUS_SECONDS, or `fresh` by hand
        and before a stop), its profile's price at most once an hour."""
        credential = connection.credential
        if credential is None or self.kind not in (ON_DEMAND, SUBSCRIPTION):
            return PlatformFacts()
        cache = self.account.facts
        scope = scope_of(connection.api_url, credential.secret)
        compute = self.account.compute_for(connection.api_url)
        # While this process is being stopped the browser asks every second how it goes:
        # answered from what was asked before, nothing upstream again.
        stopping = self._state == STOPPING and not fresh

        async def look(name: Any, fetch: Callable[[], Awaitable[Any]], ttl: float) -> Fact:
            if stopping:
                known = cache.peek(scope, name)
                if known.known or known.error is not None:
                    return known
            return await cache.get(scope, name, fetch, ttl, fresh)

        facts = PlatformFacts()
        status = await look(STATUS, lambda: self._status(compute, credential), STATUS_SECONDS)
        if status.error is not None and not stopping:
            self.log.warning("qBraid could not describe this instance: %s", status.error.message)
        if not status.known:
            return facts
        seen: _Status = status.value
        slug, running_rate = seen.profile_slug, seen.running_credits_per_min
        facts.supports_stop = seen.supports_stop
        facts.stopped_credits_per_min = seen.stopped_credits_per_min
        facts.limits = seen.limits
        facts.started = parse_timestamp(seen.started) if seen.started else None
        if not slug:
            return facts
        profile = await look(
            (PROFILE, slug), lambda: compute.profile(credential, slug), PROFILE_SECONDS
        )
        if profile.error is not None and not stopping:
            self.log.warning(
                "qBraid could not describe profile %s: %s", slug, profile.error.message
            )
        if not profile.known:
            return facts
        facts.profile = {
            "slug": profile.value.slug,
            "name": profile.value.name,
            "vCpus": profile.value.v_cpus,
            # What this very instance costs, where qBraid says so (on-demand prices vary).
            "creditsPerMinute": running_rate
            if running_rate is not None
            else profile.value.credits_per_minute,
            "source": "platform",
        }
        return facts

    async def _status(self, compute: ComputeClient, credential: Credential) -> _Status:
        if self.kind == ON_DEMAND:
            assert self.instance_id is not None
            instance = await compute.instance(credential, self.instance_id)
            return _Status(
                instance.profile_slug,
                instance.running_at,
                instance.running_credits_per_min,
                instance.supports_stop,
                instance.stopped_credits_per_min,
                {
                    LIMIT_IDLE: instance.auto_stop_idle_minutes,
                    LIMIT_SESSION: instance.max_session_minutes,
                },
            )
        server = await compute.server_status(credential, self.cluster_id)
        return _Status(server.profile_slug, server.started)

    async def _started(self) -> tuple[datetime, str]:
        """The start time and its source, asked of the hub once: it does not change."""
        if self._start_lookup is None:
            self._start_lookup = asyncio.ensure_future(self._look_up_start())
        return await self._start_lookup

    async def _look_up_start(self) -> tuple[datetime, str]:
        if self.server is None or self.hub is None:
            return self._server_started, "server"
        try:
            started = await self.hub.server_started(
                self.server.user, self.server.server_name, self.server.token
            )
        except HubError as error:
            self.log.info("Using the server's own start time: %s", error.message)
            return self._server_started, "server"
        if started is None:
            self.log.info(
                "Using the server's own start time: its hub token may not read its start time."
            )
            return self._server_started, "server"
        return started, "hub"


def _keeps_running(cause: QbraidError, message: str) -> QbraidError:
    return cause.reworded(sentences(message, _(KEEPS_RUNNING)))


def _kind(instance_id: str | None, cluster_id: str | None, server: HubServer | None) -> str:
    if instance_id:
        return ON_DEMAND
    if cluster_id:
        return SUBSCRIPTION
    return HUB if server else STANDALONE


def _hub_server(environ: Mapping[str, str]) -> HubServer | None:
    api_url = environ.get("JUPYTERHUB_API_URL")
    user = environ.get("JUPYTERHUB_USER")
    if not api_url or not user:
        return None
    return HubServer(
        api_url=api_url,
        user=user,
        server_name=environ.get("JUPYTERHUB_SERVER_NAME", ""),
        token=environ.get("JUPYTERHUB_API_TOKEN", ""),
    )


def _profile(environ: Mapping[str, str], log: logging.Logger) -> dict[str, Any] | None:
    name = environ.get(PROFILE_VARIABLE, "").strip()
    raw_rate = environ.get(RATE_VARIABLE, "").strip()
    rate: float | None = None
    if raw_rate:
        try:
            rate = float(raw_rate)
        except ValueError:
            rate = None
        if rate is None or not math.isfinite(rate) or rate < 0:
            log.warning(
                "%s=%r is not a number of credits per minute (0 or more); ignored.",
                RATE_VARIABLE,
                raw_rate[:40],
            )
            rate = None
    if not name:
        if rate is not None:
            log.warning("%s is set without %s; ignored.", RATE_VARIABLE, PROFILE_VARIABLE)
        return None
    return {
        "slug": None,
        "name": name,
        "vCpus": None,
        "creditsPerMinute": rate,
        "source": "environment",
    }
