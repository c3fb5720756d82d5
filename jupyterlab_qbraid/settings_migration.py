"""Moving the person's settings out of the account plugin, where every setting of this
extension lived until each plugin had a schema of its own.

Lab checks a plugin's saved settings against its schema, which allows nothing unknown: a
moved setting left in the account plugin's file would make Lab set aside everything in that
file. So, as the server starts, each moved value goes to its own plugin's file (unless the
person has already set it there) and leaves the account plugin's file. A deployment's
`overrides.json` is not ours to rewrite: a moved setting there is reported in the log.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import json5

from .lab_settings import EXTENSION, PLUGIN_OF, SettingsPlaces

SOURCE = "account"
# Every setting that left the account plugin, and the plugin that holds it now.
MOVED = {**PLUGIN_OF, "rotationReminderDays": "keys"}


def migrate_moved_settings(places: SettingsPlaces | None, log: logging.Logger) -> list[str]:
    """Move the person's moved settings to their plugins' files; the names moved."""
    if places is None:
        return []
    _report_moved_overrides(places, log)
    source = places.user_file(SOURCE)
    old = _read(source, log)
    moving = [name for name in MOVED if old and name in old]
    if not old or not moving:
        return []
    for plugin in sorted({MOVED[name] for name in moving}):
        target = places.user_file(plugin)
        current = _read(target, log) if target.exists() else {}
        if current is None:
            # Unreadable: nothing is written over it, and the values stay where they were.
            moving = [name for name in moving if MOVED[name] != plugin]
            continue
        # A value the person already set in the new place is theirs; it wins.
        _write(target, {**{n: old[n] for n in moving if MOVED[n] == plugin}, **current})
    if moving:
        _write(source, {name: value for name, value in old.items() if name not in moving})
        log.info(
            "qBraid settings %s moved from the %s plugin's settings to their own plugins'.",
            ", ".join(moving),
            SOURCE,
        )
    return moving


def _read(path: Path, log: logging.Logger) -> dict[str, Any] | None:
    """A settings file as a dict; None when it is missing or cannot be read as one."""
    try:
        value = json5.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        log.warning("qBraid settings in %s could not be read: %s", path.name, error)
        return None
    return value if isinstance(value, dict) else None


def _write(path: Path, settings: dict[str, Any]) -> None:
    """Replace the file whole, so that Lab never reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(json.dumps(settings, indent=4) + "\n")
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _report_moved_overrides(places: SettingsPlaces, log: logging.Logger) -> None:
    for path in places.watched_files():
        if "overrides" not in path.name:
            continue
        overrides = _read(path, log) if path.exists() else None
        legacy = (overrides or {}).get(f"{EXTENSION}:{SOURCE}")
        for name in MOVED:
            if isinstance(legacy, dict) and name in legacy:
                log.warning(
                    "%s sets %s under %s:%s, which no longer has it: set it under %s:%s.",
                    path,
                    name,
                    EXTENSION,
                    SOURCE,
                    EXTENSION,
                    MOVED[name],
                )
