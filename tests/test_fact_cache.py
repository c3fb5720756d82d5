"""The fact cache alone, with a clock the tests move: ages, time to live, sharing, stale
facts, and a 401 dropping what is known of a credential."""

import asyncio

import pytest

from jupyterlab_qbraid import errors
from jupyterlab_qbraid.errors import AccountApiError
from jupyterlab_qbraid.fact_cache import FOREVER, FactCache, scope_of

SCOPE = scope_of("http://api.test/api/v1", "qbr_" + "a" * 64)
OTHER = scope_of("http://api.test/api/v1", "qbr_" + "b" * 64)


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


class Upstream:
    """Answers each call with the next value, or raises the error it is given."""

    def __init__(self):
        self.calls = 0
        self.value = 0
        self.error: AccountApiError | None = None
        self.gate: asyncio.Event | None = None
        # Set once a call is in flight, for tests to wait on rather than on the loop's turns.
        self.entered = asyncio.Event()

    async def fetch(self):
        self.calls += 1
        self.entered.set()
        if self.gate is not None:
            await self.gate.wait()
        if self.error is not None:
            raise self.error
        self.value += 1
        return self.value


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def cache(clock):
    return FactCache(clock)


async def test_a_fact_is_served_until_its_time_to_live_is_over(cache, clock):
    upstream = Upstream()
    first = await cache.get(SCOPE, "usage", upstream.fetch, ttl=300)
    assert (first.value, upstream.calls) == (1, 1)
    clock.now += 299
    again = await cache.get(SCOPE, "usage", upstream.fetch, ttl=300)
    assert (again.value, upstream.calls) == (1, 1)
    assert cache.age(SCOPE, "usage") == 299
    # Its age is the moment it was fetched, not the moment it was served.
    assert again.fetched_at_iso() == first.fetched_at_iso() == "2027-01-15T08:00:00Z"
    clock.now += 1
    renewed = await cache.get(SCOPE, "usage", upstream.fetch, ttl=300)
    assert (renewed.value, upstream.calls) == (2, 2)
    assert renewed.fetched_at == clock.now


async def test_identity_is_asked_once_per_credential(cache, clock):
    upstream = Upstream()
    await cache.get(SCOPE, "verify", upstream.fetch, ttl=FOREVER)
    clock.now += 30 * 24 * 3600
    await cache.get(SCOPE, "verify", upstream.fetch, ttl=FOREVER)
    assert upstream.calls == 1
    # Another credential has its own facts.
    await cache.get(OTHER, "verify", upstream.fetch, ttl=FOREVER)
    assert upstream.calls == 2


async def test_a_profiles_price_is_asked_once_an_hour(cache, clock):
    upstream = Upstream()
    for _ in range(5):
        await cache.get(SCOPE, ("profile", "cpu-2-4"), upstream.fetch, ttl=3600)
        clock.now += 15 * 60
    # Asked every 15 minutes: upstream at 0 and 60 minutes only.
    assert upstream.calls == 2
    # Each profile on its own.
    await cache.get(SCOPE, ("profile", "gpu-t4"), upstream.fetch, ttl=3600)
    assert upstream.calls == 3


async def test_forced_goes_upstream_whatever_the_age(cache):
    upstream = Upstream()
    await cache.get(SCOPE, "verify", upstream.fetch)
    fact = await cache.get(SCOPE, "verify", upstream.fetch, force=True)
    assert (fact.value, upstream.calls) == (2, 2)


async def test_requests_at_the_same_time_share_one_call(cache):
    upstream = Upstream()
    upstream.gate = asyncio.Event()
    waiting = [
        asyncio.ensure_future(cache.get(SCOPE, "credits", upstream.fetch, ttl=0, force=force))
        for force in (False, True, False, True)
    ]
    await upstream.entered.wait()
    upstream.gate.set()
    facts = await asyncio.gather(*waiting)
    assert upstream.calls == 1
    assert {fact.value for fact in facts} == {1}


async def test_a_caller_going_away_does_not_cancel_the_shared_call(cache):
    upstream = Upstream()
    upstream.gate = asyncio.Event()
    leaving = asyncio.ensure_future(cache.get(SCOPE, "credits", upstream.fetch))
    staying = asyncio.ensure_future(cache.get(SCOPE, "credits", upstream.fetch))
    await upstream.entered.wait()
    leaving.cancel()
    upstream.gate.set()
    assert (await staying).value == 1
    assert upstream.calls == 1


async def test_a_failed_refresh_keeps_the_value_marked_stale(cache, clock):
    upstream = Upstream()
    good = await cache.get(SCOPE, "usage", upstream.fetch, ttl=300)
    clock.now += 301
    upstream.error = AccountApiError(errors.SERVER_ERROR, "The qBraid API failed (500).", 500)
    stale = await cache.get(SCOPE, "usage", upstream.fetch, ttl=300)
    assert stale.stale and stale.value == good.value
    assert stale.fetched_at == good.fetched_at
    assert stale.error is upstream.error
    # A fact whose refresh failed is due at once, whatever its age.
    assert cache.is_due(SCOPE, "usage", ttl=300)
    upstream.error = None
    recovered = await cache.get(SCOPE, "usage", upstream.fetch, ttl=300)
    assert not recovered.stale and recovered.value == 2


async def test_a_failure_without_a_value_is_not_stale(cache):
    upstream = Upstream()
    upstream.error = AccountApiError(errors.TIMEOUT, "The qBraid API did not answer.")
    fact = await cache.get(SCOPE, "credits", upstream.fetch)
    assert not fact.known and not fact.stale and fact.error is upstream.error


async def test_a_401_drops_every_fact_of_that_credential(cache):
    upstream = Upstream()
    await cache.get(SCOPE, "verify", upstream.fetch)
    await cache.get(SCOPE, "context", upstream.fetch)
    await cache.get(OTHER, "verify", upstream.fetch)
    upstream.error = AccountApiError(errors.KEY_REJECTED, "qBraid rejected the API key.", 401)
    refused = await cache.get(SCOPE, "credits", upstream.fetch, force=True)
    assert not refused.known and refused.error is upstream.error
    assert not cache.peek(SCOPE, "verify").known
    assert not cache.peek(SCOPE, "context").known
    assert cache.peek(OTHER, "verify").known
    # Asked again on the next request.
    upstream.error = None
    calls = upstream.calls
    await cache.get(SCOPE, "verify", upstream.fetch)
    assert upstream.calls == calls + 1


async def test_a_changed_credential_drops_the_old_ones_facts(cache):
    upstream = Upstream()
    await cache.get(SCOPE, "verify", upstream.fetch)
    await cache.get(OTHER, "verify", upstream.fetch)
    cache.drop_other_scopes([OTHER])
    assert not cache.peek(SCOPE, "verify").known
    assert cache.peek(OTHER, "verify").known


def test_the_scope_never_holds_the_secret():
    secret = "qbr_" + "c" * 64
    assert secret not in repr(scope_of("http://api.test", secret))
