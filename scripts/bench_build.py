"""`make bench`, first step: the production build, installed into the bench's environment.

The build runs in a copy of the sources (bench/.work/build, with node_modules linked in), so
that a `make build` or `make test` going on in the checkout at the same time neither
disturbs it nor is disturbed by it: the checkout's lib/ and labextension/ are left alone.
The same steps as `jlpm build:prod` (tsc, then `jupyter-builder build` in production mode);
the result is packed as a wheel and installed, without dependencies, into the bench's own
virtual environment (.bench-venv), the way people install the extension.

Usage: python scripts/bench_build.py <bench venv>
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "bench" / ".work" / "build"
DIST = ROOT / "bench" / ".work" / "dist"
SOURCES = (
    "package.json",
    "tsconfig.json",
    "install.json",
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "src",
    "style",
    "schema",
    "jupyter-config",
    "jupyterlab_qbraid",
)
SKIPPED = shutil.ignore_patterns("__tests__", "__pycache__", "labextension", "_version.py", "*.pyc")


def run(command: list[str], cwd: Path) -> None:
    print("bench build:", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True)


def main(venv: Path) -> int:
    shutil.rmtree(BUILD, ignore_errors=True)
    shutil.rmtree(DIST, ignore_errors=True)
    BUILD.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, BUILD / name, ignore=SKIPPED)
        else:
            shutil.copy2(source, BUILD / name)
    (BUILD / "node_modules").symlink_to(ROOT / "node_modules")
    tools = Path(sys.executable).parent
    run([str(ROOT / "node_modules" / ".bin" / "tsc")], BUILD)
    run([str(tools / "jupyter-builder"), "build", "."], BUILD)
    # The labextension is built already: the wheel's build hook skips its own npm build.
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(DIST),
            ".",
        ],
        BUILD,
    )
    (wheel,) = DIST.glob("jupyterlab_qbraid-*.whl")
    run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--force-reinstall",
            str(wheel),
        ],
        ROOT,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve()))
