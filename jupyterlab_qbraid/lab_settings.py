"""The person's settings for this extension, read by the server itself, as Lab resolves them.

The settings the server acts on (the key's variable, auto-inject, redaction, scan
exclusions, idle stop) must hold from the moment it starts, with no browser open: they are
read from Lab's own files (the schema's defaults with the deployment's `overrides.json`, then
the person's user settings), followed while the server runs, and a deployment can pin any of
them with a traitlet on `QbraidAccount`, which then wins.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path
from typing import Any

from tornado.ioloop import PeriodicCallback
from tornado.web import HTTPError

from .errors import InvalidRequest
from .guard.guard import checked_exclusions
from .kernels import checked_variable

EXTENSION = "jupyterlab-qbraid"
# The plugin whose schema holds each setting the server acts on.
PLUGIN_OF = {
    "variableName": "kernels",
    "autoInject": "kernels",
    "redactOnSave": "guard",
    "scanExclusions": "guard",
    "idleStopMinutes": "instance",
}
# The settings the server acts on, and the traitlet of `QbraidAccount` that pins each.
PINNING_TRAITS = {
    "variableName": "variable_name",
    "autoInject": "auto_inject",
    "redactOnSave": "redact_on_save",
    "scanExclusions": "scan_exclusions",
    "idleStopMinutes": "idle_stop_minutes",
}
# What the schema says when no schema can be found (Lab is not installed beside the server).
DEFAULTS = {
    "variableName": "QBRAID_API_KEY",
    "autoInject": True,
    "redactOnSave": True,
    "scanExclusions": [],
    "idleStopMinutes": 0,
}


@dataclass(frozen=True)
class SettingsPlaces:
    """Where Lab (or Notebook) keeps schemas, the deployment's overrides and user settings."""

    app_settings_dir: str
    schemas_dir: str
    user_settings_dir: str
    labextensions_path: list[str] = field(default_factory=list)

    def user_file(self, plugin: str) -> Path:
        """Where Lab keeps the person's settings of one of this extension's plugins."""
        return Path(self.user_settings_dir) / EXTENSION / f"{plugin}.jupyterlab-settings"

    def watched_files(self) -> list[Path]:
        """The files whose change can change a setting: the person's, then the deployment's."""
        files = [self.user_file(plugin) for plugin in sorted(set(PLUGIN_OF.values()))]
        if self.app_settings_dir:
            settings = Path(self.app_settings_dir)
            files += [settings / "overrides.json", settings / "overrides.json5"]
            files += sorted(Path(p) for p in glob(str(settings / "overrides.d" / "*.json*")))
        return files


def places_of(serverapp: Any) -> SettingsPlaces | None:
    """The settings places of the Lab or Notebook this server runs, or None without either."""
    try:
        from jupyterlab_server.config import LabConfig
    except ImportError:
        return None
    for apps in serverapp.extension_manager.extension_apps.values():
        for app in apps:
            if isinstance(app, LabConfig) and app.user_settings_dir:
                return SettingsPlaces(
                    app.app_settings_dir,
                    app.schemas_dir,
                    app.user_settings_dir,
                    [*app.labextensions_path, *app.extra_labextensions_path],
                )
    return None


def read_lab_settings(places: SettingsPlaces | None, log: logging.Logger) -> dict[str, Any] | None:
    """The settings as Lab composes them; None when the files cannot be read right now."""
    if places is None:
        return dict(DEFAULTS)
    read: dict[str, Any] = {}
    for plugin in sorted(set(PLUGIN_OF.values())):
        values = _read_plugin(places, plugin, log)
        if values is None:
            return None
        read.update(values)
    return _usable(read, log)


def _read_plugin(places: SettingsPlaces, plugin: str, log: logging.Logger) -> dict[str, Any] | None:
    """One plugin's settings the server acts on: the person's, else the schema's default."""
    from jupyterlab_server.settings_utils import get_settings

    names = [name for name, owner in PLUGIN_OF.items() if owner == plugin]
    try:
        result, warnings = get_settings(
            places.app_settings_dir,
            places.schemas_dir,
            places.user_settings_dir,
            schema_name=f"{EXTENSION}:{plugin}",
            labextensions_path=places.labextensions_path,
        )
    except HTTPError as error:
        if error.status_code == 404:
            # No schema: the frontend is not installed where this Lab looks; Lab shows no
            # settings either, so its defaults are what the person has.
            return {name: DEFAULTS[name] for name in names}
        log.warning(
            "The qBraid settings could not be read (%s); keeping those in use.", error.log_message
        )
        return None
    for warning in warnings:
        if warning:
            # Lab drops settings that fail validation and uses the defaults; so does the server.
            log.warning("qBraid settings: %s", warning)
    properties = result["schema"].get("properties", {})
    user = result.get("settings", {})
    return {
        name: user[name]
        if name in user
        else properties.get(name, {}).get("default", DEFAULTS[name])
        for name in names
    }


def _usable(settings: dict[str, Any], log: logging.Logger) -> dict[str, Any]:
    """The settings, with a default (and a warning) for any value the server cannot use."""
    usable = dict(settings)
    for name, check in (("variableName", checked_variable), ("scanExclusions", checked_exclusions)):
        try:
            usable[name] = check(settings[name])
        except InvalidRequest as error:
            log.warning("qBraid setting %s is not used: %s", name, error.message)
            usable[name] = DEFAULTS[name]
    return usable


class LabSettings:
    """The settings in force: pinned values over the person's; `on_change` hears every change."""

    def __init__(
        self,
        places: SettingsPlaces | None,
        pinned: dict[str, Any],
        log: logging.Logger,
    ):
        self.places = places
        self.pinned = {name: value for name, value in pinned.items() if value is not None}
        self.log = log
        self._listeners: list[Callable[[dict[str, Any]], Any]] = []
        self._signature = self._files_signature()
        self.effective = self._compose(read_lab_settings(places, log) or dict(DEFAULTS))
        self._watch: PeriodicCallback | None = None

    def on_change(self, listener: Callable[[dict[str, Any]], Any]) -> None:
        self._listeners.append(listener)

    async def reload(self) -> bool:
        """Read the files again; True (once listeners are done) when a setting in force changed."""
        self._signature = self._files_signature()
        read = read_lab_settings(self.places, self.log)
        if read is None:
            return False
        effective = self._compose(read)
        if effective == self.effective:
            return False
        changed = sorted(name for name in effective if effective[name] != self.effective[name])
        self.log.info("qBraid settings changed: %s.", ", ".join(changed))
        self.effective = effective
        for listener in self._listeners:
            outcome = listener(effective)
            if inspect.isawaitable(outcome):
                await outcome
        return True

    def watch(self, interval_seconds: float) -> None:
        """Follow edits from the Settings Editor or by hand: a stat of a few files, no reading."""
        self._watch = PeriodicCallback(self._check, interval_seconds * 1000)
        self._watch.start()

    def close(self) -> None:
        if self._watch is not None:
            self._watch.stop()

    def describe(self) -> dict[str, Any]:
        return {
            "settings": dict(self.effective),
            "pinned": {
                name: {"value": value, "by": f"c.QbraidAccount.{PINNING_TRAITS[name]}"}
                for name, value in self.pinned.items()
            },
        }

    async def _check(self) -> None:
        if self._files_signature() != self._signature:
            await self.reload()

    def _compose(self, read: dict[str, Any]) -> dict[str, Any]:
        return {**read, **self.pinned}

    def _files_signature(self) -> tuple:
        if self.places is None:
            return ()
        signature = []
        for path in self.places.watched_files():
            try:
                stat = path.stat()
            except OSError:
                continue
            signature.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(signature)
