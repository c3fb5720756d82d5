"""Settings saved under the account plugin move to their own plugins' files."""

import json
import logging
from pathlib import Path

import pytest

from jupyterlab_qbraid.lab_settings import SettingsPlaces
from jupyterlab_qbraid.settings_migration import migrate_moved_settings

LOG = logging.getLogger("test")


@pytest.fixture
def places(tmp_path):
    return SettingsPlaces(str(tmp_path / "app"), str(tmp_path / "schemas"), str(tmp_path / "user"))


def write(places, plugin, text):
    path = places.user_file(plugin)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if isinstance(text, str) else json.dumps(text))
    return path


def read(places, plugin):
    return json.loads(places.user_file(plugin).read_text())


def test_each_moved_setting_goes_to_its_plugin_and_leaves_the_account(places, caplog):
    caplog.set_level(logging.INFO)
    write(
        places,
        "account",
        "// notes\n{ lowCreditThreshold: 50, variableName: 'K', redactOnSave: false,"
        " rotationReminderDays: 30 }",
    )
    moved = migrate_moved_settings(places, LOG)
    assert sorted(moved) == ["redactOnSave", "rotationReminderDays", "variableName"]
    assert read(places, "account") == {"lowCreditThreshold": 50}
    assert read(places, "kernels") == {"variableName": "K"}
    assert read(places, "guard") == {"redactOnSave": False}
    assert read(places, "keys") == {"rotationReminderDays": 30}
    assert "variableName, redactOnSave, rotationReminderDays moved" in caplog.text
    # Done once: a second start finds nothing to move.
    assert migrate_moved_settings(places, LOG) == []


def test_a_value_already_in_the_new_place_wins_and_the_file_keeps_its_mode(places):
    write(places, "account", {"autoInject": False})
    kernels = write(places, "kernels", {"autoInject": True, "variableName": "MINE"})
    kernels.chmod(0o640)
    migrate_moved_settings(places, LOG)
    assert read(places, "kernels") == {"autoInject": True, "variableName": "MINE"}
    assert kernels.stat().st_mode & 0o777 == 0o640
    assert read(places, "account") == {}


def test_an_unreadable_new_place_is_not_written_over_and_the_value_stays(places, caplog):
    write(places, "account", {"autoInject": False, "idleStopMinutes": 5})
    write(places, "kernels", "{ broken")
    assert migrate_moved_settings(places, LOG) == ["idleStopMinutes"]
    assert places.user_file("kernels").read_text() == "{ broken"
    assert read(places, "account") == {"autoInject": False}
    assert "could not be read" in caplog.text


def test_an_account_file_that_does_not_parse_is_left_alone(places):
    path = write(places, "account", "{ autoInject: ")
    assert migrate_moved_settings(places, LOG) == []
    assert path.read_text() == "{ autoInject: "


def test_nothing_to_move_writes_nothing(places):
    assert migrate_moved_settings(places, LOG) == []
    assert not places.user_file("account").exists()
    write(places, "account", {"refreshInterval": 60})
    assert migrate_moved_settings(places, LOG) == []
    assert not places.user_file("kernels").exists()


def test_a_deployment_override_left_under_the_account_is_reported(places, caplog):
    overrides = Path(places.app_settings_dir) / "overrides.json"
    overrides.parent.mkdir(parents=True)
    overrides.write_text(json.dumps({"jupyterlab-qbraid:account": {"autoInject": False}}))
    migrate_moved_settings(places, LOG)
    assert "set it under jupyterlab-qbraid:kernels" in caplog.text
