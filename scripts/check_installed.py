"""`make test`, the installed-wheel leg: the extension as pip leaves it, on the oldest
JupyterLab and Python it supports.

The production wheel and sdist (scripts/build_wheel.py) are built; the wheel goes into a
fresh virtual environment of the oldest Python with the oldest JupyterLab, away from the
source tree; there Jupyter must list both halves as enabled and compatible, the sdist must
rebuild the same wheel; then the browser smoke suite (the Galata tests tagged @smoke) runs
against that environment's Jupyter server.

Each check is one test in the final count: .test-results/installed.json holds
{"passed": [...], "failed": [{"name": ..., "why": ...}]}; the smoke suite's tests are
counted from its own report, ui-tests/test-results/smoke.json.

Usage: python scripts/check_installed.py
Environment: QBRAID_OLDEST_PYTHON (an interpreter; else python3.10 on PATH or pyenv's 3.10),
QBRAID_OLDEST_JUPYTERLAB (4.2.7).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import build_wheel

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".oldest"
VENV = WORK / "venv"
REPORT = ROOT / ".test-results" / "installed.json"
OLDEST_PYTHON = "3.10"
OLDEST_JUPYTERLAB = os.environ.get("QBRAID_OLDEST_JUPYTERLAB", "4.2.7")
# Beside the full suite's server (8888), so that neither reuses the other.
SMOKE_PORT = "8891"


class CheckFailed(Exception):
    pass


def run(command: list[str], cwd: Path = WORK, env: dict[str, str] | None = None) -> str:
    """The command's output; its failure, with that output, as a CheckFailed."""
    print("installed:", " ".join(command), flush=True)
    done = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if done.returncode != 0:
        raise CheckFailed(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout[-3000:]}")
    return done.stdout


def clean_environment() -> dict[str, str]:
    """The oldest environment first on PATH, nothing of this checkout or of .venv."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH", "QBRAID_API_KEY")
    }
    paths = [p for p in environment["PATH"].split(os.pathsep) if not p.startswith(str(ROOT))]
    environment["PATH"] = os.pathsep.join([str(VENV / "bin"), *paths])
    return environment


def oldest_python() -> str:
    """An interpreter of the oldest Python: named, on PATH, or one of pyenv's versions."""
    candidates = [os.environ.get("QBRAID_OLDEST_PYTHON"), f"python{OLDEST_PYTHON}"]
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
        candidates += sorted(
            str(p) for p in Path(root).glob(f"versions/{OLDEST_PYTHON}.*/bin/python3")
        )
    for candidate in filter(None, candidates):
        found = (
            subprocess.run(
                [candidate, "-c", "import sys; print(sys.executable, sys.version.split()[0])"],
                capture_output=True,
                text=True,
            )
            if shutil.which(candidate) or Path(candidate).is_file()
            else None
        )
        if (
            found
            and found.returncode == 0
            and found.stdout.split()[1].startswith(f"{OLDEST_PYTHON}.")
        ):
            return found.stdout.split()[0]
    raise CheckFailed(f"no Python {OLDEST_PYTHON} on this machine")


def smoke_environment() -> dict[str, str]:
    """The browser smoke suite against the oldest environment's Jupyter server."""
    return {
        **clean_environment(),
        "QBRAID_UI_PORT": SMOKE_PORT,
        "QBRAID_UI_SMOKE": "1",
        "CI": os.environ.get("CI", "1"),
    }


def wheel_contents(wheel: Path) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as archive:
        return {
            name: hashlib.sha256(archive.read(name)).hexdigest()
            for name in archive.namelist()
            if not name.endswith("/")
        }


def main() -> int:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    passed: list[str] = []
    failed: list[dict[str, str]] = []
    state: dict[str, Path] = {}

    def check(name: str, step: Callable[[], None], needs: tuple[str, ...] = ()) -> None:
        missing = [need for need in needs if need not in passed]
        if missing:
            failed.append({"name": name, "why": f"not run: {', '.join(missing)} failed"})
            return
        try:
            step()
        except (CheckFailed, OSError, subprocess.SubprocessError) as error:
            failed.append({"name": name, "why": str(error)})
            print(f"installed: FAILED {name}: {error}", flush=True)
        else:
            passed.append(name)
            print(f"installed: ok {name}", flush=True)

    def build() -> None:
        state["wheel"], state["sdist"] = build_wheel.build(WORK)

    def install() -> None:
        run([oldest_python(), "-m", "venv", str(VENV)])
        pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        run([*pip, "--upgrade", "pip"])
        run([*pip, f"jupyterlab=={OLDEST_JUPYTERLAB}", str(state["wheel"])])
        # Nothing of the checkout: the package imports from the environment's site-packages.
        origin = run(
            [
                str(VENV / "bin" / "python"),
                "-c",
                "import jupyterlab_qbraid; print(jupyterlab_qbraid.__file__)",
            ],
            env=clean_environment(),
        )
        if str(ROOT) in origin and str(VENV) not in origin:
            raise CheckFailed(f"imported from the checkout: {origin.strip()}")

    def labextension_listed() -> None:
        output = run(["jupyter", "labextension", "list"], env=clean_environment())
        lines = [line for line in output.splitlines() if "jupyterlab-qbraid" in line]
        if not any("enabled" in line and "OK" in line for line in lines):
            raise CheckFailed(f"not listed as enabled and OK:\n{output}")
        if "not compatible" in output or "is not compatible" in output:
            raise CheckFailed(f"marked incompatible:\n{output}")

    def server_extension_listed() -> None:
        output = run(["jupyter", "server", "extension", "list"], env=clean_environment())
        lines = [line for line in output.splitlines() if "jupyterlab_qbraid" in line]
        if not any("enabled" in line for line in lines) or not any("OK" in line for line in lines):
            raise CheckFailed(f"not listed as enabled and OK:\n{output}")

    def sdist_rebuilds() -> None:
        with tempfile.TemporaryDirectory() as scratch:
            with tarfile.open(state["sdist"]) as archive:
                archive.extractall(scratch, filter="data")
            (source,) = Path(scratch).iterdir()
            rebuilt = Path(scratch) / "rebuilt"
            run(
                [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(rebuilt)],
                cwd=source,
            )
            (wheel,) = rebuilt.glob("*.whl")
            original, again = wheel_contents(state["wheel"]), wheel_contents(wheel)
            if original != again:
                differ = sorted(set(original.items()) ^ set(again.items()))
                raise CheckFailed(
                    f"the sdist's wheel differs in: {sorted({name for name, _ in differ})}"
                )

    check("production wheel and sdist build", build)
    check(
        f"wheel installs beside JupyterLab {OLDEST_JUPYTERLAB} on Python {OLDEST_PYTHON}",
        install,
        needs=("production wheel and sdist build",),
    )
    installed = (f"wheel installs beside JupyterLab {OLDEST_JUPYTERLAB} on Python {OLDEST_PYTHON}",)
    check("jupyter labextension list: enabled, OK, compatible", labextension_listed, installed)
    check("jupyter server extension list: enabled, OK", server_extension_listed, installed)
    check(
        "the sdist rebuilds the same wheel", sdist_rebuilds, ("production wheel and sdist build",)
    )

    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps({"passed": passed, "failed": failed}, indent=2))
    smoke = 1
    if installed[0] in passed:
        smoke = subprocess.call(
            # Not through jlpm: the oldest JupyterLab's jlpm is another yarn than ui-tests'.
            [str(ROOT / "ui-tests" / "node_modules" / ".bin" / "playwright"), "test"],
            cwd=ROOT / "ui-tests",
            env=smoke_environment(),
        )
    for failure in failed:
        print(f"installed: FAILED {failure['name']}: {failure['why']}", flush=True)
    return 0 if not failed and smoke == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
