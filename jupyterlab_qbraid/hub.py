"""A typed async client of the JupyterHub REST API: what a Lab server asks about itself.

Every call takes the token to use, because a server may hold two: its own
(JUPYTERHUB_API_TOKEN) and a session token qBraid hands out. Failures are
HubErrors of the hub kinds; no message carries a token.
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import quote

from tornado.httpclient import HTTPResponse

from . import errors
from .account_client import parse_timestamp
from .errors import HubError
from .http_json import CLOSED, TIMED_OUT, JsonHttp, NoAnswer, error_message, parse_json, scrub
from .translation import _

# What stop_server answers: the hub finished the stop (204), or is still at it (202).
STOPPED = "stopped"
STOPPING = "stopping"


class HubClient:
    def __init__(self, api_url: str, timeout: float, user_agent: str):
        self._http = JsonHttp(api_url, timeout, user_agent)

    @property
    def api_url(self) -> str:
        return self._http.base_url

    def close(self) -> None:
        self._http.close()

    async def stop_server(self, user: str, server_name: str, token: str) -> str:
        """Ask the hub to stop the server; STOPPED or STOPPING, else HubError."""
        response = await self._request("DELETE", _server_path(user, server_name), token)
        if response.code == 204:
            return STOPPED
        if response.code == 202:
            return STOPPING
        raise _status_error(
            response,
            token,
            _(
                "JupyterHub refused to stop the server: the token lacks the {scope} scope ({detail})."
            ),
            _("JupyterHub could not stop the server ({detail})."),
            "delete:servers",
        )

    async def server_started(self, user: str, server_name: str, token: str) -> datetime | None:
        """When the hub started the server, or None if the token may not read servers.

        The hub leaves `servers` out of the user model for a token without read:servers
        (the default server token has none), so an absent entry means "cannot tell".
        """
        response = await self._request("GET", f"/users/{quote(user, safe='')}", token)
        if response.code != 200:
            raise _status_error(
                response,
                token,
                _(
                    "JupyterHub refused to describe the user: the token lacks the {scope} scope "
                    "({detail})."
                ),
                _("JupyterHub could not describe the user ({detail})."),
                "read:users",
            )
        try:
            model = json.loads(response.body)
        except ValueError:
            raise HubError(
                errors.HUB_ERROR, _("JupyterHub answered with something that is not JSON."), 200
            ) from None
        servers = model.get("servers") if isinstance(model, dict) else None
        server = servers.get(server_name) if isinstance(servers, dict) else None
        started = server.get("started") if isinstance(server, dict) else None
        if not isinstance(started, str):
            return None
        try:
            return parse_timestamp(started)
        except ValueError:
            raise HubError(
                errors.HUB_ERROR, _("JupyterHub's 'started' for this server is not a time."), 200
            ) from None

    async def _request(self, method: str, path: str, token: str) -> HTTPResponse:
        request = self._http.request(method, path, {"Authorization": f"token {token}"})
        try:
            return await self._http.fetch(request)
        except NoAnswer as failure:
            if failure.cause in (TIMED_OUT, CLOSED):
                message = _("JupyterHub at {url} did not answer within {seconds} s.")
            else:
                message = _("JupyterHub at {url} is unreachable ({reason}).")
            raise HubError(
                errors.HUB_UNREACHABLE,
                message.format(
                    url=self.api_url, seconds=f"{self._http.timeout:g}", reason=failure.reason
                ),
            ) from None


def _server_path(user: str, server_name: str) -> str:
    user_path = f"/users/{quote(user, safe='')}"
    if server_name:
        return f"{user_path}/servers/{quote(server_name, safe='')}"
    return f"{user_path}/server"


def _status_error(
    response: HTTPResponse, token: str, refused: str, failed: str, scope: str
) -> HubError:
    """The hub's refusal (403: `refused`, which names the `scope`) or failure (`failed`)."""
    status = response.code
    raw = response.body or b""
    detail = scrub(error_message(parse_json(raw), raw), (token,), "[token]")
    detail = f"{status}: {detail}" if detail else str(status)
    if status == 403:
        return HubError(errors.HUB_FORBIDDEN, refused.format(scope=scope, detail=detail), status)
    return HubError(errors.HUB_ERROR, failed.format(detail=detail), status)
