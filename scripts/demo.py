"""`make demo`: the emulator with the seeded demo account, and JupyterLab using it.

Everything lives in .demo/: the emulator's database (kept between runs), the qbraidrc that
Lab and qBraid's SDK read (never the person's own ~/.qbraid), and the notebooks folder.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from jupyterlab_qbraid.emulator.process import EmulatorProcess

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / ".demo"
LAB_PORT = int(os.environ.get("QBRAID_DEMO_LAB_PORT", "8888"))
EMULATOR_PORT = int(os.environ.get("QBRAID_DEMO_EMULATOR_PORT", "8788"))


def main() -> int:
    # A SIGTERM (e.g. from `timeout` or a service manager) unwinds like Ctrl-C's cleanup.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    (DEMO / "notebooks").mkdir(parents=True, exist_ok=True)
    qbraidrc = DEMO / "qbraidrc"
    emulator = EmulatorProcess(db_path=DEMO / "emulator.db", port=EMULATOR_PORT)
    try:
        if emulator.announcement.get("apiKey"):
            # First run: the seeded key goes where qBraid's tools look for it.
            qbraidrc.write_text(f"[default]\napi-key = {emulator.api_key}\nurl = {emulator.url}\n")
            qbraidrc.chmod(0o600)
        token = secrets.token_hex(16)
        environment = {**os.environ, "QBRAID_CONFIG_FILE": str(qbraidrc)}
        environment.pop("QBRAID_API_KEY", None)
        lab = subprocess.Popen(
            [
                sys.executable, "-m", "jupyterlab",
                "--no-browser",
                f"--port={LAB_PORT}",
                "--ServerApp.port_retries=0",
                "--ServerApp.ip=127.0.0.1",
                "--ServerApp.allow_root=True",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={DEMO / 'notebooks'}",
                f"--QbraidAccount.api_url={emulator.url}",
            ],
            env=environment,
        )
        print(
            "\n  qBraid account emulator: " + emulator.url
            + "\n  qbraidrc for this demo:  " + str(qbraidrc)
            + f"\n\n  Open JupyterLab: http://127.0.0.1:{LAB_PORT}/lab?token={token}"
            + "\n  (the qBraid panel is the qBraid icon in the left sidebar; Ctrl-C stops the demo)\n",
            flush=True,
        )
        try:
            return lab.wait()
        except KeyboardInterrupt:
            lab.send_signal(signal.SIGINT)
            lab.send_signal(signal.SIGINT)
            return lab.wait()
        finally:
            # Killed rather than interrupted: Lab must not outlive the demo.
            if lab.poll() is None:
                lab.terminate()
                lab.wait(30)
    finally:
        emulator.stop()


if __name__ == "__main__":
    sys.exit(main())
