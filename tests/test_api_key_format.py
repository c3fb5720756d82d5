"""The three shapes of API key, the host a white-label key carries, and near misses."""

import base64

import pytest

from jupyterlab_qbraid.api_key_format import (
    INVALID_KEY_MESSAGE,
    MAX_LENGTH,
    is_valid_api_key,
    key_api_url,
    white_label_host,
)

HEX = "0123456789abcdef" * 4


def white_label(host: str, prefix: str = "eq1") -> str:
    group = base64.b32encode(host.encode()).decode().lower().rstrip("=")
    return f"{prefix}_{group}.{HEX}"


ACCEPTED = [
    "qbr_" + "a" * 16,
    "qbr_" + "0123456789abcdef" * 4,
    "qbr_" + "AbC9" * 100,
    "a" * 16,
    "LegacyKey1234567890",
    "Z" * MAX_LENGTH,
    "qbr_" + "x" * (MAX_LENGTH - 4),
    white_label("api.equal1.com"),
    # qBraid's own documented example.
    "eq1_mfygsltfof2wc3brfzrw63i." + HEX,
    white_label("api.example.com", prefix="qbr"),
    white_label("a.bc", prefix="9"),
    # A white-label shape whose group is no canonical host: still a key, without a URL.
    "eq1_mfygsltfof2wc3brfzrw63j." + HEX,
    white_label("localhost"),
]

REFUSED = [
    "",
    "qbr_",
    "qbr_" + "a" * 15,
    "a" * 15,
    "short",
    "Z" * (MAX_LENGTH + 1),
    "qbr_" + "x" * (MAX_LENGTH - 3),
    "qbr_" + "a" * 20 + "-",
    "qbr_" + "a" * 20 + ".",
    "qbr-" + "a" * 20,
    "QBR_" + "a" * 20,
    "a" * 20 + " ",
    " " + "a" * 20,
    "a" * 20 + "\n",
    "a" * 10 + "é" * 10,
    "eq1_mfygsltfof2wc3brfzrw63i." + HEX.upper(),
    "eq1_mfygsltfof2wc3brfzrw63i." + HEX[:-1],
    "eq1_mfygsltfof2wc3brfzrw63i." + HEX + "0",
    "EQ1_mfygsltfof2wc3brfzrw63i." + HEX,
    "eq1_mfygsltfof2wc3brfzrw63i" + HEX,
    "eq1_m." + HEX,
    "eq1_mfygsltfof2wc3brfzrw6i8." + HEX,
    "_mfygsltfof2wc3brfzrw63i." + HEX,
    "eq1_" + "a" * 406 + "." + HEX,
    None,
    12345,
    b"a" * 20,
    ["qbr_" + "a" * 20],
]


@pytest.mark.parametrize("key", ACCEPTED)
def test_every_shape_is_accepted(key):
    assert is_valid_api_key(key)


@pytest.mark.parametrize("key", REFUSED)
def test_near_misses_are_refused(key):
    assert not is_valid_api_key(key)
    assert white_label_host(key) is None
    assert key_api_url(key) is None


def test_a_white_label_key_carries_its_host():
    assert white_label_host("eq1_mfygsltfof2wc3brfzrw63i." + HEX) == "api.equal1.com"
    assert key_api_url("eq1_mfygsltfof2wc3brfzrw63i." + HEX) == "https://api.equal1.com/api/v1"
    host = "lab-api.qbraid-partner.example.org"
    assert key_api_url(white_label(host, prefix="partner7")) == f"https://{host}/api/v1"


@pytest.mark.parametrize(
    "host",
    [
        "localhost",  # no dot
        "127.0.0.1",  # a numeric top-level label
        "api.example.com:8443",  # a port
        "api.example.c1",  # a top-level label with a digit
        "-api.example.com",  # a label starting with '-'
        "api-.example.com",  # ending with '-'
        "a.b",  # shorter than 4 characters
        "api..example.com",
    ],
)
def test_a_group_that_is_no_host_name_carries_no_url(host):
    key = white_label(host)
    assert is_valid_api_key(key)
    assert white_label_host(key) is None


def test_a_non_canonical_encoding_carries_no_url():
    canonical = "eq1_mfygsltfof2wc3brfzrw63i." + HEX
    # The last character's spare bits differ: it decodes to the same bytes, yet is refused.
    altered = "eq1_mfygsltfof2wc3brfzrw63j." + HEX
    assert white_label_host(canonical) == "api.equal1.com"
    assert white_label_host(altered) is None


@pytest.mark.parametrize("key", ["qbr_" + "a" * 16, "b" * 40])
def test_other_shapes_carry_no_url(key):
    assert white_label_host(key) is None


def test_the_refusal_names_every_shape_and_the_limit():
    assert INVALID_KEY_MESSAGE == (
        "That is not a qBraid API key: expected qbr_ followed by letters and digits, a legacy "
        "key of letters and digits, or a white-label key (prefix_host.64 hex), at most 512 "
        "characters."
    )
