"""The text rules every model field follows: characters a .docx can hold, non-empty fields, dates and lists
as the standard writes them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from docgen.errors import DataError, Location
from docgen.i18n import _

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
# (A lone surrogate reaches here from a YAML escape like "\ud800"; it cannot be written as UTF-8.)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_text(value: str, field_name: str) -> str:
    """Return ``value`` if it can go into a .docx; raise a DataError naming the field otherwise."""
    bad = _XML_ILLEGAL.search(value)
    if bad and "\ud800" <= bad.group() <= "\udfff":
        raise DataError(
            _("a lone surrogate U+{code:04X} at position {pos} is not a character").format(
                code=ord(bad.group()), pos=bad.start() + 1
            ),
            Location(field=field_name),
        )
    if bad:
        raise DataError(
            _("control character U+{code:04X} at position {pos} cannot appear in a document").format(
                code=ord(bad.group()), pos=bad.start() + 1
            ),
            Location(field=field_name),
        )
    return value


def require_text(value: str, field_name: str) -> str:
    """Return ``value`` if it is not blank and can go into a .docx; raise a DataError naming the field otherwise."""
    if not value.strip():
        raise DataError(_("must not be empty"), Location(field=field_name))
    return check_text(value, field_name)


def format_date(value: date) -> str:
    """Return a date as the standard writes it (7.3.5.4): Arabic numerals, no zero padding."""
    return f"{value.year}年{value.month}月{value.day}日"


def joined(items: Iterable[str], separator: str = "，") -> str:
    """Return items joined with the Chinese enumeration comma used in 主送 and 抄送."""
    return separator.join(item.strip() for item in items if item.strip())
