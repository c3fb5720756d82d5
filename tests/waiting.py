"""Waiting in tests on something observable (a state, a log entry), never on the clock alone."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any


async def until(check: Callable[[], Any], timeout: float = 30.0, every: float = 0.02) -> Any:
    """The first true answer of ``check()`` (sync or async), asked every ``every`` seconds;
    the timeout only ends a wait for something that never comes."""

    async def first_true() -> Any:
        while True:
            answer = check()
            if inspect.isawaitable(answer):
                answer = await answer
            if answer:
                return answer
            await asyncio.sleep(every)

    try:
        return await asyncio.wait_for(first_true(), timeout)
    except asyncio.TimeoutError:
        raise AssertionError(f"Still waiting after {timeout} s for {check!r}.") from None
