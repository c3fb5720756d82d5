"""Asking a JupyterHub for an API token of a user, as qBraid's platform does for its Lab.

The hub service token needs the ``tokens`` scope on the users it mints tokens for. The
minted token is limited to the user's own servers: enough to read and stop them. JupyterHub
refuses scopes the user does not hold, so unfiltered ``servers`` (what the platform's own
tokens show) is not asked for.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient, HTTPClientError

# Where the command line looks for the hub token when --hub-token is not given.
HUB_TOKEN_ENV = "QBRAID_EMULATOR_HUB_TOKEN"
TOKEN_LIFETIME_SECONDS = 3600
TOKEN_NOTE = "qBraid account emulator: Lab server control"
REQUEST_TIMEOUT_SECONDS = 10


class HubError(Exception):
    """The hub could not be reached or did not give a token; the message says which."""


def token_scopes(user_name: str) -> list[str]:
    return [f"read:servers!user={user_name}", f"delete:servers!user={user_name}"]


def _hub_message(body: bytes) -> str:
    try:
        message = json.loads(body).get("message")
    except (ValueError, AttributeError):
        message = None
    return message if isinstance(message, str) and message else "no message"


class HubTokenIssuer:
    def __init__(self, api_url: str, service_token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self._service_token = service_token

    async def issue(self, user_name: str) -> dict[str, Any]:
        """The hub's token model for a new token of ``user_name``, with its ``token``."""
        url = f"{self.api_url}/users/{quote(user_name, safe='')}/tokens"
        body = {
            "note": TOKEN_NOTE,
            "expires_in": TOKEN_LIFETIME_SECONDS,
            "scopes": token_scopes(user_name),
        }
        try:
            response = await AsyncHTTPClient().fetch(
                url,
                method="POST",
                headers={
                    "Authorization": f"token {self._service_token}",
                    "Content-Type": "application/json",
                },
                body=json.dumps(body),
                request_timeout=REQUEST_TIMEOUT_SECONDS,
                raise_error=False,
            )
        except (OSError, HTTPClientError) as err:
            raise HubError(f"JupyterHub at {self.api_url} is unreachable ({err}).") from err
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
