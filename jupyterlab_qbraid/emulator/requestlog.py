"""The log of recent /api/v1 requests, kept in memory and free of secrets.

Tests read it to check what a client sent (which route, whether it sent a key) without
the log ever holding a key: query values and path segments that contain something shaped
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


def redact_path(path: str) -> str:
    return "/".join(REDACTED if _SECRET_SHAPE.search(part) else part for part in path.split("/"))


def _redact_value(name: str, value: str, sent_key: str | None) -> str:
    holds_sent_key = bool(sent_key and sent_key in value)
    if holds_sent_key or _SECRET_NAME.search(name) or _SECRET_SHAPE.search(value):
        return REDACTED
    return value


def redact_query(
    arguments: dict[str, list[bytes]], sent_key: str | None
) -> dict[str, str | list[str]]:
    """Query parameters by name: a string, or a list when the name repeats."""
    query: dict[str, str | list[str]] = {}
    for name, raw_values in arguments.items():
        values = [
            _redact_value(name, raw.decode("utf-8", "replace"), sent_key) for raw in raw_values
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
    ) -> None:
        self._entries.append(
            {
                "method": method,
                "path": redact_path(path),
                "query": redact_query(arguments, sent_key),
                "status": status,
                "apiKeySent": bool(sent_key),
                "time": utc_iso(),
            }
        )

    def entries(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Oldest first; with ``limit``, only the most recent ``limit`` entries."""
        entries = list(self._entries)
        return entries[-limit:] if limit else entries

    def clear(self) -> None:
        self._entries.clear()
