"""This Lab instance: where it runs, since when, on which compute profile; and stopping it.

Lab runs under JupyterHub when the hub's spawner has set JUPYTERHUB_API_URL and
JUPYTERHUB_USER. Stopping then asks the hub to stop this very server: first with the
server's own token (JUPYTERHUB_API_TOKEN), which has the delete:servers scope only where the
deployment grants it; on 403 with a hub token that the qBraid account API hands out for the
active key (GET /lab/compute/tokens). The hub ends this process, so the stop runs in the
background and the route answers first. Standalone, the browser stops Lab itself (File >
Shut Down), so there is nothing to do here.

A deployment may describe the compute profile in the server's environment:

- ``QBRAID_LAB_PROFILE``: the profile's display name, e.g. ``2 vCPU, 4 GB``.
- ``QBRAID_LAB_CREDITS_PER_MINUTE``: what it costs while it runs, in qBraid credits per
  minute (a number, 0 or more). Anything else is ignored with a warning in the server log,
  and so is a rate without a profile name.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from . import errors
from .account_service import AccountService
from .errors import AccountApiError
from .hub import HubClient

PROFILE_VARIABLE = "QBRAID_LAB_PROFILE"
RATE_VARIABLE = "QBRAID_LAB_CREDITS_PER_MINUTE"

IDLE = "idle"
STOPPING = "stopping"
FAILED = "failed"

KEEPS_RUNNING = "The instance keeps running."
OWN_TOKEN_REFUSED = (
    "JupyterHub refused to stop this server: its own token lacks the delete:servers scope."
)


@dataclass
class HubServer:
    """This server as the hub's spawner described it in the environment."""

    api_url: str
    user: str
    server_name: str
    token: str = field(repr=False)


class InstanceService:
    def __init__(
        self,
        account: AccountService,
        server_started: datetime,
        log: logging.Logger,
        hub_timeout: float,
        user_agent: str,
        environ: Mapping[str, str] | None = None,
    ):
        environ = os.environ if environ is None else environ
        self.account = account
        self.log = log
        self.server = _hub_server(environ)
        self.hub = HubClient(self.server.api_url, hub_timeout, user_agent) if self.server else None
        self.profile = _profile(environ, log)
        self._server_started = server_started
        self._start_lookup: asyncio.Task[tuple[datetime, str]] | None = None
        self._state = IDLE
        self._error: AccountApiError | None = None
        self._stop_task: asyncio.Task[None] | None = None

    def close(self) -> None:
        if self.hub is not None:
            self.hub.close()

    async def describe(self) -> dict[str, Any]:
        started, source = await self._started()
        server = self.server
        return {
            "mode": "hub" if server else "standalone",
            "user": server.user if server else None,
            "serverName": server.server_name if server else None,
            "startedAt": started.astimezone(timezone.utc)
            .isoformat(timespec="seconds")
            .replace("+00:00", "Z"),
            "startedAtSource": source,
            "profile": self.profile,
            "stop": {"state": self._state, "error": self._error.to_json() if self._error else None},
        }

    async def start_stop(self) -> dict[str, Any]:
        """Start stopping this server through the hub; answers before the hub acts.

        While a stop is under way this changes nothing (a double click); after a failure
        it tries again.
        """
        if self.server is None:
            raise AccountApiError(
                errors.NOT_UNDER_HUB,
                "Stopping is done by the browser when Lab is not under JupyterHub.",
            )
        if self._state != STOPPING:
            self._state, self._error = STOPPING, None
            # Looked up now, so that answering needs nothing from the hub once it is
            # stopping this process.
            await self._started()
            # Kept: the event loop holds running tasks only weakly.
            self._stop_task = asyncio.ensure_future(self._stop())
        return await self.describe()

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
        except AccountApiError as error:
            self.log.info("Using the server's own start time: %s", error.message)
            return self._server_started, "server"
        if started is None:
            self.log.info(
                "Using the server's own start time: its hub token may not read its start time."
            )
            return self._server_started, "server"
        return started, "hub"

    async def _stop(self) -> None:
        try:
            outcome = await self._stop_through_hub()
        except AccountApiError as error:
            self.log.warning("Stopping this server failed: %s", error.message)
            self._state, self._error = FAILED, error
        except Exception:
            # Whatever went wrong, the state must not stay "stopping" for ever.
            self.log.exception("Stopping this server failed")
            self._state, self._error = (
                FAILED,
                AccountApiError(
                    errors.HUB_ERROR,
                    f"Stopping this server failed unexpectedly; see the server log. {KEEPS_RUNNING}",
                ),
            )
        else:
            self.log.info("JupyterHub has this server %s.", outcome)

    async def _stop_through_hub(self) -> str:
        assert self.server is not None and self.hub is not None
        server, hub = self.server, self.hub
        try:
            return await hub.stop_server(server.user, server.server_name, server.token)
        except AccountApiError as error:
            if error.kind != errors.HUB_FORBIDDEN:
                raise _keeps_running(error, error.message) from None
        token = await self._account_hub_token()
        try:
            return await hub.stop_server(server.user, server.server_name, token)
        except AccountApiError as error:
            raise _keeps_running(
                error,
                f"{OWN_TOKEN_REFUSED} The Lab token from the qBraid account API did not work either: {error.message}",
            ) from None

    async def _account_hub_token(self) -> str:
        """A hub token from the qBraid account API, for the active key."""
        state = self.account.store.state()
        if state.active is None:
            raise AccountApiError(
                errors.NOT_CONFIGURED,
                f"{OWN_TOKEN_REFUSED} No qBraid API key is set in Lab to ask the qBraid account API "
                f"for a Lab token. {KEEPS_RUNNING}",
            )
        api_url, _ = self.account.api_url(state.file_url)
        try:
            return await self.account.client_for(api_url).compute_token(state.active.api_key)
        except AccountApiError as error:
            raise _keeps_running(
                error,
                f"{OWN_TOKEN_REFUSED} Asking the qBraid account API for a Lab token failed: {error.message}",
            ) from None


def _keeps_running(cause: AccountApiError, message: str) -> AccountApiError:
    return AccountApiError(
        cause.kind, f"{message} {KEEPS_RUNNING}", cause.upstream_status, cause.retry_after
    )


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
    return {"name": name, "creditsPerMinute": rate}
