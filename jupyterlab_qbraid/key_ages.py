"""How old the secret of each API key Lab has used is, for the reminder to rotate it.

Where the service lists keys, a key's age starts at its `createdAt`, or at a rotation made
in this Lab (the service keeps `createdAt` when a key is rotated; Lab knows when it
received the new secret). Where it does not, the age starts when Lab first saw the key.

Both facts are kept in one small JSON file of this server's own (mode 0600): per key its
last four characters, a keyed hash (HMAC-SHA256 under a random salt of the file's own,
so the file matches no other list of hashes), and the moment. Never the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .account_client import parse_timestamp
from .api_key_format import key_hint

FILE_VERSION = 1
# Enough for every key a person rotates through in years; the oldest go first.
MAX_ENTRIES = 200


@dataclass
class _Entry:
    hint: str
    digest: str
    since: str
    # Set when Lab received the secret from a create or rotate answer: `since` is then the
    # moment the secret was issued, and the key record it belongs to is known.
    key_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"hint": self.hint, "hash": self.digest, "since": self.since, "keyId": self.key_id}


def _instant(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _now() -> datetime:
    return datetime.now(timezone.utc)


class KeyAges:
    """When Lab first saw each key, and when it received the secrets it created or rotated."""

    def __init__(
        self,
        path: Path,
        log: logging.Logger | None = None,
        clock: Callable[[], datetime] = _now,
    ):
        self.path = path
        self.log = log or logging.getLogger(__name__)
        self._clock = clock
        self._salt: bytes | None = None
        self._entries: list[_Entry] | None = None

    def first_seen(self, api_key: str) -> str:
        """When Lab first saw this key (now, if it never had): an ISO 8601 instant."""
        entries = self._load()
        digest = self._digest(api_key)
        for entry in entries:
            if entry.digest == digest:
                return entry.since
        entry = _Entry(key_hint(api_key), digest, _instant(self._clock()))
        self._add(entry)
        return entry.since

    def issued(self, api_key: str, key_id: str) -> None:
        """Lab received this secret of record `key_id` from the service just now."""
        digest = self._digest(api_key)
        entries = [entry for entry in self._load() if entry.digest != digest]
        self._entries = entries
        self._add(_Entry(key_hint(api_key), digest, _instant(self._clock()), key_id))

    def issued_since(self, key_id: str, hint: str) -> str | None:
        """When Lab received the secret that record `key_id` (ending in `hint`) has now."""
        moments = [
            entry.since for entry in self._load() if entry.key_id == key_id and entry.hint == hint
        ]
        return max(moments, key=parse_timestamp) if moments else None

    # The file

    def _digest(self, api_key: str) -> str:
        self._load()
        assert self._salt is not None
        return hmac.new(self._salt, api_key.encode(), hashlib.sha256).hexdigest()

    def _add(self, entry: _Entry) -> None:
        entries = self._load()
        entries.append(entry)
        del entries[:-MAX_ENTRIES]
        self._save()

    def _load(self) -> list[_Entry]:
        if self._entries is not None:
            return self._entries
        self._salt, self._entries = secrets.token_bytes(32), []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return self._entries
        except (OSError, ValueError) as error:
            # Ages are a reminder, not a record that matters: start again rather than fail.
            self.log.warning(
                "The qBraid key ages in %s could not be read (%s); ages start again from now.",
                self.path,
                type(error).__name__,
            )
            return self._entries
        try:
            salt = bytes.fromhex(data["salt"])
            entries = [
                _Entry(item["hint"], item["hash"], item["since"], item.get("keyId"))
                for item in data["keys"]
            ]
            for entry in entries:
                parse_timestamp(entry.since)
        except (KeyError, TypeError, ValueError, AttributeError):
            self.log.warning(
                "The qBraid key ages in %s are not in the expected form; ages start again from now.",
                self.path,
            )
            return self._entries
        self._salt, self._entries = salt, entries
        return self._entries

    def _save(self) -> None:
        assert self._salt is not None and self._entries is not None
        data = {
            "version": FILE_VERSION,
            "salt": self._salt.hex(),
            "keys": [entry.to_json() for entry in self._entries],
        }
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".key-ages.")
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    json.dump(data, handle)
                os.chmod(temporary, 0o600)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            # Kept in memory for as long as this server runs.
            self.log.warning(
                "The qBraid key ages could not be saved to %s (%s).",
                self.path,
                error.strerror or type(error).__name__,
            )
