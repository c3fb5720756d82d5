"""The idle clock running on the server's IOLoop, with the open tabs and the stop.

Every ``check_seconds`` (and at the clock's own next deadline) the kernels and terminals are
looked at and the clock moves on; each tab connected to the idle socket hears every change of
phase or limit, sends its person's input and "Keep running", and says when it has saved.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from tornado.ioloop import IOLoop, PeriodicCallback

from .activity import ServerActivity
from .clock import SAVING, STOPPING, IdleClock, IdleState

# Messages a tab sends are a few bytes; anything longer is not one of ours.
MAX_MESSAGE_CHARS = 1024
ACTIVITY = "activity"
KEEP_RUNNING = "keep-running"
SAVED = "saved"
# While a person works the next stop moves on all the time; tabs hear of it only once it
# has moved this far from what they were last told (at most once a minute while typing).
RESEND_AFTER = timedelta(minutes=1)
# A tab tells of input at most a minute after it happened (src/instance/idleInput.ts), with
# how long ago it was; an older age is taken as this one.
MAX_INPUT_AGE = timedelta(minutes=2)


class Tab(Protocol):
    """An open tab, as the idle socket stands for it."""

    def send(self, message: dict[str, Any]) -> None: ...


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def state_message(state: IdleState, now: datetime) -> dict[str, Any]:
    limit = state.limit_seconds
    return {
        "type": "state",
        "phase": state.phase,
        "idleLimitMinutes": None if limit is None else limit / 60,
        "lastActivityAt": iso(state.last_activity),
        "nextStopAt": iso(state.next_stop_at),
        "warningEndsAt": iso(state.warning_ends_at),
        # Tabs count down by the server's clock, whatever their machine's says.
        "serverTime": iso(now),
    }


class IdleStop:
    def __init__(
        self,
        clock: IdleClock,
        activity: ServerActivity,
        stop: Callable[[float], Awaitable[None]],
        log: logging.Logger,
        check_seconds: float,
    ) -> None:
        """``stop(minutes)`` stops the instance as the Stop route does, or raises why not."""
        self._clock = clock
        self._activity = activity
        self._stop = stop
        self._log = log
        self._check_seconds = check_seconds
        # Each open tab, and whether it has saved since the saving phase began.
        self._tabs: dict[Tab, bool] = {}
        self._told: IdleState | None = None
        self._periodic: PeriodicCallback | None = None
        self._loop: IOLoop | None = None
        self._deadline: object | None = None
        self._stopping: asyncio.Future[None] | None = None

    @property
    def state(self) -> IdleState:
        return self._clock.state()

    def start(self) -> None:
        self._loop = IOLoop.current()
        self._periodic = PeriodicCallback(self.check, self._check_seconds * 1000)
        self._periodic.start()
        self._schedule()

    def close(self) -> None:
        if self._periodic is not None:
            self._periodic.stop()
        self._cancel_deadline()

    def set_limit(self, minutes: float | None) -> None:
        """The idle limit in force (the pinned traitlet, else the person's setting)."""
        self._clock.set_limit(minutes * 60 if minutes else None)
        self._changed()

    def open_tab(self, tab: Tab) -> None:
        self._tabs[tab] = False
        tab.send(state_message(self._clock.state(), self._clock.now()))

    def close_tab(self, tab: Tab) -> None:
        if self._tabs.pop(tab, None) is not None and self._clock.phase == SAVING:
            # The last tab that had not saved may just have left.
            self.check()

    def receive(self, tab: Tab, raw: str | bytes) -> None:
        """A tab's message; anything else is ignored, and logged without its content."""
        message = _parse_message(raw)
        if message is None or tab not in self._tabs:
            self._log.warning("Ignored a malformed message on the idle socket.")
            return
        kind, input_age = message
        if kind == ACTIVITY:
            # When the input happened, not when the tab told of it: a late report of input
            # from before a warning or a "Keep running" must not count as new.
            self._clock.activity(self._clock.now() - input_age)
        elif kind == KEEP_RUNNING:
            self._clock.keep_running()
        else:
            self._tabs[tab] = True
            if self._clock.phase == SAVING:
                self.check()
                return
        self._changed()

    def stop_failed(self) -> None:
        """The instance was not stopped after all (the platform or hub refused it)."""
        if self._clock.phase == STOPPING:
            self._clock.stop_failed()
            self._changed()

    def check(self) -> None:
        latest = self._activity.latest()
        if latest is not None:
            self._clock.activity(latest)
        phase = self._clock.phase
        # Only a "saved" said in this saving phase counts: flags reset as it begins.
        all_saved = phase == SAVING and all(self._tabs.values())
        stop = self._clock.tick(len(self._tabs), all_saved)
        if self._clock.phase == SAVING and phase != SAVING:
            self._tabs = dict.fromkeys(self._tabs, False)
        if stop:
            self._start_stop()
        self._changed()

    def _changed(self) -> None:
        state = self._clock.state()
        told = self._told
        if (
            told is None
            or state.phase != told.phase
            or state.limit_seconds != told.limit_seconds
            or _moved(state.next_stop_at, told.next_stop_at)
        ):
            self._told = state
            message = state_message(state, self._clock.now())
            for tab in list(self._tabs):
                tab.send(message)
        self._schedule()

    def _schedule(self) -> None:
        """A check at the clock's next deadline, when it comes before the periodic one."""
        self._cancel_deadline()
        delay = self._clock.seconds_to_deadline()
        if delay is not None and self._loop is not None and delay < self._check_seconds:
            self._deadline = self._loop.call_later(max(delay, 0), self.check)

    def _cancel_deadline(self) -> None:
        if self._deadline is not None and self._loop is not None:
            self._loop.remove_timeout(self._deadline)
        self._deadline = None

    def _start_stop(self) -> None:
        minutes = (self._clock.limit_seconds or 0) / 60
        tabs = len(self._tabs)
        self._log.warning(
            "Stopping this instance: idle for %s minute(s) (%s).",
            f"{minutes:g}",
            f"{tabs} tab(s) open, warned and saved" if tabs else "no tab open",
        )
        # Kept: the event loop holds running tasks only weakly.
        self._stopping = asyncio.ensure_future(self._stop_now(minutes))

    async def _stop_now(self, minutes: float) -> None:
        try:
            await self._stop(minutes)
        except Exception as error:
            message = getattr(error, "message", None) or type(error).__name__
            self._log.warning("The idle stop did not stop this instance: %s", message)
            self.stop_failed()


def _parse_message(raw: str | bytes) -> tuple[str, timedelta] | None:
    """A tab's message: its type, and for input how long ago it happened; None if malformed."""
    if not isinstance(raw, str) or len(raw) > MAX_MESSAGE_CHARS:
        return None
    try:
        message = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(message, dict):
        return None
    kind = message.get("type")
    if kind not in (ACTIVITY, KEEP_RUNNING, SAVED):
        return None
    seconds_ago = message.get("secondsAgo", 0)
    if (
        isinstance(seconds_ago, bool)
        or not isinstance(seconds_ago, (int, float))
        or not math.isfinite(seconds_ago)
    ):
        return None
    return kind, timedelta(seconds=min(max(seconds_ago, 0), MAX_INPUT_AGE.total_seconds()))


def _moved(now: datetime | None, before: datetime | None) -> bool:
    if now is None or before is None:
        return now is not before
    return abs(now - before) >= RESEND_AFTER
