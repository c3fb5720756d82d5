"""What the server part says to people, in the language Lab is set to.

The bundle is looked up at each call, not kept: jupyterlab_server's settings and translations
handlers call `translator.set_locale` with Lab's language setting, and the bundle follows it.
The catalogue itself comes with the language pack (`jupyterlab_language_pack_<locale>`), as
for the frontend's strings (`trans.__`), under the same domain.

Call these with a literal first argument (str.format fields by name), so that
jupyterlab-translate extracts it: `_`, `ngettext` and `N_` are babel's default keywords.
"""

from __future__ import annotations

from functools import lru_cache
from string import Formatter

from jupyterlab_server.translation_utils import translator

DOMAIN = "jupyterlab_qbraid"


def _(message: str) -> str:
    """`message` in Lab's language, where its language pack has it; else as written."""
    return _usable(translator.load(DOMAIN).gettext(message), message, (message,))


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` (an int) in Lab's language."""
    translated = translator.load(DOMAIN).ngettext(singular, plural, count)
    return _usable(translated, singular if count == 1 else plural, (singular, plural))


def N_(message: str) -> str:
    """Marks a module-level message for the catalogue (gettext_noop); `_` translates it where
    it is used."""
    return message


def sentences(*texts: str) -> str:
    """Whole sentences, each translated on its own, told one after the other."""
    return " ".join(texts)


@lru_cache(maxsize=1024)
def _usable(translated: str, english: str, originals: tuple[str, ...]) -> str:
    """The translation, unless it names a {field} the English does not (or is no valid
    format): a slip in a language pack must not turn a message into a server error."""
    if translated in originals:
        return translated
    fields = _fields(translated)
    known = set().union(*(_fields(original) or set() for original in originals))
    return translated if fields is not None and fields <= known else english


def _fields(text: str) -> set[str] | None:
    try:
        return {parsed[1] for parsed in Formatter().parse(text) if parsed[1] is not None}
    except ValueError:
        return None
