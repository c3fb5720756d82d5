"""`make test`: the strings people read can be translated.

jupyterlab-translate extracts the package's gettext catalogue (jupyterlab_qbraid/locale/
jupyterlab_qbraid.pot) from the TypeScript sources and the settings schemas, as JupyterLab's
language packs are made. Every string literal that src/ passes to `trans.__` or `trans._n`
must come out in it; ESLint's `jupyter/no-untranslated-string` (run by lint-check) keeps JSX
text from going around the translator.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "jupyterlab_qbraid"
CATALOGUE = ROOT / DOMAIN / "locale" / f"{DOMAIN}.pot"
# The first argument of trans.__( or trans._n( when it is one quoted literal.
TRANSLATED = re.compile(r"""\btrans\._[_n]\(\s*(['"])((?:\\.|(?!\1).)*)\1\s*[,)]""", re.S)


def literals() -> set[str]:
    found = set()
    for source in (ROOT / "src").rglob("*.ts*"):
        if "__tests__" in source.parts:
            continue
        for match in TRANSLATED.finditer(source.read_text(encoding="utf-8")):
            found.add(re.sub(r"\\(.)", r"\1", match.group(2)))
    return found


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
    extracted = {entry.msgid for entry in polib.pofile(str(CATALOGUE))}
    wanted = literals()
    missing = sorted(wanted - extracted)
    print(f"translations: {len(extracted)} strings extracted, {len(wanted)} literals in src/")
    for text in missing:
        print(f"translations: not extracted: {text!r}")
    return 1 if missing or not wanted else 0


if __name__ == "__main__":
    sys.exit(main())
