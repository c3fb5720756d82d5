"""A typed async client of the JupyterHub REST API: what a Lab server asks about itself.

Every call takes the token to use, because a server may hold two: its own
(JUPYTERHUB_API_TOKEN) and a session token qBraid hands out. Failures are
AccountApiErrors of the hub kinds; no message carries a token.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest, HTTPResponse

from . import errors
from .account_client import parse_timestamp
from .errors import AccountApiError

# What stop_server answers: the hub finished the stop (204), or is still at it (202).
STOPPED = "stopped"
STOPPING = "stopping"
_MESSAGE_LIMIT = 300


class HubClient:
    def __init__(self, api_url: str, timeout: float, user_agent: str):
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.user_agent = user_agent
        self._http: AsyncHTTPClient | None = None

    @property
    def http(self) -> AsyncHTTPClient:
        # Created lazily so it binds to the running event loop.
        if self._http is None:
            self._http = AsyncHTTPClient(force_instance=True)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    async def stop_server(self, user: str, server_name: str, token: str) -> str:
        """Ask the hub to stop the server; STOPPED or STOPPING, else AccountApiError."""
        response = await self._request("DELETE", _server_path(user, server_name), token)
        if response.code == 204:
            return STOPPED
        if response.code == 202:
            return STOPPING
        raise _status_error(response, token, "stop the server", "delete:servers")

    async def server_started(self, user: str, server_name: str, token: str) -> datetime | None:
        """When the hub started the server, or None if the token may not read servers.

        The hub leaves `servers` out of the user model for a token without read:servers
        (the default server token has none), so an absent entry means "cannot tell".
        """
        response = await self._request("GET", f"/users/{quote(user, safe='')}", token)
        if response.code != 200:
            raise _status_error(response, token, "describe the user", "read:users")
        try:
            model = json.loads(response.body)
        except ValueError:
            raise AccountApiError(
                errors.HUB_ERROR, "JupyterHub answered with something that is not JSON.", 200
            ) from None
        servers = model.get("servers") if isinstance(model, dict) else None
        server = servers.get(server_name) if isinstance(servers, dict) else None
        started = server.get("started") if isinstance(server, dict) else None
        if not isinstance(started, str):
            return None
        try:
            return parse_timestamp(started)
        except ValueError:
            raise AccountApiError(
                errors.HUB_ERROR, "JupyterHub's 'started' for this server is not a time.", 200
            ) from None

    async def _request(self, method: str, path: str, token: str) -> HTTPResponse:
        request = HTTPRequest(
            self.api_url + path,
            method=method,
            headers={
                "Authorization": f"token {token}",
                "User-Agent": self.user_agent,
                "Accept": "application/json",
            },
            connect_timeout=self.timeout,
            request_timeout=self.timeout,
        )
        try:
            return await self.http.fetch(request, raise_error=False)
        except HTTPClientError as error:
            if error.code == 599:
                raise AccountApiError(
                    errors.HUB_UNREACHABLE,
                    f"JupyterHub at {self.api_url} did not answer within {self.timeout:g} s.",
                ) from None
            raise AccountApiError(
                errors.HUB_UNREACHABLE, f"JupyterHub at {self.api_url} is unreachable ({error})."
            ) from None
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise AccountApiError(
                errors.HUB_UNREACHABLE, f"JupyterHub at {self.api_url} is unreachable ({reason})."
            ) from None


def _server_path(user: str, server_name: str) -> str:
    user_path = f"/users/{quote(user, safe='')}"
    if server_name:
        return f"{user_path}/servers/{quote(server_name, safe='')}"
    return f"{user_path}/server"


def _status_error(response: HTTPResponse, token: str, action: str, scope: str) -> AccountApiError:
    status = response.code
    detail = _hub_message(response.body or b"", token)
    detail = f"{status}: {detail}" if detail else str(status)
    if status == 403:
        return AccountApiError(
            errors.HUB_FORBIDDEN,
            f"JupyterHub refused to {action}: the token lacks the {scope} scope ({detail}).",
            status,
        )
    return AccountApiError(errors.HUB_ERROR, f"JupyterHub could not {action} ({detail}).", status)


def _hub_message(raw: bytes, token: str) -> str:
    """The hub's own words: `message` of its JSON error, else its plain text."""
    try:
        body: Any = json.loads(raw)
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        text = body["message"]
    else:
        text = raw.decode("utf-8", errors="replace")
        if "<" in text:
            return ""
    text = " ".join(text.replace(token, "[token]").split()) if token else " ".join(text.split())
    return text[:_MESSAGE_LIMIT].rstrip(". ")
