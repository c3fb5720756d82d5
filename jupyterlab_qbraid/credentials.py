"""The active API key: the qbraidrc file that qBraid's SDK reads, and the server's environment.

qBraid's client reads the file before the environment variable, so the file is written
too whenever the key changes. The file is edited line by line so that every other
section, key and comment the person keeps there survives.

An access token (qbraidrc `access-token`, else QBRAID_ACCESS_TOKEN) is read as well, never
written: the platform hands it to the Lab pods it runs, and qBraid's client sends it instead
of any key.
"""

from __future__ import annotations

import configparser
import logging
import os
import re
import tempfile
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from .api_key_format import is_valid_api_key

CONFIG_FILE_VARIABLE = "QBRAID_CONFIG_FILE"
API_KEY_VARIABLE = "QBRAID_API_KEY"
ACCESS_TOKEN_VARIABLE = "QBRAID_ACCESS_TOKEN"
SECTION = "default"

# A token goes into a header: printable ASCII without spaces; long enough for a JWT.
_ACCESS_TOKEN = re.compile(r"[\x21-\x7e]{8,8192}")

_SECTION_LINE = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")
_ENTRY_LINE = re.compile(r"^(?P<key>[^\s=:#;\[][^=:]*?)\s*[=:]")


class QbraidrcCorrupt(Exception):
    """The file exists but is not an INI file qBraid's client could read."""

    def __init__(self, path: Path, detail: str):
        super().__init__(f"The qBraid config file {path} cannot be read: {detail}")
        self.path = path


@dataclass
class ActiveKey:
    api_key: str
    source: str  # "qbraidrc" or "environment"


@dataclass
class AccessToken:
    token: str = field(repr=False)
    source: str  # "qbraidrc" or "environment"


@dataclass
class CredentialState:
    active: ActiveKey | None
    file_url: str | None = None
    problems: list[str] = field(default_factory=list)
    file_corrupt: bool = False
    access_token: AccessToken | None = None


def is_valid_access_token(value: object) -> bool:
    return isinstance(value, str) and _ACCESS_TOKEN.fullmatch(value) is not None


@dataclass
class SaveOutcome:
    file_saved: bool
    problems: list[str] = field(default_factory=list)


def default_config_path(environ: MutableMapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    configured = environ.get(CONFIG_FILE_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".qbraid" / "qbraidrc"


def read_default_section(path: Path) -> dict[str, str] | None:
    """The `[default]` entries, None when there is no file; raises QbraidrcCorrupt."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise QbraidrcCorrupt(path, str(error)) from error
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as error:
        first_line = str(error).splitlines()[0]
        raise QbraidrcCorrupt(path, first_line) from error
    if not parser.has_section(SECTION):
        return {}
    return dict(parser.items(SECTION))


def update_default_section(path: Path, updates: dict[str, str | None]) -> None:
    """Set (or, for None, remove) entries of `[default]`, keeping everything else.

    The write is atomic (a temporary file in the same folder, then a rename) and the
    result is mode 0600, since it holds a secret.
    """
    target = path.resolve()
    try:
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        lines = []
    new_lines = _edit_lines(lines, updates)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".qbraidrc.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.writelines(new_lines)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _edit_lines(lines: list[str], updates: dict[str, str | None]) -> list[str]:
    pending = dict(updates)
    result: list[str] = []
    in_section = False
    section_found = False
    skipping_continuation = False
    last_entry_index = None

    for line in lines:
        section = _SECTION_LINE.match(line)
        if section:
            if in_section:
                _insert_pending(result, pending, last_entry_index)
            in_section = section.group("name").strip() == SECTION
            section_found = section_found or in_section
            skipping_continuation = False
            result.append(line)
            if in_section:
                last_entry_index = len(result)
            continue
        if skipping_continuation and line[:1] in (" ", "\t") and line.strip():
            continue
        skipping_continuation = False
        entry = _ENTRY_LINE.match(line) if in_section else None
        if entry:
            name = entry.group("key").strip().lower()
            if name in pending:
                value = pending.pop(name)
                skipping_continuation = True
                if value is not None:
                    result.append(f"{name} = {value}\n")
                    last_entry_index = len(result)
                continue
            if name in updates:
                # A second line for a key already handled: drop it, one value wins.
                skipping_continuation = True
                continue
            result.append(line)
            last_entry_index = len(result)
            continue
        result.append(line)

    if in_section:
        _insert_pending(result, pending, last_entry_index)
    if not section_found and any(value is not None for value in pending.values()):
        if result and not result[-1].endswith("\n"):
            result[-1] += "\n"
        if result and result[-1].strip():
            result.append("\n")
        result.append(f"[{SECTION}]\n")
        _insert_pending(result, pending, len(result))
    return result


def _insert_pending(result: list[str], pending: dict[str, str | None], index: int | None) -> None:
    additions = [f"{name} = {value}\n" for name, value in pending.items() if value is not None]
    pending.clear()
    if not additions:
        return
    position = len(result) if index is None else index
    if position > 0 and not result[position - 1].endswith("\n"):
        result[position - 1] += "\n"
    result[position:position] = additions


class CredentialStore:
    """Where the active key is read from and written to."""

    def __init__(
        self,
        path: Path | None = None,
        environ: MutableMapping[str, str] | None = None,
        variable: str = API_KEY_VARIABLE,
    ):
        self.environ = os.environ if environ is None else environ
        self._path = path
        self.variable = variable
        # A key made active while the file could not take it: it outranks the file's
        # (older, possibly dead) key for as long as this server runs.
        self._session_key: str | None = None
        self._listeners: list[Callable[[str | None], None]] = []

    def add_listener(self, callback: Callable[[str | None], None]) -> None:
        """Call `callback` with the active key (None: no key) after every save and clear."""
        self._listeners.append(callback)

    def _notify(self) -> None:
        active = self.state().active
        api_key = active.api_key if active else None
        for callback in self._listeners:
            # The change is made by now; a failing listener must not turn it into an error.
            try:
                callback(api_key)
            except Exception:
                logging.getLogger(__name__).exception("A listener for key changes failed.")

    @property
    def path(self) -> Path:
        # Read each time: QBRAID_CONFIG_FILE may be set after the server started.
        return self._path or default_config_path(self.environ)

    def state(self) -> CredentialState:
        problems: list[str] = []
        entries: dict[str, str] = {}
        corrupt = False
        try:
            entries = read_default_section(self.path) or {}
        except QbraidrcCorrupt as error:
            problems.append(f"{error} It was left as it is; fix or remove it.")
            corrupt = True
        file_url = entries.get("url", "").strip() or None
        token = self._access_token(entries, problems)

        session_key = self._session_key
        if session_key and self.environ.get(self.variable) == session_key:
            problems.append(
                f"The key in use is not saved in {self.path}; it is active in this Lab session only."
            )
            return CredentialState(
                ActiveKey(session_key, "environment"), file_url, problems, corrupt, token
            )

        file_key = entries.get("api-key", "").strip()
        if file_key:
            if is_valid_api_key(file_key):
                return CredentialState(
                    ActiveKey(file_key, "qbraidrc"), file_url, problems, corrupt, token
                )
            problems.append(
                f"The api-key in {self.path} is not a valid qBraid API key and was ignored."
            )

        env_key = self.environ.get(self.variable, "").strip()
        if env_key:
            if is_valid_api_key(env_key):
                return CredentialState(
                    ActiveKey(env_key, "environment"), file_url, problems, corrupt, token
                )
            problems.append(f"{self.variable} is not a valid qBraid API key and was ignored.")
        return CredentialState(None, file_url, problems, corrupt, token)

    def _access_token(self, entries: dict[str, str], problems: list[str]) -> AccessToken | None:
        """The file's token, else the environment's, as qBraid's client picks it."""
        candidates = (
            (
                entries.get("access-token", "").strip(),
                "qbraidrc",
                f"The access-token in {self.path}",
            ),
            (
                self.environ.get(ACCESS_TOKEN_VARIABLE, "").strip(),
                "environment",
                ACCESS_TOKEN_VARIABLE,
            ),
        )
        for token, source, where in candidates:
            if not token:
                continue
            if is_valid_access_token(token):
                return AccessToken(token, source)
            problems.append(f"{where} is not a usable access token and was ignored.")
        return None

    def save(self, api_key: str, url: str) -> SaveOutcome:
        """Make `api_key` active: in the process environment, and in the file unless corrupt."""
        if not is_valid_api_key(api_key):
            raise ValueError("not a valid qBraid API key")
        outcome = self._save(api_key, url)
        self._notify()
        return outcome

    def _save(self, api_key: str, url: str) -> SaveOutcome:
        self.environ[self.variable] = api_key
        self._session_key = api_key
        try:
            read_default_section(self.path)
        except QbraidrcCorrupt as error:
            return SaveOutcome(
                False,
                [
                    f"{error} The key is active in this Lab session only; fix or remove the file to keep it."
                ],
            )
        try:
            update_default_section(self.path, {"api-key": api_key, "url": url})
        except OSError as error:
            return SaveOutcome(
                False,
                [
                    f"The key could not be saved to {self.path} ({error.strerror or error}); "
                    "it is active in this Lab session only."
                ],
            )
        self._session_key = None
        return SaveOutcome(True)

    def clear(self) -> SaveOutcome:
        """Lab forgets the key: out of the environment and out of the file's `[default]`."""
        outcome = self._clear()
        self._notify()
        return outcome

    def _clear(self) -> SaveOutcome:
        self.environ.pop(self.variable, None)
        self._session_key = None
        try:
            entries = read_default_section(self.path)
        except QbraidrcCorrupt as error:
            return SaveOutcome(False, [f"{error} Remove its api-key line by hand."])
        if not entries or "api-key" not in entries:
            return SaveOutcome(True)
        try:
            update_default_section(self.path, {"api-key": None})
        except OSError as error:
            return SaveOutcome(
                False,
                [f"The key could not be removed from {self.path} ({error.strerror or error})."],
            )
        return SaveOutcome(True)
