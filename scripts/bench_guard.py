"""What the key leak guard adds to a save: Jupyter Server's contents manager saving a notebook
with the guard's pre-save hook against one without it.

Notebooks of 1 MB and 20 MB, like a worked-through one (printed text in every cell, a
picture in every tenth), without a key and with one key printed once. Each figure is the
median of RUNS saves. `rows()` gives (figure, value, budget, met) rows as scripts/bench.py
writes them; run alone, this prints them as markdown table rows.
"""

from __future__ import annotations

import base64
import copy
import json
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_table import markdown
from jupyter_server.services.contents.filemanager import FileContentsManager

from jupyterlab_qbraid.credentials import CredentialStore
from jupyterlab_qbraid.guard.guard import LeakGuard
from jupyterlab_qbraid.guard.known_keys import KnownKeys
from jupyterlab_qbraid.guard.scan import LeakScanner, ScanLimits

RUNS = int(os.environ.get("QBRAID_BENCH_RUNS", "5"))
KEY = "qbr_" + "bench" * 7 + "K3Y9"
MB = 1024 * 1024
# A notebook without a key must cost next to nothing: the guard runs on every save.
NO_KEY_BUDGET_MS = {1: 5, 20: 50}


def make_notebook(size_bytes: int, key: str | None) -> dict[str, Any]:
    """Cells until the JSON is about `size_bytes`; `key`, if given, printed in one output."""
    text = "".join(f"step {line}: energy = {line * 0.137:.6f} Ha\n" for line in range(80))
    picture = base64.b64encode(os.urandom(75_000)).decode()
    cells, size, index = [], 0, 0
    while size < size_bytes:
        outputs: list[dict[str, Any]] = [{"output_type": "stream", "name": "stdout", "text": text}]
        if index % 10 == 0:
            data = {"image/png": picture, "text/plain": "<Figure>"}
            outputs.append({"output_type": "display_data", "metadata": {}, "data": data})
        cell = {
            "id": f"cell-{index}",
            "cell_type": "code",
            "execution_count": index + 1,
            "metadata": {},
            "source": f"result_{index} = run_step({index})\nprint(result_{index})",
            "outputs": outputs,
        }
        cells.append(cell)
        size += len(json.dumps(cell))
        index += 1
    if key is not None:
        cells[len(cells) // 2]["outputs"][0]["text"] += f"using key {key}\n"
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _median_saves_ms(
    managers: dict[str, FileContentsManager], notebook: dict[str, Any]
) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in managers}
    for _ in range(RUNS):
        # Interleaved, so that a slow moment of the disk weighs on both alike.
        for name, manager in managers.items():
            # A fresh copy each time: the hook redacts in place.
            model = {"type": "notebook", "format": "json", "content": copy.deepcopy(notebook)}
            started = time.perf_counter()
            manager.save(model, "bench.ipynb")
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(runs) for name, runs in times.items()}


def _median_hook_ms(guard: LeakGuard, notebook: dict[str, Any]) -> float:
    times = []
    for _ in range(RUNS):
        model = {"type": "notebook", "format": "json", "content": copy.deepcopy(notebook)}
        started = time.perf_counter()
        guard.pre_save(model=model, path="bench.ipynb", contents_manager=None)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def figures(work: Path) -> list[dict[str, Any]]:
    """Per notebook: its size, and median milliseconds of the hook alone and of both saves."""
    qbraidrc = work / "qbraidrc"
    qbraidrc.write_text(f"[default]\napi-key = {KEY}\n")
    log = logging.getLogger("bench_guard")
    log.addHandler(logging.NullHandler())
    log.propagate = False
    managers = {}
    for name in ("plain", "guarded"):
        (work / name).mkdir()
        managers[name] = FileContentsManager(root_dir=str(work / name), log=log)
    known = KnownKeys(CredentialStore(qbraidrc, environ={}))
    guarded = managers["guarded"]
    guard = LeakGuard(guarded, known, LeakScanner(guarded, known, ScanLimits(), log), log)
    guarded.register_pre_save_hook(guard.pre_save)

    results = []
    for megabytes in (1, 20):
        for key in (None, KEY):
            notebook = make_notebook(megabytes * MB, key)
            for manager in managers.values():
                # The first save also writes the checkpoint: not timed.
                manager.save(
                    {"type": "notebook", "format": "json", "content": copy.deepcopy(notebook)},
                    "bench.ipynb",
                )
            saves = _median_saves_ms(managers, notebook)
            results.append(
                {
                    "megabytes": megabytes,
                    "key": key is not None,
                    "bytes": len(json.dumps(notebook)),
                    "hookMs": _median_hook_ms(guard, notebook),
                    "plainMs": saves["plain"],
                    "guardedMs": saves["guarded"],
                }
            )
    return results


def rows() -> list[tuple[str, str, str, bool | None]]:
    with tempfile.TemporaryDirectory(prefix="qbraid-bench-guard-") as folder:
        measured = figures(Path(folder))
    table = []
    for figure in measured:
        what = "one key in an output" if figure["key"] else "no key"
        budget_ms = None if figure["key"] else NO_KEY_BUDGET_MS[figure["megabytes"]]
        table.append(
            (
                f"Key leak guard on save, {figure['bytes'] / MB:.1f} MB notebook, {what}",
                f"+{figure['hookMs']:.1f} ms (save {figure['plainMs']:.0f} ms without the guard, "
                f"{figure['guardedMs']:.0f} ms with it)",
                f"< {budget_ms} ms" if budget_ms else "",
                None if budget_ms is None else figure["hookMs"] < budget_ms,
            )
        )
    return table


if __name__ == "__main__":
    print(markdown(rows()))
