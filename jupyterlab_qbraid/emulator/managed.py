"""The life cycle the emulator's and the hub's launchers share.

Like ``subprocess.Popen``, constructing a :class:`ManagedProcess` starts it; the constructor
returns once the child is ready, and a child that fails to get ready is stopped and reported
with the end of its log. Only the standard library, so importing it adds no dependency.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TypeVar

_Stoppable = TypeVar("_Stoppable", bound="Stoppable")
_T = TypeVar("_T")


class Stoppable:
    """``with`` stops it at the end of the block, however the block ends."""

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self: _Stoppable) -> _Stoppable:
        return self

    def __exit__(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def wait_until(check: Callable[[], _T], timeout: float, poll_seconds: float) -> _T | None:
    """The first true answer of ``check()``, asked every ``poll_seconds``; None when none
    came within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = check()
        if answer:
            return answer
        time.sleep(poll_seconds)
    return None


class ManagedProcess(Stoppable):
    """A child process that appends its output to ``log_path``.

    Subclasses say how to run it (``_command``, ``_environment``, ``_popen_options``) and
    when it is ready (``_wait_ready``, raising ``failure``).
    """

    # The error type a failed start raises, and the name its message gives the log.
    failure: type[Exception] = RuntimeError
    log_name = "Process"
    # Grace between SIGTERM and SIGKILL.
    stop_timeout = 10.0

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    def _command(self) -> list[str]:
        raise NotImplementedError

    def _environment(self) -> dict[str, str]:
        raise NotImplementedError

    def _popen_options(self, log_file: IO[bytes]) -> dict[str, Any]:
        """Where output goes (into ``log_file`` or a pipe), and any other Popen keyword."""
        raise NotImplementedError

    def _wait_ready(self) -> None:
        raise NotImplementedError

    def _start(self) -> None:
        with open(self.log_path, "ab") as log_file:
            self._process = subprocess.Popen(
                self._command(),
                stdin=subprocess.DEVNULL,
                env=self._environment(),
                **self._popen_options(log_file),
            )
        try:
            self._wait_ready()
        except BaseException as err:
            # Also on SIGTERM or Ctrl-C while waiting: no child is left behind.
            self.stop()
            if isinstance(err, self.failure):
                raise self.failure(f"{err} {self.log_name} log:\n{self._log_tail()}") from None
            raise

    def _log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text("utf-8", "replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.returncode

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after ``stop_timeout``; returns once the child has exited."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()
