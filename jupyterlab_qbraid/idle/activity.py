"""What the server's own managers say about activity: kernels at work, terminals in use.

Jupyter Server watches each kernel's IOPub messages (``execution_state`` and
``last_activity``, which requests such as kernel_info do not move) and Jupyter Server
Terminals each terminal's traffic (``last_activity``). Lab's polling of /api/kernels,
/api/sessions and the status routes moves none of them, so it never counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from traitlets import TraitError

# A busy kernel is at work now, however long ago its last message was. A starting one counts
# from its start only: the server marks a kernel "starting" until some client first talks to
# it, so one started through the REST API and never opened would otherwise never be idle.
AT_WORK = "busy"


class ServerActivity:
    def __init__(
        self,
        kernel_manager: Any,
        terminal_manager: Callable[[], Any | None],
        now: Callable[[], datetime],
    ) -> None:
        self._kernels = kernel_manager
        # Asked each time: Jupyter Server Terminals may load after this extension.
        self._terminals = terminal_manager
        self._now = now

    def latest(self) -> datetime | None:
        """The latest activity of any kernel or terminal; now while a kernel works."""
        times: list[datetime] = []
        for kernel_id in list(self._kernels.list_kernel_ids()):
            try:
                kernel = self._kernels.get_kernel(kernel_id)
            except KeyError:
                continue  # shut down meanwhile
            try:
                state, last = kernel.execution_state, kernel.last_activity
            except (AttributeError, TraitError):
                # Not watched yet: a kernel starting right now.
                return self._now()
            if state == AT_WORK:
                return self._now()
            if last is not None:
                times.append(last)
        terminals = self._terminals()
        if terminals is not None:
            for terminal in list(getattr(terminals, "terminals", {}).values()):
                last = getattr(terminal, "last_activity", None)
                if last is not None:
                    times.append(last)
        return max(times, default=None)
