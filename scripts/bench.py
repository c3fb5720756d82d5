"""`make bench`: measure the extension the way a person pays for it, and write bench/results.md.

Each figure is the median of repeated runs against the local emulator.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from jupyterlab_qbraid import __version__
from jupyterlab_qbraid.emulator.process import EmulatorProcess

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "jupyterlab_qbraid" / "labextension" / "static"
RUNS = int(os.environ.get("QBRAID_BENCH_RUNS", "5"))
# A little over the default refresh interval (60 s), so one status-bar refresh falls inside.
IDLE_SECONDS = int(os.environ.get("QBRAID_BENCH_IDLE_SECONDS", "65"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sizes(names: list[str]) -> tuple[int, int]:
    raw = zipped = 0
    for name in names:
        data = (STATIC / name).read_bytes()
        raw += len(data)
        zipped += len(gzip.compress(data, 9))
    return raw, zipped


def wait_for(url: str, seconds: float = 60) -> None:
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


def injection_figures(port: int, token: str, counts: tuple[int, ...] = (1, 10, 50)) -> dict[int, float]:
    """Milliseconds to put the key into N running Python kernels (median of the runs)."""
    figures: dict[int, float] = {}
    started: list[str] = []
    try:
        for count in counts:
            while len(started) < count:
                started.append(api(port, token, "POST", "api/kernels", {"name": "python3"})["id"])
            # Every kernel answers once before timing, so start-up is not counted.
            api(port, token, "POST", "qbraid/kernels/inject")
            runs = [api(port, token, "POST", "qbraid/kernels/inject")["durationMs"] for _ in range(3)]
            figures[count] = statistics.median(runs)
    finally:
        for kernel_id in started:
            api(port, token, "DELETE", f"api/kernels/{kernel_id}")
    return figures


def browser_figures(emulator: EmulatorProcess, work: Path) -> tuple[dict, dict[int, float]]:
    qbraidrc = work / "qbraidrc"
    qbraidrc.write_text(f"[default]\napi-key = {emulator.api_key}\nurl = {emulator.url}\n")
    qbraidrc.chmod(0o600)
    port, token = free_port(), secrets.token_hex(16)
    environment = {**os.environ, "QBRAID_CONFIG_FILE": str(qbraidrc)}
    environment.pop("QBRAID_API_KEY", None)
    (work / "notebooks").mkdir()
    lab = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
            "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1", "--ServerApp.allow_root=True",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work / 'notebooks'}",
            f"--LabApp.workspaces_dir={work}", f"--QbraidAccount.api_url={emulator.url}",
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/api/status?token={token}")
        output = subprocess.run(
            [
                "node", str(ROOT / "bench" / "browser.js"),
                f"http://127.0.0.1:{port}/lab?token={token}", str(RUNS), str(IDLE_SECONDS),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return json.loads(output), injection_figures(port, token)
    finally:
        lab.terminate()
        lab.wait(30)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="qbraid-bench-") as folder:
        work = Path(folder)
        with EmulatorProcess(db_path=work / "emulator.db") as emulator:
            browser, injection = browser_figures(emulator, work)
    runs, idle = browser["runs"], browser["idle"]

    start_assets = sorted({asset for run in runs for asset in run["startAssets"]})
    panel_assets = sorted({asset for run in runs for asset in run["panelAssets"]})
    every_asset = sorted(p.name for p in STATIC.glob("*.js"))
    start_raw, start_zip = sizes(start_assets)
    panel_raw, panel_zip = sizes(panel_assets)
    total_raw, total_zip = sizes(every_asset)
    median = lambda key: statistics.median(run[key] for run in runs)  # noqa: E731

    rows = [
        ("Bundle loaded at Lab start", f"{start_raw / 1024:.1f} KB ({start_zip / 1024:.1f} KB gzipped)",
         "< 25 KB gzipped", start_zip < 25 * 1024),
        ("Bundle loaded on first panel open", f"{panel_raw / 1024:.1f} KB ({panel_zip / 1024:.1f} KB gzipped)", "", None),
        ("Bundle in total", f"{total_raw / 1024:.1f} KB ({total_zip / 1024:.1f} KB gzipped)",
         "< 120 KB gzipped", total_zip < 120 * 1024),
        ("Page load to credits in the status bar", f"{median('firstCreditsMs'):.0f} ms", "", None),
        ("Opening the panel to credits on screen", f"{median('panelToCreditsMs'):.0f} ms",
         "< 150 ms", median("panelToCreditsMs") < 150),
        ("Browser requests for one refresh", f"{median('refreshRequests'):.0f}", "1", median("refreshRequests") == 1),
    ]
    per_minute = 60 / idle["seconds"]
    rows.append(
        ("Requests per minute, panel closed, tab visible (status bar refresh)",
         f"{idle['visible'] * per_minute:.1f}", "1 (the refresh setting)", idle["visible"] * per_minute <= 1.0)
    )
    rows.append(
        ("Requests per minute, panel closed, tab hidden", f"{idle['hidden'] * per_minute:.1f}", "0",
         idle["hidden"] == 0)
    )
    budgets = {10: 1000, 50: 3000}
    for count, milliseconds in injection.items():
        budget = budgets.get(count)
        rows.append(
            (f"Key injection into {count} running Python kernel{'s' if count > 1 else ''}", f"{milliseconds:.0f} ms",
             f"< {budget} ms" if budget else "", None if budget is None else milliseconds < budget)
        )
    lines = [
        "# jupyterlab-qbraid benchmarks",
        "",
        f"- date: {datetime.now(timezone.utc).isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"- jupyterlab-qbraid {__version__}, Python {platform.python_version()}, runs per figure: {RUNS} (median)",
        f"- loaded at start: {', '.join(start_assets)}",
        f"- loaded on first open: {', '.join(panel_assets) or 'nothing'}",
        "",
        "| figure | value | budget | met |",
        "| --- | --- | --- | --- |",
    ]
    for name, value, budget, met in rows:
        verdict = "" if met is None else ("yes" if met else "NO")
        lines.append(f"| {name} | {value} | {budget} | {verdict} |")
    report = "\n".join(lines) + "\n"
    (ROOT / "bench" / "results.md").write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
