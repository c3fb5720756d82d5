"""The platform's own limits of an on-demand instance, which it enforces even when this
server cannot run: stop after so many idle minutes, and after so many minutes in all.

What a person sends is checked here, before anything goes to qBraid, against the limits
qBraid documents (0 = off; at most 7 and 30 days).
"""

from __future__ import annotations

from typing import Any

from .errors import InvalidRequest
from .translation import _

IDLE = "autoStopIdleMinutes"
SESSION = "maxSessionMinutes"
MAX_IDLE_MINUTES = 7 * 24 * 60
MAX_SESSION_MINUTES = 30 * 24 * 60
_MAXIMA = {IDLE: MAX_IDLE_MINUTES, SESSION: MAX_SESSION_MINUTES}


def checked_limits(body: dict[str, Any]) -> dict[str, int]:
    """The limits a request sets, or an InvalidRequest saying what is wrong."""
    unknown = sorted(set(body) - set(_MAXIMA))
    if unknown:
        raise InvalidRequest(
            _("Unknown field: {field}. Send {idle} and/or {session}.").format(
                field=repr(unknown[0][:40]), idle=IDLE, session=SESSION
            )
        )
    if not body:
        raise InvalidRequest(
            _("Nothing to change: send {idle} and/or {session}.").format(idle=IDLE, session=SESSION)
        )
    limits: dict[str, int] = {}
    for name, value in body.items():
        maximum = _MAXIMA[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            raise InvalidRequest(
                _("{field} must be a whole number of minutes from 0 (off) to {maximum}.").format(
                    field=name, maximum=maximum
                )
            )
        limits[name] = value
    return limits
