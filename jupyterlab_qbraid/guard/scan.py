"""Looking through the files under Lab's root folder for known API keys.

A scan runs in a thread of its own so that the server keeps answering, one at a time; it is
bounded by time, by file count and by file size, and can be cancelled. Files are read in
chunks and only tested for the keys' bytes: a key is ASCII, so its bytes are the same in any
ASCII-compatible encoding, and JSON never escapes them. Only a file that holds a key is
parsed, to say where it is. Results name files and key hints, never a key.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

from jupyter_core.paths import is_file_hidden

from .known_keys import KnownKeys
from .redaction import KeyMatcher, NotebookCheck, check_notebook, check_text

NOTEBOOK_SUFFIX = ".ipynb"
TEXT_SUFFIXES = frozenset(
    {
        ".py",
        ".txt",
        ".md",
        ".json",
        ".env",
        ".yaml",
        ".yml",
        ".toml",
        ".cfg",
        ".ini",
        ".sh",
        ".r",
        ".jl",
        ".csv",
    }
)
# Tools' and installers' folders: never the person's own writing, and often huge.
SKIPPED_FOLDERS = frozenset(
    {"node_modules", ".git", ".ipynb_checkpoints", "__pycache__", ".venv", "venv"}
)
# A folder holding one of these is a Python or conda environment, whatever its name.
ENVIRONMENT_MARKERS = ("pyvenv.cfg", "conda-meta")
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class ScanLimits:
    seconds: float = 20.0
    max_file_bytes: int = 50 * 1024 * 1024
    max_files: int = 100_000


IDLE = {
    "state": "idle",
    "filesScanned": 0,
    "bytesScanned": 0,
    "elapsedMs": 0,
    "currentDir": None,
    "truncated": False,
    "skipped": [],
    "results": [],
}


def result_row(path: str, check: NotebookCheck) -> dict[str, Any]:
    """A notebook's line in the results: counts of outputs, cells and other places."""
    return {
        "path": path,
        "kind": "notebook",
        "outputs": check.outputs,
        "sources": len(check.sources),
        "other": check.other,
        "hints": check.hints,
    }


class _Run:
    """One scan; the thread writes it while handlers read it."""

    def __init__(
        self,
        root: str,
        allow_hidden: bool,
        exclusions: list[str],
        matcher: KeyMatcher,
        limits: ScanLimits,
    ):
        self.root = root
        self.allow_hidden = allow_hidden
        self.exclusions = exclusions
        self.matcher = matcher
        self.limits = limits
        self.state = "running"
        self.started = time.monotonic()
        self.finished: float | None = None
        self.files_scanned = 0
        self.bytes_scanned = 0
        self.current_dir = ""
        self.reason: str | None = None
        self.skipped: list[dict[str, str]] = []
        self.results: list[dict[str, Any]] = []
        self.cancelled = threading.Event()

    def should_stop(self) -> bool:
        if self.cancelled.is_set():
            return True
        if time.monotonic() - self.started > self.limits.seconds:
            self.reason = "time"
            return True
        return False

    def finish(self, state: str) -> None:
        if self.state == "running":
            self.state = state
            self.finished = time.monotonic()

    def excluded(self, path: str, name: str) -> bool:
        return any(
            fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(name, pattern)
            for pattern in self.exclusions
        )

    def to_json(self) -> dict[str, Any]:
        end = self.finished or time.monotonic()
        answer = {
            "state": self.state,
            "filesScanned": self.files_scanned,
            "bytesScanned": self.bytes_scanned,
            "elapsedMs": round((end - self.started) * 1000),
            "currentDir": self.current_dir if self.state == "running" else None,
            "truncated": self.reason is not None,
            # Copies: the thread may append while this answer is written.
            "skipped": list(self.skipped),
            "results": list(self.results),
        }
        if self.reason is not None:
            answer["reason"] = self.reason
        return answer


class LeakScanner:
    def __init__(
        self, contents_manager: Any, known: KnownKeys, limits: ScanLimits, log: logging.Logger
    ):
        self.contents_manager = contents_manager
        self.known = known
        self.limits = limits
        self.log = log
        self._run: _Run | None = None
        self._thread: threading.Thread | None = None

    def start(self, exclusions: list[str]) -> dict[str, Any]:
        """Start a scan; while one runs, its state instead."""
        if self._run is not None and self._run.state == "running":
            return self._run.to_json()
        # Read at each start: both are traitlets a deployment may change.
        root = os.path.abspath(self.contents_manager.root_dir)
        allow_hidden = bool(self.contents_manager.allow_hidden)
        run = _Run(
            root, allow_hidden, list(exclusions), KeyMatcher(self.known.snapshot()), self.limits
        )
        self._run = run
        self._thread = threading.Thread(
            target=self._scan, args=(run,), name="qbraid-key-scan", daemon=True
        )
        self._thread.start()
        return run.to_json()

    def state(self) -> dict[str, Any]:
        return self._run.to_json() if self._run is not None else dict(IDLE)

    def cancel(self) -> dict[str, Any]:
        if self._run is not None and self._run.state == "running":
            self._run.cancelled.set()
            self._run.finish("cancelled")
        return self.state()

    def update(self, path: str, row: dict[str, Any] | None) -> None:
        """After the outputs of `path` were redacted: its new line, or None when it is clean."""
        if self._run is None:
            return
        results = [result for result in self._run.results if result["path"] != path]
        if row is not None:
            results.append(row)
            results.sort(key=lambda result: result["path"])
        self._run.results = results

    def close(self, timeout: float = 5.0) -> None:
        self.cancel()
        if self._thread is not None:
            self._thread.join(timeout)

    # In the scan's thread

    def _scan(self, run: _Run) -> None:
        try:
            self._walk(run)
        except Exception:
            # Tracebacks name files and code, never file contents.
            self.log.exception("The scan for API keys stopped on an unexpected error.")
            run.reason = "error"
        run.results.sort(key=lambda result: result["path"])
        run.finish("done")

    def _walk(self, run: _Run) -> None:
        if not run.matcher:
            return
        folders = [""]
        while folders:
            folder = folders.pop()
            run.current_dir = folder
            try:
                with os.scandir(os.path.join(run.root, folder)) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError:
                run.skipped.append({"path": folder, "reason": "unreadable"})
                continue
            subfolders = []
            for entry in entries:
                if run.should_stop():
                    return
                path = f"{folder}/{entry.name}" if folder else entry.name
                if run.excluded(path, entry.name):
                    continue
                try:
                    if not run.allow_hidden and is_file_hidden(
                        entry.path, entry.stat(follow_symlinks=False)
                    ):
                        continue
                    # Links to folders are not followed: they may loop, or lead out of the root.
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name not in SKIPPED_FOLDERS and not _environment(entry.path):
                            subfolders.append(path)
                        continue
                    if not (_wanted(entry.name) and entry.is_file()):
                        continue
                    size = entry.stat().st_size
                except OSError:
                    run.skipped.append({"path": path, "reason": "unreadable"})
                    continue
                if size > run.limits.max_file_bytes:
                    run.skipped.append({"path": path, "reason": "too_large"})
                    continue
                if run.files_scanned >= run.limits.max_files:
                    run.reason = "files"
                    return
                self._file(run, entry.path, path)
            # Reversed, so that folders are popped in name order.
            folders.extend(reversed(subfolders))

    def _file(self, run: _Run, os_path: str, path: str) -> None:
        try:
            found = _holds_key(run, os_path)
            if found is None:
                return
            run.files_scanned += 1
            if found:
                with open(os_path, "rb") as handle:
                    text = handle.read().decode("utf-8", errors="replace")
                run.results.append(_describe(path, text, run.matcher))
        except OSError:
            run.skipped.append({"path": path, "reason": "unreadable"})


def _wanted(name: str) -> bool:
    lower = name.lower()
    # ".env" is all suffix and no stem: splitext gives it no suffix.
    suffix = os.path.splitext(lower)[1] or lower
    return suffix == NOTEBOOK_SUFFIX or suffix in TEXT_SUFFIXES


def _environment(os_path: str) -> bool:
    return any(os.path.exists(os.path.join(os_path, name)) for name in ENVIRONMENT_MARKERS)


def _holds_key(run: _Run, os_path: str) -> bool | None:
    """Whether the file holds a key; None when the scan was stopped while reading it."""
    # Consecutive chunks overlap by a key's length less one, so no key falls between them.
    overlap = run.matcher.longest - 1
    tail = b""
    with open(os_path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            run.bytes_scanned += len(chunk)
            window = tail + chunk
            if run.matcher.found_in_bytes(window):
                return True
            if run.should_stop():
                return None
            tail = window[-overlap:] if overlap > 0 else b""
    return False


def _describe(path: str, text: str, matcher: KeyMatcher) -> dict[str, Any]:
    if path.lower().endswith(NOTEBOOK_SUFFIX):
        try:
            notebook = json.loads(text)
        except ValueError:
            notebook = None
        if isinstance(notebook, dict):
            check = check_notebook(notebook, matcher, redact=False)
            if check.found:
                return result_row(path, check)
    # Text, or a notebook that is not valid JSON: lines are all there is to point at.
    lines, hints = check_text(text, matcher)
    return {
        "path": path,
        "kind": "text",
        "outputs": 0,
        "sources": len(lines),
        "other": 0,
        "hints": hints,
    }
