"""A real Jupyter server with the extension, talking to a real emulator process."""

import json
import logging
import shutil
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from jupyterlab_qbraid.lab_settings import PLUGIN_OF

SCHEMAS = Path(__file__).resolve().parents[2] / "schema"


@dataclass
class LabFiles:
    """The person's and the deployment's Lab settings, where this test's Lab keeps them."""

    user_settings_dir: Path
    app_settings_dir: Path
    schemas_dir: Path

    def settings_file(self, plugin: str) -> Path:
        return self.user_settings_dir / "jupyterlab-qbraid" / f"{plugin}.jupyterlab-settings"

    def write_settings(self, settings: dict | str, plugin: str | None = None) -> None:
        """What the Settings Editor saves (JSON5, so comments are allowed): text into one
        plugin's file, or a dict whole, each setting in its plugin's file."""
        if isinstance(settings, str):
            assert plugin is not None, "text goes into one plugin's file"
            files = {plugin: settings}
        else:
            files = {owner: {} for owner in PLUGIN_OF.values()}
            for name, value in settings.items():
                files[PLUGIN_OF[name]][name] = value
        for owner, content in files.items():
            path = self.settings_file(owner)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = content if isinstance(content, str) else json.dumps(content)
            path.write_text(text, encoding="utf-8")

    def write_overrides(self, overrides: dict) -> None:
        """A deployment's overrides.json: defaults, which the person's settings still win over."""
        self.app_settings_dir.mkdir(parents=True, exist_ok=True)
        (self.app_settings_dir / "overrides.json").write_text(json.dumps(overrides))


@pytest.fixture
def lab_files(tmp_path):
    """Lab's settings places for this test, with the extension's schemas installed in them."""
    files = LabFiles(tmp_path / "user-settings", tmp_path / "app-settings", tmp_path / "schemas")
    shutil.copytree(SCHEMAS, files.schemas_dir / "jupyterlab-qbraid")
    return files


@pytest.fixture
def admin(emulator):
    """Call one of the emulator's /__emulator__ admin routes; answer its `data`."""

    def call(method, route, body=None):
        request = urllib.request.Request(
            f"{emulator.base}/__emulator__/{route}",
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["data"]

    return call


@pytest.fixture
def access_token(admin):
    """A new access token of the demo user, minted by the emulator (as the platform does)."""
    return admin("POST", "access-tokens", {})["token"]


@pytest.fixture
def qbraidrc(tmp_path, monkeypatch):
    """A private qbraidrc path for this test; never the real home one."""
    path = tmp_path / "qbraidrc"
    monkeypatch.setenv("QBRAID_CONFIG_FILE", str(path))
    # setenv first so that the undo removes whatever the server sets during the test.
    monkeypatch.setenv("QBRAID_API_KEY", "")
    monkeypatch.delenv("QBRAID_API_KEY")
    # Nothing of the person's own qBraid setup takes part.
    monkeypatch.delenv("QBRAID_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("QBRAID_API_URL", raising=False)
    return path


@pytest.fixture
def request_timeout():
    return 2.0


@pytest.fixture
def jp_server_config(request, emulator, qbraidrc, request_timeout):
    config = {
        "ServerApp": {
            "jpserver_extensions": {"jupyterlab_qbraid": True, "jupyter_server_terminals": False},
            "allow_unauthenticated_access": False,
            "allow_root": True,
        },
        "QbraidAccount": {"api_url": emulator.url, "request_timeout": request_timeout},
    }
    if "lab_files" in request.fixturenames:
        # JupyterLab beside it, as people run it, where the extension's settings matter to
        # the test: the extension reads them from Lab's files. Elsewhere it keeps their
        # defaults, as under a bare Jupyter server, and each server starts sooner.
        lab_files = request.getfixturevalue("lab_files")
        config["ServerApp"]["jpserver_extensions"]["jupyterlab"] = True
        config["LabApp"] = {
            "user_settings_dir": str(lab_files.user_settings_dir),
            "app_settings_dir": str(lab_files.app_settings_dir),
            "schemas_dir": str(lab_files.schemas_dir),
        }
    return config


@pytest.fixture
def configured(qbraidrc, emulator):
    """The seeded demo key in the qbraidrc, as after `qbraid configure`."""
    qbraidrc.write_text(f"[default]\napi-key = {emulator.api_key}\nurl = {emulator.url}\n")
    return emulator.api_key


@pytest.fixture
def fetch_json(jp_fetch):
    """Call a qbraid route; answer (status, JSON body) whatever the status."""

    async def call(path, method="GET", body=None, headers=None, params=None):
        kwargs = {"method": method, "raise_error": False, "params": params}
        if body is not None:
            kwargs["body"] = body if isinstance(body, (bytes, str)) else json.dumps(body)
            kwargs["headers"] = {"Content-Type": "application/json", **(headers or {})}
        elif headers:
            kwargs["headers"] = headers
        response = await jp_fetch("jupyterlab-qbraid", path, **kwargs)
        return response.code, json.loads(response.body or b"null")

    return call


@pytest.fixture
def account_service(jp_serverapp):
    """The running extension's service, for tests that point it elsewhere."""
    (extension,) = jp_serverapp.extension_manager.extension_apps["jupyterlab_qbraid"]
    return extension.service


@pytest.fixture
def server_log(jp_serverapp, capfd):
    """Everything this process logs during the test, at every level, and its console output."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    loggers = [logging.getLogger(), jp_serverapp.log] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    levels = {logger: logger.level for logger in loggers}
    for logger in levels:
        logger.setLevel(logging.DEBUG)
        # Non-propagating loggers (the server's own) never reach the root's handlers.
        if logger is logging.getLogger() or not logger.propagate:
            logger.addHandler(handler)

    def text():
        captured = capfd.readouterr()
        return "\n".join(lines) + captured.out + captured.err

    yield text
    for logger, level in levels.items():
        logger.setLevel(level)
        logger.removeHandler(handler)


@pytest.fixture
def save_settings(lab_files, fetch_json):
    """Save the person's qBraid settings as the Settings Editor does, then nudge the server as
    the frontend does after a save; the settings in force after it."""

    async def save(settings, plugin=None):
        lab_files.write_settings(settings, plugin)
        status, described = await fetch_json("settings", "POST", b"")
        assert status == 200
        return described["settings"]

    return save


@pytest.fixture
def subscription_pod(monkeypatch):
    """A qBraid subscription pod, not under a hub: its stop goes to qBraid (here the emulator).
    Set before the server starts."""
    for name in ("JUPYTERHUB_API_URL", "JUPYTERHUB_USER", "QBRAID_INSTANCE_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QBRAID_CLUSTER_ID", "qbraid-demo-cluster")
