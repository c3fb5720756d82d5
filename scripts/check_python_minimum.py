"""`make test`: the package's syntax and library use fit the oldest Python it claims.

vermin reads every module of jupyterlab_qbraid (annotations too) and fails on anything
newer than pyproject.toml's `requires-python` minimum. The installed-wheel leg runs the
package on that Python; this check covers the code paths no test reaches.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def claimed_minimum() -> str:
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(3\.\d+)", requires.strip())
    if not match:
        raise SystemExit(f"requires-python is not a plain minimum: {requires!r}")
    return match.group(1)


def main() -> int:
    minimum = claimed_minimum()
    print(f"minimum Python: checking jupyterlab_qbraid against Python {minimum}", flush=True)
    return subprocess.call(
        [
            str(Path(sys.executable).parent / "vermin"),
            f"--target={minimum}-",
            "--violations",
            "--eval-annotations",
            "--no-tips",
            "jupyterlab_qbraid",
        ],
        cwd=ROOT,
    )


if __name__ == "__main__":
    sys.exit(main())
