"""Run every suite, then print one line with the totals.

The suites: pytest, jest and Galata on the newest JupyterLab, and Galata again in qBraid
Lab's configuration (Lab's notifications and other plugins disabled, JupyterLab Dark:
ui-tests/playwright.qbraid-lab.config.js); the minimum-Python check
(vermin, for the oldest Python that pyproject.toml claims); the translation catalogue
(scripts/check_translations.py); the Jupyter Notebook 7 smoke
suite (ui-tests/notebook/); the installed-wheel leg
(scripts/check_installed.py: the wheel on the oldest JupyterLab and Python, with its browser
smoke suite).

CI reads the closing `N passed, N failed` line; each runner's own report is kept under
.test-results/ for a closer look.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / ".test-results"
# Each suite's wall time, printed with the totals: the budget of `make test` is watched there.
DURATIONS: dict[str, float] = {}


def run(name: str, command: list[str], cwd: Path = ROOT) -> int:
    print(f"\n=== {name}: {' '.join(command)}", flush=True)
    started = time.monotonic()
    code = subprocess.call(command, cwd=cwd, env={**os.environ, "CI": os.environ.get("CI", "1")})
    DURATIONS[name] = time.monotonic() - started
    return code


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


def playwright_counts(name: str = "results") -> tuple[int, int]:
    report = ROOT / "ui-tests" / "test-results" / f"{name}.json"
    if not report.exists():
        return 0, 1
    stats = json.loads(report.read_text())["stats"]
    return stats["expected"], stats["unexpected"] + stats["flaky"] + stats["skipped"]


def failed_names() -> list[str]:
    """Which tests failed, by name, from the reports: the summary is what a CI log keeps."""
    names = []
    pytest_report = RESULTS / "pytest.xml"
    if pytest_report.exists():
        for case in ElementTree.parse(pytest_report).getroot().iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                names.append(f"pytest: {case.get('classname')}::{case.get('name')}")
    jest_report = RESULTS / "jest.json"
    if jest_report.exists():
        for suite in json.loads(jest_report.read_text())["testResults"]:
            for case in suite["assertionResults"]:
                if case["status"] == "failed":
                    names.append(f"jest: {Path(suite['name']).name} :: {case['fullName']}")
    for report in sorted((ROOT / "ui-tests" / "test-results").glob("*.json")):
        names.extend(f"{report.stem}: {name}" for name in playwright_failures(report))
    return names


def playwright_failures(report: Path) -> list[str]:
    names = []
    suites = list(json.loads(report.read_text()).get("suites", []))
    while suites:
        suite = suites.pop()
        suites.extend(suite.get("suites", []))
        for spec in suite.get("specs", []):
            for test in spec["tests"]:
                if test["status"] in ("unexpected", "flaky"):
                    names.append(f"[{test['projectName']}] {spec['file']} :: {spec['title']}")
    return names


def installed_counts() -> tuple[int, int]:
    report = RESULTS / "installed.json"
    if not report.exists():
        return 0, 1
    data = json.loads(report.read_text())
    return len(data["passed"]), len(data["failed"])


def exit_counts(code: int) -> tuple[int, int]:
    """A check that is one test: it passed when it exited 0."""
    return (1, 0) if code == 0 else (0, 1)


def main() -> int:
    RESULTS.mkdir(exist_ok=True)
    for stale in (
        RESULTS / "pytest.xml",
        RESULTS / "jest.json",
        RESULTS / "installed.json",
        ROOT / "ui-tests/test-results/results.json",
        ROOT / "ui-tests/test-results/qbraid-lab.json",
        ROOT / "ui-tests/test-results/smoke.json",
        ROOT / "ui-tests/test-results/notebook.json",
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
        "qBraid Lab configuration": run(
            "qBraid Lab configuration",
            ["jlpm", "playwright", "test", "-c", "playwright.qbraid-lab.config.js"],
            cwd=ROOT / "ui-tests",
        ),
        "Notebook 7 smoke": run(
            "Notebook 7 smoke",
            ["jlpm", "playwright", "test", "-c", "playwright.notebook.config.js"],
            cwd=ROOT / "ui-tests",
        ),
        "minimum Python": run(
            "minimum Python", [sys.executable, "scripts/check_python_minimum.py"]
        ),
        "translations": run("translations", [sys.executable, "scripts/check_translations.py"]),
        "installed wheel": run("installed wheel", [sys.executable, "scripts/check_installed.py"]),
    }
    counts = {
        "pytest": pytest_counts(),
        "jest": jest_counts(),
        "galata": playwright_counts(),
        "qBraid Lab configuration": playwright_counts("qbraid-lab"),
        "Notebook 7 smoke": playwright_counts("notebook"),
        "minimum Python": exit_counts(codes["minimum Python"]),
        "translations": exit_counts(codes["translations"]),
        "installed wheel": installed_counts(),
        "oldest-JupyterLab smoke": playwright_counts("smoke"),
    }
    codes["oldest-JupyterLab smoke"] = codes["installed wheel"]
    print()
    for name, (passed, failed) in counts.items():
        took = f", {DURATIONS[name] / 60:.1f} min" if name in DURATIONS else ""
        print(f"{name}: {passed} passed, {failed} failed (exit {codes[name]}{took})")
    for name in failed_names()[:20]:
        print(f"failed: {name}")
    passed = sum(p for p, _ in counts.values())
    failed = sum(f for _, f in counts.values())
    if failed == 0 and any(codes.values()):
        failed = 1  # a runner failed outside its tests (setup, collection): never report green
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
