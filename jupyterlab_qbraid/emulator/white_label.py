"""White-label API keys: ``<prefix>_<host>.<64 hex>``, the host in unpadded base32.

qBraid's client sends such a key to ``https://<host>/api/v1``. The emulator mints them for
a DNS host name and authenticates them like any key; tests reach it through
``QBRAID_API_URL``, since a key's own URL is https on a real host.
"""

from __future__ import annotations

import base64
import re

PREFIX = re.compile(r"[a-z0-9]{1,32}")
DEFAULT_PREFIX = "wl"
# The DNS host names a white-label key may carry (qBraid's client checks the same).
HOST = re.compile(r"(?=.{4,253}\Z)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def encode_host(host: str) -> str:
    """The canonical encoding: lowercase base32 without padding."""
    return base64.b32encode(host.encode("ascii")).decode("ascii").lower().rstrip("=")


def check(host: object, prefix: object) -> tuple[str, str]:
    """``(prefix, encoded host)`` for a key of this host; ValueError says what is wrong."""
    if not isinstance(host, str) or not HOST.fullmatch(host):
        raise ValueError(
            "'host' must be a lowercase DNS host name with a dot and a letters-only top-level"
            " domain, such as api.example.com."
        )
    if not isinstance(prefix, str) or not PREFIX.fullmatch(prefix):
        raise ValueError("'prefix' must be 1 to 32 lowercase letters or digits.")
    return prefix, encode_host(host)


def key_url(host: str) -> str:
    return f"https://{host}/api/v1"
