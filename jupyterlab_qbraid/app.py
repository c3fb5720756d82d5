"""The server extension: its settings (traitlets) and its route table."""

from __future__ import annotations

from jupyter_server.extension.application import ExtensionApp
from traitlets import Float, Unicode

from . import __version__
from .account_client import AccountClient
from .account_service import AccountService
from .credentials import CredentialStore
from .kernels import KernelKeyInjector
from .key_management import KeyManager
from .routes import (
    KernelInjectHandler,
    KernelRemoveHandler,
    KernelSettingsHandler,
    KernelsHandler,
    KeyHandler,
    KeyItemHandler,
    KeyRotateHandler,
    KeysHandler,
    SummaryHandler,
)


class QbraidAccount(ExtensionApp):
    name = "jupyterlab_qbraid"
    load_other_extensions = True

    api_url = Unicode(
        None,
        allow_none=True,
        config=True,
        help="Base URL of the qBraid account API. Unset: the qbraidrc's url, else production.",
    )
    account_url = Unicode(
        "https://account.qbraid.com",
        config=True,
        help="The qBraid account web page that links in the panel open.",
    )
    request_timeout = Float(
        10.0, config=True, help="Seconds to wait for the account API before giving up."
    )
    kernel_timeout = Float(
        5.0,
        config=True,
        help="Seconds each kernel has to answer when the key is put into or taken out of it.",
    )

    def initialize_settings(self):
        clients: dict[str, AccountClient] = {}

        def client_for(api_url: str) -> AccountClient:
            if api_url not in clients:
                clients[api_url] = AccountClient(
                    api_url, self.request_timeout, f"jupyterlab-qbraid/{__version__}"
                )
            return clients[api_url]

        self._clients = clients
        self.service = AccountService(
            CredentialStore(), client_for, self.api_url or None, self.account_url
        )
        self.keys = KeyManager(self.service, self.log)
        self.kernels = KernelKeyInjector(
            self.serverapp.kernel_manager,
            self.serverapp.session_manager,
            self.serverapp.event_logger,
            self.service.store,
            self.log,
            self.kernel_timeout,
        )

    def initialize_handlers(self):
        arguments = {"service": self.service, "keys": self.keys, "kernels": self.kernels}
        # Ids are matched loosely (even '/' and '..') so that KeyManager refuses them with
        # a 400, not the server with a 404 that looks like a missing extension.
        self.handlers.extend(
            [
                (r"/qbraid/summary", SummaryHandler, arguments),
                (r"/qbraid/key", KeyHandler, arguments),
                (r"/qbraid/keys", KeysHandler, arguments),
                (r"/qbraid/keys/(.+)/rotate", KeyRotateHandler, arguments),
                (r"/qbraid/keys/(.+)", KeyItemHandler, arguments),
                (r"/qbraid/kernels", KernelsHandler, arguments),
                (r"/qbraid/kernels/settings", KernelSettingsHandler, arguments),
                (r"/qbraid/kernels/inject", KernelInjectHandler, arguments),
                (r"/qbraid/kernels/remove", KernelRemoveHandler, arguments),
            ]
        )

    async def stop_extension(self):
        await self.kernels.close()
        for client in self._clients.values():
            client.close()
