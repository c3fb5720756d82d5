"""A kernel that does not answer in time is a timeout in the answer, never an unhandled error.

Before Python 3.11 `asyncio.TimeoutError` (what `asyncio.wait_for` raises) is not the builtin
`TimeoutError`; catching only the builtin let a slow kernel turn an injection into a 500. Here
the awaited calls raise `asyncio.TimeoutError` itself (on 3.10 the asyncio class), the builtin,
and a stand-in for 3.10's distinct class (so that 3.11+ checks the same thing).
"""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

from jupyterlab_qbraid.credentials import CredentialStore
from jupyterlab_qbraid.emulator.hub_process import write_qbraidrc
from jupyterlab_qbraid.kernels import KernelKeyInjector

KEY = "qbr_" + "A1b2C3d4E5f6G7h8" * 2


class DistinctAsyncioTimeout(Exception):
    """What `asyncio.TimeoutError` is on Python 3.10: not a subclass of the builtin."""


@pytest.fixture(params=["asyncio.TimeoutError", "TimeoutError", "3.10's asyncio.TimeoutError"])
def timeout_error(request, monkeypatch):
    if request.param == "asyncio.TimeoutError":
        return asyncio.TimeoutError
    if request.param == "TimeoutError":
        return TimeoutError
    monkeypatch.setattr(asyncio, "TimeoutError", DistinctAsyncioTimeout)
    return DistinctAsyncioTimeout


class SlowClient:
    """A kernel client whose wait for the reply runs out (as an asyncio-based one would)."""

    def __init__(self, error):
        self.error = error
        self.stopped = False

    def start_channels(self, **channels):
        pass

    def execute(self, code, **options):
        return "msg-1"

    async def get_shell_msg(self, timeout=None):
        raise self.error()

    def stop_channels(self):
        self.stopped = True


class Kernel:
    kernel_name = "python3"
    kernel_spec = SimpleNamespace(language="python")

    def __init__(self, client, execution_state="idle"):
        self._client = client
        self.execution_state = execution_state

    def client(self):
        return self._client

    def update_env(self, env):
        pass

    async def is_alive(self):
        return True


class KernelManager:
    def __init__(self, kernels, pending=None):
        self.kernels = kernels
        self._pending_kernels = pending or {}

    def list_kernel_ids(self):
        return list(self.kernels)

    def get_kernel(self, kernel_id):
        return self.kernels[kernel_id]


class Sessions:
    async def list_sessions(self):
        return []


class Events:
    def add_listener(self, **kwargs):
        pass

    def remove_listener(self, **kwargs):
        pass


@pytest.fixture
def make_injector(tmp_path, monkeypatch):
    # setenv first so that the undo removes what the injector sets.
    monkeypatch.setenv("QBRAID_API_KEY", "")
    monkeypatch.delenv("QBRAID_API_KEY")
    qbraidrc = tmp_path / "qbraidrc"
    write_qbraidrc(qbraidrc, KEY, "http://127.0.0.1:9/api/v1")
    store = CredentialStore(qbraidrc, environ={})

    def make(kernel_manager):
        return KernelKeyInjector(
            kernel_manager,
            Sessions(),
            Events(),
            store,
            logging.getLogger("tests.kernel_timeouts"),
            timeout=0.2,
        )

    return make


@pytest.mark.parametrize("execution_state", ["idle", "busy"])
async def test_a_kernel_that_does_not_answer_is_a_timeout(
    make_injector, timeout_error, execution_state
):
    client = SlowClient(timeout_error)
    injector = make_injector(KernelManager({"k1": Kernel(client, execution_state)}))
    answer = await injector.inject()
    (kernel,) = answer["kernels"]
    assert kernel["state"] == "failed"
    expected = "busy: it did not answer" if execution_state == "busy" else "no answer within"
    assert kernel["reason"].startswith(expected), kernel["reason"]
    assert client.stopped


async def test_a_kernel_still_starting_at_the_deadline_is_a_timeout(make_injector, timeout_error):
    start = asyncio.get_running_loop().create_future()
    # The wait for the start (asyncio.wait_for) runs out: the start itself raises the timeout.
    start.set_exception(timeout_error())
    injector = make_injector(KernelManager({}, pending={"k2": start}))
    answer = await injector.inject()
    assert answer["kernels"] == []
    assert injector._records["k2"].failure.startswith("still starting after 0.2 s")
