"""`make test`: the strings people read can be translated.

jupyterlab-translate extracts the package's gettext catalogue (jupyterlab_qbraid/locale/
jupyterlab_qbraid.pot) from the TypeScript sources, the settings schemas and the Python
package, as JupyterLab's language packs are made. Every string literal that src/ passes to
`trans.__` or `trans._n` must come out in it; ESLint's `jupyter/no-untranslated-string` (run
by lint-check) keeps JSX text from going around the translator.

The server part's messages go through jupyterlab_qbraid/translation.py: every literal passed
to `_`, `N_` or `ngettext` there must come out in the catalogue too, and no message for a
person may be a bare literal: no QbraidError (or subclass) made, and no `reworded(...)`
called, with a str literal, an f-string, or a constant holding one, as its message. The
emulator is left out: it is a test double of qBraid's API, not our UI.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "jupyterlab_qbraid"
CATALOGUE = ROOT / DOMAIN / "locale" / f"{DOMAIN}.pot"
PACKAGE = ROOT / DOMAIN
EXEMPT = PACKAGE / "emulator"
# The first argument of trans.__( or trans._n( when it is one quoted literal.
TRANSLATED = re.compile(r"""\btrans\._[_n]\(\s*(['"])((?:\\.|(?!\1).)*)\1\s*[,)]""", re.S)
# translation.py's functions, and how many of their first arguments are messages; babel
# extracts these names by default (jupyterlab-translate's own keyword list never applies).
KEYWORDS = {"_": 1, "N_": 1, "ngettext": 2}
ERROR_BASE = "QbraidError"


def literals() -> set[str]:
    found = set()
    for source in (ROOT / "src").rglob("*.ts*"):
        if "__tests__" in source.parts:
            continue
        for match in TRANSLATED.finditer(source.read_text(encoding="utf-8")):
            found.add(re.sub(r"\\(.)", r"\1", match.group(2)))
    return found


def python_sources() -> list[Path]:
    return sorted(source for source in PACKAGE.rglob("*.py") if EXEMPT not in source.parents)


def _name(node: ast.expr) -> str | None:
    """The called name of `f(...)` or `module.f(...)`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _error_classes(trees: dict[Path, ast.Module]) -> dict[str, int]:
    """Each QbraidError class, and where its message goes among positional arguments: after
    the kind, unless the class fixes its kind (`field(init=False)`)."""
    classes: dict[str, int] = {ERROR_BASE: 1}
    definitions = [
        node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
    ]
    grew = True
    while grew:
        grew = False
        for node in definitions:
            bases = {_name(base) for base in node.bases}
            if node.name in classes or not bases & set(classes):
                continue
            fixed_kind = any(
                isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                and item.target.id == "kind"
                and isinstance(item.value, ast.Call)
                and any(
                    word.arg == "init"
                    and isinstance(word.value, ast.Constant)
                    and word.value.value is False
                    for word in item.value.keywords
                )
                for item in node.body
            )
            classes[node.name] = 0 if fixed_kind else 1
            grew = True
    return classes


def _bare_constants(trees: dict[Path, ast.Module]) -> set[str]:
    """Module-level names bound to a str literal (not marked with N_)."""
    names = set()
    for tree in trees.values():
        for node in tree.body:
            if isinstance(node, ast.Assign) and _is_text(node.value):
                names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def _bare(node: ast.expr, constants: set[str]) -> bool:
    """Text that reaches a person without the translator."""
    if _is_text(node) or isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.BinOp):
        return _bare(node.left, constants) or _bare(node.right, constants)
    if isinstance(node, ast.IfExp):
        return _bare(node.body, constants) or _bare(node.orelse, constants)
    if isinstance(node, ast.Call) and _name(node.func) == "format":
        assert isinstance(node.func, ast.Attribute)
        return _bare(node.func.value, constants)
    return False


def _message_argument(call: ast.Call, position: int) -> ast.expr | None:
    for word in call.keywords:
        if word.arg == "message":
            return word.value
    return call.args[position] if len(call.args) > position else None


def python_check(trees: dict[Path, ast.Module]) -> tuple[set[str], list[str]]:
    """The package's messages for the catalogue, and what goes around the translator."""
    classes = _error_classes(trees)
    constants = _bare_constants(trees)
    found: set[str] = set()
    problems: list[tuple[Path, int, str]] = []
    for path, tree in trees.items():
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = _name(node.func)
            if isinstance(node.func, ast.Name) and called in KEYWORDS:
                for argument in node.args[: KEYWORDS[called]]:
                    if _is_text(argument):
                        found.add(argument.value)
                    # A constant marked with N_ is extracted where it is defined.
                    elif not (called == "_" and isinstance(argument, ast.Name)):
                        problems.append((where, node.lineno, f"{called}() needs a literal message"))
                continue
            if called in classes:
                message = _message_argument(node, classes[called])
            elif called == "reworded" and isinstance(node.func, ast.Attribute):
                message = _message_argument(node, 0)
            else:
                continue
            if message is not None and _bare(message, constants):
                problems.append((where, node.lineno, f"{called}() with an untranslated message"))
    return found, [f"{where}:{line}: {text}" for where, line, text in sorted(problems)]


def main() -> int:
    CATALOGUE.unlink(missing_ok=True)
    tools = Path(sys.executable).parent
    # jupyterlab-translate calls pybabel by name: this environment's, wherever it runs from.
    environment = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(
        [str(tools / "jupyterlab-translate"), "extract", str(ROOT), DOMAIN],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    entries = polib.pofile(str(CATALOGUE))
    extracted = {entry.msgid for entry in entries}
    extracted_plurals = {entry.msgid_plural for entry in entries if entry.msgid_plural}
    wanted = literals()
    trees = {
        source: ast.parse(source.read_text(encoding="utf-8"), str(source))
        for source in python_sources()
    }
    messages, untranslated = python_check(trees)
    missing = sorted(wanted - extracted) + sorted(messages - extracted - extracted_plurals)
    print(f"translations: {len(extracted)} strings extracted, {len(wanted)} literals in src/")
    print(f"translations: {len(messages)} messages in {DOMAIN}/, {len(untranslated)} untranslated")
    for text in missing:
        print(f"translations: not extracted: {text!r}")
    for problem in untranslated:
        print(f"translations: untranslated: {problem}")
    return 1 if missing or untranslated or not wanted or not messages else 0


if __name__ == "__main__":
    sys.exit(main())
