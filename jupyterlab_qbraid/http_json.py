"""What the qBraid API client and the JupyterHub client share: a tornado HTTP pool of their
own, JSON calls with a time limit, and an upstream's error told in words without a secret.

Each client keeps what is its own: its headers, how it reads an answer, and which of our
error types (and kinds) a failure becomes.
"""

from __future__ import annotations

import json
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest, HTTPResponse
from tornado.simple_httpclient import HTTPStreamClosedError, HTTPTimeoutError

MESSAGE_LIMIT = 300

# Why a call got no answer at all.
TIMED_OUT = "timed_out"
CLOSED = "closed"
NO_CONNECTION = "no_connection"
FAILED = "failed"


class NoAnswer(Exception):
    """The call got no HTTP answer: `cause` is TIMED_OUT, CLOSED, NO_CONNECTION (refused, no
    such host) or FAILED (tornado's other errors); `reason` is the transport's own words, in
    which no header, so no credential, appears."""

    def __init__(self, cause: str, reason: str):
        super().__init__(reason)
        self.cause = cause
        self.reason = reason


class JsonHttp:
    """Calls under one base URL, on a pool made at first use so that it binds to the running
    event loop; its own pool, so that a burst of calls is not queued behind the server's."""

    def __init__(self, base_url: str, timeout: float, user_agent: str, max_clients: int = 10):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.user_agent = user_agent
        self._max_clients = max_clients
        self._http: AsyncHTTPClient | None = None

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def request(
        self, method: str, path: str, headers: dict[str, str], body: str | None = None
    ) -> HTTPRequest:
        return HTTPRequest(
            self.base_url + path,
            method=method,
            headers={**headers, "User-Agent": self.user_agent, "Accept": "application/json"},
            body=body,
            connect_timeout=self.timeout,
            request_timeout=self.timeout,
        )

    async def fetch(self, request: HTTPRequest) -> HTTPResponse:
        """The answer, whatever its status; NoAnswer when there is none."""
        if self._http is None:
            self._http = AsyncHTTPClient(force_instance=True, max_clients=self._max_clients)
        try:
            return await self._http.fetch(request, raise_error=False)
        except HTTPTimeoutError as error:
            raise NoAnswer(TIMED_OUT, str(error)) from None
        except HTTPStreamClosedError as error:
            raise NoAnswer(CLOSED, str(error)) from None
        except HTTPClientError as error:
            raise NoAnswer(FAILED, str(error)) from None
        except OSError as error:
            raise NoAnswer(NO_CONNECTION, error.strerror or type(error).__name__) from None


def parse_json(raw: bytes) -> Any:
    """The body's JSON, or None when it is empty or not JSON."""
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def error_message(body: Any, raw: bytes) -> str:
    """An error answer's own words: the JSON fields APIs put them in (`message`,
    `error.message`, `error`, `detail`), else the plain text; never a page of markup."""
    if isinstance(body, dict):
        if isinstance(body.get("message"), str) and body["message"].strip():
            return body["message"]
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return error["message"]
        if isinstance(error, str):
            return error
        detail = body.get("detail")
        if isinstance(detail, str):
            return detail
        if isinstance(detail, list):
            return "; ".join(_detail_item(item) for item in detail if isinstance(item, dict))
    text = raw.decode("utf-8", errors="replace").strip()
    return text if "<" not in text else ""


def _detail_item(item: dict) -> str:
    """A FastAPI-style validation error: `a.b: msg`, without the leading `body`."""
    location = [str(part) for part in item.get("loc") or [] if isinstance(part, (str, int))]
    if location[:1] == ["body"]:
        location = location[1:]
    message = str(item.get("msg", ""))
    return f"{'.'.join(location)}: {message}" if location else message


def scrub(text: str, secrets: tuple[str, ...], marker: str) -> str:
    """Text fit for a message: each secret replaced by `marker`, on one line, not too long."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, marker)
    text = " ".join(text.split())
    return text[:MESSAGE_LIMIT].rstrip(". ")
