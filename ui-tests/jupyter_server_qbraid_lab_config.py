"""Jupyter server for the qBraid Lab configuration of the browser tests.

The stock test server (jupyter_server_test_config.py), set up as qBraid's published Lab
(`qbraid-lab` on PyPI) sets up JupyterLab: its `etc/jupyter/labconfig/page_config.json`
disables the plugins below, and its settings overrides make JupyterLab Dark the default
theme. Both are written into this run's own folders; qbraid-lab is not installed.
"""

import json
import os
import tempfile
from pathlib import Path

load_subconfig("jupyter_server_test_config.py")  # noqa: F821

# What qbraid-lab's page_config.json disables. Lab's notifications among them: our notices
# must reach the person through the extension's own surfaces there.
DISABLED = [
    "@jupyterlab/apputils-extension:notification",
    "@jupyterlab/apputils-extension:splash",
    "@jupyterlab/running-extension",
    "@jupyterlab/extensionmanager-extension",
    "@jupyterlab/pluginmanager-extension",
    "@jupyterlab/theme-dark-high-contrast-extension",
]
# qbraid-lab's settings overrides: JupyterLab Dark unless the person chooses another.
OVERRIDES = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}

lab_files = Path(tempfile.mkdtemp(prefix="qbraid-lab-config-"))
labconfig = lab_files / "etc" / "jupyter" / "labconfig"
labconfig.mkdir(parents=True)
(labconfig / "page_config.json").write_text(
    json.dumps({"disabledExtensions": dict.fromkeys(DISABLED, True)}, indent=2)
)
# Read before the Lab application starts: the page config from every config dir on the
# path (this one first), the overrides from the application settings dir.
os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
    [str(lab_files / "etc" / "jupyter"), os.environ.get("JUPYTER_CONFIG_PATH", "")]
).rstrip(os.pathsep)
app_settings = lab_files / "share" / "jupyter" / "lab" / "settings"
app_settings.mkdir(parents=True)
(app_settings / "overrides.json").write_text(json.dumps(OVERRIDES, indent=2))
c.LabApp.app_settings_dir = str(app_settings)  # noqa: F821
