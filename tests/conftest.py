"""Shared fixtures: a real emulator of qBraid's account API, run as a subprocess, and
InstanceServices built in-process.

``emulator`` gives each test its own fresh emulator: startup takes about a quarter of a
second, which is cheaper than resetting every piece of state (keys, credits, compute hours,
faults, the request log) that a test may change. ``emulator_process`` is one emulator shared
by the whole session, for tests that only read, or that put back what they change.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_qbraid.account_client import AccountClient
from jupyterlab_qbraid.account_service import AccountService
from jupyterlab_qbraid.credentials import CredentialStore
from jupyterlab_qbraid.emulator.hub_process import write_qbraidrc
from jupyterlab_qbraid.emulator.process import EmulatorProcess
from jupyterlab_qbraid.instance import InstanceService

# Nothing listens here: connections are refused at once.
CLOSED_API_URL = "http://127.0.0.1:9/api/v1"

# A real Jupyter server in-process (jp_fetch, jp_serverapp); it also runs the async tests.
pytest_plugins = ["pytest_jupyter.jupyter_server"]


@pytest.fixture(scope="session")
def emulator_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """One emulator for the session, seeded with the demo account (``.api_key``)."""
    database = tmp_path_factory.mktemp("emulator-session") / "emulator.db"
    with EmulatorProcess(db_path=database) as emulator:
        yield emulator


@pytest.fixture
def emulator_factory(tmp_path: Path) -> Iterator[Callable[..., EmulatorProcess]]:
    """Start emulators with EmulatorProcess's keyword arguments, stopped after the test.

    ``db_path`` defaults to a new file in the test's tmp_path; pass the same path to share a
    database.
    """
    started: list[EmulatorProcess] = []

    def start(**options: Any) -> EmulatorProcess:
        options.setdefault("db_path", tmp_path / f"emulator-{len(started)}.db")
        emulator = EmulatorProcess(**options)
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


@pytest.fixture
def emulator(emulator_factory: Callable[..., EmulatorProcess]) -> EmulatorProcess:
    """A fresh emulator for this test: own database, demo account seeded, no faults."""
    return emulator_factory()


@pytest.fixture
def instance_factory(tmp_path: Path) -> Iterator[Callable[..., InstanceService]]:
    """Build InstanceServices as the extension does, without a Jupyter server.

    ``environ`` stands for the server's environment (what a hub's spawner sets);
    ``api_url`` is the account API, and ``api_key``, when given, is the active key (in a
    private qbraidrc, never the real one).
    """
    made: list[tuple[InstanceService, dict[str, AccountClient]]] = []

    def make(
        environ: Mapping[str, str],
        api_url: str = CLOSED_API_URL,
        api_key: str | None = None,
        started: datetime | None = None,
    ) -> InstanceService:
        qbraidrc = tmp_path / f"qbraidrc-{len(made)}"
        if api_key:
            write_qbraidrc(qbraidrc, api_key, api_url)
        clients: dict[str, AccountClient] = {}

        def client_for(url: str) -> AccountClient:
            if url not in clients:
                clients[url] = AccountClient(url, 10.0, "jupyterlab-qbraid/test")
            return clients[url]

        store = CredentialStore(qbraidrc, environ={})
        account = AccountService(store, client_for, api_url, "https://account.qbraid.com")
        instance = InstanceService(
            account,
            started or datetime.now(timezone.utc),
            logging.getLogger("tests.instance"),
            hub_timeout=10.0,
            user_agent="jupyterlab-qbraid/test",
            environ=environ,
        )
        made.append((instance, clients))
        return instance

    yield make
    for instance, clients in made:
        instance.close()
        for client in clients.values():
            client.close()


@pytest.fixture
def stop_settled() -> Callable[..., Any]:
    """Wait until the stop an InstanceService started has ended (failed, or asked of the
    platform or the hub, which then stop the server), and answer its description."""

    async def wait(instance: InstanceService, timeout: float = 30.0) -> dict[str, Any]:
        assert instance._stop_task is not None, "no stop was started"
        # Shielded: a wait that runs out does not cancel the stop itself.
        await asyncio.wait_for(asyncio.shield(instance._stop_task), timeout)
        return await instance.describe()

    return wait
