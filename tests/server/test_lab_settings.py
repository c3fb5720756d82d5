"""The server reads the person's Lab settings itself: at start, as they change, and pinned."""

import json
import os

import pytest
import test_kernels  # tests/server is on sys.path (no __init__.py)
from waiting import until

# Fixtures shared with test_kernels: a real kernel, and what its os.environ holds.
kernel_cleanup, start, read_env = (
    test_kernels.kernel_cleanup,
    test_kernels.start,
    test_kernels.read_env,
)

VARIABLE = "QBRAID_API_KEY"
OTHER_VARIABLE = "MY_QBRAID_KEY"


@pytest.fixture
def other_variable(monkeypatch):
    # setenv first so that the undo removes whatever the server sets during the test.
    monkeypatch.setenv(OTHER_VARIABLE, "")
    monkeypatch.delenv(OTHER_VARIABLE)
    return OTHER_VARIABLE


@pytest.fixture
def settings_at_start():
    """The person's settings file as it is before the server starts (the test's parameter)."""
    return None


@pytest.fixture
def pins():
    """The deployment's pins (traitlets of QbraidAccount) for the test's server."""
    return {}


@pytest.fixture
def jp_server_config(jp_server_config, lab_files, settings_at_start, pins, configured):
    # The settings files are written before the server (and its extension) starts.
    if isinstance(settings_at_start, tuple):
        lab_files.write_settings(*settings_at_start)
    elif settings_at_start is not None:
        lab_files.write_settings(settings_at_start)
    # Often enough that a test does not wait long for the server to notice a change.
    jp_server_config["QbraidAccount"]["settings_check_seconds"] = 0.1
    jp_server_config["QbraidAccount"].update(pins)
    return jp_server_config


async def settings_in_force(fetch_json):
    status, described = await fetch_json("settings")
    assert status == 200
    return described


@pytest.mark.parametrize("settings_at_start", [{"autoInject": False}])
async def test_auto_inject_off_in_the_settings_file_holds_from_the_start(
    jp_serverapp, fetch_json, start, read_env, configured
):
    # A kernel started through the REST API, before any browser has connected.
    assert VARIABLE not in os.environ
    assert await read_env(await start(), VARIABLE) is None
    assert (await settings_in_force(fetch_json))["settings"]["autoInject"] is False


@pytest.mark.parametrize("settings_at_start", [{"variableName": OTHER_VARIABLE}])
async def test_a_variable_name_in_the_settings_file_holds_from_the_start(
    other_variable, jp_serverapp, start, read_env, configured
):
    # other_variable first: its clean-up of the environment must not undo the server's start.
    assert await read_env(await start(), VARIABLE, other_variable) == [None, configured]


@pytest.mark.parametrize(
    "settings_at_start", [("// the person's notes\n{ autoInject: false, }", "kernels")]
)
async def test_the_settings_file_is_read_as_json5_like_lab_does(jp_serverapp, start, read_env):
    assert await read_env(await start(), VARIABLE) is None


async def test_a_change_saved_in_the_settings_editor_is_followed_without_a_browser(
    jp_serverapp, fetch_json, lab_files, start, read_env, configured
):
    kernel = await start()
    assert await read_env(kernel, VARIABLE) == configured

    # Only the file changes; nobody asks the server to look.
    lab_files.write_settings({"autoInject": False})

    async def applied():
        return (await settings_in_force(fetch_json))["settings"]["autoInject"] is False

    await until(applied)
    _, snapshot = await fetch_json("kernels")
    assert snapshot["autoInject"] is False
    assert await read_env(kernel, VARIABLE) is None
    assert VARIABLE not in os.environ


async def test_the_deployment_overrides_are_defaults_the_person_can_change(
    jp_serverapp, fetch_json, lab_files, save_settings, configured
):
    lab_files.write_overrides({"jupyterlab-qbraid:guard": {"redactOnSave": False}})
    assert (await save_settings({}))["redactOnSave"] is False
    assert (await save_settings({"redactOnSave": True}))["redactOnSave"] is True


@pytest.mark.parametrize("settings_at_start", [{"autoInject": False, "redactOnSave": False}])
@pytest.mark.parametrize("pins", [{"auto_inject": True, "scan_exclusions": ["data/*"]}])
async def test_a_pinned_setting_wins_over_the_persons_and_says_who_set_it(
    jp_serverapp, fetch_json, save_settings, start, read_env, configured
):
    assert await read_env(await start(), VARIABLE) == configured
    described = await settings_in_force(fetch_json)
    assert described["settings"]["autoInject"] is True
    assert described["settings"]["redactOnSave"] is False
    assert described["settings"]["scanExclusions"] == ["data/*"]
    assert described["pinned"] == {
        "autoInject": {"value": True, "by": "c.QbraidAccount.auto_inject"},
        "scanExclusions": {"value": ["data/*"], "by": "c.QbraidAccount.scan_exclusions"},
    }
    # A later change of the person's own cannot move it either.
    used = await save_settings({"autoInject": False, "scanExclusions": ["other/*"]})
    assert (used["autoInject"], used["scanExclusions"]) == (True, ["data/*"])
    assert os.environ[VARIABLE] == configured


async def test_the_page_knows_what_is_pinned_without_asking(jp_serverapp, configured):
    # The frontend marks pinned settings in the Settings Editor before Lab has restored.
    assert jp_serverapp.web_app.settings["page_config_data"]["qbraidPinnedSettings"] == {}


@pytest.mark.parametrize("pins", [{"idle_stop_minutes": 30.0}])
async def test_pins_reach_the_page(jp_serverapp, configured):
    pinned = jp_serverapp.web_app.settings["page_config_data"]["qbraidPinnedSettings"]
    assert pinned == {"idleStopMinutes": {"value": 30.0, "by": "c.QbraidAccount.idle_stop_minutes"}}


@pytest.mark.parametrize("settings_at_start", [("{ not json5", "kernels")])
async def test_a_settings_file_that_does_not_parse_leaves_the_defaults_and_says_so(
    jp_serverapp, fetch_json, save_settings, configured, server_log
):
    assert (await settings_in_force(fetch_json))["settings"]["autoInject"] is True
    # Broken again while the server runs: what is in force stays, and the log says why.
    assert (await save_settings("{ autoInject: ", "kernels"))["autoInject"] is True
    assert "The qBraid settings could not be read" in server_log()
    # Fixed, it holds.
    assert (await save_settings({"autoInject": False}))["autoInject"] is False


async def test_a_variable_the_server_cannot_use_is_not_used_and_logged(
    jp_serverapp, save_settings, configured, server_log
):
    used = await save_settings({"variableName": "PATH"})
    assert used["variableName"] == VARIABLE
    assert "qBraid setting variableName is not used" in server_log()


async def test_a_settings_change_is_logged_without_values(
    jp_serverapp, save_settings, configured, server_log
):
    await save_settings({"scanExclusions": ["secret-folder/*"]})
    log = server_log()
    assert "qBraid settings changed: scanExclusions." in log
    assert "secret-folder" not in log


@pytest.mark.parametrize(
    "settings_at_start",
    [('{"refreshInterval": 120, "autoInject": false, "idleStopMinutes": 30}', "account")],
)
async def test_settings_saved_under_the_account_plugin_move_to_their_own_at_start(
    jp_serverapp, fetch_json, lab_files, start, read_env, configured
):
    # Obeyed from the start, from their new place.
    assert await read_env(await start(), VARIABLE) is None
    described = await settings_in_force(fetch_json)
    assert (described["settings"]["autoInject"], described["settings"]["idleStopMinutes"]) == (
        False,
        30,
    )
    # And Lab finds each where its schema is: nothing unknown is left in the account's file.
    read = lambda plugin: json.loads(lab_files.settings_file(plugin).read_text())  # noqa: E731
    assert read("account") == {"refreshInterval": 120}
    assert read("kernels") == {"autoInject": False}
    assert read("instance") == {"idleStopMinutes": 30}
