"""The API's ISO 8601 times read alike on Python 3.10 and 3.11+ (trailing "Z", any fraction)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from jupyterlab_qbraid.account_client import parse_timestamp
from jupyterlab_qbraid.emulator.compute_views import _seconds_between
from jupyterlab_qbraid.emulator.validation import ValidationError, _renewal_date
from jupyterlab_qbraid.timestamps import parse_iso

UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A trailing Z: UTC (fromisoformat reads it only from 3.11).
        ("2026-03-04T05:06:07Z", datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("2026-03-04T05:06:07.123Z", datetime(2026, 3, 4, 5, 6, 7, 123000, tzinfo=UTC)),
        ("2026-03-04T05:06:07.123456Z", datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)),
        ("2026-03-04T05:06Z", datetime(2026, 3, 4, 5, 6, tzinfo=UTC)),
        # Fractions of other lengths (3.10 reads only 3 or 6 digits): padded, or cut to µs.
        ("2026-03-04T05:06:07.1Z", datetime(2026, 3, 4, 5, 6, 7, 100000, tzinfo=UTC)),
        ("2026-03-04T05:06:07.1234567Z", datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)),
        ("2026-03-04T05:06:07,25Z", datetime(2026, 3, 4, 5, 6, 7, 250000, tzinfo=UTC)),
        # Offsets, with and without a fraction.
        ("2026-03-04T05:06:07+00:00", datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)),
        (
            "2026-03-04T05:06:07+02:00",
            datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(hours=2))),
        ),
        (
            "2026-03-04T05:06:07.5-05:30",
            datetime(2026, 3, 4, 5, 6, 7, 500000, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        # No zone: naive, as fromisoformat answers; a date alone is its midnight.
        ("2026-03-04T05:06:07", datetime(2026, 3, 4, 5, 6, 7)),
        ("2026-03-04T05:06:07.123", datetime(2026, 3, 4, 5, 6, 7, 123000)),
        ("2026-03-04", datetime(2026, 3, 4)),
    ],
)
def test_parse_iso(text, expected):
    parsed = parse_iso(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    ["", "Z", "yesterday", "2026-13-01T00:00:00Z", "2026-03-04T05:06:07ZZ", "2026-03-04T05:06:07z"],
)
def test_parse_iso_refuses_what_is_not_a_time(text):
    with pytest.raises(ValueError):
        parse_iso(text)


def test_the_server_reads_z_times_and_takes_zoneless_ones_as_utc():
    assert parse_timestamp("2026-03-04T05:06:07.123Z") == datetime(
        2026, 3, 4, 5, 6, 7, 123000, tzinfo=UTC
    )
    assert parse_timestamp("2026-03-04T05:06:07") == datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert parse_timestamp("2026-03-04T07:06:07+02:00") == datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_the_emulator_accepts_z_times():
    assert _renewal_date("2026-04-01T00:00:00Z") == _renewal_date("2026-04-01T00:00:00+00:00")
    assert _seconds_between("2026-03-04T05:06:07.000Z", "2026-03-04T06:06:07.500Z") == 3600.5
    with pytest.raises(ValidationError):
        _renewal_date("next month")
