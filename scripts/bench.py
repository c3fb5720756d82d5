"""`make bench`: measure the extension the way a person pays for it, and write bench/results.md.

Everything runs in the bench's own environment (.bench-venv, made by the Makefile): JupyterLab
at the project's version, this extension's production wheel (scripts/build_wheel.py), and,
to compare with, jupyterlab-git and jupyter-resource-usage. They never load in the
project's own tests. One Lab server, warm, against the local emulator; its only
labextensions folder is one the browser half (bench/browser.js) moves labextensions in and
out of between page loads, so each start-time figure is Lab as installed (with the
labextension JupyterLab itself brings) and exactly one extension, Lab as installed alone, or
Lab with no labextension at all. Each figure is the median of repeated runs; Lab's start
with an extension over Lab's start alone has a 95 % confidence interval. Our script time at
start comes from Chromium's CPU profile of separate loads, so that the profiler does not
weigh on the timed ones.

Usage: python scripts/bench.py [--venv .bench-venv]
Environment: QBRAID_BENCH_RUNS (panel and save runs, 5), QBRAID_BENCH_START_RUNS (rounds of
page loads for start times, 31), QBRAID_BENCH_RATIO_RUNS (rounds of Lab alone and with ours
for our start ratio, 201, the first START_RUNS of them those rounds), QBRAID_BENCH_PROFILE_RUNS (profiled loads, 15),
QBRAID_BENCH_IDLE_SECONDS (65). Upstream calls per hour: scripts/bench_upstream.py (a fast clock, no browser).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import bench_bundle
import bench_guard
import bench_server
import bench_upstream

from jupyterlab_qbraid.emulator.process import EmulatorProcess

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("QBRAID_BENCH_RUNS", "5"))
START_RUNS = int(os.environ.get("QBRAID_BENCH_START_RUNS", "31"))
# One page load varies by about 8 % on this machine: 31 rounds put a 95 % interval about
# ±5 % around our ratio, too wide to tell it from its 1.03 budget. More rounds of Lab alone
# and with ours alone narrow it (about ±2 % with 201); the compared extensions keep 31.
RATIO_RUNS = max(START_RUNS, int(os.environ.get("QBRAID_BENCH_RATIO_RUNS", "201")))
# One profiled load's script time swings by several ms, even on an idle machine: a sample
# lasts until the next, and on two cores the page's thread often waits between them for the
# server's and the browser's other processes. So 15 loads, not 5, and the median's interval
# is shown (about ±1.5 ms here).
PROFILE_RUNS = int(os.environ.get("QBRAID_BENCH_PROFILE_RUNS", "15"))
# A little over the default refresh interval (60 s), so one status-bar refresh falls inside.
IDLE_SECONDS = int(os.environ.get("QBRAID_BENCH_IDLE_SECONDS", "65"))
OURS = "jupyterlab-qbraid"
# Each compared package: the labextensions that installing it brings (jupyterlab-git
# installs nbdime, whose labextension loads with it).
# The floor: bench/floor, one plugin that does nothing, built by `make bench`; what any
# federated extension loads and runs at start on this machine.
FLOOR = "a one-plugin extension that does nothing (bench/floor)"
# Lab as a person has it: `pip install jupyterlab` brings jupyterlab_pygments (nbconvert, a
# jupyter_server dependency, requires it), a federated extension. Lab's bootstrap loads every
# federated extension's remoteEntry before its own code and sets up module sharing only when
# there is one, so a Lab with no labextension at all starts by another path, one nobody runs.
# Lab alone is Lab with it; Lab with no labextension at all is measured too, in the first rounds.
LAB_OWN = ["jupyterlab_pygments"]
BARE = "bare"
COMPARED = {
    OURS: ["jupyterlab-qbraid"],
    "jupyterlab-git": ["@jupyterlab/git", "nbdime-jupyterlab"],
    "jupyter-resource-usage": ["@jupyter-server/resource-usage"],
    FLOOR: ["qbraid-bench-floor"],
}
SCRIPT_BUDGET_MS = 5
START_RATIO_BUDGET = 1.03
# The start ratio's 95 % interval: percentile bootstrap of the median of the rounds' ratios,
# seeded so that the same loads give the same interval.
BOOTSTRAP_RESAMPLES = 10_000
# Server extension overhead: (clients, rounds, requests per client per round) and budgets (ours).
# One client: what the extension itself adds to a summary. 50 clients all asking again at
# once keep the Lab server busy, so there each summary also waits behind the others: the
# budget allows 3 ms (p50) and 6 ms (p95) of the Lab server's time per summary in that queue.
OVERHEAD_LOADS = {1: (3, 50), 50: (7, 10)}
OVERHEAD_BUDGET_MS = {1: {"p50": 10, "p95": 50}, 50: {"p50": 150, "p95": 300}}

ENV_PROBE = """
import importlib.metadata as metadata, json, platform, sys
from pathlib import Path
import jupyterlab
names = ("jupyterlab-qbraid", "jupyterlab", "jupyterlab-git", "jupyter-resource-usage",
         "jupyterlab_pygments")
print(json.dumps({
    "versions": {name: metadata.version(name) for name in names},
    "python": platform.python_version(),
    "labextensions": str(Path(sys.prefix) / "share" / "jupyter" / "labextensions"),
    "labStatic": str(Path(jupyterlab.__file__).parent / "static"),
}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def api(port: int, token: str, method: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read() or b"null")


def injection_figures(
    port: int, token: str, counts: tuple[int, ...] = (1, 10, 50)
) -> dict[int, float]:
    """Milliseconds to put the key into N running Python kernels (median of the runs)."""
    figures: dict[int, float] = {}
    started: list[str] = []
    try:
        for count in counts:
            while len(started) < count:
                started.append(api(port, token, "POST", "api/kernels", {"name": "python3"})["id"])
            # Every kernel answers once before timing, so start-up is not counted.
            api(port, token, "POST", "jupyterlab-qbraid/kernels/inject")
            runs = [
                api(port, token, "POST", "jupyterlab-qbraid/kernels/inject")["durationMs"]
                for _ in range(3)
            ]
            figures[count] = statistics.median(runs)
    finally:
        for kernel_id in started:
            api(port, token, "DELETE", f"api/kernels/{kernel_id}")
    return figures


class LabServer:
    """JupyterLab from the bench environment, its labextensions in a folder of our own."""

    def __init__(self, python: Path, work: Path, emulator: EmulatorProcess, farm: Path):
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}/"
        qbraidrc = work / "qbraidrc"
        qbraidrc.write_text(f"[default]\napi-key = {emulator.api_key}\nurl = {emulator.url}\n")
        qbraidrc.chmod(0o600)
        for name in ("notebooks", "config", "data", "runtime", "settings", "workspaces"):
            (work / name).mkdir()
        config = work / "jupyter_bench_config.py"
        config.write_text(
            "\n".join(
                [
                    "c.ServerApp.allow_root = True",
                    "c.ServerApp.open_browser = False",
                    "c.ServerApp.ip = '127.0.0.1'",
                    f"c.ServerApp.port = {self.port}",
                    "c.ServerApp.port_retries = 0",
                    f"c.IdentityProvider.token = {self.token!r}",
                    f"c.ServerApp.root_dir = {str(work / 'notebooks')!r}",
                    f"c.LabApp.labextensions_path = [{str(farm)!r}]",
                    "c.LabApp.extra_labextensions_path = []",
                    "c.LabApp.expose_app_in_browser = True",
                    f"c.LabApp.user_settings_dir = {str(work / 'settings')!r}",
                    f"c.LabApp.workspaces_dir = {str(work / 'workspaces')!r}",
                    f"c.QbraidAccount.api_url = {emulator.url!r}",
                    "",
                ]
            )
        )
        environment = {
            **os.environ,
            "QBRAID_CONFIG_FILE": str(qbraidrc),
            # Nothing from this machine's own Jupyter folders.
            "JUPYTER_CONFIG_DIR": str(work / "config"),
            "JUPYTER_DATA_DIR": str(work / "data"),
            "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
            "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
        }
        for name in ("QBRAID_API_KEY", "PYTHONPATH", "JUPYTER_PATH", "VIRTUAL_ENV"):
            environment.pop(name, None)
        self.log_path = work / "lab.log"
        with open(self.log_path, "wb") as log:
            # From the work folder, so that the installed wheel is imported, not the checkout.
            self.process = subprocess.Popen(
                [str(python), "-m", "jupyterlab", f"--config={config}"],
                cwd=work,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(f"{self.url}api/status?token={self.token}")
        except RuntimeError:
            self.stop()
            raise RuntimeError(
                "Lab did not start:\n" + self.log_path.read_text("utf-8", "replace")[-3000:]
            ) from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# prctl(2): orphaned descendants are re-parented to the calling process, not to init.
PR_SET_CHILD_SUBREAPER = 36


class OtherWork:
    """How much of the machine other processes took while the bench ran (a test run next door
    slows and scatters every timing): all CPU time the machine spent, from /proc/stat, less
    this bench's own and that of its descendants (Lab, its kernels, the emulator, the browser
    and the helpers it leaves behind), all waited for by the end."""

    def __init__(self) -> None:
        # Chromium's helper processes outlive the browser process that started them: without
        # this, they would go to init, and their CPU time would count as other work (about 45 %
        # of the machine's in a bench on an idle machine). The bench adopts them instead, and
        # reaps them before counting.
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        self.started, self.busy, self.ours = time.monotonic(), self._busy(), self._ours()

    @staticmethod
    def _busy() -> float:
        fields = [
            int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        ]
        # user nice system idle iowait irq softirq steal: everything but idle and iowait.
        return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _ours() -> float:
        import resource

        return sum(
            usage.ru_utime + usage.ru_stime
            for usage in (
                resource.getrusage(resource.RUSAGE_SELF),
                resource.getrusage(resource.RUSAGE_CHILDREN),
            )
        )

    @staticmethod
    def _reap_adopted() -> None:
        """Waits for the processes this bench adopted that have ended (its own children, too,
        have all been waited for by now)."""
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    def share(self) -> float:
        """Other processes' CPU time over the CPU time the machine had, 0 to 1."""
        self._reap_adopted()
        capacity = (time.monotonic() - self.started) * (os.cpu_count() or 1)
        others = (self._busy() - self.busy) - (self._ours() - self.ours)
        return max(0.0, others / capacity)


def environment_info(python: Path) -> dict:
    output = subprocess.run(
        [str(python), "-c", ENV_PROBE], check=True, capture_output=True, text=True, cwd="/"
    )
    return json.loads(output.stdout)


def measure(python: Path, info: dict, work: Path) -> dict:
    installed = Path(info["labextensions"])
    farm, store = work / "labextensions", work / "labextensions-off"
    farm.mkdir()
    for folders in [LAB_OWN, *COMPARED.values()]:
        for folder in folders:
            if not (installed / folder / "package.json").exists():
                raise RuntimeError(f"{folder} is not installed in {installed}: run `make bench`")
            shutil.copytree(installed / folder, store / folder)
    # The emulator stands in for a remote API; it writes a usage counter to SQLite on every
    # request, and on this disk the syncs made its own time, the baseline, vary twofold.
    # On a RAM disk where there is one.
    shm = Path("/dev/shm")
    database = (
        Path(
            tempfile.mkdtemp(
                prefix="qbraid-bench-",
                dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else work,
            )
        )
        / "emulator.db"
    )
    try:
        return _measure(python, work, farm, store, database)
    finally:
        shutil.rmtree(database.parent, ignore_errors=True)


def _measure(python: Path, work: Path, farm: Path, store: Path, database: Path) -> dict:
    with EmulatorProcess(db_path=database) as emulator:
        lab = LabServer(python, work, emulator, farm)
        try:
            plan = work / "plan.json"
            plan.write_text(
                json.dumps(
                    {
                        "labUrl": f"{lab.url}lab?token={lab.token}",
                        "runs": RUNS,
                        "idleSeconds": IDLE_SECONDS,
                        "startRuns": START_RUNS,
                        "ratioRuns": RATIO_RUNS,
                        "profileRuns": PROFILE_RUNS,
                        "farm": str(farm),
                        "store": str(store),
                        "workspaces": str(work / "workspaces"),
                        "configurations": {
                            BARE: [],
                            "none": LAB_OWN,
                            **{name: LAB_OWN + folders for name, folders in COMPARED.items()},
                        },
                        "extensions": COMPARED,
                        "ours": OURS,
                    }
                )
            )
            print(
                f"bench: browser ({START_RUNS} starts x {len(COMPARED) + 2} configurations, "
                f"{RATIO_RUNS - START_RUNS} more of Lab alone and with ours, "
                f"{PROFILE_RUNS} profiled starts, {RUNS} panel runs, {3 * IDLE_SECONDS} s idle and typing)...",
                flush=True,
            )
            browser = json.loads(
                subprocess.run(
                    ["node", str(ROOT / "bench" / "browser.js"), str(plan)],
                    check=True,
                    # Its errors reach the terminal; its figures come on stdout.
                    stdout=subprocess.PIPE,
                    text=True,
                ).stdout
            )
            print("bench: server extension overhead with 1 and 50 clients...", flush=True)
            server = {
                clients: bench_server.overhead(
                    lab.url, lab.token, emulator.url, emulator.api_key, clients, rounds, per_client
                )
                for clients, (rounds, per_client) in OVERHEAD_LOADS.items()
            }
            print("bench: key injection into 1, 10 and 50 kernels...", flush=True)
            injection = injection_figures(lab.port, lab.token)
        finally:
            lab.stop()
    return {"browser": browser, "server": server, "injection": injection}


def median_interval(values: list[float]) -> tuple[float, float]:
    """95 % percentile-bootstrap interval of the median of `values`."""
    draw = random.Random(12)
    medians = sorted(
        statistics.median(draw.choices(values, k=len(values))) for _ in range(BOOTSTRAP_RESAMPLES)
    )
    return (
        medians[int(0.025 * BOOTSTRAP_RESAMPLES)],
        medians[int(0.975 * BOOTSTRAP_RESAMPLES) - 1],
    )


def kb(size: tuple[int, int]) -> str:
    return f"{size[0] / 1024:.1f} KB ({size[1] / 1024:.1f} KB gzipped)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--venv", type=Path, default=ROOT / ".bench-venv")
    python = parser.parse_args().venv.resolve() / "bin" / "python"
    info = environment_info(python)
    installed = Path(info["labextensions"])
    other_work = OtherWork() if Path("/proc/stat").exists() else None
    with tempfile.TemporaryDirectory(prefix="qbraid-bench-") as folder:
        measured = measure(python, info, Path(folder))
    print("bench: key leak guard on save...", flush=True)
    guard_rows = bench_guard.rows()
    print("bench: upstream calls per hour, one open Lab...", flush=True)
    upstream = bench_upstream.measure()
    others = other_work.share() if other_work else None
    raw = ROOT / "bench" / ".work" / "last-run.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps({**measured, "otherWork": others}, indent=1))

    browser, server, injection = measured["browser"], measured["server"], measured["injection"]
    runs, idle, starts = browser["runs"], browser["idle"], browser["start"]
    profiled = browser["profiled"][OURS]
    median = lambda key: statistics.median(run[key] for run in runs)  # noqa: E731

    def paired(name: str, against: str) -> list[tuple[dict, dict]]:
        """`name`'s and `against`'s loads in the rounds that loaded both: the first ones, but
        for Lab alone and ours, loaded in every round."""
        count = min(len(starts[name]), len(starts[against]))
        return list(zip(starts[name][:count], starts[against][:count], strict=True))

    def loaded(name: str, key: str) -> set[Path]:
        return {
            installed / folder / "static" / asset
            for load in starts[name]
            for folder in COMPARED[name]
            for asset in load[key].get(folder, [])
        }

    def loaded_at_start(name: str) -> list[Path]:
        """Requested before Lab's shell had restored its layout, in any start load."""
        return sorted(loaded(name, "assetsBeforeRestored"))

    def every_chunk(name: str) -> list[Path]:
        return [
            path for folder in COMPARED[name] for path in bench_bundle.chunks(installed / folder)
        ]

    lab_static = Path(info["labStatic"])
    bundled = {
        name: bench_bundle.bundled([installed / f for f in folders], lab_static)
        for name, folders in COMPARED.items()
    }

    ours_start = loaded_at_start(OURS)
    start_size = bench_bundle.sizes(ours_start)
    # Once Lab has started, until the status bar shows credits: the deferred plugins.
    ours_up = sorted(
        (
            loaded(OURS, "assets")
            | {installed / OURS / "static" / asset for run in runs for asset in run["startAssets"]}
        )
        - set(ours_start)
    )
    up_size = bench_bundle.sizes(ours_up)
    panel_assets = sorted({asset for run in runs for asset in run["panelAssets"]})
    panel_size = bench_bundle.sizes([installed / OURS / "static" / asset for asset in panel_assets])
    total_size = bench_bundle.sizes(every_chunk(OURS))
    ours_bundled = bench_bundle.verdict(bundled[OURS])

    def script_value(loads: list[dict]) -> str:
        totals = [load["scriptTime"]["totalMs"] for load in loads]
        low, high = median_interval(totals)
        self_ms = statistics.median(load["scriptTime"]["selfMs"] for load in loads)
        return (
            f"{statistics.median(totals):.2f} ms (95 % interval {low:.2f} to {high:.2f} ms; "
            f"in its own functions {self_ms:.2f} ms; {len(loads)} profiled loads, "
            f"{min(totals):.2f} to {max(totals):.2f} ms)"
        )

    script_ms = statistics.median(load["scriptTime"]["totalMs"] for load in profiled)
    # Every load of ours, timed and profiled: the most any of them made.
    early = max(
        (load["oursBeforeRestored"] for load in starts[OURS] + profiled),
        key=len,
    )

    def start_ratios(name: str, against: str = "none") -> list[float]:
        """Per round, Lab's start with the extension over Lab's start alone: loads close in time."""
        return [load["restoredMs"] / alone["restoredMs"] for load, alone in paired(name, against)]

    def start_value(name: str, against: str = "none") -> str:
        pairs = paired(name, against)
        ratios = start_ratios(name, against)
        low, high = median_interval(ratios)
        with_ms, alone_ms = (
            statistics.median(pair[side]["restoredMs"] for pair in pairs) for side in (0, 1)
        )
        return (
            f"{statistics.median(ratios):.3f} (95 % interval {low:.3f} to {high:.3f}; "
            f"medians {with_ms:.0f} ms / {alone_ms:.0f} ms, {len(ratios)} loads each)"
        )

    ours_low, ours_high = median_interval(start_ratios(OURS))

    rows: list[tuple[str, str, str, bool | None]] = [
        (
            "Bundle loaded at Lab start (requested before app.restored)",
            kb(start_size),
            "<= 12 KB gzipped",
            start_size[1] <= 12 * 1024,
        ),
        (
            "Bundle loaded once Lab has started, until credits show (the deferred plugins)",
            kb(up_size),
            "",
            None,
        ),
        ("Bundle loaded on first panel open", kb(panel_size), "", None),
        ("Bundle in total", kb(total_size), "< 120 KB gzipped", total_size[1] < 120 * 1024),
        ("React and Lumino bundled", ours_bundled, "no", ours_bundled == "no"),
        (
            "Our script time at Lab start, page load to app.restored: evaluating our chunks "
            "and activating our plugins (CPU profile, samples with our code on the stack)",
            script_value(profiled),
            f"<= {SCRIPT_BUDGET_MS} ms",
            script_ms <= SCRIPT_BUDGET_MS,
        ),
        (
            "Requests of ours before app.restored, beyond our chunks",
            f"{len(early)}" + (f" ({', '.join(sorted(set(early)))})" if early else ""),
            "0",
            not early,
        ),
        (
            "Lab start (page load to app.restored), with the extension / without: Lab as "
            "installed, with jupyterlab_pygments",
            start_value(OURS),
            f"interval includes 1.00, upper bound <= {START_RATIO_BUDGET}",
            ours_low <= 1.0 <= ours_high and ours_high <= START_RATIO_BUDGET,
        ),
        (
            "Lab start with the extension / Lab with no labextension at all, not even "
            "jupyterlab_pygments",
            start_value(OURS, BARE),
            "",
            None,
        ),
        (
            "Lab start as installed, with jupyterlab_pygments / Lab with no labextension at all "
            "(what the first federated extension costs, whichever it is)",
            start_value("none", BARE),
            "",
            None,
        ),
        ("Page load to credits in the status bar", f"{median('firstCreditsMs'):.0f} ms", "", None),
        (
            "Opening the panel to credits on screen",
            f"{median('panelToCreditsMs'):.0f} ms",
            "< 150 ms",
            median("panelToCreditsMs") < 150,
        ),
        (
            "Browser requests for one refresh",
            f"{median('refreshRequests'):.0f}",
            "1",
            median("refreshRequests") == 1,
        ),
    ]
    per_minute = 60 / idle["seconds"]
    rows.append(
        (
            "Requests per minute, panel closed, tab visible (status bar refresh)",
            f"{idle['visible'] * per_minute:.1f}",
            "1 (the refresh setting)",
            idle["visible"] * per_minute <= 1.0,
        )
    )
    rows.append(
        (
            "Requests per minute, panel closed, tab hidden",
            f"{idle['hidden'] * per_minute:.1f}",
            "0",
            idle["hidden"] == 0,
        )
    )
    rows.append(
        (
            "Idle-socket reports per minute, panel closed, tab visible, nobody typing",
            f"{idle['visibleReports'] * per_minute:.1f}",
            "0",
            idle["visibleReports"] == 0,
        )
    )
    rows.append(
        (
            "Idle-socket reports per minute, tab hidden",
            f"{idle['hiddenReports'] * per_minute:.1f}",
            "0",
            idle["hiddenReports"] == 0,
        )
    )
    rows.append(
        (
            "Idle-socket reports and requests per minute while a person types",
            f"{idle['typingReports'] * per_minute:.1f} and {idle['typingRequests'] * per_minute:.1f}",
            "≤ 1 report",
            idle["typingReports"] * per_minute <= 1.0,
        )
    )
    for clients, figures in server.items():
        failures = figures["failures"]
        failed = (
            f"; {failures['summary']} summaries and {failures['emulator']} API calls failed"
            if any(failures.values())
            else ""
        )
        for key in ("p50", "p95"):
            figure, budget = figures[key], OVERHEAD_BUDGET_MS[clients][key]
            rows.append(
                (
                    f"Server extension overhead, {key}, {clients} client{'s' if clients > 1 else ''} "
                    "(summary route minus the API's own time)",
                    f"{figure['overhead']:.1f} ms (summary {figure['summary']:.1f} ms, "
                    f"API {figure['emulator']:.1f} ms){failed}",
                    f"< {budget} ms (ours)",
                    figure["overhead"] < budget and not any(failures.values()),
                )
            )
    budgets = {10: 1000, 50: 3000}
    for count, milliseconds in injection.items():
        budget = budgets.get(count)
        rows.append(
            (
                f"Key injection into {count} running Python kernel{'s' if count > 1 else ''}",
                f"{milliseconds:.0f} ms",
                f"< {budget} ms" if budget else "",
                None if budget is None else milliseconds < budget,
            )
        )
    rows += guard_rows
    rows += bench_upstream.rows(upstream)

    versions = info["versions"]
    for name, folders in COMPARED.items():
        if name == OURS:
            continue
        label = name if name == FLOOR else f"{name} {versions[name]}"
        if len(folders) > 1:
            label += f" (with {', '.join(folders[1:])}, which it installs)"
        rows += [
            (
                f"Compared: {label}, bundle loaded at Lab start",
                kb(bench_bundle.sizes(loaded_at_start(name))),
                "",
                None,
            ),
            (
                f"Compared: {label}, bundle in total",
                kb(bench_bundle.sizes(every_chunk(name))),
                "",
                None,
            ),
            (
                f"Compared: {label}, Lab start with it / without (Lab as installed)",
                start_value(name),
                "",
                None,
            ),
        ]
        if name == FLOOR:
            rows.append(
                (
                    f"Compared: {label}, Lab start with it / Lab with no labextension at all",
                    start_value(name, BARE),
                    "",
                    None,
                )
            )
        rows += [
            (
                f"Compared: {label}, script time at Lab start (CPU profile, as ours)",
                script_value(browser["profiled"][name]),
                "",
                None,
            ),
            (
                f"Compared: {label}, React and Lumino bundled",
                bench_bundle.verdict(bundled[name]),
                "",
                None,
            ),
        ]

    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or "unknown CPU",
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    lines = [
        "# jupyterlab-qbraid benchmarks",
        "",
        f"- date: {datetime.now(timezone.utc).isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"{platform.system()} {platform.release()}",
        f"- versions: jupyterlab-qbraid {versions[OURS]} (production build), JupyterLab {versions['jupyterlab']}, "
        f"jupyterlab-git {versions['jupyterlab-git']}, jupyter-resource-usage {versions['jupyter-resource-usage']}, "
        f"Python {info['python']}, Chromium {browser['browserVersion']}, Node.js {node_version()}",
        f"- runs: each figure is a median; {RUNS} runs for the panel and save figures; Lab start: {START_RUNS} "
        "rounds, each loading Lab with no labextension at all, Lab alone (as installed: with "
        "jupyterlab_pygments, which JupyterLab brings) and with each extension alone, then "
        f"{RATIO_RUNS - START_RUNS} more of Lab alone and with ours alone (the order turned each round in the "
        "first, kept in the others, so that no load follows one of its own configuration; a fresh "
        "browser context and workspace each load, on a warm server with no other workspace saved), "
        "the ratio being the median of the rounds' ratios, its "
        f"95 % interval a percentile bootstrap of that median ({BOOTSTRAP_RESAMPLES} resamples of the rounds); "
        f"script time: the median of {PROFILE_RUNS} more loads with each extension alone under Chromium's CPU "
        "profiler (100 µs samples, from the first script to app.restored; the extensions in turn, round after "
        "round; not counted in the start ratio), its 95 % interval bootstrapped as the ratio's; "
        "requests of ours: to our server routes (/jupyterlab-qbraid/) or naming our package, other than our static "
        "files, seen by Resource Timing before app.restored in any load of ours; "
        "server overhead: "
        + ", ".join(
            f"{f['rounds']} rounds of {f['clients']} client{'s' if f['clients'] > 1 else ''} x "
            f"{f['perClient']} requests, each client asking again as soon as answered"
            for f in server.values()
        ),
        "- all in one environment (.bench-venv): JupyterLab with the three extensions installed; each start-time "
        "figure loads Lab with only that extension's labextensions and Lab's own (jupyterlab_pygments "
        f"{versions['jupyterlab_pygments']})",
        f"- loaded at start: {', '.join(path.name for path in ours_start)}",
        f"- loaded once Lab has started, until credits show: "
        f"{', '.join(path.name for path in ours_up) or 'nothing'}",
        f"- loaded on first open: {', '.join(panel_assets) or 'nothing'}",
        f"- React and Lumino checks: {bundled[OURS]['checks']}"
        + (
            ""
            if bundled[OURS]["blind"]
            else "; the code scan does find React, React DOM and @lumino/widgets in Lab's own bundle"
        ),
        "- budgets marked (ours) are this project's own choice",
        "- other work on the machine during the run: "
        + (
            "not known (no /proc/stat)"
            if others is None
            else f"{others:.0%} of its CPU time"
            + (
                ": timings are slower and more scattered than on an idle machine"
                if others > 0.1
                else ""
            )
        ),
        "",
        "| figure | value | budget | met |",
        "| --- | --- | --- | --- |",
    ]
    for name, value, budget, met in rows:
        verdict = "" if met is None else ("yes" if met else "NO")
        lines.append(f"| {name} | {value} | {budget} | {verdict} |")
    report = "\n".join(lines) + "\n\n" + bench_upstream.section(upstream)
    (ROOT / "bench" / "results.md").write_text(report)
    print(report)
    return 0


def node_version() -> str:
    return (
        subprocess.run(["node", "--version"], capture_output=True, text=True)
        .stdout.strip()
        .lstrip("v")
    )


if __name__ == "__main__":
    sys.exit(main())
