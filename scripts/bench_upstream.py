"""What one open Lab costs qBraid's API: upstream calls per hour, counted in the emulator's
request log, and a projection to 10,000 people.

A real Jupyter server with this extension (in this process, on a port of its own) talks to
a real emulator process, as a qBraid platform pod does (the demo key in a qbraidrc,
`QBRAID_CLUSTER_ID` set). The bench drives the server's HTTP routes the way the frontend
does, with the same requests at the same cadence as the account model's Poll (no browser):
one summary when a view comes on screen, then one per refresh interval (the default, 60 s),
naming the parts on screen (`parts=credits,compute` for the status bar alone; all parts
with the panel open) with `maxAge` the interval; the panel's first show also lists the keys
(GET /jupyterlab-qbraid/keys), and the Compute section coming on screen asks for the instance
(GET /jupyterlab-qbraid/instance).

An hour is simulated with a fast clock: the server's fact cache reads a clock the bench
moves by one refresh interval before each poll, and the polls are sent back to back. So the
hour's 60 polls take seconds, and every time to live (usage 5 minutes, a profile's price an
hour) runs on the same simulated hour. The window is [0, 60 min): the poll when the view
comes on screen, then 59 more.

"Before" is today's summary without the cache: each poll as a summary of every part that
asks qBraid for everything (`fresh=1`), the four calls a summary made per refresh before
the fact cache (verify, credits balance, organization context, usage), whatever was on
screen; the instance's platform facts (status and profile) were asked once.

`rows()` gives (figure, value, budget, met) rows and `section()` the markdown section as
scripts/bench.py writes them; run alone, this prints both.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_table import markdown
from tornado.httpclient import AsyncHTTPClient, HTTPRequest

from jupyterlab_qbraid.emulator.process import EmulatorProcess
from jupyterlab_qbraid.fact_cache import FactCache

INTERVAL_SECONDS = 60  # the refresh interval's default (schema/account.json)
POLLS_PER_HOUR = 3600 // INTERVAL_SECONDS
PEOPLE = 10_000
# Budgets of the issue: upstream calls per refresh interval over the hour, and req/s.
BUDGET_PER_INTERVAL = {"status bar only": 1, "panel open": 2}
BUDGET_PER_SECOND = 200


# Calls by route per state: "before"/"after" an hour once open, "... first" the hour from
# the moment Lab opens.
RESULT_KEYS = ("before", "after", "before first", "after first")
Results = dict[str, dict[str, Counter]]


@dataclass(frozen=True)
class State:
    name: str
    # The parts the poll names; None: all of them (no `parts` parameter).
    parts: str | None
    panel: bool
    compute_section: bool


STATES = [
    State("status bar only", "credits,compute", panel=False, compute_section=False),
    State("panel open", None, panel=True, compute_section=False),
    State("panel open with the Compute section", None, panel=True, compute_section=True),
]


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A Jupyter server with the extension in this process, and a client of its routes."""

    def __init__(self, work: Path, emulator: EmulatorProcess):
        from jupyter_server.serverapp import ServerApp
        from traitlets.config import Config

        self.port, self.token = _free_port(), secrets.token_hex(16)
        config = Config(
            {
                "ServerApp": {
                    "jpserver_extensions": {
                        "jupyterlab_qbraid": True,
                        "jupyter_server_terminals": False,
                    },
                    "open_browser": False,
                    "ip": "127.0.0.1",
                    "port": self.port,
                    "port_retries": 0,
                    "root_dir": str(work),
                    "allow_root": True,
                },
                "IdentityProvider": {"token": self.token},
                "QbraidAccount": {"api_url": emulator.url},
            }
        )
        self.app = ServerApp.instance(config=config, log_level="WARN")
        # Signals stay the bench's own.
        self.app.init_signal = lambda: None
        self.app.initialize(argv=[], new_httpserver=True)
        self.app.start_app()
        (extension,) = self.app.extension_manager.extension_apps["jupyterlab_qbraid"]
        self.service = extension.service
        self.client = AsyncHTTPClient()

    async def get(self, path: str) -> dict[str, Any]:
        response = await self.client.fetch(
            HTTPRequest(
                f"http://127.0.0.1:{self.port}/jupyterlab-qbraid/{path}",
                headers={"Authorization": f"token {self.token}"},
                request_timeout=60,
            )
        )
        return json.loads(response.body)

    def stop(self) -> None:
        self.client.close()
        self.app.http_server.stop()
        self.app.clear_instance()


async def _hours(
    server: Server, emulator: EmulatorProcess, state: State, before: bool
) -> tuple[Counter, Counter]:
    """Two simulated hours of one Lab in `state`, from the moment it opens: the upstream
    calls by route in the first hour, and in the second (what an hour costs once open)."""
    clock = Clock(server.service.facts.clock())
    # A Lab opening: nothing known yet (the facts of earlier runs are not shared with it).
    server.service.facts = FactCache(clock)
    emulator.clear_requests()
    hours: list[Counter] = []
    for poll in range(2 * POLLS_PER_HOUR):
        if poll:
            clock.now += INTERVAL_SECONDS
        if poll == POLLS_PER_HOUR:
            hours.append(_calls(emulator))
        if before:
            query = "summary?timezone=UTC&fresh=1"
        else:
            query = f"summary?timezone=UTC&maxAge={INTERVAL_SECONDS}"
            if state.parts:
                query += f"&parts={state.parts}"
        await server.get(query)
        if poll == 0 and state.panel:
            await server.get("keys")
        if poll == 0 and state.compute_section:
            await server.get("instance")
    hours.append(_calls(emulator))
    return hours[0], hours[1]


def _calls(emulator: EmulatorProcess) -> Counter:
    """The calls logged since the last time, by route; the log is emptied."""
    calls = Counter(entry["path"].removeprefix("/api/v1") for entry in emulator.requests())
    emulator.clear_requests()
    return calls


async def _measure(work: Path) -> Results:
    database = work / "emulator.db"
    qbraidrc = work / "qbraidrc"
    with EmulatorProcess(db_path=database) as emulator:
        qbraidrc.write_text(f"[default]\napi-key = {emulator.api_key}\nurl = {emulator.url}\n")
        qbraidrc.chmod(0o600)
        saved = {name: os.environ.get(name) for name in ("QBRAID_CONFIG_FILE", "QBRAID_CLUSTER_ID")}
        os.environ["QBRAID_CONFIG_FILE"] = str(qbraidrc)
        # A qBraid platform pod: the Compute section shows its profile and price.
        os.environ["QBRAID_CLUSTER_ID"] = "qbraid-demo-cluster"
        server = Server(work, emulator)
        try:
            results: Results = {key: {} for key in RESULT_KEYS}
            for state in STATES:
                first, later = await _hours(server, emulator, state, True)
                results["before first"][state.name] = first
                results["before"][state.name] = later
                first, later = await _hours(server, emulator, state, False)
                results["after first"][state.name] = first
                results["after"][state.name] = later
            return results
        finally:
            server.stop()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def measure() -> Results:
    with tempfile.TemporaryDirectory(prefix="qbraid-bench-upstream-") as folder:
        return asyncio.run(_measure(Path(folder)))


def _per_second(calls_per_hour: int) -> float:
    return calls_per_hour * PEOPLE / 3600


def _total(results: Results, key: str, state: State) -> int:
    return sum(results[key][state.name].values())


def rows(results: Results | None = None) -> list[tuple[str, str, str, bool | None]]:
    results = results or measure()
    table: list[tuple[str, str, str, bool | None]] = []
    for state in STATES:
        after = _total(results, "after", state)
        first = _total(results, "after first", state)
        per_interval = after / POLLS_PER_HOUR
        budget = BUDGET_PER_INTERVAL.get(state.name)
        table.append(
            (
                f"Upstream calls per hour, one open Lab, {state.name} (refresh every "
                f"{INTERVAL_SECONDS} s; an hour on a fast clock, once open)",
                f"{after} ({per_interval:.2f} per refresh; the hour Lab opens: {first}, "
                f"{first / POLLS_PER_HOUR:.2f}; before: {_total(results, 'before', state)})",
                f"<= {budget} per refresh" if budget else "",
                None if budget is None else per_interval <= budget,
            )
        )
    for state in STATES:
        after = _per_second(_total(results, "after", state))
        before = _per_second(_total(results, "before", state))
        table.append(
            (
                f"Requests per second to qBraid's API for {PEOPLE:,} people, each with one "
                f"visible Lab, {state.name}",
                f"{after:.0f} (before: {before:.0f})",
                f"< {BUDGET_PER_SECOND}",
                after < BUDGET_PER_SECOND,
            )
        )
    return table


def section(results: Results) -> str:
    """bench/results.md's section: the calls by route and the projection."""
    lines = [
        "## What one open Lab costs qBraid's API",
        "",
        "Upstream calls per hour (the emulator's request log) for one open Lab at the default "
        f"refresh interval ({INTERVAL_SECONDS} s). The bench drives the Lab server's routes "
        "as the account model's Poll does, with no browser: one summary when a view comes on "
        "screen, then one per interval, naming the parts on screen (the status bar: credits "
        "and compute hours; the panel: all), `maxAge` the interval; the panel's first show "
        "lists the keys, the Compute section asks for the instance. Two hours run on a fast "
        "clock: the server's fact cache reads a clock moved one interval before each poll, "
        'and the 120 polls are sent back to back. "Once open" is the second hour, "the '
        'hour Lab opens" the first (who the key belongs to, and the first hours and credits, '
        "are asked then). Before: every poll asks qBraid for the whole summary (four calls), "
        "as the summary did before the fact cache. A hidden or closed tab sends nothing (the "
        "Poll stands by) and the server calls qBraid only to answer a request.",
        "",
        "| state | calls / hour once open | per refresh | the hour Lab opens | before: calls / hour | "
        "calls by route, once open |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for state in STATES:
        after = results["after"][state.name]
        first = _total(results, "after first", state)
        routes = ", ".join(f"{path} {count}" for path, count in sorted(after.items()))
        lines.append(
            f"| {state.name} | {sum(after.values())} | "
            f"{sum(after.values()) / POLLS_PER_HOUR:.2f} | {first} "
            f"({first / POLLS_PER_HOUR:.2f} per refresh) | {_total(results, 'before', state)} | "
            f"{routes} |"
        )
    lines += [
        "",
        f"Projection: requests per second to qBraid's API for {PEOPLE:,} people at the same "
        "time, each with one visible Lab open for more than its first hour, at the default "
        f"settings (calls per hour once open x {PEOPLE:,} / 3600; in the hour Lab opens, in "
        "brackets; hidden tabs would cost nothing):",
        "",
        "| state | before | after |",
        "| --- | --- | --- |",
    ]
    for state in STATES:
        lines.append(
            f"| {state.name} | {_per_second(_total(results, 'before', state)):.0f} req/s "
            f"({_per_second(_total(results, 'before first', state)):.0f}) | "
            f"{_per_second(_total(results, 'after', state)):.0f} req/s "
            f"({_per_second(_total(results, 'after first', state)):.0f}) |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    measured = measure()
    print(markdown(rows(measured)))
    print()
    print(section(measured))
