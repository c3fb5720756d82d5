"""The resolver every upstream call uses: which credential, and which base URL, in the
contract's order (no server needed)."""

import pytest

from jupyterlab_qbraid.connection import (
    PRODUCTION_API_URL,
    Connection,
    ConnectionResolver,
)
from jupyterlab_qbraid.credentials import CredentialStore

KEY = "qbr_" + "a1B2" * 10 + "KEY1"
ENV_KEY = "qbr_" + "c3D4" * 10 + "KEY2"
TOKEN = "tok-" + "x" * 40 + "TOK1"
ENV_TOKEN = "tok-" + "y" * 40 + "TOK2"
HEX = "0123456789abcdef" * 4
# eq1_ + base32("api.equal1.com"): a white-label key for https://api.equal1.com/api/v1.
WHITE_LABEL = "eq1_mfygsltfof2wc3brfzrw63i." + HEX
WHITE_LABEL_URL = "https://api.equal1.com/api/v1"
DEPLOYMENT = "http://127.0.0.1:8111/api/v1"
ENVIRONMENT = "http://127.0.0.1:8222/api/v1"
FILE_URL = "http://127.0.0.1:8333/api/v1"


@pytest.fixture
def resolve(tmp_path):
    """Resolve with this qbraidrc `[default]` body, environment and deployment URL."""

    def run(file: dict | None = None, environ: dict | None = None, deployment=None) -> Connection:
        path = tmp_path / "qbraidrc"
        if file is not None:
            path.write_text("[default]\n" + "".join(f"{k} = {v}\n" for k, v in file.items()))
        store = CredentialStore(path, environ=dict(environ or {}))
        return ConnectionResolver(store, deployment).resolve()

    return run


def url(connection: Connection) -> tuple[str, str]:
    return connection.api_url, connection.api_url_source


# Base URL, in order


def test_the_deployment_wins_over_everything(resolve):
    connection = resolve(
        {"api-key": WHITE_LABEL, "url": FILE_URL},
        {"QBRAID_API_URL": ENVIRONMENT},
        deployment=DEPLOYMENT + "/",
    )
    assert url(connection) == (DEPLOYMENT, "deployment")


def test_the_environment_wins_over_a_white_label_key_and_the_file(resolve):
    connection = resolve({"api-key": WHITE_LABEL, "url": FILE_URL}, {"QBRAID_API_URL": ENVIRONMENT})
    assert url(connection) == (ENVIRONMENT, "environment")


def test_a_white_label_key_wins_over_the_file_url(resolve):
    connection = resolve({"api-key": WHITE_LABEL, "url": PRODUCTION_API_URL})
    assert url(connection) == (WHITE_LABEL_URL, "key")


def test_a_white_label_key_in_the_environment_carries_its_host_too(resolve):
    assert url(resolve(None, {"QBRAID_API_KEY": WHITE_LABEL})) == (WHITE_LABEL_URL, "key")


def test_a_white_label_key_is_skipped_when_an_access_token_is_the_credential(resolve):
    connection = resolve({"api-key": WHITE_LABEL, "access-token": TOKEN, "url": FILE_URL})
    assert connection.credential.kind == "accessToken"
    assert url(connection) == (FILE_URL, "qbraidrc")


def test_the_file_url(resolve):
    assert url(resolve({"api-key": KEY, "url": FILE_URL + "/"})) == (FILE_URL, "qbraidrc")


def test_a_legacy_file_url_is_reported_and_not_used(resolve):
    connection = resolve({"api-key": KEY, "url": "https://api.qbraid.com/api"})
    assert url(connection) == (PRODUCTION_API_URL, "default")
    (notice,) = connection.notices
    assert "legacy qBraid API (https://api.qbraid.com/api)" in notice
    assert "not support" in notice


def test_the_default(resolve):
    assert url(resolve()) == (PRODUCTION_API_URL, "default")
    assert url(resolve({"api-key": KEY})) == (PRODUCTION_API_URL, "default")


@pytest.mark.parametrize("bad", ["ftp://example.com/api", "not a url", "javascript:alert(1)"])
def test_urls_that_are_not_http_are_ignored_with_a_notice(resolve, bad):
    connection = resolve({"url": bad}, {"QBRAID_API_URL": bad})
    assert url(connection) == (PRODUCTION_API_URL, "default")
    assert len(connection.notices) == 2


# Credential, in order


def test_no_credential(resolve):
    connection = resolve({"url": FILE_URL})
    assert connection.credential is None and connection.key is None


def test_the_file_key(resolve):
    connection = resolve({"api-key": KEY}, {"QBRAID_API_KEY": ENV_KEY})
    credential = connection.credential
    assert (credential.kind, credential.secret, credential.source) == ("apiKey", KEY, "qbraidrc")
    assert credential.header == "X-API-Key"
    assert credential.to_json() == {"kind": "apiKey", "hint": "KEY1", "source": "qbraidrc"}


def test_the_environment_key(resolve):
    credential = resolve(None, {"QBRAID_API_KEY": ENV_KEY}).credential
    assert (credential.secret, credential.source) == (ENV_KEY, "environment")


def test_a_file_token_wins_over_every_key(resolve):
    connection = resolve(
        {"api-key": KEY, "access-token": TOKEN},
        {"QBRAID_API_KEY": ENV_KEY, "QBRAID_ACCESS_TOKEN": ENV_TOKEN},
    )
    credential = connection.credential
    assert (credential.kind, credential.secret, credential.source) == (
        "accessToken",
        TOKEN,
        "qbraidrc",
    )
    assert credential.header == "X-Access-Token"
    assert credential.to_json() == {"kind": "accessToken", "hint": "TOK1", "source": "qbraidrc"}
    # Lab's active API key is still known: kernels and the panel use it.
    assert (connection.key.api_key, connection.key.source) == (KEY, "qbraidrc")


def test_an_environment_token_wins_over_a_file_key(resolve):
    connection = resolve({"api-key": KEY}, {"QBRAID_ACCESS_TOKEN": ENV_TOKEN})
    assert connection.credential.to_json() == {
        "kind": "accessToken",
        "hint": "TOK2",
        "source": "environment",
    }
    assert connection.key.api_key == KEY


@pytest.mark.parametrize("bad", ["short", "has space" + "x" * 20, "tab\t" + "x" * 20])
def test_an_unusable_token_is_ignored_with_a_problem(resolve, bad):
    connection = resolve({"api-key": KEY, "access-token": bad})
    assert connection.credential.kind == "apiKey"
    assert any("access-token" in problem for problem in connection.state.problems)
    assert all(bad not in problem for problem in connection.state.problems)


def test_an_unusable_file_token_leaves_the_environment_token(resolve):
    connection = resolve({"access-token": "bad"}, {"QBRAID_ACCESS_TOKEN": ENV_TOKEN})
    assert connection.credential.secret == ENV_TOKEN


def test_a_key_made_active_this_session_only_wins_over_the_file(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_text("[default\nbroken")  # corrupt: the save cannot reach it
    environ = {}
    store = CredentialStore(path, environ=environ)
    assert store.save(ENV_KEY, FILE_URL).file_saved is False
    path.write_text(f"[default]\napi-key = {KEY}\n")
    credential = ConnectionResolver(store).resolve().credential
    assert (credential.secret, credential.source) == (ENV_KEY, "environment")


def test_the_store_never_writes_the_access_token(tmp_path):
    path = tmp_path / "qbraidrc"
    path.write_text(f"[default]\naccess-token = {TOKEN}\n")
    store = CredentialStore(path, environ={})
    store.save(KEY, FILE_URL)
    store.clear()
    assert path.read_text() == f"[default]\naccess-token = {TOKEN}\nurl = {FILE_URL}\n"
