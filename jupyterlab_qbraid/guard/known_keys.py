"""Every API key this server has known: the secrets the leak guard looks for.

Fed by the credential store (the active key at start and each key made active after) and by
key management (the active key it acts with, each secret it creates or rotates); the active
key is also read afresh at each look. Held in this process's memory only: never written,
sent or logged.
"""

from __future__ import annotations

import threading

from ..api_key_format import is_valid_api_key
from ..credentials import CredentialStore


class KnownKeys:
    def __init__(self, store: CredentialStore):
        self._store = store
        self._keys: set[str] = set()
        # A contents manager may save, and so run the hook, on a worker thread while
        # handlers add keys on the event loop.
        self._lock = threading.Lock()
        store.add_listener(self.add)
        self.add(self._active())

    def add(self, api_key: str | None) -> None:
        """Remember a key; anything that is not a valid key (None included) is ignored."""
        if is_valid_api_key(api_key):
            with self._lock:
                self._keys.add(api_key)

    def snapshot(self) -> tuple[str, ...]:
        """Every known key, longest first.

        The active key is read afresh: a terminal's `qbraid configure` changes the file
        without telling the store.
        """
        self.add(self._active())
        with self._lock:
            return tuple(sorted(self._keys, key=len, reverse=True))

    def _active(self) -> str | None:
        active = self._store.state().active
        return active.api_key if active else None

    def __repr__(self) -> str:
        return f"<KnownKeys: {len(self._keys)} keys>"
