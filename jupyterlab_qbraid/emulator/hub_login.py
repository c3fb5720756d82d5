"""The demo hub's login: whoever opens the hub is the demo user, with no login form.

With ``auto_login`` set and the default login URL, JupyterHub's LoginHandler calls
``login_user()`` with no form data, which reaches ``authenticate(handler, None)``; a form
post (``data`` given) still logs in any name, as DummyAuthenticator does. For local tests
and the demo only.
"""

from __future__ import annotations

from typing import Any

from jupyterhub.auth import DummyAuthenticator
from traitlets import Unicode


class DemoAuthenticator(DummyAuthenticator):
    auto_login = True

    demo_user = Unicode("demo", config=True, help="The user a visit without form data becomes.")

    async def authenticate(self, handler: Any, data: dict[str, str] | None) -> str | None:
        if data is None:
            return self.demo_user
        return await super().authenticate(handler, data)
