"""The code that puts the key into kernels, built only from checked values; and the store's
change listener that the injector follows."""

import json
import os

import pytest

from jupyterlab_qbraid import errors
from jupyterlab_qbraid.credentials import CredentialStore
from jupyterlab_qbraid.errors import InvalidRequest
from jupyterlab_qbraid.kernels import SUPPORTED_LANGUAGES, checked_variable, kernel_code

KEY = "qbr_" + "A1b2C3d4E5f6G7h8" * 2
# A white-label key: prefix, base32 of api.equal1.com, 64 hex.
WHITE_LABEL_KEY = "eq1_mfygsltfof2wc3brfzrw63i." + "0123456789abcdef" * 4
OTHER_KEY = "z" * 40

HOSTILE_KEYS = [
    'abc"; import os; os.system("x")' + "y" * 20,
    "qbr_" + "a" * 36 + "\nprint(1)",
    "__import__('os').system('x')" + "z" * 20,
    "$(touch /tmp/x)" + "a" * 32,
    "a" * 32 + "\\",
    "a" * 32 + "\u2028",
    "short",
    "k" * 513,
    "qbr_" + "a" * 15,
    "eq1_mfygsltfof2wc3brfzrw63i." + "0123456789ABCDEF" * 4,
    12345,
    b"a" * 40,
]
HOSTILE_NAMES = [
    'X"]=1;import os#',
    "1ABC",
    "MY-KEY",
    "A B",
    "K\n",
    "",
    "K" * 129,
    "ÄKEY",
    "$HOME",
    None,
    3,
]


def test_python_set_and_unset():
    assert kernel_code("python", {"QBRAID_API_KEY": KEY}) == (
        f'import os as _qbraid_os; _qbraid_os.environ["QBRAID_API_KEY"] = "{KEY}"; del _qbraid_os'
    )
    assert kernel_code("python", {"QBRAID_API_KEY": None}) == (
        'import os as _qbraid_os; _qbraid_os.environ.pop("QBRAID_API_KEY", None); del _qbraid_os'
    )


def test_r_set_and_unset():
    assert kernel_code("r", {"QBRAID_API_KEY": KEY}) == (
        f'invisible(do.call(Sys.setenv, setNames(list("{KEY}"), "QBRAID_API_KEY")))'
    )
    assert kernel_code("r", {"QBRAID_API_KEY": None}) == 'invisible(Sys.unsetenv("QBRAID_API_KEY"))'


def test_julia_set_and_unset():
    assert (
        kernel_code("julia", {"QBRAID_API_KEY": KEY}) == f'ENV["QBRAID_API_KEY"] = "{KEY}"; nothing'
    )
    assert (
        kernel_code("julia", {"QBRAID_API_KEY": None}) == 'delete!(ENV, "QBRAID_API_KEY"); nothing'
    )


def test_a_rename_is_one_snippet_in_order():
    assert kernel_code("julia", {"OLD": None, "NEW": KEY}) == (
        f'delete!(ENV, "OLD"); nothing\nENV["NEW"] = "{KEY}"; nothing'
    )


def test_the_python_code_does_what_it_says(monkeypatch):
    monkeypatch.setenv("QBRAID_TEST_OLD", OTHER_KEY)
    monkeypatch.setenv("QBRAID_TEST_NEW", "")
    namespace = {}
    exec(kernel_code("python", {"QBRAID_TEST_OLD": None, "QBRAID_TEST_NEW": KEY}), namespace)
    assert "QBRAID_TEST_OLD" not in os.environ
    assert os.environ["QBRAID_TEST_NEW"] == KEY
    # Nothing is left behind in the person's namespace.
    assert set(namespace) == {"__builtins__"}


@pytest.mark.parametrize("language", ["bash", "echo", "", "javascript", "Python"])
def test_other_languages_get_no_code(language):
    assert kernel_code(language, {"QBRAID_API_KEY": KEY}) is None


def test_supported_languages():
    assert {"python", "r", "julia"} == SUPPORTED_LANGUAGES


@pytest.mark.parametrize("language", ["python", "r", "julia", "bash"])
@pytest.mark.parametrize("hostile", HOSTILE_KEYS)
def test_hostile_keys_are_refused_in_every_language(language, hostile):
    with pytest.raises(InvalidRequest) as raised:
        kernel_code(language, {"QBRAID_API_KEY": hostile})
    assert raised.value.kind == errors.INVALID_INPUT
    assert str(hostile) not in raised.value.message


@pytest.mark.parametrize("language", ["python", "r", "julia", "bash"])
@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_hostile_names_are_refused_in_every_language(language, hostile):
    for value in (KEY, None):
        with pytest.raises(InvalidRequest) as raised:
            kernel_code(language, {hostile: value})
        assert raised.value.kind == errors.INVALID_INPUT


def test_one_bad_entry_refuses_the_whole_change():
    with pytest.raises(InvalidRequest):
        kernel_code("python", {"GOOD": KEY, "BAD NAME": None})


@pytest.mark.parametrize("name", ["A", "_", "_x1", "QBRAID_API_KEY", "K" * 128])
def test_names_that_are_accepted(name):
    assert checked_variable(name) == name


@pytest.mark.parametrize("key", [KEY, "a" * 16, "Z" * 512, WHITE_LABEL_KEY])
def test_accepted_keys_need_no_escaping_in_any_language(key):
    # A JSON string of a valid key is the key in plain quotes: no escapes, no '$' for Julia.
    assert json.dumps(key) == f'"{key}"'
    assert "$" not in key and "\\" not in key


# The store's change listener


def test_store_tells_listeners_the_active_key_after_save_and_clear(tmp_path):
    store = CredentialStore(tmp_path / "qbraidrc", environ={})
    seen = []
    store.add_listener(seen.append)
    store.save(KEY, "u")
    store.save(OTHER_KEY, "u")
    store.clear()
    assert seen == [KEY, OTHER_KEY, None]


def test_store_tells_listeners_when_only_the_environment_changed(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_text("[default\nbroken")
    store = CredentialStore(path, environ={})
    seen = []
    store.add_listener(seen.append)
    outcome = store.save(KEY, "u")
    assert outcome.file_saved is False
    assert seen == [KEY]


def test_store_does_not_tell_listeners_about_a_refused_key(tmp_path):
    store = CredentialStore(tmp_path / "qbraidrc", environ={})
    seen = []
    store.add_listener(seen.append)
    with pytest.raises(ValueError):
        store.save("not a key", "u")
    assert seen == []


def test_a_failing_listener_does_not_undo_the_change(tmp_path):
    environ = {}
    store = CredentialStore(tmp_path / "qbraidrc", environ=environ)
    seen = []

    def broken(api_key):
        raise RuntimeError("listener bug")

    store.add_listener(broken)
    store.add_listener(seen.append)
    assert store.save(KEY, "u").file_saved is True
    assert environ["QBRAID_API_KEY"] == KEY and seen == [KEY]
