"""qBraid Lab's configuration, as its published application (`qbraid-lab` on PyPI) sets it.

Its ``etc/jupyter/labconfig/page_config.json`` disables the plugins in :data:`DISABLED`, and
its settings overrides make JupyterLab Dark the default theme (:data:`OVERRIDES`). The
browser tests' qBraid Lab server and the hub's Lab servers (``--qbraid-lab``) write both
into folders of their own; qbraid-lab itself is never installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Lab's notifications among them: our notices must reach the person through the
# extension's own surfaces there.
DISABLED = [
    "@jupyterlab/apputils-extension:notification",
    "@jupyterlab/apputils-extension:splash",
    "@jupyterlab/running-extension",
    "@jupyterlab/extensionmanager-extension",
    "@jupyterlab/pluginmanager-extension",
    "@jupyterlab/theme-dark-high-contrast-extension",
]
# JupyterLab Dark unless the person chooses another.
OVERRIDES = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}


def write_lab_config(folder: Path, page_options: dict[str, Any] | None = None) -> tuple[Path, Path]:
    """Write qBraid Lab's page config (with ``page_options`` added) and overrides in ``folder``.

    Returns the Jupyter config folder to put first on ``JUPYTER_CONFIG_PATH`` and the
    folder for ``LabApp.app_settings_dir``.
    """
    config_dir = folder / "etc" / "jupyter"
    (config_dir / "labconfig").mkdir(parents=True, exist_ok=True)
    page_config = {"disabledExtensions": dict.fromkeys(DISABLED, True), **(page_options or {})}
    (config_dir / "labconfig" / "page_config.json").write_text(json.dumps(page_config, indent=2))
    settings_dir = folder / "share" / "jupyter" / "lab" / "settings"
    settings_dir.mkdir(parents=True, exist_ok=True)
    (settings_dir / "overrides.json").write_text(json.dumps(OVERRIDES, indent=2))
    return config_dir, settings_dir
