"""Ending every kernel of this server as it stops, so that none outlives it.

Jupyter Server ends its kernels only as its own last step, giving each its
``shutdown_wait_time`` (5 s by default) to answer before it kills it. Whoever stops the
server may not wait that long: JupyterHub's local spawners kill the server 5 s after their
SIGTERM, and a kernel that never answers (one stuck in start-up, say) then outlives it,
adopted by PID 1. So, once a stop is under way, every kernel is asked to shut down and,
when it has not exited within a short grace, Jupyter Client kills its process group.

A hub's spawner stops a server with SIGINT first. Without a terminal, Jupyter Server leaves
SIGINT to Python, whose KeyboardInterrupt ends the server at once, with no cleanup at all:
its kernels are left running. There SIGINT is made to stop the server as SIGTERM does.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable
from typing import Any

from tornado import web

# Half to answer the shutdown request, half after SIGTERM; then SIGKILL. Well inside the
# 5 s a hub's spawner gives a server after its SIGTERM.
GRACE_SECONDS = 2.0


class KernelShutdown:
    """Shuts down every kernel of one kernel manager; calls while one runs share it."""

    def __init__(
        self, kernel_manager: Any, log: logging.Logger, grace: float = GRACE_SECONDS
    ) -> None:
        self._kernels = kernel_manager
        self._log = log
        self._grace = grace
        self._running: asyncio.Future[None] | None = None

    async def run(self) -> None:
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(self._shut_down_all())
        # Shielded: a caller that gives up (a server stopping) does not cut the kills short.
        await asyncio.shield(self._running)

    async def _shut_down_all(self) -> None:
        kernel_ids = list(self._kernels.list_kernel_ids())
        if not kernel_ids:
            return
        self._log.info("Shutting down %d kernel(s) as this server stops.", len(kernel_ids))
        outcomes = await asyncio.gather(
            *(self._shut_down(kernel_id) for kernel_id in kernel_ids), return_exceptions=True
        )
        for kernel_id, outcome in zip(kernel_ids, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                self._log.warning("Kernel %s could not be shut down: %r", kernel_id, outcome)

    async def _shut_down(self, kernel_id: str) -> None:
        try:
            manager = self._kernels.get_kernel(kernel_id)
        except KeyError:
            return  # shut down meanwhile
        # Per kernel, so the server's own later shutdown of others keeps its setting.
        manager.shutdown_wait_time = min(manager.shutdown_wait_time, self._grace)
        try:
            await self._kernels.shutdown_kernel(kernel_id, now=False)
        except (KeyError, web.HTTPError):
            # Gone meanwhile (the person shut it down, or the server's own cleanup did).
            return


def stop_cleanly_on_sigint(serverapp: Any, log: logging.Logger) -> Callable[[], None]:
    """Have SIGINT stop the server as SIGTERM does (its cleanup ends the kernels), where
    nobody else handles it; answers how to put back what was there."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGINT)
    # Anything but Python's own handler is someone's choice (Jupyter's prompt on a terminal).
    if previous is not signal.default_int_handler:
        return lambda: None
    signal.signal(signal.SIGINT, serverapp._signal_stop)
    log.debug("SIGINT stops this server as SIGTERM does, shutting its kernels down.")

    def restore() -> None:
        if signal.getsignal(signal.SIGINT) == serverapp._signal_stop:
            signal.signal(signal.SIGINT, previous)

    return restore
