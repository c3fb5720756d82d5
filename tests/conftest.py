"""Shared fixtures: a real emulator of qBraid's account API, run as a subprocess.

``emulator`` gives each test its own fresh emulator: startup takes about a quarter of a
second, which is cheaper than resetting every piece of state (keys, credits, compute hours,
faults, the request log) that a test may change. ``emulator_process`` is one emulator shared
by the whole session, for tests that only read, or that put back what they change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_qbraid.emulator.process import EmulatorProcess

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
