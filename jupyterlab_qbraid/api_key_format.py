"""What a qBraid API key may look like, checked before it reaches a file, a variable or code.

Three shapes are accepted, at most 512 characters in all:

- a qBraid key: ``qbr_`` followed by letters and digits;
- a legacy key: letters and digits only;
- a white-label key: ``<prefix>_<host>.<64 hex>``, where ``<host>`` is the canonical
  unpadded lowercase base32 of a DNS host name; such a key belongs to ``https://<host>/api/v1``.

qBraid's own tools set no minimum length. Ours is 16: the leak guard redacts every known
key wherever it appears, and a "key" of a few letters would be an ordinary word.
The browser mirrors these rules in src/apiKeyFormat.ts.
"""

from __future__ import annotations

import base64
import binascii
import re

from .translation import N_

MAX_LENGTH = 512
# Translated where it is shown.
INVALID_KEY_MESSAGE = N_(
    "That is not a qBraid API key: expected qbr_ followed by letters and digits, a legacy key "
    "of letters and digits, or a white-label key (prefix_host.64 hex), at most 512 characters."
)

_QBRAID = re.compile(r"qbr_[A-Za-z0-9]{16,}")
_LEGACY = re.compile(r"[A-Za-z0-9]{16,}")
_WHITE_LABEL = re.compile(r"[a-z0-9]+_(?P<host>[a-z2-7]{2,405})\.[0-9a-f]{64}")
_HOST_NAME = re.compile(r"(?=.{4,253}\Z)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def is_valid_api_key(value: object) -> bool:
    if not isinstance(value, str) or len(value) > MAX_LENGTH:
        return False
    return any(shape.fullmatch(value) for shape in (_QBRAID, _LEGACY, _WHITE_LABEL))


def white_label_host(value: object) -> str | None:
    """The host a white-label key carries, or None (another shape, or no canonical host)."""
    if not isinstance(value, str) or len(value) > MAX_LENGTH:
        return None
    match = _WHITE_LABEL.fullmatch(value)
    if match is None:
        return None
    group = match.group("host")
    padded = group.upper() + "=" * (-len(group) % 8)
    try:
        host = base64.b32decode(padded).decode("ascii")
    except (binascii.Error, ValueError):
        return None
    # Canonical only: stray trailing bits would let two spellings name one host.
    if base64.b32encode(host.encode("ascii")).decode("ascii").lower().rstrip("=") != group:
        return None
    return host if _HOST_NAME.fullmatch(host) else None


def key_api_url(value: object) -> str | None:
    """The base URL a white-label key belongs to, or None."""
    host = white_label_host(value)
    return f"https://{host}/api/v1" if host else None


def key_hint(api_key: str) -> str:
    """The last four characters: all the browser ever sees of a stored key."""
    return api_key[-4:]
