"""The idle clock: phases and deadlines only; whoever owns it supplies activity and time.

running -> (idle limit passed) -> warning (the grace period) -> saving (tabs save their
documents, bounded) -> stopping. Activity in warning or saving goes back to running, as does
"Keep running". With no tab open, the limit passing goes straight to stopping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

RUNNING = "running"
WARNING = "warning"
SAVING = "saving"
STOPPING = "stopping"


@dataclass(frozen=True)
class IdleState:
    """What the tabs are told."""

    phase: str
    limit_seconds: float | None
    last_activity: datetime
    # With tabs open, the earliest the instance stops if nothing happens; None when off.
    next_stop_at: datetime | None
    warning_ends_at: datetime | None


class IdleClock:
    def __init__(
        self, now: Callable[[], datetime], grace_seconds: float, save_seconds: float
    ) -> None:
        self._now = now
        self._grace = timedelta(seconds=grace_seconds)
        self._save_wait = timedelta(seconds=save_seconds)
        self._limit: timedelta | None = None
        self.phase = RUNNING
        self.last_activity = now()
        # When the warning started (activity before it does not cancel it), and when the
        # current warning or saving phase ends.
        self._warned_at: datetime | None = None
        self._phase_ends_at: datetime | None = None

    def now(self) -> datetime:
        return self._now()

    @property
    def limit_seconds(self) -> float | None:
        return None if self._limit is None else self._limit.total_seconds()

    def set_limit(self, seconds: float | None) -> None:
        """0 or None turns the clock off. A new limit counts from the last activity and
        calls off a warning under way (the next check decides again)."""
        limit = timedelta(seconds=seconds) if seconds else None
        if limit == self._limit:
            return
        self._limit = limit
        if self.phase in (WARNING, SAVING):
            self._back_to_running()

    def activity(self, at: datetime | None = None) -> None:
        """Something happened at ``at`` (now by default)."""
        at = at or self._now()
        if self.phase == STOPPING:
            return
        self.last_activity = max(self.last_activity, at)
        if self.phase in (WARNING, SAVING) and self._warned_at is not None and at > self._warned_at:
            self._back_to_running()

    def keep_running(self) -> None:
        """A person asked to keep the instance running: as if they had just been active."""
        if self.phase == STOPPING:
            return
        self.last_activity = max(self.last_activity, self._now())
        self._back_to_running()

    def stop_failed(self) -> None:
        """The stop did not happen: the instance keeps running, and the clock starts over."""
        self.last_activity = self._now()
        self._back_to_running()

    def tick(self, tabs_open: int, all_saved: bool) -> bool:
        """Move on as time says; True when the instance is to be stopped now (once)."""
        if self.phase == STOPPING or self._limit is None:
            return False
        now = self._now()
        if self.phase == RUNNING:
            if now < self.last_activity + self._limit:
                return False
            if tabs_open == 0:
                return self._stop()
            self.phase, self._warned_at = WARNING, now
            self._phase_ends_at = now + self._grace
            return False
        assert self._phase_ends_at is not None
        if self.phase == WARNING:
            if now < self._phase_ends_at:
                return False
            self.phase, self._phase_ends_at = SAVING, now + self._save_wait
        # Saving: done once every open tab saved (or none is open), or when the wait ran out.
        if all_saved or tabs_open == 0 or now >= self._phase_ends_at:
            return self._stop()
        return False

    def next_deadline(self) -> datetime | None:
        """When ``tick`` next has something to do if nothing happens meanwhile."""
        if self.phase == STOPPING or self._limit is None:
            return None
        if self.phase == RUNNING:
            return self.last_activity + self._limit
        return self._phase_ends_at

    def seconds_to_deadline(self) -> float | None:
        deadline = self.next_deadline()
        return None if deadline is None else (deadline - self._now()).total_seconds()

    def state(self) -> IdleState:
        next_stop: datetime | None = None
        if self._limit is not None:
            # Past running: the end of the warning, of the saving, or the stop itself.
            next_stop = (
                self.last_activity + self._limit + self._grace
                if self.phase == RUNNING
                else self._phase_ends_at
            )
        return IdleState(
            phase=self.phase,
            limit_seconds=self.limit_seconds,
            last_activity=self.last_activity,
            next_stop_at=next_stop,
            warning_ends_at=self._phase_ends_at if self.phase == WARNING else None,
        )

    def _stop(self) -> bool:
        self.phase, self._phase_ends_at = STOPPING, self._now()
        return True

    def _back_to_running(self) -> None:
        self.phase, self._warned_at, self._phase_ends_at = RUNNING, None, None
