"""qBraid Lab's configuration as the browser tests and the hub's Lab servers write it."""

import json

from jupyterlab_qbraid.emulator.qbraid_lab import DISABLED, write_lab_config


def test_the_page_config_disables_qbraid_labs_plugins_and_keeps_page_options(tmp_path):
    config_dir, settings_dir = write_lab_config(
        tmp_path, {"qbraidAccountUrl": "https://account.example"}
    )

    page_config = json.loads((config_dir / "labconfig" / "page_config.json").read_text())
    assert page_config["disabledExtensions"] == dict.fromkeys(DISABLED, True)
    assert "@jupyterlab/apputils-extension:notification" in page_config["disabledExtensions"]
    assert page_config["qbraidAccountUrl"] == "https://account.example"
    overrides = json.loads((settings_dir / "overrides.json").read_text())
    assert overrides == {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}


def test_without_page_options_only_the_disabled_plugins(tmp_path):
    config_dir, _ = write_lab_config(tmp_path)

    page_config = json.loads((config_dir / "labconfig" / "page_config.json").read_text())
    assert list(page_config) == ["disabledExtensions"]
