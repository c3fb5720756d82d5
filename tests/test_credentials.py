"""The qbraidrc reader and writer, on real files."""

import os
import stat

import pytest

from jupyterlab_qbraid.credentials import (
    CredentialStore,
    QbraidrcCorrupt,
    read_default_section,
    update_default_section,
)

KEY = "qbr_" + "a" * 36 + "WXYZ"
OTHER_KEY = "qbr_" + "b" * 36 + "1234"

PERSONAL_FILE = """\
# my qBraid settings
[default]
email = ada@example.com
api-key = OLDKEYOLDKEYOLDKEYOLDKEYOLDKEY0000
url = https://api-v2.qbraid.com/api/v1
; keep me
organization = qbraid

[other]
api-key = untouched
"""


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_update_keeps_other_sections_keys_and_comments(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_text(PERSONAL_FILE)
    update_default_section(path, {"api-key": KEY, "url": "http://127.0.0.1:9/api/v1"})
    text = path.read_text()
    assert "# my qBraid settings" in text
    assert "; keep me" in text
    assert "email = ada@example.com" in text
    assert "organization = qbraid" in text
    assert "[other]\napi-key = untouched" in text
    assert "OLDKEY" not in text
    assert read_default_section(path) == {
        "email": "ada@example.com",
        "api-key": KEY,
        "url": "http://127.0.0.1:9/api/v1",
        "organization": "qbraid",
    }
    assert mode(path) == 0o600


def test_update_creates_file_and_section_with_private_mode(tmp_path):
    path = tmp_path / "new" / "qbraidrc"
    update_default_section(path, {"api-key": KEY, "url": "u"})
    assert read_default_section(path) == {"api-key": KEY, "url": "u"}
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_update_adds_section_when_file_has_only_others(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_text("[other]\nx = 1")
    update_default_section(path, {"api-key": KEY})
    assert read_default_section(path) == {"api-key": KEY}
    assert "[other]\nx = 1\n" in path.read_text()


def test_update_removes_an_entry_and_its_continuation_lines(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_text("[default]\napi-key = abc\n  continued\nurl = u\n")
    update_default_section(path, {"api-key": None})
    assert path.read_text() == "[default]\nurl = u\n"


def test_update_collapses_duplicate_lines_to_one_value(tmp_path):
    path = tmp_path / "qbraidrc"
    # configparser calls this corrupt; the writer itself must still produce one value.
    path.write_text("[default]\napi-key = one\nurl = u\napi-key = two\n")
    update_default_section(path, {"api-key": KEY})
    assert path.read_text() == f"[default]\napi-key = {KEY}\nurl = u\n"


def test_write_is_atomic_no_temporary_left(tmp_path):
    path = tmp_path / "qbraidrc"
    update_default_section(path, {"api-key": KEY})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qbraidrc"]


def test_symlinked_file_is_written_through(tmp_path):
    real = tmp_path / "real-qbraidrc"
    real.write_text("[default]\nemail = e\n")
    link = tmp_path / "qbraidrc"
    link.symlink_to(real)
    update_default_section(link, {"api-key": KEY})
    assert link.is_symlink()
    assert read_default_section(real) == {"email": "e", "api-key": KEY}


def test_corrupt_file_is_reported(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_text("this is not [ini\napi-key = x\n")
    with pytest.raises(QbraidrcCorrupt) as raised:
        read_default_section(path)
    assert str(path) in str(raised.value)


def test_store_prefers_file_over_environment(tmp_path):
    path = tmp_path / "qbraidrc"
    update_default_section(path, {"api-key": KEY})
    store = CredentialStore(path, environ={"QBRAID_API_KEY": OTHER_KEY})
    assert store.state().active.api_key == KEY
    assert store.state().active.source == "qbraidrc"


def test_store_falls_back_to_environment(tmp_path):
    store = CredentialStore(tmp_path / "missing", environ={"QBRAID_API_KEY": OTHER_KEY})
    state = store.state()
    assert (state.active.api_key, state.active.source) == (OTHER_KEY, "environment")


def test_store_ignores_invalid_keys_and_says_so(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_text("[default]\napi-key = short\n")
    state = CredentialStore(path, environ={"QBRAID_API_KEY": "bad key\n"}).state()
    assert state.active is None
    assert len(state.problems) == 2


def test_store_never_overwrites_a_corrupt_file(tmp_path):
    path = tmp_path / "qbraidrc"
    corrupt = "[default\napi-key = x\n"
    path.write_text(corrupt)
    environ = {}
    outcome = CredentialStore(path, environ=environ).save(KEY, "u")
    assert outcome.file_saved is False
    assert "cannot be read" in outcome.problems[0]
    assert path.read_text() == corrupt
    assert environ["QBRAID_API_KEY"] == KEY


def test_store_reports_a_failed_write(tmp_path, monkeypatch):
    path = tmp_path / "qbraidrc"
    path.write_text("[default]\n")

    def refuse(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("jupyterlab_qbraid.credentials.tempfile.mkstemp", refuse)
    environ = {}
    outcome = CredentialStore(path, environ=environ).save(KEY, "u")
    assert outcome.file_saved is False
    assert "Read-only file system" in outcome.problems[0]
    assert path.read_text() == "[default]\n"
    assert environ["QBRAID_API_KEY"] == KEY


def test_store_refuses_a_hostile_key(tmp_path):
    environ = {}
    with pytest.raises(ValueError):
        CredentialStore(tmp_path / "q", environ=environ).save('abc"\nimport os' + "x" * 40, "u")
    assert environ == {}
    assert not (tmp_path / "q").exists()


def test_a_key_the_file_could_not_take_outranks_the_file_until_saved(tmp_path, monkeypatch):
    path = tmp_path / "qbraidrc"
    update_default_section(path, {"api-key": OTHER_KEY})
    environ = {}
    store = CredentialStore(path, environ=environ)

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("jupyterlab_qbraid.credentials.tempfile.mkstemp", refuse)
    assert store.save(KEY, "u").file_saved is False
    state = store.state()
    assert (state.active.api_key, state.active.source) == (KEY, "environment")
    assert "session only" in state.problems[0]

    monkeypatch.undo()
    assert store.save(KEY, "u").file_saved is True
    assert store.state().active.source == "qbraidrc"
