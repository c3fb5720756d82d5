"""Fault injection: rules that make matching /api/v1 requests fail, slow down or answer oddly.

A rule matches when its ``path`` regex is found (``re.search``) in the request path
relative to ``/api/v1`` (``/users/verify``, ``/billing/credits/balance``; no query string)
and, if the rule names a ``method``, the request's method is that one. Rules are tried in
the order they were added; the first match wins and uses up one of its ``count``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import error_body

DEFAULT_RETRY_AFTER = 30
MAX_LATENCY_MS = 120_000

# A body cut off mid-object: what a client sees when a proxy drops the connection.
MALFORMED_BODY = b'{"success": true, "data": {"qbraidCre'

_FIELDS = {
    "path",
    "method",
    "status",
    "count",
    "latencyMs",
    "malformed",
    "body",
    "retryAfter",
    "drop",
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_field(spec: Mapping[str, Any], name: str, low: int, high: float = math.inf) -> int | None:
    value = spec.get(name)
    if value is None:
        return None
    if not _is_int(value) or not low <= value <= high:
        bound = "" if high == math.inf else f" and at most {high}"
        raise ValueError(f"'{name}' must be an integer of at least {low}{bound}.")
    return value


@dataclass
class Fault:
    pattern: re.Pattern[str]
    method: str | None = None
    status: int | None = None
    remaining: int | None = 1  # None: until cleared
    latency_ms: int = 0
    malformed: bool = False
    # Close the connection without answering: the API "down" as a client sees it.
    drop: bool = False
    has_body: bool = False
    body: Any = None
    retry_after: int | None = None
    hits: int = field(default=0, compare=False)

    @classmethod
    def from_spec(cls, spec: Any) -> Fault:
        """Build a rule from the admin route's JSON; ValueError with a message on bad input."""
        if not isinstance(spec, dict):
            raise ValueError("A fault must be a JSON object.")
        unknown = sorted(set(spec) - _FIELDS)
        if unknown:
            raise ValueError(f"Unknown fault field(s): {', '.join(unknown)}.")
        path = spec.get("path")
        if not isinstance(path, str) or not path:
            raise ValueError("'path' must be a non-empty regular expression.")
        try:
            pattern = re.compile(path)
        except re.error as err:
            raise ValueError(f"'path' is not a valid regular expression: {err}.") from err
        method = spec.get("method")
        if method is not None and (not isinstance(method, str) or not method.isalpha()):
            raise ValueError("'method' must be an HTTP method name.")
        malformed = spec.get("malformed", False)
        if not isinstance(malformed, bool):
            raise ValueError("'malformed' must be true or false.")
        drop = spec.get("drop", False)
        if not isinstance(drop, bool):
            raise ValueError("'drop' must be true or false.")
        status = _int_field(spec, "status", 100, 599)
        count = _int_field(spec, "count", 0)
        retry_after = _int_field(spec, "retryAfter", 0)
        if retry_after is None and status == 429:
            retry_after = DEFAULT_RETRY_AFTER
        return cls(
            pattern=pattern,
            method=method.upper() if method else None,
            status=status,
            remaining=1 if count is None else (count or None),
            latency_ms=_int_field(spec, "latencyMs", 0, MAX_LATENCY_MS) or 0,
            malformed=malformed,
            drop=drop,
            has_body="body" in spec,
            body=spec.get("body"),
            retry_after=retry_after,
        )

    @property
    def replaces_response(self) -> bool:
        """False for a latency-only rule, which delays and then lets the request through."""
        return self.status is not None or self.malformed or self.has_body or self.drop

    def response(self) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body that stand in for the real answer."""
        status = self.status if self.status is not None else 200
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        if self.has_body:
            body = json.dumps(self.body).encode("utf-8")
        elif self.malformed:
            body = MALFORMED_BODY
        elif status >= 400:
            body = json.dumps(error_body(status)).encode()
        else:
            body = json.dumps({"success": True, "data": None}).encode()
        return status, headers, body

    def describe(self) -> dict[str, Any]:
        """The rule as the admin route shows it."""
        described: dict[str, Any] = {
            "path": self.pattern.pattern,
            "method": self.method,
            "status": self.status,
            "count": self.remaining or 0,
            "latencyMs": self.latency_ms,
            "malformed": self.malformed,
            "drop": self.drop,
            "retryAfter": self.retry_after,
            "hits": self.hits,
        }
        if self.has_body:
            described["body"] = self.body
        return described


class FaultRules:
    """The active rules, in the order they were added."""

    def __init__(self) -> None:
        self._rules: list[Fault] = []

    def add(self, spec: Any) -> Fault:
        fault = Fault.from_spec(spec)
        self._rules.append(fault)
        return fault

    def clear(self) -> None:
        self._rules.clear()

    def active(self) -> list[Fault]:
        return list(self._rules)

    def take(self, method: str, path: str) -> Fault | None:
        """The first rule matching this request, with one use counted; spent rules go."""
        for fault in self._rules:
            if fault.method not in (None, method) or not fault.pattern.search(path):
                continue
            fault.hits += 1
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._rules.remove(fault)
            return fault
        return None
