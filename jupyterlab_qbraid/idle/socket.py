"""{base_url}jupyterlab-qbraid/idle/socket: each open tab follows the idle clock through it.

Server to tab: the clock's state (see ``service.state_message``) on connect and on every
change. Tab to server: ``{"type": "activity"}`` (its person's input, at most once a minute),
``{"type": "keep-running"}`` (for every tab) and ``{"type": "saved"}``.

Authenticated and authorized as Jupyter Server's own websockets are, when the connection
opens: "read" on the extension's resource to follow the clock, and "write" on it for a tab's
messages to count (a deployment that refuses it gets warnings but cannot keep the instance
running).
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin
from tornado import web, websocket

from .service import IdleStop

try:
    from jupyter_server.auth.decorator import ws_authenticated
except ImportError:  # jupyter_server before 2.13: its handlers authenticate in prepare()
    ws_authenticated = web.authenticated

RESOURCE = "qbraid"


class IdleSocketHandler(WebSocketMixin, JupyterHandler, websocket.WebSocketHandler):
    auth_resource = RESOURCE

    def initialize(self, idle: IdleStop) -> None:
        self.idle = idle
        self._may_act = False

    async def pre_get(self) -> None:
        user = self.current_user
        if not await ensure_async(self.authorizer.is_authorized(self, user, "read", RESOURCE)):
            raise web.HTTPError(403)
        self._may_act = await ensure_async(
            self.authorizer.is_authorized(self, user, "write", RESOURCE)
        )

    @ws_authenticated
    async def get(self, *args: Any, **kwargs: Any) -> None:
        await self.pre_get()
        opened = super().get(*args, **kwargs)
        if opened is not None:
            await opened

    def open(self, *args: Any, **kwargs: Any) -> None:
        super().open(*args, **kwargs)
        self.idle.open_tab(self)

    def on_message(self, message: str | bytes) -> None:
        if not self._may_act:
            self.log.warning("Ignored an idle socket message: the user may not write 'qbraid'.")
            return
        self.idle.receive(self, message)

    def on_close(self) -> None:
        self.idle.close_tab(self)

    def send(self, message: dict[str, Any]) -> None:
        # A closed socket: on_close follows and takes the tab out.
        with contextlib.suppress(websocket.WebSocketClosedError):
            self.write_message(json.dumps(message))
