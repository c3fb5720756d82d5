"""The emulator's JupyterHub client: what qBraid's platform does on its hub for a user.

With ``--hub-api-url`` and ``--hub-token`` the server routes act on that hub for the hub
user of the same name: ``GET /users/{name}`` for the status, ``DELETE /users/{name}/server``
to stop, ``POST /users/{name}/tokens`` for a session token. The service token needs
``read:users``, ``read:servers`` and ``delete:servers`` on those users (``admin:users`` and
``admin:servers`` hold them) and ``tokens`` to mint. A minted token is limited to the
user's own servers: enough to read and stop them. JupyterHub refuses scopes the user does
not hold, so unfiltered ``servers`` (what the platform's own tokens show) is not asked for.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPResponse

# Where the command line looks for the hub token when --hub-token is not given.
HUB_TOKEN_ENV = "QBRAID_EMULATOR_HUB_TOKEN"
TOKEN_LIFETIME_SECONDS = 3600
TOKEN_NOTE = "qBraid account emulator: Lab server control"
REQUEST_TIMEOUT_SECONDS = 10


class HubError(Exception):
    """The hub could not be reached or refused; the message says which."""


def token_scopes(user_name: str) -> list[str]:
    return [f"read:servers!user={user_name}", f"delete:servers!user={user_name}"]


def _hub_message(body: bytes) -> str:
    try:
        message = json.loads(body).get("message")
    except (ValueError, AttributeError):
        message = None
    return message if isinstance(message, str) and message else "no message"


class Hub:
    def __init__(self, api_url: str, service_token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self._service_token = service_token

    async def _call(
        self, method: str, user_name: str, tail: str = "", body: Any = None
    ) -> HTTPResponse:
        url = f"{self.api_url}/users/{quote(user_name, safe='')}{tail}"
        try:
            return await AsyncHTTPClient().fetch(
                url,
                method=method,
                headers={
                    "Authorization": f"token {self._service_token}",
                    "Content-Type": "application/json",
                },
                body=None if body is None else json.dumps(body),
                request_timeout=REQUEST_TIMEOUT_SECONDS,
                raise_error=False,
            )
        except (OSError, HTTPClientError) as err:
            raise HubError(f"JupyterHub at {self.api_url} is unreachable ({err}).") from err

    async def issue_token(self, user_name: str) -> dict[str, Any]:
        """The hub's model of a new API token of ``user_name``, with its ``token``."""
        body = {
            "note": TOKEN_NOTE,
            "expires_in": TOKEN_LIFETIME_SECONDS,
            "scopes": token_scopes(user_name),
        }
        response = await self._call("POST", user_name, "/tokens", body)
        if response.code not in (200, 201):
            raise HubError(
                f"JupyterHub refused the token request ({response.code}):"
                f" {_hub_message(response.body)}"
            )
        try:
            model = json.loads(response.body)
        except ValueError as err:
            raise HubError("JupyterHub answered the token request with invalid JSON.") from err
        token = model.get("token") if isinstance(model, dict) else None
        if not isinstance(token, str) or not token:
            raise HubError("JupyterHub answered the token request without a token.")
        return model

    async def user(self, user_name: str) -> dict[str, Any] | None:
        """The hub's user model (with ``servers``), or None when the hub has no such user."""
        response = await self._call("GET", user_name)
        if response.code == 404:
            return None
        if response.code != 200:
            raise HubError(
                f"JupyterHub refused to describe the user ({response.code}):"
                f" {_hub_message(response.body)}"
            )
        try:
            model = json.loads(response.body)
        except ValueError as err:
            raise HubError("JupyterHub described the user with invalid JSON.") from err
        if not isinstance(model, dict) or not isinstance(model.get("servers", {}), dict):
            raise HubError("JupyterHub described the user without a servers object.")
        return model

    async def stop_server(self, user_name: str) -> None:
        """Ask the hub to stop the user's default server; it answers before it has stopped."""
        response = await self._call("DELETE", user_name, "/server")
        if response.code not in (202, 204):
            raise HubError(
                f"JupyterHub refused to stop the server ({response.code}):"
                f" {_hub_message(response.body)}"
            )
