"""The command line and EmulatorProcess: announcement, seeding, persistence, signals, logs."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import stat
import subprocess
import sys

import httpx
import pytest
from emulator_checks import data_of, error_of

from jupyterlab_qbraid.emulator.__main__ import main
from jupyterlab_qbraid.emulator.process import EmulatorError, EmulatorProcess
from jupyterlab_qbraid.emulator.store import schema_is_current


def verify(emulator: EmulatorProcess, key: str) -> httpx.Response:
    return httpx.get(emulator.url + "/users/verify", headers={"X-API-Key": key})


def test_the_announcement_line(emulator):
    assert set(emulator.announcement) == {"url", "apiKey"}
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v1", emulator.announcement["url"])
    assert emulator.announcement["apiKey"] == emulator.api_key
    assert re.fullmatch(r"qbr_[0-9a-f]{64}", emulator.api_key)
    assert emulator.base == emulator.url.removesuffix("/api/v1")
    assert emulator.url.endswith(f":{emulator.port}/api/v1")


def test_the_command_prints_exactly_one_json_line(tmp_path):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab_qbraid.emulator",
            "--db",
            str(tmp_path / "e.db"),
            "--port",
            "0",
            "--seed",
            "demo",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        announced = json.loads(line)
        assert data_of(
            httpx.get(
                announced["url"] + "/users/verify", headers={"X-API-Key": announced["apiKey"]}
            )
        )["valid"]
    finally:
        process.terminate()
        stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    assert stdout == ""
    assert announced["apiKey"] not in stderr
    assert "Serving the qBraid account API at " + announced["url"] in stderr


def test_without_a_seed_there_is_no_account(emulator_factory):
    emulator = emulator_factory(seed=None)
    assert emulator.announcement["apiKey"] is None and emulator.api_key is None
    created = emulator.create_user(user_name="solo")
    assert data_of(verify(emulator, created["apiKey"]))["userName"] == "solo"


def test_state_survives_a_restart(emulator):
    api = httpx.Client(base_url=emulator.url, headers={"X-API-Key": emulator.api_key})
    kept = data_of(api.post("/api-keys", json={"name": "Kept"}), 201)
    revoked = data_of(api.post("/api-keys", json={"name": "Revoked"}), 201)
    data_of(api.delete(f"/api-keys/{revoked['id']}"))
    rotated = data_of(api.post("/api-keys", json={"name": "Rotated"}), 201)
    new_secret = data_of(api.post(f"/api-keys/{rotated['id']}/rotate"))["key"]
    emulator.patch_state(qbraid_credits=77.25, cpu_hours={"used": 300})
    other = emulator.create_user(user_name="other")
    keys_before = data_of(api.get("/api-keys"))
    api.close()
    port, first_key = emulator.port, emulator.api_key

    emulator.restart()

    assert emulator.announcement["apiKey"] is None
    assert emulator.api_key == first_key
    assert emulator.port == port
    api = httpx.Client(base_url=emulator.url, headers={"X-API-Key": emulator.api_key})
    keys_after = data_of(api.get("/api-keys"))
    assert [k["id"] for k in keys_after] == [k["id"] for k in keys_before]
    assert keys_after[0]["usage"]["requestCount"] == keys_before[0]["usage"]["requestCount"]
    assert data_of(verify(emulator, kept["key"]))["valid"] is True
    assert data_of(verify(emulator, new_secret))["valid"] is True
    for dead in (revoked["key"], rotated["key"]):
        assert error_of(verify(emulator, dead), 401) == "Authentication required."
    assert error_of(api.get(f"/api-keys/{revoked['id']}"), 404)
    assert data_of(api.get("/billing/credits/balance"))["qbraidCredits"] == 77.25
    [organization] = data_of(api.get("/users/context"))["organizations"].values()
    assert organization["cpuHours"]["used"] == 300
    assert data_of(verify(emulator, other["apiKey"]))["userName"] == "other"
    api.close()


def test_restart_forgets_faults_and_the_request_log(emulator):
    emulator.add_fault("verify", status=500, count=0)
    verify(emulator, emulator.api_key)
    emulator.restart()
    assert emulator.faults() == [] and emulator.requests() == []
    assert verify(emulator, emulator.api_key).status_code == 200


def test_the_database_is_private_and_holds_no_secret(emulator):
    created = emulator.create_user()
    emulator.stop()
    assert stat.S_IMODE(os.stat(emulator.db_path).st_mode) == 0o600
    raw = emulator.db_path.read_bytes()
    for secret in (emulator.api_key, created["apiKey"]):
        assert secret.encode() not in raw
    with sqlite3.connect(emulator.db_path) as db:
        hints = {row[0] for row in db.execute("SELECT hint FROM api_keys")}
    assert hints == {emulator.api_key[-4:], created["apiKey"][-4:]}


def test_an_existing_database_file_is_made_private(emulator_factory, tmp_path):
    database = tmp_path / "loose.db"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    emulator_factory(db_path=database)
    assert stat.S_IMODE(os.stat(database).st_mode) == 0o600


def test_logs_hold_no_secret(emulator):
    api = httpx.Client(base_url=emulator.url, headers={"X-API-Key": emulator.api_key})
    created = data_of(api.post("/api-keys", json={"name": "Logged"}), 201)
    api.get("/users/verify", params={"key": created["key"]})
    api.get(f"/jobs?token={emulator.api_key}")
    api.get(f"/{created['key']}")
    httpx.get(emulator.url + "/users/verify", headers={"X-API-Key": "qbr_" + "z" * 40})
    api.close()
    emulator.stop()
    log = emulator.log_path.read_text()
    assert "GET /api/v1/users/verify" in log and "POST /api/v1/api-keys" in log
    for secret in (emulator.api_key, created["key"], "qbr_" + "z" * 40):
        assert secret not in log


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signals_stop_it_cleanly(emulator, signum):
    os.kill(emulator.pid, signum)
    emulator._process.wait(10)
    assert emulator.returncode == 0
    assert not emulator.running
    assert "Stopping" in emulator.log_path.read_text()
    assert "Traceback" not in emulator.log_path.read_text()


def test_stop_is_idempotent_and_the_context_manager_stops(tmp_path):
    with EmulatorProcess(db_path=tmp_path / "ctx.db") as emulator:
        assert emulator.running
    assert not emulator.running and emulator.returncode == 0
    emulator.stop()


def test_a_chosen_port(emulator_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    emulator = emulator_factory(port=port)
    assert emulator.url == f"http://127.0.0.1:{port}/api/v1"


def test_a_busy_port_fails_with_the_log(emulator, emulator_factory, tmp_path):
    with pytest.raises(EmulatorError, match=r"(?s)exited before it was ready.*Cannot start.*use"):
        emulator_factory(port=emulator.port, db_path=tmp_path / "second.db")


def test_an_unusable_database_fails_with_the_log(emulator_factory, tmp_path):
    with pytest.raises(EmulatorError, match=r"(?s)exited before it was ready.*Cannot start: "):
        emulator_factory(db_path=tmp_path)


def test_a_database_of_another_schema_is_refused_with_advice(emulator_factory, tmp_path):
    database = tmp_path / "old.db"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE users (id TEXT PRIMARY KEY)")
    db.close()
    assert schema_is_current(database) is False
    with pytest.raises(EmulatorError, match=r"(?s)Cannot start: .*another version.*delete it"):
        emulator_factory(db_path=database)
    fresh = tmp_path / "fresh.db"
    fresh.touch()
    assert schema_is_current(fresh) is True


def test_hub_options_go_together(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyterlab_qbraid.emulator",
            "--db",
            str(tmp_path / "e.db"),
            "--hub-api-url",
            "http://127.0.0.1:1/hub/api",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "QBRAID_EMULATOR_HUB_TOKEN": ""},
    )
    assert result.returncode == 2
    assert "--hub-api-url and --hub-token go together" in result.stderr


def test_main_has_a_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "--seed" in capsys.readouterr().out
