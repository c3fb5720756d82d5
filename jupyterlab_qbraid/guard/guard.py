"""The key leak guard: no notebook is saved with a known API key in its outputs.

Jupyter Server runs `LeakGuard.pre_save` before every save through its contents manager.
It replaces known keys in notebook outputs and widget state with a marker (unless the person
turned redaction off) and keeps a report for the browser to fetch once after the save. Keys
in cell sources and in text files are the person's own code and are never rewritten: the
report says where they are, so the browser can point at them. The guard also starts the
folder scan and redacts the outputs of one file on request.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.services.contents.fileio import FileManagerMixin
from tornado.web import HTTPError

from ..errors import InvalidRequest
from ..translation import _, ngettext
from .known_keys import KnownKeys
from .redaction import KeyMatcher, check_notebook, check_text
from .scan import LeakScanner, result_row

MAX_PATTERNS = 100
MAX_PATTERN_LENGTH = 200
# Reports wait for one fetch right after a save; the bound keeps unread ones from piling up.
MAX_REPORTS = 100


def checked_exclusions(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(pattern, str) for pattern in value):
        raise InvalidRequest(_("exclusions must be a list of glob patterns (text)."))
    if len(value) > MAX_PATTERNS:
        raise InvalidRequest(
            ngettext(
                "At most {count} exclusion pattern is allowed.",
                "At most {count} exclusion patterns are allowed.",
                MAX_PATTERNS,
            ).format(count=MAX_PATTERNS)
        )
    for pattern in value:
        if not pattern.strip():
            raise InvalidRequest(_("An exclusion pattern cannot be empty."))
        if len(pattern) > MAX_PATTERN_LENGTH:
            raise InvalidRequest(
                ngettext(
                    "An exclusion pattern may have at most {count} character.",
                    "An exclusion pattern may have at most {count} characters.",
                    MAX_PATTERN_LENGTH,
                ).format(count=MAX_PATTERN_LENGTH)
            )
    return list(value)


class LeakGuard:
    def __init__(
        self, contents_manager: Any, known: KnownKeys, scanner: LeakScanner, log: logging.Logger
    ):
        self.contents_manager = contents_manager
        self.known = known
        self.scanner = scanner
        self.log = log
        self.redact_on_save = True
        # For the scan only: a save is always checked, wherever the file is.
        self.exclusions: list[str] = []
        self._reports: OrderedDict[str, dict[str, Any]] = OrderedDict()

    # Settings

    def settings(self) -> dict[str, Any]:
        return {"redactOnSave": self.redact_on_save, "exclusions": list(self.exclusions)}

    def configure(self, body: dict[str, Any]) -> dict[str, Any]:
        """Change the settings given in `body`; the others stay as they are."""
        redact_on_save = body.get("redactOnSave", self.redact_on_save)
        if not isinstance(redact_on_save, bool):
            raise InvalidRequest(_("redactOnSave must be true or false."))
        exclusions = checked_exclusions(body.get("exclusions", self.exclusions))
        self.redact_on_save, self.exclusions = redact_on_save, exclusions
        return self.settings()

    # Saving

    def pre_save(
        self, model: dict[str, Any], path: str, contents_manager: Any, **kwargs: Any
    ) -> None:
        """Jupyter Server's pre-save hook: changes `model` in place before it is written."""
        path = path.strip("/")
        matcher = KeyMatcher(self.known.snapshot())
        if not matcher:
            return
        try:
            report = self._check(model, path, matcher)
        except Exception as error:
            # The save goes on, since losing the person's work is worse; the message names
            # the file and the error type only, nothing from the contents.
            self.log.error(
                "The key leak guard could not check %s (%s); it was saved unchecked.",
                path,
                type(error).__name__,
            )
            return
        # A save without findings makes an older report of this file wrong.
        self._reports.pop(path, None)
        if report is not None:
            self._reports[path] = report
            while len(self._reports) > MAX_REPORTS:
                self._reports.popitem(last=False)

    def _check(
        self, model: dict[str, Any], path: str, matcher: KeyMatcher
    ) -> dict[str, Any] | None:
        content = model.get("content")
        if model.get("type") == "notebook" and isinstance(content, dict):
            check = check_notebook(content, matcher, redact=self.redact_on_save)
            if not check.found:
                return None
            redacted = check.outputs if self.redact_on_save else 0
            if redacted:
                self.log.info(
                    "Redacted %d API key occurrence(s) from the outputs of %s.", redacted, path
                )
            return _report(
                path,
                hints=check.hints,
                redacted=redacted,
                left=check.outputs - redacted,
                sources=check.sources,
                other=check.other,
                language=check.language,
            )
        text = (
            model.get("type") == "file"
            and model.get("format") == "text"
            and isinstance(content, str)
        )
        # Uploads in chunks are left to the scan: a chunk may end inside a key.
        if text and model.get("chunk") is None:
            lines, hints = check_text(content, matcher)
            return _report(path, hints=hints, text_lines=lines) if lines else None
        return None

    def take_report(self, path: str) -> dict[str, Any]:
        """The last save's report for `path`, once."""
        path = path.strip("/")
        return self._reports.pop(path, None) or {"path": path, "found": False}

    # The scan, and redacting one file

    def start_scan(self, exclusions: Any = None) -> dict[str, Any]:
        """Start a scan with these exclusions, or the settings' ones when None."""
        patterns = self.exclusions if exclusions is None else checked_exclusions(exclusions)
        # Other contents managers (databases, object stores) have no folder on this disk;
        # their root_dir defaults to "/", which must never be walked.
        if not isinstance(self.contents_manager, FileManagerMixin):
            raise InvalidRequest(
                _(
                    "This server keeps its files outside its own disk, so there is no folder to scan."
                )
            )
        return self.scanner.start(patterns)

    def scan_state(self) -> dict[str, Any]:
        return self.scanner.state()

    def cancel_scan(self) -> dict[str, Any]:
        return self.scanner.cancel()

    async def redact_file(self, path: Any) -> dict[str, Any]:
        """Redact the outputs of the notebook at `path` and save it through the contents manager."""
        if not isinstance(path, str) or not path.strip("/"):
            raise InvalidRequest(_("Say which notebook to redact: path."))
        path = path.strip("/")
        manager = self.contents_manager
        try:
            model = await ensure_async(manager.get(path, content=True))
        except HTTPError as error:
            # 404 is also the answer for a path outside the root folder or a hidden one.
            if error.status_code == 404:
                raise InvalidRequest(_("There is no such file in Lab's folder.")) from None
            if error.status_code == 400:
                raise InvalidRequest(
                    _("Lab cannot read that file as a notebook; it was left as it is.")
                ) from None
            raise
        if model["type"] != "notebook":
            raise InvalidRequest(
                _(
                    "Only a notebook has outputs to redact; a key in a text file is removed by "
                    "editing it."
                )
            )
        matcher = KeyMatcher(self.known.snapshot())
        redacted = check_notebook(model["content"], matcher, redact=True).outputs
        if redacted:
            await ensure_async(
                manager.save(
                    {"type": "notebook", "format": "json", "content": model["content"]}, path
                )
            )
            # The checkpoint is a copy of the file as it was, key included: it becomes this one.
            await ensure_async(manager.create_checkpoint(path))
            # The hook's report of this save is not one the browser waits for.
            self._reports.pop(path, None)
            self.log.info(
                "Redacted %d API key occurrence(s) from the outputs of %s.", redacted, path
            )
        after = check_notebook(model["content"], matcher, redact=False)
        row = result_row(path, after)
        self.scanner.update(path, row if after.found else None)
        return {**row, "redactedOutputs": redacted}

    def close(self) -> None:
        self.scanner.close()


def _report(
    path: str,
    *,
    hints: list[str],
    redacted: int = 0,
    left: int = 0,
    sources: list[dict] | None = None,
    other: int = 0,
    language: str | None = None,
    text_lines: list[dict] | None = None,
) -> dict[str, Any]:
    return {
        "path": path,
        "found": True,
        "redactedOutputs": redacted,
        "outputsLeft": left,
        "hints": hints,
        "sources": sources or [],
        "other": other,
        "language": language,
        "textLines": text_lines or [],
    }
