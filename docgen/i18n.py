"""Messages in the user's language: Chinese by default, English when the locale asks.

Catalogs are gettext .po/.mo files under docgen/locale, managed with Babel
(``pybabel extract/update/compile``, configured in setup.cfg).  Message ids are English;
the zh_CN catalog holds the Chinese that users see by default.
"""

from __future__ import annotations

import gettext as _gettext
import os
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "docgen"


def wanted_language() -> str:
    """Return ``"en"`` when LANGUAGE/LC_ALL/LC_MESSAGES/LANG ask for English, else ``"zh_CN"``."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if not value or value in ("C", "POSIX", "C.UTF-8", "C.utf8"):
            continue
        first = value.split(":")[0].lower()
        return "en" if first.startswith("en") else "zh_CN"
    return "zh_CN"


@lru_cache(maxsize=4)
def translations(language: str) -> _gettext.NullTranslations:
    """Return the catalog for ``language`` (no catalog: the English message ids)."""
    if language == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """Return ``message`` in the user's language."""
    return translations(wanted_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural form of a message in the user's language."""
    return translations(wanted_language()).ngettext(singular, plural, n)
