"""Messages in the user's language: Chinese by default, English when asked.

Catalogs are gettext .po/.mo files under docgen/locale, managed with Babel
(``pybabel extract/update/compile``, configured in setup.cfg).  Message ids are English;
the zh_CN catalog holds the Chinese that users see by default.

The language is a value, not process state: it lives in a context variable that the edge
(the command line, a server) sets from the user's locale with :func:`language_from_environ`;
the library never reads the environment.  ``with use_language("en"): ...`` renders in English
in this context only; forked worker processes inherit the context of the thread that starts them.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "docgen"
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")

_language: ContextVar[str] = ContextVar("docgen_language", default=DEFAULT_LANGUAGE)


def language_from_environ(environ: Mapping[str, str]) -> str:
    """Return ``"en"`` when LANGUAGE/LC_ALL/LC_MESSAGES/LANG ask for English, else ``"zh_CN"``.

    Only the edge calls this, with ``os.environ`` (or a request's settings).
    """
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if not value or value in ("C", "POSIX", "C.UTF-8", "C.utf8"):
            continue
        first = value.split(":")[0].lower()
        return "en" if first.startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """Return the language messages are given in, in this context."""
    return _language.get()


def set_language(language: str) -> None:
    """Give messages in ``language`` from now on in this context (the edge calls this once)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    _language.set(language)


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Give messages in ``language`` inside the ``with`` block, then as before."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


@lru_cache(maxsize=4)
def translations(language: str) -> _gettext.NullTranslations:
    """Return the catalog for ``language`` (no catalog: the English message ids)."""
    if language == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown (with ``_``)."""
    return message


def _(message: str) -> str:
    """Return ``message`` in the current language."""
    return translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural form of a message in the current language."""
    return translations(_language.get()).ngettext(singular, plural, n)


def joined(names: Iterable[str]) -> str:
    """Return names as a list in the current language: “丹朱镇、鲍店镇” in Chinese, “丹朱镇, 鲍店镇” in English."""
    text = ""
    for name in names:
        text = name if not text else _("{names}, {name}").format(names=text, name=name)
    return text
