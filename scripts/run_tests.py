"""Run every suite (pytest, jest, Galata), then print one line with the totals.

CI reads the closing `N passed, N failed` line; each runner's own report is kept under
.test-results/ for a closer look.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / ".test-results"


def run(name: str, command: list[str], cwd: Path = ROOT) -> int:
    print(f"\n=== {name}: {' '.join(command)}", flush=True)
    return subprocess.call(command, cwd=cwd, env={**os.environ, "CI": os.environ.get("CI", "1")})


def pytest_counts() -> tuple[int, int]:
    report = RESULTS / "pytest.xml"
    if not report.exists():
        return 0, 1
    suite = ElementTree.parse(report).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    total = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    return total - failed - skipped, failed + skipped


def jest_counts() -> tuple[int, int]:
    report = RESULTS / "jest.json"
    if not report.exists():
        return 0, 1
    data = json.loads(report.read_text())
    failed = (
        data["numFailedTests"] + data["numPendingTests"] + data.get("numRuntimeErrorTestSuites", 0)
    )
    return data["numPassedTests"], failed


def playwright_counts() -> tuple[int, int]:
    report = ROOT / "ui-tests" / "test-results" / "results.json"
    if not report.exists():
        return 0, 1
    stats = json.loads(report.read_text())["stats"]
    return stats["expected"], stats["unexpected"] + stats["flaky"] + stats["skipped"]


def main() -> int:
    RESULTS.mkdir(exist_ok=True)
    for stale in (
        RESULTS / "pytest.xml",
        RESULTS / "jest.json",
        ROOT / "ui-tests/test-results/results.json",
    ):
        stale.unlink(missing_ok=True)
    codes = {
        "pytest": run(
            "pytest", [sys.executable, "-m", "pytest", "-q", f"--junitxml={RESULTS / 'pytest.xml'}"]
        ),
        "jest": run(
            "jest", ["jlpm", "jest", "--ci", "--json", f"--outputFile={RESULTS / 'jest.json'}"]
        ),
        "galata": run("galata", ["jlpm", "playwright", "test"], cwd=ROOT / "ui-tests"),
    }
    counts = {"pytest": pytest_counts(), "jest": jest_counts(), "galata": playwright_counts()}
    print()
    for name, (passed, failed) in counts.items():
        print(f"{name}: {passed} passed, {failed} failed (exit {codes[name]})")
    passed = sum(p for p, _ in counts.values())
    failed = sum(f for _, f in counts.values())
    if failed == 0 and any(codes.values()):
        failed = 1  # a runner failed outside its tests (setup, collection): never report green
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
