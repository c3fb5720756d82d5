"""Reading the API's ISO 8601 times alike on every supported Python.

`datetime.fromisoformat` reads only its own output before Python 3.11: no trailing "Z" for
UTC (as JavaScript's toISOString and the qBraid API write it), and fractions of a second of
exactly 3 or 6 digits. `parse_iso` reads those on 3.10 as 3.11 does.
"""

from __future__ import annotations

import re
from datetime import datetime

_ZULU = re.compile(r"(?<=\d)Z\Z")
# The seconds' fraction, then the zone (Z, or ±HH:MM[:SS[.ffffff]]) or the end.
_FRACTION = re.compile(r"(?<=\d\d:\d\d:\d\d)[.,](\d+)(?=\Z|[Z+-])")


def parse_iso(value: str) -> datetime:
    """`datetime.fromisoformat(value)`, also for a trailing "Z" and fractions of any length.

    Raises ValueError for what is not an ISO 8601 date or time, as fromisoformat does.
    """
    # Only a Z after a digit: 3.10 would read "…07Z+00:00", made of a "…07ZZ", as valid.
    text = _ZULU.sub("+00:00", value, count=1)
    # Microseconds are the finest a datetime holds: longer fractions are cut, shorter padded.
    text = _FRACTION.sub(lambda match: "." + match.group(1)[:6].ljust(6, "0"), text, count=1)
    return datetime.fromisoformat(text)
