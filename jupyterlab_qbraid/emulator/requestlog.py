"""The log of recent /api/v1 requests, kept in memory and free of secrets.

Tests read it to check what a client sent (which route, whether it sent a key or an access
token) without the log ever holding a credential: query values and path segments that contain something shaped
like a secret, or whose parameter name says they are one, are replaced before anything is
stored.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from .store import utc_iso

REDACTED = "[redacted]"
MAX_ENTRIES = 1000

# Anything long enough to be an API key or a hub token, in the alphabets both use.
_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_.~+/=-]{32,}")
_SECRET_NAME = re.compile(r"key|token|secret|password|auth", re.IGNORECASE)


def redact_path(path: str, *sent: str | None) -> str:
    """The path with every segment that looks like a secret, or holds a credential the
    request sent, replaced."""
    credentials = [secret for secret in sent if secret]
    return "/".join(
        REDACTED
        if _SECRET_SHAPE.search(part) or any(secret in part for secret in credentials)
        else part
        for part in path.split("/")
    )


def _redact_value(name: str, value: str, sent: tuple[str, ...]) -> str:
    holds_sent = any(secret in value for secret in sent)
    if holds_sent or _SECRET_NAME.search(name) or _SECRET_SHAPE.search(value):
        return REDACTED
    return value


def redact_query(
    arguments: dict[str, list[bytes]], *sent: str | None
) -> dict[str, str | list[str]]:
    """Query parameters by name: a string, or a list when the name repeats. ``sent`` are
    the request's credentials, redacted wherever they appear."""
    credentials = tuple(secret for secret in sent if secret)
    query: dict[str, str | list[str]] = {}
    for name, raw_values in arguments.items():
        values = [
            _redact_value(name, raw.decode("utf-8", "replace"), credentials) for raw in raw_values
        ]
        query[REDACTED if _SECRET_SHAPE.search(name) else name] = (
            values[0] if len(values) == 1 else values
        )
    return query


class RequestLog:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=max_entries)

    def record(
        self,
        method: str,
        path: str,
        arguments: dict[str, list[bytes]],
        status: int,
        sent_key: str | None,
        sent_token: str | None = None,
    ) -> None:
        self._entries.append(
            {
                "method": method,
                "path": redact_path(path, sent_key, sent_token),
                "query": redact_query(arguments, sent_key, sent_token),
                "status": status,
                "apiKeySent": bool(sent_key),
                "accessTokenSent": bool(sent_token),
                "time": utc_iso(),
            }
        )

    def entries(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Oldest first; with ``limit``, only the most recent ``limit`` entries."""
        entries = list(self._entries)
        return entries[-limit:] if limit else entries

    def clear(self) -> None:
        self._entries.clear()
