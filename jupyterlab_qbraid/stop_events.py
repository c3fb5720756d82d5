"""Telling every open tab that this instance is being stopped, and by what.

A stop accepted by the stop route is emitted as a Jupyter Server event of our own schema on
the server's ``event_logger``; every tab subscribed to the server's event websocket
(``/api/events/subscribe``, JupyterLab's ``serviceManager.events``) receives it, so the tabs
that did not ask for the stop can say why their server is going away. A stop that then fails
is emitted too, so that they say the instance keeps running. A tab whose server vanishes
with no such event knows the platform stopped it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InvalidRequest
from .translation import _

SCHEMA_ID = "https://events.qbraid.com/jupyterlab-qbraid/instance-stop/v1"

STOPPING = "stopping"
FAILED = "failed"
# Who asked: a person (the Stop button or command in some tab), or the server's idle stop.
PERSON = "person"
IDLE = "idle"
# An origin is a tab's own random id (a UUID), so that the tab that asked knows its own stop.
MAX_ORIGIN_CHARS = 64
MAX_IDLE_MINUTES = 7 * 24 * 60

SCHEMA: dict[str, Any] = {
    "$id": SCHEMA_ID,
    "version": "1",
    "title": "qBraid instance stop",
    "description": "A stop of this Lab instance was accepted, or failed after it was accepted.",
    "type": "object",
    "required": ["action", "by"],
    "properties": {
        "action": {
            "enum": [STOPPING, FAILED],
            "description": "stopping: the platform or the hub was asked to stop the instance; "
            "failed: it was not stopped and keeps running.",
        },
        "by": {"enum": [PERSON, IDLE], "description": "Who asked for the stop."},
        "idleMinutes": {
            "type": ["integer", "null"],
            "description": "With by=idle: the idle minutes after which the stop came.",
        },
        "origin": {
            "type": ["string", "null"],
            "description": "The id the asking tab gave itself, so that it knows its own stop.",
        },
    },
}


@dataclass(frozen=True)
class StopReason:
    """Who asked for a stop, as the stop route's body says."""

    by: str = PERSON
    idle_minutes: int | None = None
    origin: str | None = None

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> StopReason:
        """The reason in a request body (every field optional), or InvalidRequest."""
        by = body.get("by", PERSON)
        if by not in (PERSON, IDLE):
            raise InvalidRequest(
                _("'by' must be {person} or {idle}.").format(person=repr(PERSON), idle=repr(IDLE))
            )
        minutes = body.get("idleMinutes")
        if by == IDLE:
            if (
                not isinstance(minutes, int)
                or isinstance(minutes, bool)
                or not 1 <= minutes <= MAX_IDLE_MINUTES
            ):
                raise InvalidRequest(
                    _("'idleMinutes' must be a whole number of minutes, 1 to {most}.").format(
                        most=MAX_IDLE_MINUTES
                    )
                )
        elif minutes is not None:
            raise InvalidRequest(_("'idleMinutes' goes only with by='idle'."))
        origin = body.get("origin")
        if origin is not None and (
            not isinstance(origin, str)
            or not 0 < len(origin) <= MAX_ORIGIN_CHARS
            or not all(char.isalnum() or char == "-" for char in origin)
        ):
            raise InvalidRequest(
                _("'origin' must be up to {most} letters, digits and dashes.").format(
                    most=MAX_ORIGIN_CHARS
                )
            )
        return cls(by, minutes if by == IDLE else None, origin)


class StopAnnouncer:
    """Emits the stop events on the server's event logger, under our own schema."""

    def __init__(self, event_logger: Any, log: logging.Logger) -> None:
        self._events = event_logger
        self._log = log
        try:
            event_logger.register_event_schema(SCHEMA)
        except Exception as error:
            # An older jupyter_events may refuse the schema; the tabs then learn of a stop
            # only when the server is gone (and say the platform stopped it).
            log.warning("Other tabs will not be told of stops: %s", error)
            self._events = None

    def announce(self, action: str, reason: StopReason) -> None:
        if self._events is None:
            return
        data = {
            "action": action,
            "by": reason.by,
            "idleMinutes": reason.idle_minutes,
            "origin": reason.origin,
        }
        try:
            self._events.emit(schema_id=SCHEMA_ID, data=data)
        except Exception:
            # The stop itself goes on: the other tabs then learn of it when the server is gone.
            self._log.exception("The stop event could not be sent to the open tabs")
