"""{base_url}jupyterlab-qbraid/kernels: the active key in real ipykernel kernels of a real Jupyter server."""

import asyncio
import json
import logging
import os
from pathlib import Path

import pytest
from bash_kernel.install import install_my_kernel_spec
from waiting import until

VARIABLE = "QBRAID_API_KEY"
OTHER_VARIABLE = "MY_QBRAID_KEY"


@pytest.fixture
def jp_server_config(jp_server_config):
    jp_server_config["QbraidAccount"]["kernel_timeout"] = 5.0
    return jp_server_config


@pytest.fixture
def injector(jp_serverapp):
    (extension,) = jp_serverapp.extension_manager.extension_apps["jupyterlab_qbraid"]
    return extension.kernels


@pytest.fixture
def kernel_cleanup(jp_serverapp, jp_asyncio_loop):
    """Kernels go at the end of each test, at once rather than politely."""
    yield
    jp_asyncio_loop.run_until_complete(jp_serverapp.kernel_manager.shutdown_all(now=True))


@pytest.fixture
def other_variable(monkeypatch):
    # setenv first so that the undo removes whatever the server sets during the test.
    monkeypatch.setenv(OTHER_VARIABLE, "")
    monkeypatch.delenv(OTHER_VARIABLE)
    return OTHER_VARIABLE


@pytest.fixture
def start(jp_fetch, kernel_cleanup):
    """Start a python3 kernel: plain (POST api/kernels) or for a notebook session; its id."""

    async def start_kernel(notebook=None, name="python3"):
        if notebook is None:
            response = await jp_fetch(
                "api", "kernels", method="POST", body=json.dumps({"name": name})
            )
            return json.loads(response.body)["id"]
        body = {"path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": name}}
        response = await jp_fetch("api", "sessions", method="POST", body=json.dumps(body))
        return json.loads(response.body)["kernel"]["id"]

    return start_kernel


@pytest.fixture
def read_env(jp_serverapp):
    """What a kernel's own os.environ holds for some names, asked by running code in it."""

    async def read(kernel_id, *names):
        output = await printed_by(
            jp_serverapp,
            kernel_id,
            f"import json, os; print(json.dumps([os.environ.get(n) for n in {list(names)!r}]))",
        )
        values = json.loads(output)
        return values[0] if len(values) == 1 else values

    return read


async def printed_by(serverapp, kernel_id, code):
    """What running `code` in the kernel prints, once the kernel is idle again."""
    client = serverapp.kernel_manager.get_kernel(kernel_id).client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        msg_id = client.execute(code, store_history=False)
        output = ""
        while True:
            message = await client.get_iopub_msg(timeout=30)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "stream":
                output += message["content"]["text"]
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                return output
    finally:
        client.stop_channels()


def states(snapshot):
    return {kernel["id"]: kernel["state"] for kernel in snapshot["kernels"]}


async def followed(fetch_json, injector):
    """The snapshot once the passes that follow a key change (started by the request that
    changed it, on the server's loop, which runs the tests too) have ended."""
    while injector._tasks:
        await asyncio.gather(*injector._tasks)
    status, snapshot = await fetch_json("kernels")
    assert status == 200
    return snapshot


async def status_reached(client, msg_id, state):
    """Returns once the kernel has announced `state` (busy, idle) for request `msg_id`."""
    while True:
        message = await client.get_iopub_msg(timeout=30)
        if (
            message["parent_header"].get("msg_id") == msg_id
            and message["msg_type"] == "status"
            and message["content"]["execution_state"] == state
        ):
            return


async def put_settings(fetch_json, save_settings, variable, auto_inject):
    """Save the settings as a person does; the kernels' snapshot after."""
    await save_settings({"variableName": variable, "autoInject": auto_inject})
    return await fetch_json("kernels")


async def active_key_id(fetch_json):
    _, body = await fetch_json("keys")
    (active,) = [key for key in body["keys"] if key["active"]]
    return active["id"]


# Injecting


async def test_inject_into_one_kernel_and_new_kernels_inherit_it(
    fetch_json, start, read_env, configured, emulator, jp_serverapp
):
    kernel = await start()
    assert await read_env(kernel, VARIABLE) is None
    status, snapshot = await fetch_json("kernels")
    assert status == 200
    assert snapshot == {
        "variable": VARIABLE,
        "autoInject": True,
        "keyHint": configured[-4:],
        "kernels": [
            {
                "id": kernel,
                "name": "python3",
                "language": "python",
                "executionState": "idle",
                "sessions": [],
                "state": "not_injected",
                "reason": None,
                "holds": None,
            }
        ],
    }

    status, body = await fetch_json("kernels/inject", "POST", b"")
    assert status == 200
    assert states(body) == {kernel: "current"}
    assert body["kernels"][0]["reason"] is None
    assert isinstance(body["durationMs"], int) and body["durationMs"] >= 0
    assert body["notices"] == []
    assert configured not in json.dumps(body)
    assert await read_env(kernel, VARIABLE) == configured
    assert os.environ[VARIABLE] == configured

    # Started afterwards, with no injection: the server's environment carries the key.
    late = await start("late.ipynb")
    _, snapshot = await fetch_json("kernels")
    assert states(snapshot) == {kernel: "current", late: "current"}
    (late_info,) = [info for info in snapshot["kernels"] if info["id"] == late]
    assert late_info["sessions"] == [
        {"path": "late.ipynb", "name": "late.ipynb", "type": "notebook"}
    ]
    assert await read_env(late, VARIABLE) == configured


async def test_inject_into_ten_kernels(fetch_json, start, read_env, configured):
    kernels = []
    for index in range(10):
        kernel = await start(f"n{index}.ipynb" if index % 2 else None)
        # Each answers before the next starts: a kernel's ports are chosen, then released
        # until it binds them, and connections to one still starting could take one of them.
        assert await read_env(kernel, VARIABLE) is None
        kernels.append(kernel)

    status, body = await fetch_json("kernels/inject", "POST", b"")
    assert status == 200
    assert states(body) == {kernel: "current" for kernel in kernels}
    print(f"inject into 10 kernels: {body['durationMs']} ms")
    assert (
        await asyncio.gather(*(read_env(kernel, VARIABLE) for kernel in kernels))
        == [configured] * 10
    )


async def test_a_kernel_starting_during_an_injection_ends_with_the_key(
    fetch_json, read_env, configured, jp_serverapp, injector, kernel_cleanup
):
    manager = jp_serverapp.kernel_manager
    # As a session does: the environment is copied before the start begins, so without the
    # key; the start is under way (not listed yet) when the injection lists the kernels.
    starting = asyncio.ensure_future(
        manager.start_kernel(kernel_name="python3", env=dict(os.environ))
    )
    await until(lambda: manager._pending_kernels)
    assert not manager.list_kernel_ids()
    body = await injector.inject()
    kernel = await starting
    assert states(body) == {kernel: "current"}
    assert await read_env(kernel, VARIABLE) == configured


async def test_without_a_key_inject_is_409_and_remove_is_harmless(fetch_json, start, qbraidrc):
    kernel = await start()
    status, body = await fetch_json("kernels/inject", "POST", b"")
    assert status == 409
    assert body["error"]["kind"] == "not_configured"
    status, body = await fetch_json("kernels/remove", "POST", b"")
    assert status == 200
    assert states(body) == {kernel: "not_injected"} and body["keyHint"] is None


# Following the key


async def test_rotation_reaches_running_and_restarted_kernels(
    fetch_json, start, read_env, configured, jp_fetch, injector
):
    plain, notebook = await asyncio.gather(start(), start("rotate.ipynb"))
    await asyncio.gather(read_env(plain, VARIABLE), read_env(notebook, VARIABLE))
    status, _ = await fetch_json("kernels/inject", "POST", b"")
    assert status == 200

    status, rotated = await fetch_json(f"keys/{await active_key_id(fetch_json)}/rotate", "POST", {})
    assert status == 200 and rotated["wasActive"] is True
    new_key = rotated["secret"]
    snapshot = await followed(fetch_json, injector)
    assert snapshot["keyHint"] == new_key[-4:]
    assert states(snapshot) == {plain: "current", notebook: "current"}
    # No restart: the running processes were changed from inside.
    assert await read_env(plain, VARIABLE) == new_key
    assert await read_env(notebook, VARIABLE) == new_key

    for kernel in (plain, notebook):
        await jp_fetch("api", "kernels", kernel, "restart", method="POST", body=b"")
    assert await read_env(plain, VARIABLE) == new_key
    assert await read_env(notebook, VARIABLE) == new_key
    _, snapshot = await fetch_json("kernels")
    assert states(snapshot) == {plain: "current", notebook: "current"}


async def test_revoking_the_active_key_takes_it_out_of_kernels(
    fetch_json, start, read_env, configured, jp_fetch, injector
):
    kernel = await start("revoke.ipynb")
    await read_env(kernel, VARIABLE)
    await fetch_json("kernels/inject", "POST", b"")
    status, body = await fetch_json(f"keys/{await active_key_id(fetch_json)}", "DELETE")
    assert status == 200 and body["wasActive"] is True
    snapshot = await followed(fetch_json, injector)
    assert snapshot["keyHint"] is None and states(snapshot) == {kernel: "not_injected"}
    assert await read_env(kernel, VARIABLE) is None
    assert VARIABLE not in os.environ


async def test_auto_inject_off_takes_the_key_out_of_kernels_and_keeps_it_out(
    configured, fetch_json, start, read_env, emulator, injector, save_settings
):
    # configured first: the server starts with the key, as after `qbraid configure`.
    kernel = await start()
    assert await read_env(kernel, VARIABLE) == configured
    status, snapshot = await put_settings(fetch_json, save_settings, VARIABLE, False)
    assert status == 200 and snapshot["autoInject"] is False
    # Off means nowhere: not in running kernels, not in the server's environment.
    assert states(snapshot) == {kernel: "not_injected"}
    assert await read_env(kernel, VARIABLE) is None
    assert VARIABLE not in os.environ
    assert await read_env(await start(), VARIABLE) is None

    _, rotated = await fetch_json(f"keys/{await active_key_id(fetch_json)}/rotate", "POST", {})
    assert not injector._tasks
    _, snapshot = await fetch_json("kernels")
    assert snapshot["keyHint"] == rotated["secret"][-4:]
    assert await read_env(kernel, VARIABLE) is None

    # Turning it on again brings every kernel up to date.
    status, snapshot = await put_settings(fetch_json, save_settings, VARIABLE, True)
    assert status == 200 and set(states(snapshot).values()) == {"current"}
    assert await read_env(kernel, VARIABLE) == rotated["secret"]


# Slow and unsupported kernels


async def test_a_busy_kernel_does_not_hold_up_the_others(
    fetch_json, start, read_env, configured, jp_serverapp, injector, tmp_path
):
    injector.timeout = 1.0
    busy, *others = await asyncio.gather(start(), start("a.ipynb"), start())
    await asyncio.gather(*(read_env(kernel, VARIABLE) for kernel in (busy, *others)))
    client = jp_serverapp.kernel_manager.get_kernel(busy).client()
    client.start_channels()
    try:
        # Busy until this test lets it go: the injection answers while the kernel waits.
        release = tmp_path / "release"
        msg_id = client.execute(
            f"import os, time\nwhile not os.path.exists({str(release)!r}): time.sleep(0.01)"
        )
        await status_reached(client, msg_id, "busy")
        status, body = await fetch_json("kernels/inject", "POST", b"")
        release.touch()
        await status_reached(client, msg_id, "idle")
    finally:
        client.stop_channels()
    assert status == 200
    assert [states(body)[kernel] for kernel in others] == ["current", "current"]
    (busy_info,) = [info for info in body["kernels"] if info["id"] == busy]
    assert busy_info["state"] == "failed"
    assert busy_info["executionState"] == "busy"
    assert busy_info["reason"].startswith("busy: it did not answer within 1 s.")
    assert configured not in busy_info["reason"]
    # As the reason says: the change is made once its current work has ended.
    assert await read_env(busy, VARIABLE) == configured


async def test_kernels_of_other_languages_are_not_supported(
    fetch_json, start, read_env, configured
):
    python = await start()
    echo = await start(name="echo")
    await read_env(python, VARIABLE)
    status, body = await fetch_json("kernels/inject", "POST", b"")
    assert status == 200
    assert states(body) == {python: "current", echo: "not_supported"}
    (echo_info,) = [info for info in body["kernels"] if info["id"] == echo]
    assert echo_info["language"] == "echo" and echo_info["name"] == "echo"
    # Started before the key reached the server's environment: a restart is what gives it one.
    assert echo_info["holds"] is None
    assert echo_info["reason"] == "started without the key; restart it to give it the key."
    assert body["notices"] == [
        {
            "level": "warning",
            "message": "echo: not supported — started without the key; restart it to give it the key.",
        }
    ]


@pytest.fixture
def bash_kernel_spec(jp_environ, jp_env_jupyter_path):
    """bash_kernel's own kernelspec (the test extra installs bash_kernel from PyPI), put by its
    own installer where this test's Jupyter looks: pytest-jupyter hides the environment's."""
    prefix = Path(jp_env_jupyter_path).parent.parent
    install_my_kernel_spec(user=False, prefix=str(prefix))
    return "bash"


@pytest.fixture
def read_bash_env(jp_serverapp):
    """What a bash kernel's own environment holds for a name ("" when unset)."""

    async def read(kernel_id, name):
        output = await printed_by(jp_serverapp, kernel_id, f'printf "<%s>" "${{{name}}}"')
        return output[output.index("<") + 1 : output.rindex(">")]

    return read


# bash_kernel's kernelspec carries a `codemirror_mode` that jupyter_client's KernelSpec
# does not know; traitlets warns about it and reads the spec all the same.
@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments to super:DeprecationWarning")
async def test_a_bash_kernel_started_with_the_key_still_holds_it_after_removal(
    fetch_json, start, read_env, read_bash_env, configured, bash_kernel_spec, jp_fetch
):
    python = await start()
    await fetch_json("kernels/inject", "POST", b"")
    # Started while the key is in the server's environment: its process copies it.
    bash = await start(name=bash_kernel_spec)
    assert await read_bash_env(bash, VARIABLE) == configured
    _, snapshot = await fetch_json("kernels")
    (bash_info,) = [info for info in snapshot["kernels"] if info["id"] == bash]
    assert (bash_info["language"], bash_info["state"], bash_info["holds"]) == (
        "bash",
        "not_supported",
        "current",
    )

    status, body = await fetch_json("kernels/remove", "POST", b"")
    assert status == 200
    assert states(body) == {python: "not_injected", bash: "not_supported"}
    (bash_info,) = [info for info in body["kernels"] if info["id"] == bash]
    assert bash_info["holds"] == "current"
    assert bash_info["reason"] == "started with the key in its environment; restart it to clear."
    assert body["notices"] == [
        {
            "level": "warning",
            "message": "bash: not supported — started with the key in its environment; restart it to clear.",
        }
    ]
    assert configured not in json.dumps(body)
    # The answer is the truth: the kernel still has it, the Python one does not.
    assert await read_bash_env(bash, VARIABLE) == configured
    assert await read_env(python, VARIABLE) is None

    # As the answer says, a restart clears it.
    await jp_fetch("api", "kernels", bash, "restart", method="POST", body=b"")
    assert await read_bash_env(bash, VARIABLE) == ""
    _, snapshot = await fetch_json("kernels")
    (bash_info,) = [info for info in snapshot["kernels"] if info["id"] == bash]
    assert (bash_info["holds"], bash_info["reason"]) == (
        None,
        "it cannot be changed while it runs, and it holds no key.",
    )


# Removing and renaming


async def test_remove_unsets_it_everywhere_also_after_restarts(
    fetch_json, start, read_env, configured, jp_fetch
):
    plain, notebook = await asyncio.gather(start(), start("remove.ipynb"))
    await fetch_json("kernels/inject", "POST", b"")
    assert await read_env(notebook, VARIABLE) == configured

    status, body = await fetch_json("kernels/remove", "POST", b"")
    assert status == 200
    assert states(body) == {plain: "not_injected", notebook: "not_injected"}
    assert body["notices"] == [] and isinstance(body["durationMs"], int)
    assert VARIABLE not in os.environ
    assert await read_env(plain, VARIABLE) is None
    assert await read_env(notebook, VARIABLE) is None
    # The session's kernel restarts with its stored launch environment: the key is out of it too.
    for kernel in (plain, notebook):
        await jp_fetch("api", "kernels", kernel, "restart", method="POST", body=b"")
    assert await read_env(plain, VARIABLE) is None
    assert await read_env(notebook, VARIABLE) is None
    _, snapshot = await fetch_json("kernels")
    assert states(snapshot) == {plain: "not_injected", notebook: "not_injected"}
    # Lab itself keeps its key.
    _, summary = await fetch_json("summary")
    assert summary["configured"] is True


async def test_remove_keeps_the_key_in_the_environment_when_lab_reads_it_from_there(
    fetch_json, start, read_env, qbraidrc, emulator, monkeypatch
):
    monkeypatch.setenv(VARIABLE, emulator.api_key)
    kernel = await start()
    assert await read_env(kernel, VARIABLE) == emulator.api_key
    _, snapshot = await fetch_json("kernels")
    assert states(snapshot) == {kernel: "current"}

    status, body = await fetch_json("kernels/remove", "POST", b"")
    assert status == 200
    assert states(body) == {kernel: "not_injected"}
    assert await read_env(kernel, VARIABLE) is None
    (notice,) = body["notices"]
    assert notice["level"] == "warning"
    assert "stays there" in notice["message"] and emulator.api_key not in notice["message"]
    assert os.environ[VARIABLE] == emulator.api_key
    _, summary = await fetch_json("summary")
    assert summary["configured"] is True


async def test_renaming_the_variable_moves_the_key(
    fetch_json, start, read_env, configured, other_variable, save_settings
):
    kernel = await start("rename.ipynb")
    await fetch_json("kernels/inject", "POST", b"")
    assert await read_env(kernel, VARIABLE, other_variable) == [configured, None]

    status, snapshot = await put_settings(fetch_json, save_settings, other_variable, True)
    assert status == 200
    assert (snapshot["variable"], snapshot["autoInject"]) == (other_variable, True)
    assert states(snapshot) == {kernel: "current"}
    assert await read_env(kernel, VARIABLE, other_variable) == [None, configured]
    assert VARIABLE not in os.environ and os.environ[other_variable] == configured
    late = await start()
    assert await read_env(late, VARIABLE, other_variable) == [None, configured]

    status, snapshot = await put_settings(fetch_json, save_settings, VARIABLE, False)
    assert status == 200
    assert states(snapshot) == {kernel: "not_injected", late: "not_injected"}
    assert await read_env(kernel, VARIABLE, other_variable) == [None, None]
    assert other_variable not in os.environ


# Refusals


@pytest.mark.parametrize(
    "settings",
    [
        {"variableName": "1ABC"},
        {"variableName": "MY-KEY"},
        {"variableName": "A B"},
        {"variableName": 'X"]=1;import os;os.system("x")#'},
        {"variableName": "K\n"},
        {"variableName": ""},
        {"variableName": "K" * 129},
        {"variableName": 7},
        {"variableName": "PATH"},
        {"variableName": "ld_preload"},
        {"variableName": "PYTHONSTARTUP"},
        {"variableName": "KEY", "autoInject": "yes"},
        "{ not json5",
    ],
)
async def test_settings_the_server_cannot_use_change_nothing(
    fetch_json, save_settings, settings, configured
):
    await save_settings(settings, "kernels")
    _, snapshot = await fetch_json("kernels")
    assert (snapshot["variable"], snapshot["autoInject"]) == (VARIABLE, True)


async def test_settings_accept_the_longest_name(fetch_json, configured, monkeypatch, save_settings):
    name = "K" * 128
    monkeypatch.setenv(name, "")
    monkeypatch.delenv(name)
    status, snapshot = await put_settings(fetch_json, save_settings, name, False)
    assert status == 200 and snapshot["variable"] == name


async def test_a_hostile_key_is_never_put_into_a_kernel(
    fetch_json, start, read_env, qbraidrc, monkeypatch, tmp_path, save_settings
):
    kernel = await start()
    marker = tmp_path / "ran"
    hostile = f"x\"; __import__('pathlib').Path({str(marker)!r}).touch(); y = \"\nz" + "a" * 32
    qbraidrc.write_text(f"[default]\napi-key = {hostile.splitlines()[0]}\n")
    monkeypatch.setenv(VARIABLE, hostile)
    status, body = await fetch_json("kernels/inject", "POST", b"")
    assert status == 409 and body["error"]["kind"] == "not_configured"
    status, body = await put_settings(fetch_json, save_settings, VARIABLE, True)
    assert status == 200 and states(body) == {kernel: "not_injected"}
    assert await read_env(kernel, VARIABLE) is None
    assert not marker.exists()


async def test_the_key_is_never_logged(fetch_json, start, read_env, configured, caplog_all):
    kernel = await start()
    await read_env(kernel, VARIABLE)
    await fetch_json("kernels/inject", "POST", b"")
    await fetch_json("kernels/remove", "POST", b"")
    text = caplog_all()
    assert "qBraid key in kernels" in text
    assert configured not in text


@pytest.fixture
def caplog_all(jp_serverapp, injector):
    """Every log line of the server and the extension at DEBUG, as text."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect(logging.DEBUG)
    # Neither the server's logger nor the extension's propagates to the root.
    loggers = [logging.getLogger(), jp_serverapp.log, injector.log]
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    yield lambda: "\n".join(lines)
    for logger, level in levels.items():
        logger.setLevel(level)
        logger.removeHandler(handler)


async def test_the_server_environment_holds_the_key_from_the_start(configured, jp_serverapp):
    # No page has been opened: kernels started now still inherit the key.
    assert os.environ["QBRAID_API_KEY"] == configured


async def test_qbraid_own_client_in_a_kernel_works_with_what_lab_set_up(
    fetch_json, start, jp_serverapp, emulator, qbraidrc
):
    """qBraid's published client, in a notebook kernel, finds the key the panel saved."""
    status, _ = await fetch_json("key", "POST", {"apiKey": emulator.api_key})
    assert status == 200
    kernel_id = await start("client.ipynb")
    client = jp_serverapp.kernel_manager.get_kernel(kernel_id).client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        msg_id = client.execute(
            "import json\n"
            "from qbraid_core.client import QbraidClientV1\n"
            "print(json.dumps(QbraidClientV1().get_credits_balance()))",
            store_history=False,
        )
        output, error = "", None
        while True:
            message = await client.get_iopub_msg(timeout=60)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "stream":
                output += message["content"]["text"]
            if message["msg_type"] == "error":
                error = message["content"]["ename"] + ": " + message["content"]["evalue"]
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                break
    finally:
        client.stop_channels()
    assert error is None
    balance = json.loads(output)
    assert balance["qbraidCredits"] == 12500
    assert emulator.requests()[-1]["path"] == "/api/v1/billing/credits/balance"


@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments to super:DeprecationWarning")
async def test_a_bash_kernel_keeps_the_old_key_after_a_rotation_until_it_restarts(
    fetch_json, start, read_bash_env, configured, bash_kernel_spec, jp_fetch, injector
):
    await fetch_json("kernels/inject", "POST", b"")
    bash = await start("rotate.sh.ipynb", name=bash_kernel_spec)
    assert await read_bash_env(bash, VARIABLE) == configured

    status, rotated = await fetch_json(f"keys/{await active_key_id(fetch_json)}/rotate", "POST", {})
    assert status == 200 and rotated["wasActive"] is True
    snapshot = await followed(fetch_json, injector)
    (bash_info,) = snapshot["kernels"]
    assert (bash_info["state"], bash_info["holds"]) == ("not_supported", "previous")
    assert bash_info["reason"] == (
        "started with an older key in its environment; restart it to give it the current one."
    )
    # Asked to inject, the answer names the notebook whose kernel Lab cannot reach.
    _, body = await fetch_json("kernels/inject", "POST", b"")
    assert body["notices"] == [
        {
            "level": "warning",
            "message": "rotate.sh.ipynb (bash): not supported — started with an older key in "
            "its environment; restart it to give it the current one.",
        }
    ]
    assert await read_bash_env(bash, VARIABLE) == configured

    # Its session's stored environment has the new key: a restart brings it.
    await jp_fetch("api", "kernels", bash, "restart", method="POST", body=b"")
    assert await read_bash_env(bash, VARIABLE) == rotated["secret"]
    _, snapshot = await fetch_json("kernels")
    assert snapshot["kernels"][0]["holds"] == "current"
