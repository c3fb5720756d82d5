"""The server extension: its settings (traitlets) and its route table."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from jupyter_server.extension.application import ExtensionApp
from traitlets import Bool, Float, Integer, List, TraitError, Unicode, validate

from . import __version__
from .account_client import AccountClient
from .account_service import AccountService
from .credentials import CredentialStore
from .errors import InvalidRequest
from .guard.guard import LeakGuard
from .guard.known_keys import KnownKeys
from .guard.scan import LeakScanner, ScanLimits
from .idle.activity import ServerActivity
from .idle.clock import IdleClock
from .idle.service import IdleStop
from .idle.socket import IdleSocketHandler
from .instance import InstanceService
from .kernel_shutdown import KernelShutdown, stop_cleanly_on_sigint
from .kernels import KernelKeyInjector, checked_variable
from .key_ages import KeyAges
from .key_management import KeyManager
from .lab_settings import PINNING_TRAITS, LabSettings, places_of
from .routes import (
    GuardRedactHandler,
    GuardReportHandler,
    GuardScanHandler,
    InstanceHandler,
    InstanceLimitsHandler,
    InstanceStopHandler,
    KernelInjectHandler,
    KernelRemoveHandler,
    KernelsHandler,
    KeyHandler,
    KeyItemHandler,
    KeyRotateHandler,
    KeysHandler,
    SettingsHandler,
    SummaryHandler,
    UsageHandler,
)
from .settings_migration import migrate_moved_settings
from .stop_events import IDLE, StopAnnouncer, StopReason
from .usage import UsageService


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class QbraidAccount(ExtensionApp):
    name = "jupyterlab_qbraid"
    load_other_extensions = True

    api_url = Unicode(
        None,
        allow_none=True,
        config=True,
        help=(
            "Base URL of the qBraid API; wins over everything else. Unset: QBRAID_API_URL, "
            "the host of a white-label API key, the qbraidrc's url, else production."
        ),
    )
    account_url = Unicode(
        "https://account.qbraid.com",
        config=True,
        help="The qBraid account web page that links in the panel open.",
    )
    request_timeout = Float(
        10.0, config=True, help="Seconds to wait for the account API before giving up."
    )
    hub_timeout = Float(
        30.0,
        config=True,
        help="Seconds to wait for JupyterHub; a stop may take its slow_stop_timeout (10 s) to answer.",
    )
    kernel_timeout = Float(
        5.0,
        config=True,
        help="Seconds each kernel has to answer when the key is put into or taken out of it.",
    )
    scan_seconds = Float(
        20.0, config=True, help="Seconds a scan of the root folder for API keys may take."
    )
    scan_max_file_bytes = Integer(
        50 * 1024 * 1024,
        config=True,
        help="Files larger than this are listed as skipped by the key scan.",
    )
    scan_max_files = Integer(100_000, config=True, help="Files a key scan reads at most.")
    settings_check_seconds = Float(
        2.0,
        config=True,
        help="How often the server looks for changes to the person's qBraid settings files.",
    )
    # Pins: a deployment's value for one of the person's settings, which then has no effect.
    variable_name = Unicode(
        None,
        allow_none=True,
        config=True,
        help="Pins the environment variable the key is put under (setting variableName).",
    )
    auto_inject = Bool(
        None,
        allow_none=True,
        config=True,
        help="Pins whether the key is put into kernels and the server's environment (autoInject).",
    )
    redact_on_save = Bool(
        None,
        allow_none=True,
        config=True,
        help="Pins whether keys are redacted from outputs on save (redactOnSave).",
    )
    scan_exclusions = List(
        Unicode(),
        default_value=None,
        allow_none=True,
        config=True,
        help="Pins the glob patterns the key scan skips (scanExclusions).",
    )
    idle_stop_minutes = Float(
        None,
        allow_none=True,
        config=True,
        help="Pins the idle minutes after which the instance stops; 0 turns it off (idleStopMinutes).",
    )

    idle_check_seconds = Float(
        15.0,
        config=True,
        help="How often the idle stop looks at kernels and terminals (seconds).",
    )
    idle_grace_seconds = Float(
        60.0,
        config=True,
        help="Seconds the open tabs count down, with 'Keep running', before an idle stop.",
    )
    idle_save_seconds = Float(
        30.0,
        config=True,
        help="Seconds an idle stop waits at most for the open tabs to save their documents.",
    )

    @validate("variable_name")
    def _valid_variable_name(self, proposal):
        if proposal["value"] is None:
            return None
        try:
            return checked_variable(proposal["value"])
        except InvalidRequest as error:
            raise TraitError(f"QbraidAccount.variable_name: {error.message}") from None

    @validate("idle_stop_minutes")
    def _valid_idle_stop_minutes(self, proposal):
        value = proposal["value"]
        if value is not None and not 0 <= value <= 1440:
            raise TraitError("QbraidAccount.idle_stop_minutes must be from 0 to 1440.")
        return value

    def initialize_settings(self):
        clients: dict[str, AccountClient] = {}

        def client_for(api_url: str) -> AccountClient:
            if api_url not in clients:
                clients[api_url] = AccountClient(
                    api_url,
                    self.request_timeout,
                    f"jupyterlab-qbraid/{__version__}",
                    known_secrets=lambda: known_keys.snapshot(),
                )
            return clients[api_url]

        self._clients = clients
        self.service = AccountService(
            CredentialStore(), client_for, self.api_url or None, self.account_url
        )
        known_keys = KnownKeys(self.service.store)
        self.usage = UsageService(self.service)
        # Beside Jupyter's own data, where it outlives this server as the keys do.
        ages = KeyAges(
            Path(self.serverapp.data_dir) / "jupyterlab_qbraid" / "key-ages.json", self.log
        )
        self.keys = KeyManager(self.service, ages, self.log, known_keys.add)
        contents_manager = self.serverapp.contents_manager
        limits = ScanLimits(self.scan_seconds, self.scan_max_file_bytes, self.scan_max_files)
        self.guard = LeakGuard(
            contents_manager,
            known_keys,
            LeakScanner(contents_manager, known_keys, limits, self.log),
            self.log,
        )
        # Registered hooks run after the deployment's own `pre_save_hook`, which stays as set.
        contents_manager.register_pre_save_hook(self.guard.pre_save)
        self.kernel_shutdown = KernelShutdown(self.serverapp.kernel_manager, self.log)
        self._restore_sigint = stop_cleanly_on_sigint(self.serverapp, self.log)
        self.instance = InstanceService(
            self.service,
            self.serverapp.web_app.settings["started"],
            self.log,
            self.hub_timeout,
            f"jupyterlab-qbraid/{__version__}",
            end_kernels=self.kernel_shutdown.run,
            announce=StopAnnouncer(self.serverapp.event_logger, self.log).announce,
            shutdown_server=self.serverapp.stop,
        )
        # Read before the first kernel can start, so that it starts as the settings say.
        places = places_of(self.serverapp)
        migrate_moved_settings(places, self.log)
        self.lab_settings = LabSettings(
            places,
            {name: getattr(self, trait) for name, trait in PINNING_TRAITS.items()},
            self.log,
        )
        settings = self.lab_settings.effective
        self.kernels = KernelKeyInjector(
            self.serverapp.kernel_manager,
            self.serverapp.session_manager,
            self.serverapp.event_logger,
            self.service.store,
            self.log,
            self.kernel_timeout,
            variable=settings["variableName"],
            auto_inject=settings["autoInject"],
        )
        self._apply_guard_settings(settings)
        # The page marks pinned settings in the Settings Editor without asking for them.
        page_config = self.serverapp.web_app.settings.setdefault("page_config_data", {})
        page_config["qbraidPinnedSettings"] = self.lab_settings.describe()["pinned"]
        self.idle = IdleStop(
            IdleClock(utc_now, self.idle_grace_seconds, self.idle_save_seconds),
            ServerActivity(
                self.serverapp.kernel_manager,
                lambda: self.serverapp.web_app.settings.get("terminal_manager"),
                utc_now,
            ),
            self._stop_when_idle,
            self.log,
            self.idle_check_seconds,
        )
        self.idle.set_limit(settings["idleStopMinutes"])
        self.instance.on_stop_failed(self.idle.stop_failed)
        self.idle.start()
        self.lab_settings.on_change(self._apply_settings)
        self.lab_settings.watch(self.settings_check_seconds)

    async def _stop_when_idle(self, minutes: float) -> None:
        # The stop event says whole minutes; a limit under one (in tests) says 1.
        reason = StopReason(IDLE, max(1, round(minutes)))
        await self.instance.start_stop(reason)

    def _apply_guard_settings(self, settings):
        self.guard.configure(
            {"redactOnSave": settings["redactOnSave"], "exclusions": settings["scanExclusions"]}
        )

    async def _apply_settings(self, settings):
        self._apply_guard_settings(settings)
        self.idle.set_limit(settings["idleStopMinutes"])
        await self.kernels.configure(settings["variableName"], settings["autoInject"])

    def initialize_handlers(self):
        arguments = {
            "service": self.service,
            "keys": self.keys,
            "kernels": self.kernels,
            "instance": self.instance,
            "guard": self.guard,
            "lab_settings": self.lab_settings,
            "usage": self.usage,
        }
        # Ids are matched loosely (even '/' and '..') so that KeyManager refuses them with
        # a 400, not the server with a 404 that looks like a missing extension.
        self.handlers.extend(
            [
                (r"/jupyterlab-qbraid/summary", SummaryHandler, arguments),
                (r"/jupyterlab-qbraid/settings", SettingsHandler, arguments),
                (r"/jupyterlab-qbraid/key", KeyHandler, arguments),
                (r"/jupyterlab-qbraid/keys", KeysHandler, arguments),
                (r"/jupyterlab-qbraid/keys/(.+)/rotate", KeyRotateHandler, arguments),
                (r"/jupyterlab-qbraid/keys/(.+)", KeyItemHandler, arguments),
                (r"/jupyterlab-qbraid/kernels", KernelsHandler, arguments),
                (r"/jupyterlab-qbraid/kernels/inject", KernelInjectHandler, arguments),
                (r"/jupyterlab-qbraid/kernels/remove", KernelRemoveHandler, arguments),
                (r"/jupyterlab-qbraid/instance", InstanceHandler, arguments),
                (r"/jupyterlab-qbraid/instance/stop", InstanceStopHandler, arguments),
                (r"/jupyterlab-qbraid/instance/limits", InstanceLimitsHandler, arguments),
                (r"/jupyterlab-qbraid/usage", UsageHandler, arguments),
                (r"/jupyterlab-qbraid/guard/report", GuardReportHandler, arguments),
                (r"/jupyterlab-qbraid/guard/scan", GuardScanHandler, arguments),
                (r"/jupyterlab-qbraid/guard/redact", GuardRedactHandler, arguments),
                (r"/jupyterlab-qbraid/idle/socket", IdleSocketHandler, {"idle": self.idle}),
            ]
        )

    async def stop_extension(self):
        # First: this runs before the server's own, slower, shutdown of its kernels.
        await self.kernel_shutdown.run()
        self._restore_sigint()
        self.lab_settings.close()
        self.idle.close()
        await self.kernels.close()
        self.instance.close()
        self.guard.close()
        for client in self._clients.values():
            client.close()
