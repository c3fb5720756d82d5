"""POST {base_url}jupyterlab-qbraid/key: a pasted key is checked with qBraid, then saved."""

import os
import stat

import pytest

from jupyterlab_qbraid.api_key_format import INVALID_KEY_MESSAGE


async def test_good_key_is_saved_to_file_and_environment(fetch_json, emulator, qbraidrc):
    qbraidrc.write_text("# mine\n[default]\nemail = demo@example.com\n\n[other]\nx = 1\n")
    status, body = await fetch_json("key", "POST", {"apiKey": emulator.api_key})
    assert status == 200
    assert body["key"] == {"hint": emulator.api_key[-4:], "source": "qbraidrc"}
    assert body["savedToFile"] is True
    assert body["email"] == "demo@example.com"
    assert emulator.api_key not in str(body)
    text = qbraidrc.read_text()
    assert f"api-key = {emulator.api_key}" in text
    assert f"url = {emulator.url}" in text
    assert "# mine" in text and "email = demo@example.com" in text and "[other]\nx = 1" in text
    assert stat.S_IMODE(os.stat(qbraidrc).st_mode) == 0o600
    assert os.environ["QBRAID_API_KEY"] == emulator.api_key

    _, summary = await fetch_json("summary")
    assert summary["configured"] is True
    assert summary["credits"]["ok"] is True


async def test_unknown_key_is_rejected_and_nothing_changes(fetch_json, emulator, qbraidrc):
    qbraidrc.write_text("[default]\nemail = e\n")
    status, body = await fetch_json("key", "POST", {"apiKey": "qbr_" + "x" * 40})
    assert status == 400
    assert body["error"]["kind"] == "key_rejected"
    assert "did not accept" in body["error"]["message"]
    assert qbraidrc.read_text() == "[default]\nemail = e\n"
    assert "QBRAID_API_KEY" not in os.environ


@pytest.mark.parametrize(
    "hostile",
    [
        'abc"; import os; os.system("x")' + "y" * 20,
        "qbr_" + "a" * 36 + "\nurl = http://evil",
        "__import__('os').system('x')" + "z" * 20,
        "short",
        "qbr_" + "a" * 15,
        "k" * 513,
        "qbr_" + "a" * 20 + "-x",
        "eq1_mfygsltfof2wc3brfzrw63i." + "A" * 64,
        12345,
        None,
    ],
)
async def test_malformed_key_is_refused_before_any_call(fetch_json, emulator, qbraidrc, hostile):
    status, body = await fetch_json("key", "POST", {"apiKey": hostile})
    assert status == 400
    assert body["error"]["kind"] == "invalid_input"
    assert body["error"]["message"] == INVALID_KEY_MESSAGE
    assert emulator.requests() == []
    assert not qbraidrc.exists()


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"apiKey": "x"}', "text/plain"),
        (b'{"apiKey": "' + b"a" * (1024 * 1024) + b'"}', "application/json"),
    ],
    ids=["not-json", "not-object", "wrong-content-type", "one-megabyte"],
)
async def test_bad_bodies_get_a_clear_400(jp_fetch, emulator, qbraidrc, raw, content_type):
    response = await jp_fetch(
        "jupyterlab-qbraid",
        "key",
        method="POST",
        body=raw,
        headers={"Content-Type": content_type},
        raise_error=False,
    )
    assert response.code == 400
    assert b'"invalid_input"' in response.body
    assert emulator.requests() == []


async def test_api_down_while_checking_changes_nothing(fetch_json, emulator, qbraidrc):
    emulator.add_fault(path="users/verify", status=503, count=1)
    status, body = await fetch_json("key", "POST", {"apiKey": emulator.api_key})
    assert status == 502
    assert body["error"]["kind"] == "server_error"
    assert "nothing was changed" in body["error"]["message"]
    assert not qbraidrc.exists()


async def test_corrupt_qbraidrc_is_not_overwritten(fetch_json, emulator, qbraidrc):
    qbraidrc.write_text("[default\n")
    status, body = await fetch_json("key", "POST", {"apiKey": emulator.api_key})
    assert status == 200
    assert body["savedToFile"] is False
    assert body["key"]["source"] == "environment"
    assert "session only" in body["notices"][0]["message"]
    assert qbraidrc.read_text() == "[default\n"
    assert os.environ["QBRAID_API_KEY"] == emulator.api_key


async def test_forget_removes_the_key_and_keeps_the_rest(
    fetch_json, emulator, qbraidrc, monkeypatch
):
    qbraidrc.write_text(
        f"# mine\n[default]\nemail = e\napi-key = {emulator.api_key}\nurl = u\n[other]\nx = 1\n"
    )
    monkeypatch.setenv("QBRAID_API_KEY", emulator.api_key)
    status, body = await fetch_json("key", "DELETE")
    assert status == 200
    assert body == {"removedFromFile": True, "notices": []}
    assert qbraidrc.read_text() == "# mine\n[default]\nemail = e\nurl = u\n[other]\nx = 1\n"
    assert "QBRAID_API_KEY" not in os.environ
    _, summary = await fetch_json("summary")
    assert summary["configured"] is False


async def test_forget_leaves_a_corrupt_file_alone(fetch_json, qbraidrc):
    qbraidrc.write_text("[default\napi-key = x\n")
    status, body = await fetch_json("key", "DELETE")
    assert status == 200
    assert body["removedFromFile"] is False
    assert "by hand" in body["notices"][0]["message"]
    assert qbraidrc.read_text() == "[default\napi-key = x\n"


async def test_a_white_label_key_is_saved_with_its_own_url(fetch_json, emulator, qbraidrc, admin):
    minted = admin("POST", "white-label-keys", {"host": "api.partner.example", "prefix": "ptn"})
    # The deployment's URL (this emulator) wins for calls: the key is checked there.
    status, body = await fetch_json("key", "POST", {"apiKey": minted["key"]})
    assert status == 200
    assert body["email"] == "demo@example.com"
    assert body["notices"] == [
        {
            "level": "warning",
            "message": "This key belongs to https://api.partner.example/api/v1: the qbraidrc's "
            f"url now points there. This Lab still talks to {emulator.url}, set by its deployment.",
        }
    ]
    text = qbraidrc.read_text()
    assert f"api-key = {minted['key']}" in text
    assert "url = https://api.partner.example/api/v1" in text
    (verify,) = emulator.requests()
    assert verify["path"] == "/api/v1/users/verify" and verify["apiKeySent"]


async def test_a_key_set_while_an_access_token_is_in_effect(
    fetch_json, emulator, qbraidrc, access_token
):
    qbraidrc.write_text(f"[default]\naccess-token = {access_token}\n")
    status, body = await fetch_json("key", "POST", {"apiKey": emulator.api_key})
    assert status == 200
    # The pasted key itself is checked, not the token.
    (verify,) = emulator.requests()
    assert verify["apiKeySent"] and not verify["accessTokenSent"]
    assert [notice["message"] for notice in body["notices"]] == [
        "qBraid's SDK in this Lab keeps using the access token from the qbraidrc; "
        "the API key is used by kernels that read QBRAID_API_KEY."
    ]
    # Saved (for kernels and qBraid's tools), the token left as it was.
    text = qbraidrc.read_text()
    assert f"access-token = {access_token}" in text
    assert f"api-key = {emulator.api_key}" in text
    assert os.environ["QBRAID_API_KEY"] == emulator.api_key
    _, summary = await fetch_json("summary")
    assert summary["credential"]["kind"] == "accessToken"
    assert summary["key"] == {"hint": emulator.api_key[-4:], "source": "qbraidrc"}
