"""A real JupyterHub on loopback whose Lab servers carry this extension: tests, Galata, demo.

:class:`HubProcess` runs ``jupyterhub`` as a subprocess (constructing it starts it and
returns once the hub answers): the demo login (whoever opens the hub is the demo user),
SimpleLocalProcessSpawner running the venv's ``jupyterhub-singleuser`` with JupyterLab,
configurable-http-proxy from node_modules, and a service whose token manages users and
servers and mints user tokens. :class:`HubStack` adds the account API emulator, whose
server routes act on this hub through that service (``/compute/servers/status``, ``stop``
and ``session-token``), and points the Lab servers at it. Their environment is a qBraid
platform pod's: ``QBRAID_CLUSTER_ID`` names the emulator's demo cluster, so Lab stops
itself the platform's way; ``--plain-hub`` makes them an ordinary hub's servers instead,
described by ``QBRAID_LAB_PROFILE`` and ``QBRAID_LAB_CREDITS_PER_MINUTE``.

Command line (foreground until SIGTERM or SIGINT, then stops everything)::

    python -m jupyterlab_qbraid.emulator.hub_process --port 8765 --work DIR \
        [--no-delete-scope] [--plain-hub] [--access-token] [--account-page URL] [--qbraid-lab] [--state FILE]

(also ``--emulator-port``; ``--help``). It prints one JSON line with the URLs once the
demo user's server runs. ``--state`` writes a
file (mode 0600) with ``hubUrl``, ``userUrl``, ``loginUrl``, ``apiUrl`` (the hub API),
``serviceToken``, ``emulatorBase``, ``emulatorUrl`` and ``apiKey``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlencode

from .catalog import DEMO_CLUSTER_ID, DEMO_PROFILE_SLUG, PROFILES_BY_SLUG
from .managed import ManagedProcess, Stoppable, wait_until
from .process import EmulatorProcess
from .qbraid_lab import write_lab_config
from .seed import DEMO_ACCOUNT

# The emulator's demo user: the emulator acts on the hub user of the same name.
DEMO_USER: str = DEMO_ACCOUNT["user_name"]
# How a plain hub's servers (--plain-hub) describe the demo profile to Lab.
DEMO_PROFILE = PROFILES_BY_SLUG[DEMO_PROFILE_SLUG].display_name
DEMO_CREDITS_PER_MINUTE = PROFILES_BY_SLUG[DEMO_PROFILE_SLUG].credits_per_minute
SERVICE_NAME = "qbraid-launcher"
STARTUP_TIMEOUT_SECONDS = 60.0
SPAWN_TIMEOUT_SECONDS = 90.0
# Long enough for the hub to stop its servers (SIGINT, then up to 10 s each) and its proxy.
STOP_TIMEOUT_SECONDS = 60.0
API_TIMEOUT_SECONDS = 30.0
POLL_SECONDS = 0.25
# free_port(): where it chooses from, and how often it tries.
PORTS_FROM = 20000
EPHEMERAL_PORTS_FILE = "/proc/sys/net/ipv4/ip_local_port_range"
LINUX_FIRST_EPHEMERAL_PORT = 32768
PORT_ATTEMPTS = 200
_chosen_ports: set[int] = set()

# The folder holding the package: in a source tree also the one with node_modules.
_ROOT = Path(__file__).resolve().parents[2]
SERVER_TOKEN_SCOPES = ["users:activity!user", "access:servers!server"]
DELETE_SCOPE = "delete:servers!server"
# What the launcher's service may do: run users' servers for tests and the demo; for the
# emulator's server routes, read users and their servers (admin:users, admin:servers),
# stop servers (admin:servers holds delete:servers) and mint user tokens (tokens).
SERVICE_SCOPES = ["admin:users", "admin:servers", "tokens"]


class HubProcessError(RuntimeError):
    """The hub did not start, or refused an API call (the message says which; ``status``
    is the refusal's HTTP status)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def free_port() -> int:
    """A port free on 127.0.0.1 now, for a process that binds it later (the hub needs numbers
    before it starts), and that nothing else takes meanwhile.

    The system hands out ports of its ephemeral range by itself, to outgoing connections and
    to port-0 binds (a kernel's ports are chosen so, then released until the kernel binds
    them), so a port chosen there can be gone when its process binds it. These come from
    below that range, and never twice from this process.
    """
    first_ephemeral = _first_ephemeral_port()
    for _ in range(PORT_ATTEMPTS):
        wanted = random.randrange(PORTS_FROM, first_ephemeral)
        if wanted in _chosen_ports:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", wanted))
            except OSError:
                continue
        _chosen_ports.add(wanted)
        return wanted
    raise HubProcessError(f"No free port on 127.0.0.1 from {PORTS_FROM} to {first_ephemeral}.")


def _first_ephemeral_port() -> int:
    try:
        first = int(Path(EPHEMERAL_PORTS_FILE).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return LINUX_FIRST_EPHEMERAL_PORT
    # A system that hands out nearly every port itself leaves none of its own to choose
    # from: Linux's usual bound then, which still keeps clear of most of its range.
    return first if first > PORTS_FROM + 1000 else LINUX_FIRST_EPHEMERAL_PORT


class HubProcess(ManagedProcess):
    """A JupyterHub subprocess with its files in ``work_dir``.

    Attributes: ``url`` (the proxy, where people go), ``api_url`` (the hub's API as Lab
    servers reach it), ``service_token``, ``user``, ``log_path``. ``lab_environment`` and
    ``lab_args`` reach every Lab server the hub spawns; ``delete_scope`` grants their own
    token ``delete:servers`` on themselves.
    """

    failure = HubProcessError
    log_name = "Hub"
    stop_timeout = STOP_TIMEOUT_SECONDS

    def __init__(
        self,
        work_dir: str | os.PathLike[str],
        port: int = 0,
        hub_port: int = 0,
        service_token: str | None = None,
        user: str = DEMO_USER,
        delete_scope: bool = True,
        notebook_dir: str | os.PathLike[str] | None = None,
        lab_environment: Mapping[str, str] | None = None,
        lab_args: Sequence[str] = (),
        startup_timeout: float = STARTUP_TIMEOUT_SECONDS,
    ) -> None:
        self.work_dir = Path(work_dir).resolve()
        super().__init__(self.work_dir / "jupyterhub.log")
        self.port = port or free_port()
        self.hub_port = hub_port or free_port()
        # One user's one server: the same port at every start, chosen as the others are.
        self.server_port = free_port()
        self.service_token = service_token or secrets.token_hex(32)
        self.user = user
        self.delete_scope = delete_scope
        self.notebook_dir = Path(notebook_dir or self.work_dir / "notebooks").resolve()
        self.lab_environment = dict(lab_environment or {})
        self.lab_args = list(lab_args)
        self.startup_timeout = startup_timeout
        self.url = f"http://127.0.0.1:{self.port}"
        self.api_url = hub_api_url(self.hub_port)
        self._start()

    @property
    def user_url(self) -> str:
        return f"{self.url}/user/{quote(self.user, safe='')}/"

    @property
    def login_url(self) -> str:
        """Logs the demo user in and lands in their Lab."""
        return f"{self.url}/hub/login?" + urlencode({"next": f"/user/{self.user}/lab"})

    # Lifecycle

    def _config(self) -> dict[str, Any]:
        scopes = SERVER_TOKEN_SCOPES + ([DELETE_SCOPE] if self.delete_scope else [])
        return {
            "JupyterHub": {
                "bind_url": self.url,
                "hub_bind_url": f"http://127.0.0.1:{self.hub_port}",
                "authenticator_class": "jupyterlab_qbraid.emulator.hub_login.DemoAuthenticator",
                "spawner_class": "simple",
                "db_url": f"sqlite:///{self.work_dir / 'jupyterhub.sqlite'}",
                "cookie_secret_file": str(self.work_dir / "jupyterhub_cookie_secret"),
                "services": [{"name": SERVICE_NAME, "api_token": self.service_token}],
                "load_roles": [
                    {"name": SERVICE_NAME, "services": [SERVICE_NAME], "scopes": SERVICE_SCOPES}
                ],
            },
            "Authenticator": {"allow_all": True},
            "DemoAuthenticator": {"demo_user": self.user},
            "ConfigurableHTTPProxy": {
                "command": [proxy_command()],
                "api_url": f"http://127.0.0.1:{free_port()}",
                "pid_file": str(self.work_dir / "proxy.pid"),
            },
            "Spawner": {
                "cmd": [str(Path(sys.executable).parent / "jupyterhub-singleuser")],
                # Machines here run as root; Jupyter Server refuses that unless told.
                "args": ["--ServerApp.allow_root=True", *self.lab_args],
                "default_url": "/lab",
                "port": self.server_port,
                "notebook_dir": str(self.notebook_dir),
                "environment": self.lab_environment,
                "server_token_scopes": scopes,
            },
            # Its default, /tmp/{username}, would be shared by every run.
            "SimpleLocalProcessSpawner": {
                "home_dir_template": str(self.work_dir / "home" / "{username}")
            },
        }

    def _environment(self) -> dict[str, str]:
        # Nothing of an outer hub or of the person's own key reaches this hub's servers.
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("JUPYTERHUB_", "CONFIGPROXY_")) and name != "QBRAID_API_KEY"
        }
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (str(_ROOT), env.get("PYTHONPATH")) if part
        )
        return env

    def _start(self) -> None:
        # Private: the hub's database and cookie secret live here.
        self.work_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.work_dir.chmod(0o700)
        self.notebook_dir.mkdir(parents=True, exist_ok=True)
        # A hub database of an earlier run lists servers whose processes are gone.
        (self.work_dir / "jupyterhub.sqlite").unlink(missing_ok=True)
        write_private(self._config_path, json.dumps(self._config(), indent=1))
        super()._start()

    @property
    def _config_path(self) -> Path:
        return self.work_dir / "jupyterhub_config.json"

    def _command(self) -> list[str]:
        return [sys.executable, "-m", "jupyterhub", "-f", str(self._config_path)]

    def _popen_options(self, log_file: IO[bytes]) -> dict[str, Any]:
        return {
            "cwd": self.work_dir,
            "stdout": log_file,
            "stderr": subprocess.STDOUT,
            # Its own session: a Ctrl-C in the terminal reaches the launcher, which stops
            # the hub in order (servers, proxy, hub), not every process at once.
            "start_new_session": True,
        }

    def _wait_ready(self) -> None:
        if not wait_until(self._answers, self.startup_timeout, POLL_SECONDS):
            raise HubProcessError(f"JupyterHub did not answer within {self.startup_timeout}s.")

    def _answers(self) -> bool:
        if not self.running:
            raise HubProcessError(
                f"JupyterHub exited before it was ready (code {self.returncode})."
            )
        try:
            # Through the proxy: ready means the proxy routes to the hub too.
            with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    # The hub's REST API, with the service token

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        """Call ``{api_url}{path}``; the answer's JSON (None when empty), else HubProcessError."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.api_url + path,
            data=data,
            method=method,
            headers={
                "Authorization": f"token {token or self.service_token}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=API_TIMEOUT_SECONDS) as response:
                raw = response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")
            raise HubProcessError(f"{method} {path}: {err.code} {detail}", err.code) from None
        return json.loads(raw) if raw else None

    def _user_path(self, user: str | None) -> str:
        return f"/users/{quote(user or self.user, safe='')}"

    def server(self, user: str | None = None) -> dict[str, Any] | None:
        """The hub's model of the user's default server, or None when none is running."""
        return self.api("GET", self._user_path(user))["servers"].get("")

    def spawn(
        self, user: str | None = None, timeout: float = SPAWN_TIMEOUT_SECONDS
    ) -> dict[str, Any]:
        """Create the user if needed, start their default server and wait until it is ready."""
        path = self._user_path(user)
        try:
            self.api("POST", path)
        except HubProcessError as err:
            if err.status != 409:  # 409: the user exists already
                raise
        if self.server(user) is None:
            self.api("POST", f"{path}/server")
        server = wait_until(lambda: self._ready_server(user), timeout, POLL_SECONDS)
        if server is None:
            raise HubProcessError(
                f"The server of {user or self.user} was not ready within {timeout}s.\n{self._log_tail()}"
            )
        return server

    def _ready_server(self, user: str | None) -> dict[str, Any] | None:
        server = self.server(user)
        return server if server and server.get("ready") else None

    def wait_stopped(self, user: str | None = None, timeout: float = SPAWN_TIMEOUT_SECONDS) -> None:
        if not wait_until(lambda: self.server(user) is None, timeout, POLL_SECONDS):
            raise HubProcessError(f"The server of {user or self.user} still runs after {timeout}s.")

    def user_token(
        self, scopes: Sequence[str], user: str | None = None, expires_in: int = 3600
    ) -> str:
        """A new API token of the user with these scopes (a subset of what the user holds)."""
        body = {"scopes": list(scopes), "expires_in": expires_in, "note": "hub_process test token"}
        return self.api("POST", f"{self._user_path(user)}/tokens", body)["token"]


def proxy_command() -> str:
    """configurable-http-proxy: the project's node_modules (a devDependency), else PATH."""
    local = _ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
    found = str(local) if local.exists() else shutil.which("configurable-http-proxy")
    if not found:
        raise HubProcessError(
            "configurable-http-proxy is missing: run `jlpm install` (or `make install`)."
        )
    return found


def hub_api_url(hub_port: int) -> str:
    return f"http://127.0.0.1:{hub_port}/hub/api"


class HubStack(Stoppable):
    """The account API emulator and a hub whose Lab servers use it, all files in ``work``.

    ``work/emulator.db`` (kept between runs, like the demo's), ``work/qbraidrc`` (written
    with the seeded key on the emulator's first run; the Lab servers read it through
    QBRAID_CONFIG_FILE), ``work/notebooks``, ``work/hub`` (the hub's files). The emulator's
    server routes act on the hub. ``cluster_id`` (the demo cluster by default; None for a
    plain hub) becomes the Lab servers' QBRAID_CLUSTER_ID; ``profile`` and
    ``credits_per_minute``, when given, their QBRAID_LAB_PROFILE and
    QBRAID_LAB_CREDITS_PER_MINUTE. With ``access_token``, the Lab servers are also given an
    access token of the demo user in QBRAID_ACCESS_TOKEN, as qBraid's platform gives its pods.
    ``account_page`` becomes their page option ``qbraidAccountUrl`` (as qBraid's Lab sets
    it, in a ``labconfig/page_config.json`` on their Jupyter config path), where Stop sends
    a stopped platform pod's user. With ``qbraid_lab``, their Lab is configured as qBraid's
    published Lab (:mod:`.qbraid_lab`: its disabled plugins, JupyterLab Dark by default).
    ``lab_args`` are more options of the Lab servers (e.g. their idle stop).
    """

    def __init__(
        self,
        work: str | os.PathLike[str],
        port: int = 0,
        emulator_port: int = 0,
        delete_scope: bool = True,
        cluster_id: str | None = DEMO_CLUSTER_ID,
        profile: str | None = None,
        credits_per_minute: float | None = None,
        access_token: bool = False,
        account_page: str | None = None,
        lab_args: Sequence[str] = (),
        qbraid_lab: bool = False,
    ) -> None:
        self.work = Path(work).resolve()
        self.work.mkdir(parents=True, exist_ok=True)
        hub_port = free_port()
        service_token = secrets.token_hex(32)
        self.emulator = EmulatorProcess(
            db_path=self.work / "emulator.db",
            port=emulator_port,
            hub_api_url=hub_api_url(hub_port),
            hub_token=service_token,
        )
        self.qbraidrc = self.work / "qbraidrc"
        try:
            if self.emulator.announcement.get("apiKey"):
                write_qbraidrc(self.qbraidrc, self.emulator.api_key or "", self.emulator.url)
            environment = {"QBRAID_CONFIG_FILE": str(self.qbraidrc)}
            if cluster_id:
                environment["QBRAID_CLUSTER_ID"] = cluster_id
            if profile:
                environment["QBRAID_LAB_PROFILE"] = profile
            if credits_per_minute is not None:
                environment["QBRAID_LAB_CREDITS_PER_MINUTE"] = f"{credits_per_minute:g}"
            if access_token:
                environment["QBRAID_ACCESS_TOKEN"] = self.emulator.mint_access_token()["token"]
            arguments = [f"--QbraidAccount.api_url={self.emulator.url}", *lab_args]
            page_options = {"qbraidAccountUrl": account_page} if account_page else {}
            if qbraid_lab:
                config_dir, settings_dir = write_lab_config(self.work / "lab-config", page_options)
                environment["JUPYTER_CONFIG_PATH"] = str(config_dir)
                arguments.append(f"--LabApp.app_settings_dir={settings_dir}")
            elif page_options:
                environment["JUPYTER_CONFIG_PATH"] = str(self._page_config(page_options))
            self.hub = HubProcess(
                self.work / "hub",
                port=port,
                hub_port=hub_port,
                service_token=service_token,
                delete_scope=delete_scope,
                notebook_dir=self.work / "notebooks",
                lab_environment=environment,
                lab_args=arguments,
            )
        except BaseException:
            self.emulator.stop()
            raise

    def _page_config(self, page_options: dict[str, Any]) -> Path:
        """A Jupyter config folder whose page config sets ``page_options``."""
        folder = self.work / "lab-config"
        (folder / "labconfig").mkdir(parents=True, exist_ok=True)
        (folder / "labconfig" / "page_config.json").write_text(json.dumps(page_options))
        return folder

    def state(self) -> dict[str, Any]:
        """What Galata and tests need, secrets included: keep it in a 0600 file."""
        return {
            "hubUrl": self.hub.url,
            "userUrl": self.hub.user_url,
            "loginUrl": self.hub.login_url,
            "apiUrl": self.hub.api_url,
            "serviceToken": self.hub.service_token,
            "emulatorBase": self.emulator.base,
            "emulatorUrl": self.emulator.url,
            "apiKey": self.emulator.api_key,
        }

    def stop(self) -> None:
        try:
            self.hub.stop()
        finally:
            self.emulator.stop()


def write_private(path: Path, text: str) -> None:
    """Write a file that holds secrets: mode 0600 from its first byte."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as private_file:
        private_file.write(text)
    # O_CREAT's mode applies only to a new file.
    os.chmod(path, 0o600)


def write_qbraidrc(path: Path, api_key: str, url: str) -> None:
    write_private(path, f"[default]\napi-key = {api_key}\nurl = {url}\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m jupyterlab_qbraid.emulator.hub_process",
        description="Run the account API emulator and a JupyterHub whose Lab servers use it.",
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="the hub's public port (default: %(default)s)"
    )
    parser.add_argument(
        "--emulator-port", type=int, default=0, help="the emulator's port; 0 picks one (default)"
    )
    parser.add_argument(
        "--work", required=True, help="folder for the emulator database, hub files and notebooks"
    )
    parser.add_argument(
        "--no-delete-scope",
        action="store_true",
        help="leave delete:servers out of the Lab server's own token (it must ask the account API)",
    )
    parser.add_argument(
        "--plain-hub",
        action="store_true",
        help=(
            "Lab servers of an ordinary hub, not a qBraid platform pod: no QBRAID_CLUSTER_ID,"
            f" and QBRAID_LAB_PROFILE={DEMO_PROFILE!r},"
            f" QBRAID_LAB_CREDITS_PER_MINUTE={DEMO_CREDITS_PER_MINUTE:g}"
        ),
    )
    parser.add_argument(
        "--access-token",
        action="store_true",
        help="give the Lab servers an access token in QBRAID_ACCESS_TOKEN, as platform pods have",
    )
    parser.add_argument(
        "--account-page",
        help="the Lab servers' page option qbraidAccountUrl: the account page where Stop sends "
        "a platform pod's user",
    )
    parser.add_argument(
        "--qbraid-lab",
        action="store_true",
        help="configure the Lab servers as qBraid's published Lab: its disabled plugins "
        "(Lab's notifications among them) and JupyterLab Dark by default",
    )
    parser.add_argument(
        "--lab-option",
        action="append",
        default=[],
        metavar="OPTION",
        help="one more command-line option of the Lab servers, as "
        "--lab-option=--QbraidAccount.idle_grace_seconds=20; may be repeated",
    )
    parser.add_argument("--state", help="write URLs and tokens to this JSON file (mode 0600)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM (Playwright, a service manager) unwinds like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    state_path = Path(args.state) if args.state else None
    with HubStack(
        args.work,
        port=args.port,
        emulator_port=args.emulator_port,
        delete_scope=not args.no_delete_scope,
        cluster_id=None if args.plain_hub else DEMO_CLUSTER_ID,
        profile=DEMO_PROFILE if args.plain_hub else None,
        credits_per_minute=DEMO_CREDITS_PER_MINUTE if args.plain_hub else None,
        access_token=args.access_token,
        account_page=args.account_page,
        qbraid_lab=args.qbraid_lab,
        lab_args=args.lab_option,
    ) as stack:
        try:
            stack.hub.spawn()
            if state_path:
                write_private(state_path, json.dumps(stack.state(), indent=2))
            announcement = {
                "hubUrl": stack.hub.url,
                "userUrl": stack.hub.user_url,
                "loginUrl": stack.hub.login_url,
                "emulatorUrl": stack.emulator.url,
            }
            print(json.dumps(announcement), flush=True)
            while stack.hub.running and stack.emulator.running:
                time.sleep(0.5)
            print("The hub or the emulator exited; stopping.", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
        finally:
            if state_path:
                state_path.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
