"""Jupyter server for the qBraid Lab configuration of the browser tests.

The stock test server (jupyter_server_test_config.py), set up as qBraid's published Lab
(`qbraid-lab` on PyPI) sets up JupyterLab: its disabled plugins and its settings overrides
(JupyterLab Dark by default), from jupyterlab_qbraid.emulator.qbraid_lab, written into this
run's own folders; qbraid-lab is not installed.
"""

import os
import tempfile
from pathlib import Path

from jupyterlab_qbraid.emulator.qbraid_lab import write_lab_config

load_subconfig("jupyter_server_test_config.py")  # noqa: F821

config_dir, settings_dir = write_lab_config(Path(tempfile.mkdtemp(prefix="qbraid-lab-config-")))
# Read before the Lab application starts: the page config from every config dir on the
# path (this one first), the overrides from the application settings dir.
os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
    [str(config_dir), os.environ.get("JUPYTER_CONFIG_PATH", "")]
).rstrip(os.pathsep)
c.LabApp.app_settings_dir = str(settings_dir)  # noqa: F821
