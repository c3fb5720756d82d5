"""{base_url}jupyterlab-qbraid/guard: the key leak guard in a real Jupyter server against a real emulator."""

import asyncio
import json
import threading

import pytest
from jupyter_server.services.contents.manager import ContentsManager
from waiting import until

from jupyterlab_qbraid.guard import scan as guard_scan
from jupyterlab_qbraid.guard.scan import ScanLimits

# What a deployment's own pre-save hook saw: it must keep running beside ours.
DEPLOYMENT_SAVES = []


def deployment_hook(model, path, contents_manager, **kwargs):
    DEPLOYMENT_SAVES.append(path)
    if model.get("type") == "notebook":
        model["content"]["metadata"]["deployment"] = "stamped"


# The server applies its config twice, and traitlets warns when a hook replaces itself.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding existing pre_save_hook:UserWarning")


@pytest.fixture
def jp_server_config(jp_server_config):
    DEPLOYMENT_SAVES.clear()
    return {**jp_server_config, "ContentsManager": {"pre_save_hook": deployment_hook}}


@pytest.fixture
def guard(jp_serverapp):
    (extension,) = jp_serverapp.extension_manager.extension_apps["jupyterlab_qbraid"]
    return extension.guard


def marker(key):
    return f"[qBraid API key …{key[-4:]} redacted]"


def leaky_notebook(*keys, source="print('hello')"):
    """A notebook whose outputs hold each key in a stream, an error and HTML, as Lab sends it."""
    cell = {
        "id": "code-1",
        "cell_type": "code",
        "source": source,
        "metadata": {},
        "execution_count": 1,
    }
    cells = [{**cell, "outputs": []}]
    for key in keys:
        cells[0]["outputs"] += [
            {"output_type": "stream", "name": "stdout", "text": f"the key is {key}\nbye\n"},
            {
                "output_type": "error",
                "ename": "KeyError",
                "evalue": f"'{key}'",
                "traceback": ["Traceback (most recent call last)", f"KeyError: '{key}'"],
            },
            {
                "output_type": "display_data",
                "data": {
                    "text/html": f"<code>{key}</code>",
                    "text/plain": "<IPython.core.display.HTML object>",
                },
                "metadata": {},
            },
        ]
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


async def save(jp_fetch, path, content, kind="notebook", fmt="json"):
    response = await jp_fetch(
        "api",
        "contents",
        path,
        method="PUT",
        body=json.dumps({"type": kind, "format": fmt, "content": content}),
    )
    assert response.code in (200, 201)
    return response


async def report(jp_fetch, path):
    response = await jp_fetch("jupyterlab-qbraid", "guard", "report", params={"path": path})
    assert response.code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.body.decode(), json.loads(response.body)


async def active_key_id(fetch_json):
    _, body = await fetch_json("keys")
    (active,) = [key for key in body["keys"] if key["active"]]
    return active["id"]


def assert_redacted(text, *keys):
    for key in keys:
        assert key not in text
        assert text.count(marker(key)) == 4


# Saving


async def test_outputs_with_the_active_key_are_redacted_on_disk_and_in_the_checkpoint(
    jp_fetch, configured, jp_root_dir
):
    await save(jp_fetch, "leaky.ipynb", leaky_notebook(configured))
    assert_redacted((jp_root_dir / "leaky.ipynb").read_text(), configured)

    response = await jp_fetch(
        "api", "contents", "leaky.ipynb", "checkpoints", method="POST", body=b""
    )
    assert response.code == 201
    assert_redacted(
        (jp_root_dir / ".ipynb_checkpoints" / "leaky-checkpoint.ipynb").read_text(), configured
    )
    model = json.loads((await jp_fetch("api", "contents", "leaky.ipynb")).body)
    assert configured not in json.dumps(model)
    assert (
        model["content"]["cells"][0]["outputs"][0]["text"]
        == f"the key is {marker(configured)}\nbye\n"
    )

    text, body = await report(jp_fetch, "leaky.ipynb")
    assert configured not in text
    assert body == {
        "path": "leaky.ipynb",
        "found": True,
        "redactedOutputs": 4,
        "outputsLeft": 0,
        "hints": [configured[-4:]],
        "sources": [],
        "other": 0,
        "language": "python",
        "textLines": [],
    }
    # Once: the browser fetches it right after its save.
    assert (await report(jp_fetch, "leaky.ipynb"))[1] == {"path": "leaky.ipynb", "found": False}


async def test_a_rotated_away_key_is_still_redacted(jp_fetch, fetch_json, configured, jp_root_dir):
    status, rotated = await fetch_json(f"keys/{await active_key_id(fetch_json)}/rotate", "POST", {})
    assert status == 200 and rotated["wasActive"] is True
    new_secret = rotated["secret"]
    await save(jp_fetch, "old.ipynb", leaky_notebook(configured, new_secret))
    on_disk = (jp_root_dir / "old.ipynb").read_text()
    assert_redacted(on_disk, configured, new_secret)
    _, body = await report(jp_fetch, "old.ipynb")
    assert body["redactedOutputs"] == 8
    assert body["hints"] == [configured[-4:], new_secret[-4:]]


async def test_a_created_key_is_redacted(jp_fetch, fetch_json, configured, jp_root_dir):
    status, created = await fetch_json("keys", "POST", {"name": "shown once"})
    assert status == 201
    secret = created["secret"]
    await save(jp_fetch, "created.ipynb", leaky_notebook(secret))
    assert_redacted((jp_root_dir / "created.ipynb").read_text(), secret)


async def test_a_key_in_a_cell_source_is_kept_and_reported(jp_fetch, configured, jp_root_dir):
    # The emoji is two UTF-16 code units, as the browser counts, but one Python character.
    source = f"# 🔑 {configured}\nimport os\nos.environ['QBRAID_API_KEY'] = '{configured}'"
    notebook = leaky_notebook(configured, source=source)
    notebook["cells"].insert(
        0, {"id": "intro", "cell_type": "markdown", "source": "Intro", "metadata": {}}
    )
    await save(jp_fetch, "source.ipynb", notebook)
    saved = json.loads((jp_root_dir / "source.ipynb").read_text())
    assert "".join(saved["cells"][1]["source"]) == source
    assert configured not in json.dumps(saved["cells"][1]["outputs"])

    text, body = await report(jp_fetch, "source.ipynb")
    assert configured not in text
    second = len("# 🔑 ") + 1 + len(f"{configured}\nimport os\nos.environ['QBRAID_API_KEY'] = '")
    assert body["sources"] == [
        {
            "cellIndex": 1,
            "cellId": "code-1",
            "ranges": [[5, 5 + len(configured)], [second, second + len(configured)]],
        }
    ]
    assert body["redactedOutputs"] == 4
    assert body["language"] == "python"
    # The browser's own slicing of the saved source finds the key at those offsets.
    units = source.encode("utf-16-le")
    for start, end in body["sources"][0]["ranges"]:
        assert units[2 * start : 2 * end].decode("utf-16-le") == configured


async def test_a_key_in_a_text_file_is_kept_and_reported(jp_fetch, configured, jp_root_dir):
    content = f"# settings\r\nNAME = '🔑'; KEY = '{configured}'\n"
    await save(jp_fetch, "settings.py", content, kind="file", fmt="text")
    assert configured in (jp_root_dir / "settings.py").read_text()
    text, body = await report(jp_fetch, "settings.py")
    assert configured not in text
    start = len("NAME = '🔑'; KEY = '") + 1
    assert body["textLines"] == [{"line": 2, "ranges": [[start, start + len(configured)]]}]
    assert (body["redactedOutputs"], body["sources"], body["hints"]) == (0, [], [configured[-4:]])


async def test_a_save_without_a_key_leaves_no_report(jp_fetch, configured, jp_root_dir):
    await save(jp_fetch, "leaky.ipynb", leaky_notebook(configured))
    await save(jp_fetch, "leaky.ipynb", leaky_notebook())
    assert (await report(jp_fetch, "leaky.ipynb"))[1] == {"path": "leaky.ipynb", "found": False}
    await save(jp_fetch, "plain.txt", "nothing here", kind="file", fmt="text")
    assert (await report(jp_fetch, "plain.txt"))[1]["found"] is False


async def test_the_deployments_own_hook_still_runs(jp_fetch, jp_serverapp, configured, jp_root_dir):
    assert jp_serverapp.contents_manager.pre_save_hook is deployment_hook
    await save(jp_fetch, "both.ipynb", leaky_notebook(configured))
    assert DEPLOYMENT_SAVES == ["both.ipynb"]
    saved = (jp_root_dir / "both.ipynb").read_text()
    assert json.loads(saved)["metadata"]["deployment"] == "stamped"
    assert_redacted(saved, configured)


# Settings


async def test_redaction_can_be_turned_off_and_on(
    jp_fetch, fetch_json, save_settings, configured, jp_root_dir
):
    settings = await save_settings({"redactOnSave": False, "scanExclusions": ["data/*"]})
    assert (settings["redactOnSave"], settings["scanExclusions"]) == (False, ["data/*"])
    await save(jp_fetch, "kept.ipynb", leaky_notebook(configured))
    assert (jp_root_dir / "kept.ipynb").read_text().count(configured) == 4
    _, found = await report(jp_fetch, "kept.ipynb")
    assert (found["redactedOutputs"], found["outputsLeft"]) == (0, 4)

    # A setting left out takes its default again, as in Lab.
    settings = await save_settings({"scanExclusions": ["data/*"]})
    assert (settings["redactOnSave"], settings["scanExclusions"]) == (True, ["data/*"])
    await save(jp_fetch, "kept.ipynb", leaky_notebook(configured))
    assert_redacted((jp_root_dir / "kept.ipynb").read_text(), configured)


@pytest.mark.parametrize(
    "settings",
    [
        # Outside the schema: Lab drops the whole file and uses the defaults; so does the server.
        {"redactOnSave": "no", "scanExclusions": ["a"]},
        {"redactOnSave": None, "scanExclusions": ["a"]},
        {"scanExclusions": "node_modules"},
        {"scanExclusions": [1]},
        {"scanExclusions": ["x"] * 101},
        {"scanExclusions": ["x" * 201]},
        "{ not json5",
    ],
)
async def test_settings_lab_would_not_use_are_not_used(
    fetch_json, save_settings, configured, settings
):
    await save_settings({"redactOnSave": False, "scanExclusions": ["a"]})
    used = await save_settings(settings, "guard")
    if isinstance(settings, str):
        # A file that does not parse changes nothing until it is fixed.
        assert (used["redactOnSave"], used["scanExclusions"]) == (False, ["a"])
    else:
        assert (used["redactOnSave"], used["scanExclusions"]) == (True, [])


async def test_a_blank_exclusion_the_schema_allows_is_not_used(save_settings, configured):
    used = await save_settings({"redactOnSave": False, "scanExclusions": [" "]})
    assert (used["redactOnSave"], used["scanExclusions"]) == (False, [])


async def test_limits_allow_100_patterns_of_200_characters(save_settings, configured):
    patterns = ["p" * 200] * 100
    assert (await save_settings({"scanExclusions": patterns}))["scanExclusions"] == patterns


# Scanning


def plant(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


async def scan_to_the_end(fetch_json, body=None):
    status, state = await fetch_json("guard/scan", "POST", body if body is not None else {})
    assert status == 202
    assert state["state"] in ("running", "done")

    async def ended():
        status, state = await fetch_json("guard/scan")
        assert status == 200
        return state if state["state"] != "running" else None

    return await until(ended)


async def test_scan_finds_planted_keys_where_it_should(
    jp_fetch, fetch_json, configured, jp_root_dir, guard
):
    key = configured
    notebook = json.dumps(leaky_notebook(key))
    plant(jp_root_dir, "a/b/c/x.ipynb", notebook)
    plant(jp_root_dir, "notes.md", f"first\nkey: {key}\n")
    plant(jp_root_dir, "clean.ipynb", json.dumps(leaky_notebook()))
    plant(jp_root_dir, "private/excluded.ipynb", notebook)
    plant(jp_root_dir, "scratch.ipynb", notebook)
    plant(jp_root_dir, "node_modules/pkg/index.json", f'{{"k": "{key}"}}')
    plant(jp_root_dir, ".hidden/x.py", f"KEY = '{key}'")
    plant(jp_root_dir, "env/pyvenv.cfg", "home = /usr")
    plant(jp_root_dir, "env/lib/site.py", f"KEY = '{key}'")
    plant(jp_root_dir, "conda/conda-meta/history", "")
    plant(jp_root_dir, "conda/x.py", f"KEY = '{key}'")
    plant(jp_root_dir, "picture.png", key)
    plant(jp_root_dir, "big.csv", "x" * 8192 + key)
    guard.scanner.limits = ScanLimits(max_file_bytes=4096)

    state = await scan_to_the_end(fetch_json, {"exclusions": ["private", "scratch.*"]})
    assert state["state"] == "done"
    assert key not in json.dumps(state)
    assert state["truncated"] is False and "reason" not in state
    assert state["currentDir"] is None
    assert state["skipped"] == [{"path": "big.csv", "reason": "too_large"}]
    assert state["results"] == [
        {
            "path": "a/b/c/x.ipynb",
            "kind": "notebook",
            "outputs": 4,
            "sources": 0,
            "other": 0,
            "hints": [key[-4:]],
        },
        {
            "path": "notes.md",
            "kind": "text",
            "outputs": 0,
            "sources": 1,
            "other": 0,
            "hints": [key[-4:]],
        },
    ]
    # a/b/c/x.ipynb, clean.ipynb, notes.md.
    assert state["filesScanned"] == 3
    assert state["bytesScanned"] > 0 and state["elapsedMs"] >= 0

    status, redacted = await fetch_json("guard/redact", "POST", {"path": "a/b/c/x.ipynb"})
    assert status == 200
    assert redacted == {
        "path": "a/b/c/x.ipynb",
        "kind": "notebook",
        "outputs": 0,
        "sources": 0,
        "other": 0,
        "hints": [],
        "redactedOutputs": 4,
    }
    assert_redacted((jp_root_dir / "a/b/c/x.ipynb").read_text(), key)
    checkpoint = jp_root_dir / "a/b/c/.ipynb_checkpoints/x-checkpoint.ipynb"
    assert_redacted(checkpoint.read_text(), key)
    # The scan's list follows, and no save report waits for the browser.
    assert [row["path"] for row in (await fetch_json("guard/scan"))[1]["results"]] == ["notes.md"]
    assert (await report(jp_fetch, "a/b/c/x.ipynb"))[1]["found"] is False


async def test_scan_uses_the_settings_exclusions_and_hidden_files_when_allowed(
    fetch_json, save_settings, jp_serverapp, configured, jp_root_dir
):
    plant(jp_root_dir, "skip/x.py", f"KEY = '{configured}'")
    plant(jp_root_dir, ".env", f"QBRAID_API_KEY={configured}\n")
    plant(jp_root_dir, ".git/config", f"token = {configured}")
    await save_settings({"scanExclusions": ["skip/*"]})
    jp_serverapp.contents_manager.allow_hidden = True
    state = await scan_to_the_end(fetch_json)
    assert [row["path"] for row in state["results"]] == [".env"]


async def test_a_redacted_notebook_keeps_its_source_keys(fetch_json, configured, jp_root_dir):
    plant(
        jp_root_dir,
        "mixed.ipynb",
        json.dumps(leaky_notebook(configured, source=f"KEY = '{configured}'")),
    )
    status, body = await fetch_json("guard/redact", "POST", {"path": "/mixed.ipynb"})
    assert status == 200
    assert (body["redactedOutputs"], body["outputs"], body["sources"], body["hints"]) == (
        4,
        0,
        1,
        [configured[-4:]],
    )
    saved = json.loads((jp_root_dir / "mixed.ipynb").read_text())
    assert "".join(saved["cells"][0]["source"]) == f"KEY = '{configured}'"
    assert configured not in json.dumps(saved["cells"][0]["outputs"])


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({}, "Say which notebook"),
        ({"path": 3}, "Say which notebook"),
        ({"path": "missing.ipynb"}, "no such file"),
        ({"path": "../outside.ipynb"}, "no such file"),
        ({"path": ".hidden/x.ipynb"}, "no such file"),
        ({"path": "notes.txt"}, "Only a notebook"),
        ({"path": "folder"}, "Only a notebook"),
        ({"path": "broken.ipynb"}, "cannot read that file as a notebook"),
    ],
)
async def test_redact_refuses_what_is_not_a_notebook_in_the_root(
    fetch_json, configured, jp_root_dir, body, reason
):
    plant(jp_root_dir, "notes.txt", configured)
    plant(jp_root_dir, "folder/x.py", "")
    plant(jp_root_dir, "broken.ipynb", f'{{"cells": ["{configured}"')
    plant(jp_root_dir, ".hidden/x.ipynb", json.dumps(leaky_notebook(configured)))
    plant(jp_root_dir.parent, "outside.ipynb", json.dumps(leaky_notebook(configured)))
    status, answer = await fetch_json("guard/redact", "POST", body)
    assert status == 400
    assert answer["error"]["kind"] == "invalid_input"
    assert reason in answer["error"]["message"]
    assert configured not in json.dumps(answer)
    assert (jp_root_dir.parent / "outside.ipynb").read_text().count(configured) == 4


async def test_one_scan_at_a_time_and_cancel(
    fetch_json, configured, jp_root_dir, monkeypatch, guard
):
    plant(jp_root_dir, "x.py", configured)
    release = threading.Event()
    original = guard_scan._holds_key

    def held(run, os_path):
        release.wait(10)
        return original(run, os_path)

    monkeypatch.setattr(guard_scan, "_holds_key", held)
    try:
        status, first = await fetch_json("guard/scan", "POST", {})
        assert (status, first["state"]) == (202, "running")
        status, second = await fetch_json("guard/scan", "POST", {"exclusions": ["*"]})
        assert (status, second["state"]) == (202, "running")
        status, cancelled = await fetch_json("guard/scan", "DELETE")
        assert (status, cancelled["state"]) == (200, "cancelled")
    finally:
        release.set()
    # Once the cancelled scan's thread has ended, nothing it did afterwards changed its state.
    await asyncio.to_thread(guard.scanner._thread.join, 30)
    assert not guard.scanner._thread.is_alive()
    assert (await fetch_json("guard/scan"))[1]["state"] == "cancelled"
    monkeypatch.setattr(guard_scan, "_holds_key", original)
    state = await scan_to_the_end(fetch_json)
    assert [row["path"] for row in state["results"]] == ["x.py"]


@pytest.mark.parametrize(
    ("limits", "reason"), [(ScanLimits(seconds=0), "time"), (ScanLimits(max_files=1), "files")]
)
async def test_a_scan_stops_at_its_limits(
    fetch_json, configured, jp_root_dir, guard, limits, reason
):
    plant(jp_root_dir, "a.py", "a")
    plant(jp_root_dir, "b.py", configured)
    guard.scanner.limits = limits
    state = await scan_to_the_end(fetch_json)
    assert (state["state"], state["truncated"], state["reason"]) == ("done", True, reason)
    assert state["results"] == []


async def test_before_any_scan_the_state_is_idle(fetch_json, configured):
    status, state = await fetch_json("guard/scan")
    assert status == 200
    assert state == {
        "state": "idle",
        "filesScanned": 0,
        "bytesScanned": 0,
        "elapsedMs": 0,
        "currentDir": None,
        "truncated": False,
        "skipped": [],
        "results": [],
    }


# Secrets


async def test_no_known_key_reaches_a_response_or_the_log(
    jp_fetch, fetch_json, save_settings, configured, jp_root_dir, server_log
):
    _, created = await fetch_json("keys", "POST", {"name": "ci"})
    _, rotated = await fetch_json(f"keys/{await active_key_id(fetch_json)}/rotate", "POST", {})
    keys = [configured, created["secret"], rotated["secret"]]
    bodies = []
    await save(jp_fetch, "all.ipynb", leaky_notebook(*keys, source=f"k = '{keys[0]}'"))
    await save(jp_fetch, "all.py", f"k = '{keys[1]}'", kind="file", fmt="text")
    bodies.append((await report(jp_fetch, "all.ipynb"))[0])
    bodies.append((await report(jp_fetch, "all.py"))[0])
    await save_settings({"redactOnSave": False})
    await save(jp_fetch, "kept.ipynb", leaky_notebook(*keys))
    bodies.append((await report(jp_fetch, "kept.ipynb"))[0])
    bodies.append(json.dumps(await scan_to_the_end(fetch_json)))
    bodies.append(json.dumps(await fetch_json("guard/redact", "POST", {"path": "kept.ipynb"})))
    bodies.append(json.dumps(await fetch_json("guard/scan")))
    log_text = server_log()
    assert "Redacted 12 API key occurrence(s) from the outputs of all.ipynb." in log_text
    for key in keys:
        for body in bodies:
            assert key not in body
        assert key not in log_text


async def test_no_scan_without_a_folder_on_disk(fetch_json, configured, guard, monkeypatch):
    # A contents manager of another kind (a database, an object store) has root_dir "/".
    monkeypatch.setattr(guard, "contents_manager", ContentsManager())
    status, body = await fetch_json("guard/scan", "POST", {})
    assert status == 400
    assert "no folder to scan" in body["error"]["message"]
    assert (await fetch_json("guard/scan"))[1]["state"] == "idle"
