"""The active API key: the qbraidrc file that qBraid's SDK reads, and the server's environment.

qBraid's client reads the file before the environment variable, so the file is written
too whenever the key changes. The file is kept as its owner wrote it: it is edited line by
line, so every other section, key and comment survives, and so do each line's ending
(CRLF, LF or CR), a UTF-8 byte order mark and a missing final newline.

An access token (qbraidrc `access-token`, else QBRAID_ACCESS_TOKEN) is read as well, never
written: the platform hands it to the Lab pods it runs, and qBraid's client sends it instead
of any key.
"""

from __future__ import annotations

import codecs
import configparser
import errno
import logging
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from .api_key_format import is_valid_api_key
from .translation import _

CONFIG_FILE_VARIABLE = "QBRAID_CONFIG_FILE"
API_KEY_VARIABLE = "QBRAID_API_KEY"
ACCESS_TOKEN_VARIABLE = "QBRAID_ACCESS_TOKEN"
SECTION = "default"

# A token goes into a header: printable ASCII without spaces; long enough for a JWT.
_ACCESS_TOKEN = re.compile(r"[\x21-\x7e]{8,8192}")

_SECTION_LINE = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")
# The name as written, its separator and the spaces after it: a new value goes right there.
_ENTRY_LINE = re.compile(r"^(?P<key>[^\s=:#;\[][^=:]*?)\s*[=:][ \t]*")
# A line and its own ending; only CR and LF end lines (str.splitlines would also split on
# form feeds and other separators a value may hold).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_ENDINGS = ("\r\n", "\n", "\r")


# Why Lab cannot read a qbraidrc (QbraidrcCorrupt.case).
UNPARSABLE = "unparsable"
BINARY = "binary"
NOT_UTF8 = "not_utf8"
FOLDER = "folder"
NOT_PERMITTED = "not_permitted"
READ_FAILED = "read_failed"


class QbraidrcCorrupt(Exception):
    """The file exists but Lab cannot read it as settings: what is wrong, and what to do.

    Its texts say so in plain words: never a codec's or a parser's message, which may quote
    the file's lines (and so a key). Each case has its own whole sentences, so that a
    translation need not glue a reason into a sentence.
    """

    def __init__(self, path: Path, case: str, error: str = ""):
        """`case` is why (UNPARSABLE, ...); `error`, for READ_FAILED, the system's words."""
        self.path = path
        self.case = case
        self.error = error
        super().__init__(self.sentence())

    def _told(self, texts: dict[str, str]) -> str:
        return texts[self.case].format(path=self.path, error=self.error)

    def sentence(self) -> str:
        return self._told(
            {
                UNPARSABLE: _(
                    "Lab cannot read {path} because it is not a settings file qBraid "
                    "understands; fix it or delete it (Lab left it as it is)."
                ),
                BINARY: _(
                    "Lab cannot read {path} because it holds binary data, not settings; delete "
                    "it or put your qBraid settings in it as text (Lab left it as it is)."
                ),
                NOT_UTF8: _(
                    "Lab cannot read {path} because it is not saved as UTF-8 text; save it as "
                    "UTF-8 or delete it (Lab left it as it is)."
                ),
                FOLDER: _(
                    "Lab cannot read {path} because it is a folder, not a file; move the folder "
                    "away so Lab can create the file (Lab left it as it is)."
                ),
                NOT_PERMITTED: _(
                    "Lab cannot read {path} because your user may not read it; give your user "
                    "read and write access to it (Lab left it as it is)."
                ),
                READ_FAILED: _(
                    "Lab cannot read {path} because reading it failed ({error}); check that it "
                    "is a file your user can read and write (Lab left it as it is)."
                ),
            }
        )

    def session_only(self) -> str:
        return self._told(
            {
                UNPARSABLE: _(
                    "The key works in this Lab session only: Lab cannot read {path} because it "
                    "is not a settings file qBraid understands, so the key is not saved there; "
                    "fix it or delete it, then paste the key again to keep it."
                ),
                BINARY: _(
                    "The key works in this Lab session only: Lab cannot read {path} because it "
                    "holds binary data, not settings, so the key is not saved there; delete it "
                    "or put your qBraid settings in it as text, then paste the key again to "
                    "keep it."
                ),
                NOT_UTF8: _(
                    "The key works in this Lab session only: Lab cannot read {path} because it "
                    "is not saved as UTF-8 text, so the key is not saved there; save it as "
                    "UTF-8 or delete it, then paste the key again to keep it."
                ),
                FOLDER: _(
                    "The key works in this Lab session only: Lab cannot read {path} because it "
                    "is a folder, not a file, so the key is not saved there; move the folder "
                    "away so Lab can create the file, then paste the key again to keep it."
                ),
                NOT_PERMITTED: _(
                    "The key works in this Lab session only: Lab cannot read {path} because "
                    "your user may not read it, so the key is not saved there; give your user "
                    "read and write access to it, then paste the key again to keep it."
                ),
                READ_FAILED: _(
                    "The key works in this Lab session only: Lab cannot read {path} because "
                    "reading it failed ({error}), so the key is not saved there; check that it "
                    "is a file your user can read and write, then paste the key again to keep "
                    "it."
                ),
            }
        )

    def not_cleared(self) -> str:
        return self._told(
            {
                UNPARSABLE: _(
                    "Lab cannot read {path} because it is not a settings file qBraid "
                    "understands, so the key is still in it; fix it or delete it, or delete its "
                    "api-key line by hand."
                ),
                BINARY: _(
                    "Lab cannot read {path} because it holds binary data, not settings, so the "
                    "key is still in it; delete it or put your qBraid settings in it as text, "
                    "or delete its api-key line by hand."
                ),
                NOT_UTF8: _(
                    "Lab cannot read {path} because it is not saved as UTF-8 text, so the key "
                    "is still in it; save it as UTF-8 or delete it, or delete its api-key line "
                    "by hand."
                ),
                FOLDER: _(
                    "Lab cannot read {path} because it is a folder, not a file, so the key is "
                    "still in it; move the folder away so Lab can create the file, or delete "
                    "its api-key line by hand."
                ),
                NOT_PERMITTED: _(
                    "Lab cannot read {path} because your user may not read it, so the key is "
                    "still in it; give your user read and write access to it, or delete its "
                    "api-key line by hand."
                ),
                READ_FAILED: _(
                    "Lab cannot read {path} because reading it failed ({error}), so the key is "
                    "still in it; check that it is a file your user can read and write, or "
                    "delete its api-key line by hand."
                ),
            }
        )

    @classmethod
    def unparsable(cls, path: Path) -> QbraidrcCorrupt:
        return cls(path, UNPARSABLE)

    @classmethod
    def binary(cls, path: Path) -> QbraidrcCorrupt:
        return cls(path, BINARY)

    @classmethod
    def not_utf8(cls, path: Path) -> QbraidrcCorrupt:
        return cls(path, NOT_UTF8)

    @classmethod
    def unreadable(cls, path: Path, error: OSError) -> QbraidrcCorrupt:
        if isinstance(error, IsADirectoryError):
            return cls(path, FOLDER)
        if isinstance(error, PermissionError):
            return cls(path, NOT_PERMITTED)
        return cls(path, READ_FAILED, _os_error(error))


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


@dataclass
class _FileText:
    """A qbraidrc's lines, each with its own ending, and how the file was encoded."""

    lines: list[str]
    bom: bool = False

    def encode(self) -> bytes:
        return (codecs.BOM_UTF8 if self.bom else b"") + "".join(self.lines).encode("utf-8")


def _read_file(path: Path) -> _FileText | None:
    """The file's lines, None when there is no file; raises QbraidrcCorrupt."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise QbraidrcCorrupt.unreadable(path, error) from None
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    # A NUL byte is in no settings file, nor in UTF-8 text a person wrote.
    if b"\0" in body:
        raise QbraidrcCorrupt.binary(path)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise QbraidrcCorrupt.not_utf8(path) from None
    return _FileText(_LINE.findall(text), bom)


def _content(line: str) -> str:
    return line.rstrip("\r\n")


def _ending(line: str) -> str:
    return line[len(_content(line)) :]


def read_default_section(path: Path) -> dict[str, str] | None:
    """The `[default]` entries, None when there is no file; raises QbraidrcCorrupt."""
    file = _read_file(path)
    if file is None:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        # Lines without their endings, so that CR-only files parse like the others.
        parser.read_string("\n".join(_content(line) for line in file.lines), source=str(path))
    except configparser.Error:
        raise QbraidrcCorrupt.unparsable(path) from None
    if not parser.has_section(SECTION):
        return {}
    return dict(parser.items(SECTION))


def update_default_section(path: Path, updates: dict[str, str | None]) -> None:
    """Set (or, for None, remove) entries of `[default]`, keeping everything else as it is.

    The write is atomic (a temporary file in the same folder, then a rename) and the
    result is mode 0600, since it holds a secret.
    """
    target = path.resolve()
    file = _read_file(target) or _FileText([])
    file.lines = _edit_lines(file.lines, updates)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".qbraidrc.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(file.encode())
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _edit_lines(lines: list[str], updates: dict[str, str | None]) -> list[str]:
    eol = _usual_ending(lines)
    pending = dict(updates)
    result: list[str] = []
    in_section = False
    section_found = False
    skipping_continuation = False
    last_entry_index = None

    for line in lines:
        content = _content(line)
        section = _SECTION_LINE.match(content)
        if section:
            if in_section:
                _insert_pending(result, pending, last_entry_index, eol)
            in_section = section.group("name").strip() == SECTION
            section_found = section_found or in_section
            skipping_continuation = False
            result.append(line)
            if in_section:
                last_entry_index = len(result)
            continue
        if skipping_continuation and content[:1] in (" ", "\t") and content.strip():
            continue
        skipping_continuation = False
        entry = _ENTRY_LINE.match(content) if in_section else None
        if entry:
            name = entry.group("key").strip().lower()
            if name in pending:
                value = pending.pop(name)
                skipping_continuation = True
                if value is not None:
                    result.append(_with_value(line, entry, value))
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
        _insert_pending(result, pending, last_entry_index, eol)
    if not section_found and any(value is not None for value in pending.values()):
        if result and _content(result[-1]).strip():
            result.append(eol)
        result.append(f"[{SECTION}]{eol}")
        _insert_pending(result, pending, len(result), eol)
    return _ends_like(result, lines, eol)


def _with_value(line: str, entry: re.Match[str], value: str) -> str:
    """The entry's line with a new value: its name as written, separator and ending kept."""
    if _content(line)[entry.end() :].strip() == value:
        return line
    return f"{entry.group(0)}{value}{_ending(line)}"


def _usual_ending(lines: list[str]) -> str:
    """The ending most of the file's lines have (LF for a new file): new lines get it too."""
    counts = Counter(_ending(line) for line in lines if _ending(line))
    return max(_ENDINGS, key=lambda ending: counts[ending]) if counts else "\n"


def _ends_like(result: list[str], original: list[str], eol: str) -> list[str]:
    """Every line but the last ends; the last ends only if the original's did (or it is new)."""
    for index, line in enumerate(result[:-1]):
        if not _ending(line):
            result[index] = line + eol
    if result:
        final_newline = not original or bool(_ending(original[-1]))
        last = _content(result[-1])
        result[-1] = last + (_ending(result[-1]) or eol) if final_newline else last
    return result


def _insert_pending(
    result: list[str], pending: dict[str, str | None], index: int | None, eol: str
) -> None:
    additions = [f"{name} = {value}{eol}" for name, value in pending.items() if value is not None]
    pending.clear()
    if not additions:
        return
    position = len(result) if index is None else index
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
        # (older, possibly dead) key for as long as this server runs. Its notice keeps
        # saying why, for as long as it is in effect.
        self._session_key: str | None = None
        self._session_notice = ""
        self._session_unreadable = False
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
            corrupt = True
            unreadable = error
        else:
            unreadable = None
        file_url = entries.get("url", "").strip() or None

        session_key = self._session_key
        in_session = bool(session_key) and self.environ.get(self.variable) == session_key
        # The session-only notice already says that the file cannot be read: once is enough.
        if unreadable is not None and not (in_session and self._session_unreadable):
            problems.append(unreadable.sentence())
        token = self._access_token(entries, problems)

        if session_key and in_session:
            problems.append(self._session_notice)
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
                _("The api-key in {path} is not a valid qBraid API key and was ignored.").format(
                    path=self.path
                )
            )

        env_key = self.environ.get(self.variable, "").strip()
        if env_key:
            if is_valid_api_key(env_key):
                return CredentialState(
                    ActiveKey(env_key, "environment"), file_url, problems, corrupt, token
                )
            problems.append(
                _("{variable} is not a valid qBraid API key and was ignored.").format(
                    variable=self.variable
                )
            )
        return CredentialState(None, file_url, problems, corrupt, token)

    def _access_token(self, entries: dict[str, str], problems: list[str]) -> AccessToken | None:
        """The file's token, else the environment's, as qBraid's client picks it."""
        candidates = (
            (
                entries.get("access-token", "").strip(),
                "qbraidrc",
                _("The access-token in {path} is not a usable access token and was ignored."),
            ),
            (
                self.environ.get(ACCESS_TOKEN_VARIABLE, "").strip(),
                "environment",
                _("{variable} is not a usable access token and was ignored."),
            ),
        )
        for token, source, ignored in candidates:
            if not token:
                continue
            if is_valid_access_token(token):
                return AccessToken(token, source)
            problems.append(ignored.format(path=self.path, variable=ACCESS_TOKEN_VARIABLE))
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
            update_default_section(self.path, {"api-key": api_key, "url": url})
        except QbraidrcCorrupt as error:
            self._session_notice, self._session_unreadable = error.session_only(), True
            return SaveOutcome(False, [self._session_notice])
        except OSError as error:
            notice = (
                _(
                    "The key works in this Lab session only: Lab could not save it in {path} "
                    "({error}); free some disk space, then paste the key again to keep it."
                )
                if _out_of_space(error)
                else _(
                    "The key works in this Lab session only: Lab could not save it in {path} "
                    "({error}); give your user write access to the file and its folder, then "
                    "paste the key again to keep it."
                )
            )
            self._session_notice = notice.format(path=self.path, error=_os_error(error))
            self._session_unreadable = False
            return SaveOutcome(False, [self._session_notice])
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
            return SaveOutcome(False, [error.not_cleared()])
        if not entries or "api-key" not in entries:
            return SaveOutcome(True)
        try:
            update_default_section(self.path, {"api-key": None})
        except OSError as error:
            problem = (
                _(
                    "Lab could not take the key out of {path} ({error}); free some disk space, "
                    "or delete its api-key line by hand."
                )
                if _out_of_space(error)
                else _(
                    "Lab could not take the key out of {path} ({error}); give your user write "
                    "access to the file and its folder, or delete its api-key line by hand."
                )
            )
            return SaveOutcome(False, [problem.format(path=self.path, error=_os_error(error))])
        return SaveOutcome(True)


def _out_of_space(error: OSError) -> bool:
    """A write failed for want of space (else, the remedy is write access)."""
    return error.errno in (errno.ENOSPC, errno.EDQUOT)


def _os_error(error: OSError) -> str:
    """The system's short words for a failure (strerror, which names no file), else its type."""
    return error.strerror or type(error).__name__
