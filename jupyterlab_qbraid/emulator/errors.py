"""The refusal every emulator route raises: an HTTP status, a message and a code.

Answered as ``{"success": false, "message": m, "error": {"code": c, "message": m}}``.
Without an explicit code, the status's own name stands in (``NOT_FOUND``, ``BAD_REQUEST``),
the way the platform spells its codes (upper snake case).
"""

from __future__ import annotations

from http import HTTPStatus

from tornado.web import HTTPError

AUTH_REQUIRED = "Authentication required."
# Codes the platform (and qBraid's CLI) knows by name.
BAD_STATE = "BAD_STATE"
INSTANCE_NOT_FOUND = "INSTANCE_NOT_FOUND"
NOTHING_TO_UPDATE = "NOTHING_TO_UPDATE"
# The emulator's own, named in the platform's style.
STOP_NOT_SUPPORTED = "STOP_NOT_SUPPORTED"
VALIDATION_ERROR = "VALIDATION_ERROR"
CLUSTER_NOT_FOUND = "CLUSTER_NOT_FOUND"
PROFILE_NOT_FOUND = "PROFILE_NOT_FOUND"
USER_NOT_FOUND = "USER_NOT_FOUND"
HUB_ERROR = "HUB_ERROR"


def default_code(status: int) -> str:
    try:
        return HTTPStatus(status).name
    except ValueError:
        return "ERROR"


def default_message(status: int) -> str:
    if status == 401:
        return AUTH_REQUIRED
    try:
        return HTTPStatus(status).phrase + "."
    except ValueError:
        return "Error."


def error_body(status: int, message: str | None = None, code: str | None = None) -> dict:
    """The error shape; without a message or code, the status's own stand in."""
    message = message or default_message(status)
    return {
        "success": False,
        "message": message,
        "error": {"code": code or default_code(status), "message": message},
    }


class ApiError(HTTPError):
    """A refusal answered in the error shape."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(status)
        self.message = message
        self.code = code or default_code(status)
