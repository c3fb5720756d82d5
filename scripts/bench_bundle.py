"""What a prebuilt labextension weighs, and whether it carries its own React or Lumino.

React, React DOM and Lumino must come from Lab's shared modules. Three checks look for a
bundled copy in a built labextension (its package.json's `jupyterlab._build` names the
remoteEntry; the chunks are the .js files of its static/ folder):

- the license report (static/third-party-licenses.json) that the production build writes
  for every npm package whose code went into the chunks;
- the shared-module declarations: the remoteEntry's container is initialised in a Node
  sandbox (bench/shared-scope.js) and lists the packages it provides to Lab's share scope;
- the code itself: the chunks are searched for strings that only React, React DOM or
  @lumino/widgets contain. Lab's own bundle, which has all three, must match every one of
  them, or the scan is reported as not working rather than as "no".
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Packages that must never be bundled: React, React DOM and any Lumino package.
WATCHED = re.compile(r"^(react|react-dom|@lumino/[^/]+)(/.*)?$")
# Strings found only in the code of these packages (React 18 and 19, React DOM, Lumino widgets).
SIGNATURES = {
    "react": (
        "__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED",
        "__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS",
    ),
    "react-dom": ("__reactFiber$", "__reactContainer$"),
    "@lumino/widgets": ('"lm-Widget"', "'lm-Widget'"),
}


def chunks(labextension: Path) -> list[Path]:
    """The code of a built labextension: every .js file in its static folder."""
    return sorted((labextension / "static").glob("*.js"))


def remote_entry(labextension: Path) -> Path:
    build = json.loads((labextension / "package.json").read_text())["jupyterlab"]["_build"]
    return labextension / build["load"]


def sizes(files: list[Path]) -> tuple[int, int]:
    """Bytes, and bytes gzipped at level 9, summed over the files."""
    raw = zipped = 0
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        zipped += len(gzip.compress(data, 9))
    return raw, zipped


def _signature_hits(files: list[Path]) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    for path in files:
        text = path.read_text("utf-8", "replace")
        for package, needles in SIGNATURES.items():
            if any(needle in text for needle in needles):
                hits.setdefault(package, []).append(path.name)
    return hits


def _licensed(labextension: Path) -> list[str] | None:
    report = labextension / "static" / "third-party-licenses.json"
    if not report.exists():
        return None
    return [package["name"] for package in json.loads(report.read_text()).get("packages", [])]


def shared_scopes(entries: list[Path]) -> dict[str, dict[str, list[str]]]:
    """Per remoteEntry: the packages its container provides to Lab's share scope."""
    output = subprocess.run(
        ["node", str(ROOT / "bench" / "shared-scope.js"), *map(str, entries)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = json.loads(output)
    return {
        path: {
            package: versions
            for container in containers.values()
            for package, versions in container.items()
        }
        for path, containers in found.items()
    }


def lab_static() -> Path:
    import jupyterlab

    return Path(jupyterlab.__file__).parent / "static"


def control(lab_static_dir: Path) -> list[str]:
    """Signatures that Lab's own bundle does not match: the scan cannot see those packages."""
    hits = _signature_hits(sorted(lab_static_dir.glob("*.js")))
    return [package for package in SIGNATURES if package not in hits]


def bundled(labextensions: list[Path], lab_static_dir: Path) -> dict:
    """Whether any of the labextensions carries React, React DOM or Lumino.

    Returns {"bundled": {package: [evidence, ...]}, "checks": "...", "blind": [...]}, where
    "blind" lists the signatures that failed on Lab's own bundle.
    """
    found: dict[str, set[str]] = {}
    scopes = shared_scopes([remote_entry(path) for path in labextensions])
    license_reports = 0
    for labextension in labextensions:
        licensed = _licensed(labextension)
        if licensed is not None:
            license_reports += 1
            for name in filter(WATCHED.match, licensed):
                found.setdefault(name, set()).add("license report")
        for name in filter(WATCHED.match, scopes[str(remote_entry(labextension))]):
            found.setdefault(name, set()).add("shared scope")
        for package, files in _signature_hits(chunks(labextension)).items():
            found.setdefault(package, set()).add(
                f"code in {len(files)} chunk{'s' if len(files) > 1 else ''}"
            )
    count = sum(len(chunks(path)) for path in labextensions)
    checks = (
        f"{license_reports} license report{'s' if license_reports != 1 else ''}, "
        f"{len(labextensions)} shared-scope declaration{'s' if len(labextensions) != 1 else ''}, "
        f"code scan of {count} chunks"
    )
    return {
        "bundled": {name: sorted(evidence) for name, evidence in sorted(found.items())},
        "checks": checks,
        "blind": control(lab_static_dir),
    }


def verdict(check: dict) -> str:
    if check["blind"]:
        return (
            f"unknown: the code scan does not find {', '.join(check['blind'])} in Lab's own bundle"
        )
    if not check["bundled"]:
        return "no"
    return "yes: " + "; ".join(
        f"{name} ({', '.join(evidence)})" for name, evidence in check["bundled"].items()
    )


if __name__ == "__main__":
    import sys

    paths = [Path(argument) for argument in sys.argv[1:]] or [
        ROOT / "jupyterlab_qbraid" / "labextension"
    ]
    result = bundled(paths, lab_static())
    print(json.dumps({**result, "verdict": verdict(result)}, indent=2))
