"""Facts read from the qBraid API, kept on the server and shared by every tab and client.

Each fact (who the credential belongs to, its organization, the credits, this month's
hours, a profile's price, this instance's status) is asked upstream only as often as it can
change: a fact younger than its time to live is served from here, with its age. Requests
for a fact that is being fetched share that one upstream call. A refresh that fails keeps
the last value and adds the error, so the fact is served as stale. An answer of 401 drops
every fact of that credential: the next request asks again, starting with who it is.

Facts are grouped by scope (the API URL and a digest of the credential; never the secret
itself). The clock is injectable so that tests move time without waiting.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .errors import AccountApiError

FOREVER = float("inf")


@dataclass(frozen=True)
class Fact:
    """A fact as served: its last good value (None if there never was one), when that value
    was fetched, and the error of the latest refresh if it failed."""

    value: Any
    fetched_at: float | None
    error: AccountApiError | None

    @property
    def known(self) -> bool:
        return self.fetched_at is not None

    @property
    def stale(self) -> bool:
        """A value is kept although its latest refresh failed."""
        return self.known and self.error is not None

    def fetched_at_iso(self) -> str | None:
        if self.fetched_at is None:
            return None
        moment = datetime.fromtimestamp(self.fetched_at, timezone.utc)
        return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


_UNKNOWN = Fact(None, None, None)


class _Entry:
    __slots__ = ("fact", "flight")

    def __init__(self) -> None:
        self.fact = _UNKNOWN
        self.flight: asyncio.Future[Fact] | None = None


def scope_of(api_url: str, secret: str) -> tuple[str, str]:
    """The scope of one credential at one API: the secret only as a digest."""
    return (api_url, hashlib.sha256(secret.encode()).hexdigest())


class FactCache:
    def __init__(self, clock: Callable[[], float] = time.time):
        # Seconds since the epoch: a fact's age is reported as an instant.
        self.clock = clock
        self._entries: dict[tuple[Hashable, Hashable], _Entry] = {}
        self.upstream_calls = 0

    def peek(self, scope: Hashable, name: Hashable) -> Fact:
        """The fact as known now, without asking anything."""
        entry = self._entries.get((scope, name))
        return entry.fact if entry else _UNKNOWN

    def age(self, scope: Hashable, name: Hashable) -> float | None:
        fact = self.peek(scope, name)
        return None if fact.fetched_at is None else self.clock() - fact.fetched_at

    def is_due(self, scope: Hashable, name: Hashable, ttl: float) -> bool:
        """Unknown, failed at its latest refresh, or older than `ttl` seconds."""
        fact = self.peek(scope, name)
        if not fact.known or fact.error is not None:
            return True
        return self.clock() - fact.fetched_at >= ttl

    async def get(
        self,
        scope: Hashable,
        name: Hashable,
        fetch: Callable[[], Awaitable[Any]],
        ttl: float = FOREVER,
        force: bool = False,
    ) -> Fact:
        """The fact, asked upstream when due (or `force`d); a call already under way is
        joined, whether forced or not."""
        key = (scope, name)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry()
        if entry.flight is None:
            if not force and not self.is_due(scope, name, ttl):
                return entry.fact
            entry.flight = asyncio.ensure_future(self._refresh(scope, entry, fetch))
        # Shielded: one caller going away does not cancel the call the others wait for.
        return await asyncio.shield(entry.flight)

    async def _refresh(
        self, scope: Hashable, entry: _Entry, fetch: Callable[[], Awaitable[Any]]
    ) -> Fact:
        self.upstream_calls += 1
        try:
            value = await fetch()
        except AccountApiError as error:
            if error.upstream_status == 401:
                # The credential is refused: nothing known under it stands any more.
                self.drop(scope)
                entry.fact = Fact(None, None, error)
            else:
                entry.fact = Fact(entry.fact.value, entry.fact.fetched_at, error)
        else:
            entry.fact = Fact(value, self.clock(), None)
        finally:
            entry.flight = None
        return entry.fact

    def drop(self, scope: Hashable) -> None:
        """Forget every fact of a scope; calls under way finish into detached entries."""
        for key in [key for key in self._entries if key[0] == scope]:
            del self._entries[key]

    def drop_other_scopes(self, keep: Iterable[Hashable]) -> None:
        """Forget the facts of every credential but those in `keep`."""
        kept = set(keep)
        for key in [key for key in self._entries if key[0] not in kept]:
            del self._entries[key]
