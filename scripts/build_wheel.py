"""The production build, packed as a wheel and an sdist, as people install the extension.

The build runs in a copy of the sources (<work>/build, with node_modules linked in), so that
a `make build` or `make test` going on in the checkout at the same time neither disturbs it
nor is disturbed by it: the checkout's lib/ and labextension/ are left alone. The same steps
as `jlpm build:prod` (tsc, then `jupyter-builder build` in production mode); hatchling then
packs the wheel and the sdist into <work>/dist. With --install, the wheel is installed,
without dependencies, into that virtual environment.

Used by `make bench` (into .bench-venv) and by the installed-wheel check of `make test`.

Usage: python scripts/build_wheel.py <work folder> [--install <venv>]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    "package.json",
    "tsconfig.json",
    "webpack.config.js",
    "install.json",
    "pyproject.toml",
    "README.md",
    "LICENSE",
    ".gitignore",
    "src",
    "style",
    "schema",
    "jupyter-config",
    "jupyterlab_qbraid",
)
# Never packed: tests, caches, the build's own output, and the catalogue the translation check
# extracts (jupyterlab_qbraid/locale/).
SKIPPED = shutil.ignore_patterns(
    "__tests__", "__pycache__", "labextension", "_version.py", "*.pyc", "locale"
)


def run(command: list[str], cwd: Path) -> None:
    print("build:", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True)


def build(work: Path) -> tuple[Path, Path]:
    """The wheel and the sdist of the sources as they stand."""
    build_dir, dist = work / "build", work / "dist"
    shutil.rmtree(build_dir, ignore_errors=True)
    shutil.rmtree(dist, ignore_errors=True)
    build_dir.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, build_dir / name, ignore=SKIPPED)
        else:
            shutil.copy2(source, build_dir / name)
    (build_dir / "node_modules").symlink_to(ROOT / "node_modules")
    tools = Path(sys.executable).parent
    run([str(ROOT / "node_modules" / ".bin" / "tsc")], build_dir)
    run([str(tools / "jupyter-builder"), "build", "."], build_dir)
    # The labextension is built already: the build hook skips its own npm build.
    run([sys.executable, "-m", "hatchling", "build", "-d", str(dist)], build_dir)
    (wheel,) = dist.glob("jupyterlab_qbraid-*.whl")
    (sdist,) = dist.glob("jupyterlab_qbraid-*.tar.gz")
    return wheel, sdist


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("work", type=Path)
    parser.add_argument("--install", type=Path, metavar="VENV")
    options = parser.parse_args()
    wheel, _ = build(options.work.resolve())
    if options.install:
        python = options.install.resolve() / "bin" / "python"
        run(
            [
                str(python),
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
    sys.exit(main())
