"""What a qBraid API key may look like, checked before it reaches a file, a variable or code."""

import re

_API_KEY = re.compile(r"[A-Za-z0-9_.-]{32,64}")


def is_valid_api_key(value: object) -> bool:
    return isinstance(value, str) and _API_KEY.fullmatch(value) is not None


def key_hint(api_key: str) -> str:
    """The last four characters: all the browser ever sees of a stored key."""
    return api_key[-4:]
