"""Assertions on the account API's envelope and error shape, shared by this folder's tests."""

from __future__ import annotations

import re
from typing import Any

import httpx

HEX24 = re.compile(r"[0-9a-f]{24}")
ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
# The emulator's API keys.
SECRET = re.compile(r"qbr_[0-9a-f]{64}")


def data_of(response: httpx.Response, status: int = 200) -> Any:
    """The ``data`` of a success envelope, after checking status and shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"success", "data"} and body["success"] is True, body
    return body["data"]


def error_of(response: httpx.Response, status: int, code: str | None = None) -> str:
    """The ``message`` of an error answer, after checking status, shape and (if given) the
    error code."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"success", "message", "error"} and body["success"] is False, body
    assert isinstance(body["message"], str) and body["message"]
    assert body["error"]["message"] == body["message"], body
    assert isinstance(body["error"]["code"], str) and body["error"]["code"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["message"]
