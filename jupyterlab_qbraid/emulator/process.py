"""Running the emulator as a real subprocess, for tests, benchmarks and the demo.

Like ``subprocess.Popen``, constructing an :class:`EmulatorProcess` starts it (see
:class:`~.managed.ManagedProcess`); the constructor returns once the emulator has announced
its URL. Admin helpers use only
urllib, so this module adds no dependency to whoever imports it.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from .hub import HUB_TOKEN_ENV
from .managed import ManagedProcess

STARTUP_TIMEOUT_SECONDS = 15.0
STOP_TIMEOUT_SECONDS = 10.0
ADMIN_TIMEOUT_SECONDS = 10.0

# The folder holding the jupyterlab_qbraid package, so that ``-m`` finds it from a source tree.
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class EmulatorError(RuntimeError):
    """The emulator did not start, or an admin call was refused (the message says why)."""


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _camel_keys(values: dict[str, Any]) -> dict[str, Any]:
    """Python-style keyword names (``latency_ms``) to the admin API's (``latencyMs``)."""
    return {_camel(name): value for name, value in values.items()}


def _given(values: dict[str, Any]) -> dict[str, Any]:
    """The keywords that were given (not None)."""
    return {name: value for name, value in values.items() if value is not None}


class EmulatorProcess(ManagedProcess):
    """An emulator subprocess on its own SQLite file.

    Attributes once started: ``url`` (ends in ``/api/v1``), ``base`` (the root, where the
    ``/__emulator__`` admin routes are), ``port``, ``api_key`` (the seeded key's secret; kept
    across restarts, since the key survives them), ``announcement`` (the JSON line of the
    latest start: its ``apiKey`` is null after a restart), ``log_path`` (the emulator's
    stderr, appended to across restarts).
    """

    failure = EmulatorError
    log_name = "Emulator"
    stop_timeout = STOP_TIMEOUT_SECONDS

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        seed: str | None = "demo",
        port: int = 0,
        hub_api_url: str | None = None,
        hub_token: str | None = None,
        env: dict[str, str] | None = None,
        host: str = "127.0.0.1",
        startup_timeout: float = STARTUP_TIMEOUT_SECONDS,
    ) -> None:
        self.db_path = Path(db_path)
        super().__init__(self.db_path.with_name(self.db_path.name + ".log"))
        self.seed = seed
        self.port = port
        self.host = host
        self.hub_api_url = hub_api_url
        self._hub_token = hub_token
        self._extra_env = dict(env or {})
        self.startup_timeout = startup_timeout
        self.api_key: str | None = None
        self.announcement: dict[str, Any] = {}
        self.url = ""
        self.base = ""
        self._start()

    # Lifecycle

    def _command(self) -> list[str]:
        command = [
            sys.executable,
            "-m",
            "jupyterlab_qbraid.emulator",
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--db",
            str(self.db_path),
        ]
        if self.seed:
            command += ["--seed", self.seed]
        if self.hub_api_url:
            command += ["--hub-api-url", self.hub_api_url]
        return command

    def _environment(self) -> dict[str, str]:
        env = {**os.environ, **self._extra_env}
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if part
        )
        env.pop(HUB_TOKEN_ENV, None)
        if self._hub_token:
            # Through the environment, not argv, where any local user could read it.
            env[HUB_TOKEN_ENV] = self._hub_token
        return env

    def _popen_options(self, log_file: IO[bytes]) -> dict[str, Any]:
        # The announcement comes on stdout, unbuffered so that it is read as soon as written.
        return {"stdout": subprocess.PIPE, "stderr": log_file, "bufsize": 0}

    def _wait_ready(self) -> None:
        try:
            self.announcement = json.loads(self._read_announcement())
            self.url = self.announcement["url"]
        except (ValueError, KeyError) as err:
            raise EmulatorError(f"The emulator's announcement is not usable ({err!r}).") from None
        self.base = self.url[: -len("/api/v1")]
        self.port = int(self.base.rsplit(":", 1)[1])
        self.api_key = self.announcement.get("apiKey") or self.api_key

    def _read_announcement(self) -> str:
        assert self._process is not None and self._process.stdout is not None
        stdout = self._process.stdout
        deadline = time.monotonic() + self.startup_timeout
        buffer = b""
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while b"\n" not in buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise EmulatorError(
                        f"The emulator did not announce itself within {self.startup_timeout}s."
                    )
                chunk = os.read(stdout.fileno(), 4096)
                if not chunk:
                    raise EmulatorError(
                        f"The emulator exited before it was ready (code {self._process.wait()})."
                    )
                buffer += chunk
        return buffer.split(b"\n", 1)[0].decode("utf-8")

    def restart(self) -> None:
        """Stop, then start again on the same database and the same port."""
        self.stop()
        self._start()

    # Admin routes

    def _admin(self, method: str, route: str, body: Any = None) -> Any:
        """Call an admin route and return the ``data`` of its answer."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            f"{self.base}/__emulator__/{route}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"} if data is not None else {},
        )
        try:
            with urllib.request.urlopen(request, timeout=ADMIN_TIMEOUT_SECONDS) as response:
                return json.loads(response.read())["data"]
        except urllib.error.HTTPError as err:
            try:
                message = json.loads(err.read()).get("message")
            except ValueError:
                message = None
            raise EmulatorError(f"{method} /__emulator__/{route}: {err.code} {message}") from None

    def add_fault(self, path: str, **rule: Any) -> dict[str, Any]:
        """Add a fault rule; keywords as in the admin API, snake_case accepted
        (``status``, ``count``, ``latency_ms``, ``malformed``, ``drop``, ``body``, ``retry_after``,
        ``method``). Returns the rule as the emulator stored it."""
        return self._admin("POST", "faults", {"path": path, **_camel_keys(rule)})

    def faults(self) -> list[dict[str, Any]]:
        return self._admin("GET", "faults")

    def clear_faults(self) -> None:
        self._admin("DELETE", "faults")

    def patch_state(self, **state: Any) -> dict[str, Any]:
        """Change an organization (default: the first one); keywords as in the admin API,
        snake_case accepted at the top level (``qbraid_credits``, ``cpu_hours``,
        ``subscription_tier``...); nested ``cpu_hours`` keys are the API's (``used``,
        ``quota``, ``renewalDate``): ``used`` and ``quota`` are also the compute hours'
        ``used`` and ``total`` in ``/compute-sessions/usage``. Returns the organization."""
        return self._admin("PATCH", "state", _camel_keys(state))

    def requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Recent /api/v1 requests, oldest first."""
        return self._admin("GET", "requests" + (f"?limit={limit}" if limit else ""))

    def clear_requests(self) -> None:
        self._admin("DELETE", "requests")

    def create_user(self, **account: Any) -> dict[str, Any]:
        """Another user with their own organization and key: ``{userId, organizationId,
        apiKey}``. Keywords: ``email``, ``user_name``, ``organization_name``, ``tier``,
        ``qbraid_credits`` (camelCase works too)."""
        return self._admin("POST", "users", _camel_keys(account))

    def mint_access_token(self, user_name: str | None = None) -> dict[str, Any]:
        """A new access token of the user (default: the first, the demo one): ``{token, id,
        userName, userId, organizationId}``."""
        return self._admin("POST", "access-tokens", _camel_keys(_given({"user_name": user_name})))

    def mint_white_label_key(
        self, host: str, prefix: str | None = None, user_name: str | None = None
    ) -> dict[str, Any]:
        """A new white-label key of the user carrying ``host``: the key record plus ``key``,
        ``host``, ``url`` (``https://<host>/api/v1``) and ``userName``."""
        body = {"host": host, "prefix": prefix, "user_name": user_name}
        return self._admin("POST", "white-label-keys", _camel_keys(_given(body)))

    def patch_key(self, key_id: str, created_at: str) -> dict[str, Any]:
        """Backdate a key record's ``createdAt`` (an ISO 8601 time in the past), e.g. to make
        it old enough for the reminder to rotate it. Returns the record."""
        return self._admin("PATCH", f"api-keys/{quote(key_id)}", {"createdAt": created_at})

    def set_server(self, state: str, **fields: Any) -> dict[str, Any]:
        """Set the user's subscription server (without a hub): ``state`` running, starting
        or stopped; keywords ``user_name``, ``cluster_id``, ``profile_slug``. Returns the
        server status as ``GET /compute/servers/status`` shows it."""
        return self._admin("PATCH", "servers", _camel_keys({"state": state, **fields}))

    def create_instance(self, **fields: Any) -> dict[str, Any]:
        """A new on-demand instance; keywords as in the admin API, snake_case accepted
        (``user_name``, ``instance_id``, ``profile_slug``, ``status``, ``supports_stop``,
        ``display_name``...). Returns the instance as the API shows it, with ``userName``."""
        return self._admin("POST", "instances", _camel_keys(fields))

    def patch_instance(self, instance_id: str, **fields: Any) -> dict[str, Any]:
        """Change an on-demand instance's fields (``status``, ``supports_stop``...)."""
        return self._admin("PATCH", f"instances/{quote(instance_id)}", _camel_keys(fields))
