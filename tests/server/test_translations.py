"""The server part's messages in Lab's language, from a language pack as JupyterLab's are made.

The pack is built here: a `jupyterlab_language_pack_fr_FR` module on sys.path holding
locale/fr_FR/LC_MESSAGES/jupyterlab_qbraid.mo. jupyterlab_server's settings handlers call
`translator.set_locale` with Lab's language; the tests call it directly.
"""

import sys

import polib
import pytest
from jupyterlab_server.translation_utils import DEFAULT_LOCALE, translator

from jupyterlab_qbraid.translation import _

LOCALE = "fr_FR"
PACK = f"jupyterlab_language_pack_{LOCALE}"
NOT_ACCEPTED = (
    "qBraid did not accept this key: it may be mistyped, rotated or revoked. Nothing was changed."
)
NOT_ACCEPTED_FR = (
    "qBraid n'a pas accepté cette clé : elle est peut-être mal saisie, renouvelée ou révoquée. "
    "Rien n'a été modifié."
)
NAME_LIMIT = (
    "A key name may have at most {count} character.",
    "A key name may have at most {count} characters.",
)
NAME_LIMIT_FR = (
    "Un nom de clé a au plus {count} caractère.",
    "Un nom de clé a au plus {count} caractères.",
)
RESERVED = (
    "{variable} is a variable that kernels need for themselves; choose another name, such as "
    "QBRAID_API_KEY."
)
# A slip in the pack: a field the English does not have.
RESERVED_FR = "{variabel} est une variable dont les noyaux ont besoin ; choisissez-en une autre."


@pytest.fixture
def language_pack(tmp_path, monkeypatch):
    """A French language pack with three of our messages, one of them mistaken; Lab's language
    back to the default afterwards."""
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": LOCALE,
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    catalogue.append(polib.POEntry(msgid=NOT_ACCEPTED, msgstr=NOT_ACCEPTED_FR))
    catalogue.append(
        polib.POEntry(
            msgid=NAME_LIMIT[0],
            msgid_plural=NAME_LIMIT[1],
            msgstr_plural={0: NAME_LIMIT_FR[0], 1: NAME_LIMIT_FR[1]},
        )
    )
    catalogue.append(polib.POEntry(msgid=RESERVED, msgstr=RESERVED_FR))
    package = tmp_path / "packs" / PACK
    messages = package / "locale" / LOCALE / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    catalogue.save_as_mofile(str(messages / "jupyterlab_qbraid.mo"))
    monkeypatch.syspath_prepend(str(tmp_path / "packs"))
    translator.set_locale(LOCALE)
    yield
    translator.set_locale(DEFAULT_LOCALE)
    sys.modules.pop(PACK, None)


async def test_a_refused_key_is_told_in_labs_language(
    fetch_json, emulator, qbraidrc, language_pack
):
    bad_key = "qbr_" + "x" * 40
    status, body = await fetch_json("key", "POST", {"apiKey": bad_key})
    assert status == 400
    assert body["error"]["kind"] == "key_rejected"
    assert body["error"]["message"] == NOT_ACCEPTED_FR
    # It was a real refusal: qBraid was asked.
    assert [(call["method"], call["path"]) for call in emulator.requests()] == [
        ("GET", "/api/v1/users/verify")
    ]

    # The bundle follows the language at each call, as Lab's setting changes.
    translator.set_locale(DEFAULT_LOCALE)
    status, body = await fetch_json("key", "POST", {"apiKey": bad_key})
    assert body["error"]["message"] == NOT_ACCEPTED
    assert not qbraidrc.exists()


async def test_a_count_takes_the_languages_plural_and_its_value(
    fetch_json, emulator, qbraidrc, language_pack
):
    status, body = await fetch_json("keys", "POST", {"name": "n" * 65})
    assert status == 400
    assert body["error"]["kind"] == "invalid_input"
    assert body["error"]["message"] == NAME_LIMIT_FR[1].format(count=64)


async def test_a_message_the_pack_lacks_stays_in_english(
    fetch_json, emulator, qbraidrc, language_pack
):
    status, body = await fetch_json("keys", "POST", {"name": "   "})
    assert status == 400
    assert body["error"]["message"] == "A key name cannot be only spaces."


def test_a_mistaken_translation_falls_back_to_english(language_pack):
    # The pack does hold the slip (a field the English lacks): formatting it would fail.
    assert translator.load("jupyterlab_qbraid").gettext(RESERVED) == RESERVED_FR
    assert _(RESERVED).format(variable="PATH") == RESERVED.format(variable="PATH")
