"""The key ages kept for the reminder to rotate: on real files, with a clock of the test's own."""

import json
import logging
import os
import stat
from datetime import datetime, timedelta, timezone

from jupyterlab_qbraid.key_ages import MAX_ENTRIES, KeyAges

KEY = "qbr_" + "a" * 60 + "WXYZ"
OTHER_KEY = "qbr_" + "b" * 60 + "1234"
START = datetime(2026, 1, 1, tzinfo=timezone.utc)


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now


def test_first_seen_is_kept_across_servers_privately_and_without_the_key(tmp_path):
    path = tmp_path / "data" / "jupyterlab_qbraid" / "key-ages.json"
    clock = Clock()
    assert KeyAges(path, clock=clock).first_seen(KEY) == "2026-01-01T00:00:00Z"
    clock.now += timedelta(days=100)
    later = KeyAges(path, clock=clock)
    assert later.first_seen(KEY) == "2026-01-01T00:00:00Z"
    assert later.first_seen(OTHER_KEY) == "2026-04-11T00:00:00Z"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text()
    assert KEY not in text and KEY[:-4] not in text
    assert [entry["hint"] for entry in json.loads(text)["keys"]] == ["WXYZ", "1234"]


def test_the_hash_is_keyed_by_a_salt_of_the_file_s_own(tmp_path):
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    KeyAges(first).first_seen(KEY)
    KeyAges(second).first_seen(KEY)
    hashes = [json.loads(path.read_text())["keys"][0]["hash"] for path in (first, second)]
    assert hashes[0] != hashes[1]


def test_an_issued_secret_starts_its_age_again_and_names_its_record(tmp_path):
    clock = Clock()
    ages = KeyAges(tmp_path / "ages.json", clock=clock)
    ages.first_seen(KEY)
    clock.now += timedelta(days=3)
    ages.issued(KEY, "key-1")
    assert ages.first_seen(KEY) == "2026-01-04T00:00:00Z"
    assert ages.issued_since("key-1", "WXYZ") == "2026-01-04T00:00:00Z"
    # Another record, or the same record after a rotation elsewhere (another hint): unknown.
    assert ages.issued_since("key-2", "WXYZ") is None
    assert ages.issued_since("key-1", "0000") is None


def test_an_unreadable_file_starts_the_ages_again(tmp_path, caplog):
    path = tmp_path / "ages.json"
    path.write_text('{"salt": "zz", "keys": [')
    clock = Clock()
    with caplog.at_level(logging.WARNING):
        assert KeyAges(path, clock=clock).first_seen(KEY) == "2026-01-01T00:00:00Z"
    assert "start again" in caplog.text
    assert json.loads(path.read_text())["keys"][0]["hint"] == "WXYZ"


def test_a_file_that_cannot_be_written_keeps_the_ages_in_memory(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    ages = KeyAges(blocker / "ages.json", clock=Clock())
    with caplog.at_level(logging.WARNING):
        since = ages.first_seen(KEY)
    assert ages.first_seen(KEY) == since
    assert "could not be saved" in caplog.text and KEY not in caplog.text


def test_only_the_newest_entries_are_kept(tmp_path):
    path = tmp_path / "ages.json"
    ages = KeyAges(path, clock=Clock())
    for index in range(MAX_ENTRIES + 5):
        ages.issued(f"qbr_{index:064x}", f"key-{index}")
    kept = json.loads(path.read_text())["keys"]
    assert len(kept) == MAX_ENTRIES and kept[-1]["keyId"] == f"key-{MAX_ENTRIES + 4}"
