"""The qbraidrc reader and writer, on real files."""

import codecs
import errno
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


# Kept as its owner wrote it


def lines_but_the_key(data):
    """The file's bytes line by line (endings included), without the api-key line."""
    return [line for line in data.splitlines(keepends=True) if b"api-key" not in line]


def key_line(data):
    (line,) = [line for line in data.splitlines(keepends=True) if b"api-key" in line]
    return line


OWNER_FILES = {
    "crlf": (
        b"# from Windows\r\n[default]\r\nemail = ada@example.com\r\napi-key = OLD\r\n"
        b"url = u\r\n\r\n[other]\r\nx = 1\r\n"
    ),
    "no-final-newline": b"[default]\nemail = ada@example.com\napi-key = OLD\nurl = u",
    "key-last-no-final-newline": b"[default]\nemail = ada@example.com\nurl = u\napi-key = OLD",
    "utf-8-bom": codecs.BOM_UTF8
    + "# Ada Lovelace \u2014 r\u00e9glages\n[default]\napi-key = OLD\nurl = u\n".encode(),
    "bom-crlf-no-final-newline": codecs.BOM_UTF8 + b"[default]\r\napi-key=OLD\r\nurl = u",
    "cr-only": b"[default]\remail = e\rapi-key = OLD\rurl = u\r",
    "mixed": b"[default]\r\nemail = e\napi-key = OLD\r\nurl = u\n",
}


@pytest.mark.parametrize("original", OWNER_FILES.values(), ids=OWNER_FILES.keys())
def test_setting_and_removing_the_key_changes_only_its_line(tmp_path, original):
    path = tmp_path / "qbraidrc"
    path.write_bytes(original)

    update_default_section(path, {"api-key": KEY, "url": "u"})
    saved = path.read_bytes()
    assert lines_but_the_key(saved) == lines_but_the_key(original)
    # The key's own line keeps its name, separator and ending; only the value is new.
    assert key_line(saved) == key_line(original).replace(b"OLD", KEY.encode())
    assert read_default_section(path)["api-key"] == KEY

    update_default_section(path, {"api-key": None})
    removed = path.read_bytes()
    assert b"api-key" not in removed
    if original.endswith((b"\n", b"\r")):
        assert lines_but_the_key(removed) == lines_but_the_key(original)
    else:
        # The file still ends without a newline, on what is now its last line.
        assert removed == b"".join(lines_but_the_key(original)).rstrip(b"\r\n")


def test_a_new_key_line_gets_the_file_s_line_ending_and_keeps_no_final_newline(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_bytes(codecs.BOM_UTF8 + b"[default]\r\nemail = e")
    update_default_section(path, {"api-key": KEY})
    assert (
        path.read_bytes() == codecs.BOM_UTF8 + f"[default]\r\nemail = e\r\napi-key = {KEY}".encode()
    )


def test_a_new_section_gets_the_file_s_line_ending(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_bytes(b"[other]\r\nx = 1\r\n")
    update_default_section(path, {"api-key": KEY})
    assert path.read_bytes() == f"[other]\r\nx = 1\r\n\r\n[default]\r\napi-key = {KEY}\r\n".encode()


def test_a_value_holding_a_form_feed_is_one_line(tmp_path):
    path = tmp_path / "qbraidrc"
    original = b"[default]\nnote = a\x0cb\napi-key = OLD\n"
    path.write_bytes(original)
    update_default_section(path, {"api-key": KEY})
    assert path.read_bytes() == original.replace(b"OLD", KEY.encode())


# Files Lab cannot read: one plain sentence, the file left as it is


UNREADABLE = {
    "unparsable": (b"this is not [ini\napi-key = x\n", "is not a settings file qBraid understands"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff", "holds binary data"),
    "latin-1": (
        "[default]\n# r\u00e9glages\napi-key = x\n".encode("latin-1"),
        "not saved as UTF-8",
    ),
}


@pytest.mark.parametrize(("content", "reason"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_file_lab_cannot_read_is_named_in_one_plain_sentence(tmp_path, content, reason):
    path = tmp_path / "qbraidrc"
    path.write_bytes(content)
    with pytest.raises(QbraidrcCorrupt) as raised:
        read_default_section(path)
    sentence = str(raised.value)
    assert sentence.startswith(f"Lab cannot read {path} because ")
    assert reason in sentence and sentence.endswith("(Lab left it as it is).")
    # No codec's or parser's words, nor any of the file's lines.
    for jargon in (
        "codec",
        "byte",
        "position",
        "line ",
        "Source",
        "header",
        "api-key",
        "ini",
        "PNG",
    ):
        assert jargon not in sentence.replace(str(path), "")

    state = CredentialStore(path, environ={}).state()
    assert state.problems == [sentence] and state.file_corrupt
    assert path.read_bytes() == content


def test_a_folder_in_the_file_s_place_is_named(tmp_path):
    path = tmp_path / "qbraidrc"
    path.mkdir()
    (problem,) = CredentialStore(path, environ={}).state().problems
    assert problem == (
        f"Lab cannot read {path} because it is a folder, not a file; move the folder away so "
        "Lab can create the file (Lab left it as it is)."
    )


def test_a_file_lab_may_not_read_is_named(tmp_path, monkeypatch):
    path = tmp_path / "qbraidrc"
    path.write_text("[default]\n")

    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr("pathlib.Path.read_bytes", refuse)
    (problem,) = CredentialStore(path, environ={}).state().problems
    assert problem.startswith(f"Lab cannot read {path} because your user may not read it; give ")


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
    store = CredentialStore(path, environ=environ)
    outcome = store.save(KEY, "u")
    assert outcome.file_saved is False
    notice = (
        f"The key works in this Lab session only: Lab cannot read {path} because it is not a "
        "settings file qBraid understands, so the key is not saved there; fix it or delete it, "
        "then paste the key again to keep it."
    )
    assert outcome.problems == [notice]
    assert path.read_text() == corrupt
    assert environ["QBRAID_API_KEY"] == KEY
    # Later reads keep saying why, once.
    assert store.state().problems == [notice]

    outcome = store.clear()
    assert outcome.problems == [
        f"Lab cannot read {path} because it is not a settings file qBraid understands, so the "
        "key is still in it; fix it or delete it, or delete its api-key line by hand."
    ]
    assert path.read_text() == corrupt


def test_store_reports_a_failed_write(tmp_path, monkeypatch):
    path = tmp_path / "qbraidrc"
    path.write_text("[default]\n")

    def refuse(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("jupyterlab_qbraid.credentials.tempfile.mkstemp", refuse)
    environ = {}
    outcome = CredentialStore(path, environ=environ).save(KEY, "u")
    assert outcome.file_saved is False
    assert outcome.problems == [
        f"The key works in this Lab session only: Lab could not save it in {path} (Read-only file "
        "system); give your user write access to the file and its folder, then paste the key "
        "again to keep it."
    ]
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
    # Still saying why, long after the answer that first said it.
    assert state.problems == [
        f"The key works in this Lab session only: Lab could not save it in {path} (No space left "
        "on device); free some disk space, then paste the key again to keep it."
    ]

    monkeypatch.undo()
    assert store.save(KEY, "u").file_saved is True
    assert store.state().active.source == "qbraidrc"
