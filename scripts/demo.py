"""`make demo`: the emulator with the seeded demo account, a real JupyterHub, and the demo
user's JupyterLab on it. `make lab` (`--standalone`): the emulator and a plain JupyterLab.

Everything lives in .demo/: the emulator's database (kept between runs), the qbraidrc that
Lab and qBraid's SDK read (never the person's own ~/.qbraid), the notebooks folder and the
hub's files (hub/, fresh each run).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from jupyterlab_qbraid.emulator.hub_process import HubStack, write_qbraidrc
from jupyterlab_qbraid.emulator.process import EmulatorProcess
from jupyterlab_qbraid.emulator.store import schema_is_current

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / ".demo"
HUB_PORT = int(os.environ.get("QBRAID_DEMO_HUB_PORT", "8000"))
LAB_PORT = int(os.environ.get("QBRAID_DEMO_LAB_PORT", "8888"))
EMULATOR_PORT = int(os.environ.get("QBRAID_DEMO_EMULATOR_PORT", "8788"))


def run_hub() -> int:
    print(
        "\n  Starting the qBraid account emulator, JupyterHub and the demo user's Lab...",
        flush=True,
    )
    # The Lab server runs as on qBraid's platform: its own token cannot stop it, its
    # QBRAID_CLUSTER_ID makes Stop ask the account API (the emulator), which stops it on
    # this hub, and the pod carries an access token of its user. After a stop a platform pod
    # sends its user to the account page (the page option qbraidAccountUrl); here the hub's
    # home stands in for it, since that is where this demo's server starts again.
    with HubStack(
        DEMO,
        port=HUB_PORT,
        emulator_port=EMULATOR_PORT,
        delete_scope=False,
        access_token=True,
        account_page=f"http://127.0.0.1:{HUB_PORT}/hub/home",
    ) as stack:
        stack.hub.spawn()
        print(
            "\n  qBraid account emulator: "
            + stack.emulator.url
            + "\n  qbraidrc for this demo:  "
            + str(stack.qbraidrc)
            + "\n  JupyterHub:              "
            + stack.hub.url
            + "\n\n  Open JupyterLab (logs in as the demo user): "
            + stack.hub.login_url
            + "\n  (the qBraid panel is the qBraid icon in the left sidebar; Stop is in its Compute"
            + "\n  section; the hub's home page starts the server again; Ctrl-C stops the demo)\n",
            flush=True,
        )
        try:
            while stack.hub.running and stack.emulator.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            return 130
        print("The hub or the emulator exited; stopping the demo.", file=sys.stderr)
        return 1


def run_standalone() -> int:
    (DEMO / "notebooks").mkdir(parents=True, exist_ok=True)
    qbraidrc = DEMO / "qbraidrc"
    emulator = EmulatorProcess(db_path=DEMO / "emulator.db", port=EMULATOR_PORT)
    try:
        if emulator.announcement.get("apiKey"):
            # First run: the seeded key goes where qBraid's tools look for it.
            write_qbraidrc(qbraidrc, emulator.api_key or "", emulator.url)
        token = secrets.token_hex(16)
        environment = {**os.environ, "QBRAID_CONFIG_FILE": str(qbraidrc)}
        environment.pop("QBRAID_API_KEY", None)
        lab = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
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
            "\n  qBraid account emulator: "
            + emulator.url
            + "\n  qbraidrc for this demo:  "
            + str(qbraidrc)
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


def forget_outdated_state() -> None:
    """A database of an older emulator cannot be served: start afresh, with a new key."""
    database = DEMO / "emulator.db"
    if database.exists() and not schema_is_current(database):
        print(f"  {database} is from an older emulator; starting a fresh one.", flush=True)
        database.unlink()
        (DEMO / "qbraidrc").unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description="The qBraid account emulator and JupyterLab on it."
    )
    parser.add_argument("--standalone", action="store_true", help="plain JupyterLab, no JupyterHub")
    args = parser.parse_args()
    # A SIGTERM (e.g. from `timeout` or a service manager) unwinds like Ctrl-C's cleanup.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    forget_outdated_state()
    return run_standalone() if args.standalone else run_hub()


if __name__ == "__main__":
    sys.exit(main())
