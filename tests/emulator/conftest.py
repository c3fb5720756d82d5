"""HTTP clients on the emulator for this folder's tests.

``api`` and ``client_for`` talk to the test's own fresh ``emulator``. ``shared_api`` and
``shared_client_for`` talk to the session's ``emulator_process``: only for tests that change
nothing there (reads and refusals), which saves an emulator start each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from jupyterlab_qbraid.emulator.process import EmulatorProcess

ClientFactory = Callable[[str | None], httpx.Client]


def _clients(emulator: EmulatorProcess) -> Iterator[ClientFactory]:
    clients: list[httpx.Client] = []

    def make(key: str | None) -> httpx.Client:
        headers = {"X-API-Key": key} if key is not None else {}
        client = httpx.Client(base_url=emulator.url, headers=headers, timeout=10)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client_for(emulator: EmulatorProcess) -> Iterator[ClientFactory]:
    """Make a client on the fresh emulator's /api/v1 sending ``key`` (none when None)."""
    yield from _clients(emulator)


@pytest.fixture
def api(client_for: ClientFactory, emulator: EmulatorProcess) -> httpx.Client:
    """A client on the fresh emulator with the demo account's key."""
    return client_for(emulator.api_key)


@pytest.fixture
def shared_client_for(emulator_process: EmulatorProcess) -> Iterator[ClientFactory]:
    """Make a client on the session's emulator sending ``key`` (none when None)."""
    yield from _clients(emulator_process)


@pytest.fixture
def shared_api(shared_client_for: ClientFactory, emulator_process: EmulatorProcess) -> httpx.Client:
    """A client on the session's emulator with the demo account's key."""
    return shared_client_for(emulator_process.api_key)
