"""Finding known API keys in notebooks and text, and redacting them from notebook outputs.

Pure functions over nbformat-shaped dicts, no server: the save hook, the scan and the redact
route share them. Outputs and widget state are what code printed, so a key there is a leak
and is replaced by a marker. Cell sources and text files are the person's own writing, so a
key there is only reported, with positions the browser can mark; so is one anywhere else in
a notebook (metadata, attachments), which only the person can judge.

Positions are [start, end) in UTF-16 code units, as JavaScript strings and CodeMirror count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..api_key_format import key_hint

# Lines as CodeMirror splits a document.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def marker(api_key: str) -> str:
    """What a key in an output becomes: enough to tell which key it was, not the key."""
    return f"[qBraid API key …{key_hint(api_key)} redacted]"


class KeyMatcher:
    """The keys to look for; false when there are none."""

    def __init__(self, keys: Iterable[str]):
        # Longest first, so that a key containing another one is matched whole.
        self.keys = tuple(sorted(set(keys), key=len, reverse=True))
        self.encoded = tuple(key.encode() for key in self.keys)
        self.longest = len(self.keys[0]) if self.keys else 0
        self._pattern = re.compile("|".join(map(re.escape, self.keys))) if self.keys else None

    def __bool__(self) -> bool:
        return bool(self.keys)

    def __repr__(self) -> str:
        return f"<KeyMatcher: {len(self.keys)} keys>"

    def found_in(self, text: str) -> bool:
        # Substring tests are far cheaper than the regular expression, and tell the
        # strings that need nothing (nearly all of them) apart.
        return any(key in text for key in self.keys)

    def found_in_bytes(self, data: bytes) -> bool:
        return any(key in data for key in self.encoded)

    def count(self, text: str, tally: Counter) -> None:
        tally.update(self._pattern.findall(text))

    def redact(self, text: str, tally: Counter) -> str:
        def replace(match: re.Match) -> str:
            tally[match.group()] += 1
            return marker(match.group())

        return self._pattern.sub(replace, text)

    def utf16_ranges(self, text: str, tally: Counter) -> list[list[int]]:
        ranges: list[list[int]] = []
        offset = position = 0
        for match in self._pattern.finditer(text):
            tally[match.group()] += 1
            offset += _utf16_length(text[position : match.start()])
            # Keys are ASCII: one code unit per character.
            end = offset + len(match.group())
            ranges.append([offset, end])
            offset, position = end, match.end()
        return ranges


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _is_json_mime(mime: str) -> bool:
    # nbformat's rule: these hold JSON values, not multiline strings.
    return mime == "application/json" or (
        mime.startswith("application/") and mime.endswith("+json")
    )


def _joined(value: Any) -> str | None:
    """An nbformat multiline string as one string; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        return "".join(value)
    return None


class _Walk:
    """Visits strings, counting each key found, and replacing it when `redact`.

    Containers are changed in place and only where a key was found, so a notebook without
    one is left as it was, object for object.
    """

    def __init__(self, matcher: KeyMatcher, redact: bool):
        self.matcher = matcher
        self.redact = redact
        self.tally: Counter = Counter()

    def text(self, value: str) -> str:
        if not self.matcher.found_in(value):
            return value
        if self.redact:
            return self.matcher.redact(value, self.tally)
        self.matcher.count(value, self.tally)
        return value

    def multiline(self, value: Any) -> Any:
        if not isinstance(value, list) or not value:
            return self.tree(value)
        joined = _joined(value)
        if joined is None:
            return self.tree(value)
        # Joined first: lines may be cut anywhere, also inside a key.
        redacted = self.text(joined)
        if redacted is not joined:
            value[:] = redacted.splitlines(keepends=True)
        return value

    def tree(self, value: Any) -> Any:
        """Any JSON value: every string in it, the names of objects included."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            for index, item in enumerate(value):
                new = self.tree(item)
                if new is not item:
                    value[index] = new
        elif isinstance(value, dict):
            for name, item in value.items():
                new = self.tree(item)
                if new is not item:
                    value[name] = new
            if any(isinstance(name, str) and self.matcher.found_in(name) for name in value):
                renamed = [
                    (self.text(name) if isinstance(name, str) else name, item)
                    for name, item in value.items()
                ]
                if self.redact:
                    value.clear()
                    value.update(renamed)
        return value

    def output(self, output: Any) -> Any:
        if not isinstance(output, dict):
            return self.tree(output)
        for name, value in output.items():
            if name == "text":
                new = self.multiline(value)
            elif name == "data" and isinstance(value, dict):
                for mime, content in value.items():
                    new_content = (
                        self.tree(content) if _is_json_mime(mime) else self.multiline(content)
                    )
                    if new_content is not content:
                        value[mime] = new_content
                continue
            else:
                new = self.tree(value)
            if new is not value:
                output[name] = new
        return output


@dataclass
class NotebookCheck:
    outputs: int = 0
    """Occurrences in outputs and widget state: replaced when the check redacts."""
    sources: list[dict] = field(default_factory=list)
    """Cells whose source holds a key: {cellIndex, cellId, ranges}."""
    other: int = 0
    """Occurrences anywhere else: cell and notebook metadata, attachments."""
    hints: list[str] = field(default_factory=list)
    language: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.outputs or self.sources or self.other)


def check_notebook(notebook: dict, matcher: KeyMatcher, redact: bool) -> NotebookCheck:
    """Where the keys are in a notebook (a JSON dict); with `redact`, outputs lose them in place."""
    outputs = _Walk(matcher, redact)
    elsewhere = _Walk(matcher, False)
    source_tally: Counter = Counter()
    sources = []
    cells = notebook.get("cells")
    for index, cell in enumerate(cells if isinstance(cells, list) else []):
        if not isinstance(cell, dict):
            continue
        for name, value in cell.items():
            if name == "outputs" and isinstance(value, list):
                for position, output in enumerate(value):
                    new = outputs.output(output)
                    if new is not output:
                        value[position] = new
            elif name == "source":
                text = _joined(value)
                if text is not None and matcher.found_in(text):
                    ranges = matcher.utf16_ranges(text, source_tally)
                    sources.append({"cellIndex": index, "cellId": cell.get("id"), "ranges": ranges})
            else:
                elsewhere.tree(value)
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        for name, value in metadata.items():
            if name == "widgets":
                new = outputs.tree(value)
                if new is not value:
                    metadata[name] = new
            else:
                elsewhere.tree(value)
    return NotebookCheck(
        outputs=sum(outputs.tally.values()),
        sources=sources,
        other=sum(elsewhere.tally.values()),
        hints=_hints(outputs.tally, source_tally, elsewhere.tally),
        language=notebook_language(notebook),
    )


def check_text(text: str, matcher: KeyMatcher) -> tuple[list[dict], list[str]]:
    """The lines holding a key: {line (from 1), ranges within the line}; and the hints."""
    tally: Counter = Counter()
    if not matcher.found_in(text):
        return [], []
    lines = [
        {"line": number, "ranges": matcher.utf16_ranges(line, tally)}
        for number, line in enumerate(_LINE_BREAK.split(text), 1)
        if matcher.found_in(line)
    ]
    return lines, _hints(tally)


def notebook_language(notebook: dict) -> str | None:
    metadata = notebook.get("metadata")
    if not isinstance(metadata, dict):
        return None
    for section, name in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(section)
        if isinstance(value, dict) and isinstance(value.get(name), str) and value[name]:
            return value[name]
    return None


def _hints(*tallies: Counter) -> list[str]:
    hints: dict[str, None] = {}
    for tally in tallies:
        for api_key in tally:
            hints[key_hint(api_key)] = None
    return list(hints)
