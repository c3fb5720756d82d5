"""Jupyter server for the browser tests: Galata's settings, our extension, a real emulator.

The emulator is started here so that it lives and dies with the server; the tests read
its address from EMULATOR_STATE to inject faults and to learn the seeded key.
"""

import atexit
import json
import os
import tempfile
from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

from jupyterlab_qbraid.emulator.process import EmulatorProcess

configure_jupyter_server(c)  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821
# Another port lets a second run go on beside this one (see tests/ports.ts).
port = int(os.environ.get("QBRAID_UI_PORT", "8888"))
c.ServerApp.port = port  # noqa: F821

work = Path(tempfile.mkdtemp(prefix="qbraid-ui-tests-"))
emulator = EmulatorProcess(db_path=work / "emulator.db")
atexit.register(emulator.stop)

# Never the person's own ~/.qbraid: a qbraidrc of the test run's own.
qbraidrc = work / "qbraidrc"
qbraidrc.write_text(f"[default]\napi-key = {emulator.api_key}\nurl = {emulator.url}\n")
qbraidrc.chmod(0o600)
os.environ["QBRAID_CONFIG_FILE"] = str(qbraidrc)
os.environ.pop("QBRAID_API_KEY", None)

c.QbraidAccount.api_url = emulator.url  # noqa: F821
c.QbraidAccount.request_timeout = 3.0  # noqa: F821
# The idle stop looks every second, not every 15: its countdown comes when the limit passes.
c.QbraidAccount.idle_check_seconds = 1.0  # noqa: F821

state = Path(__file__).parent / ".qbraid-test-state" / f"emulator-{port}.json"
state.parent.mkdir(exist_ok=True)
state.write_text(
    json.dumps(
        {
            "url": emulator.url,
            "base": emulator.base,
            "apiKey": emulator.api_key,
            "qbraidrc": str(qbraidrc),
        }
    )
)
state.chmod(0o600)
