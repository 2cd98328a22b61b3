"""The text rules every model field follows: characters a .docx can hold, non-empty fields, dates and lists
as the standard writes them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from docgen.errors import DataError, Location
from docgen.i18n import _

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
# (A lone surrogate reaches here from a YAML escape like "\ud800"; it cannot be written as UTF-8.)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Bidi controls (embeddings, overrides, isolates, marks): kept, U+202E prints “表格.exe” as “exe.格表”
# and turns a file name around; a 公文 has no right-to-left text, so they are refused (hostile8 #7).
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What a 代字 cannot hold: it names the issued files (代字〔2025〕1号.docx), so no path (/ \ ..), nothing
# Windows refuses in a file name, no control character (hostile8 #1).
_NOT_IN_CODE = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]|\.\.')
# What makes a 代字 or 会议名称 look like another one while it is not: an invisible character (a zero-width
# joiner/space, a word joiner, a soft hyphen, a BOM, a variation selector, a Hangul filler) or a Kangxi
# radical / compatibility ideograph printed as the ideograph it stands for.  长子政办\u200d发 was
# issued as a second 长子政办发〔2025〕1号 beside the real one (hostile12): refused, never a new series.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u115f\u1160\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]"
)
_LOOKALIKE_IDEOGRAPH = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


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
    bidi = _BIDI.search(value)
    if bidi:
        raise DataError(
            _(
                "bidirectional control U+{code:04X} at position {pos} cannot appear in a document "
                "(it shows the text after it in another order); delete it"
            ).format(code=ord(bidi.group()), pos=bidi.start() + 1),
            Location(field=field_name),
        )
    return value


def _naming_problem(value: str) -> str | None:
    """Return what in ``value`` a file name cannot hold (“/”, “..”, U+0009), else None."""
    bad = _NOT_IN_CODE.search(value)
    if bad is None:
        return None
    return bad.group() if bad.group().isprintable() else f"U+{ord(bad.group()):04X}"


def check_code(value: str, field_name: str) -> str:
    """Return a 代字 (it names files: 代字〔2025〕1号.docx) if it holds no path and no character a file
    name cannot have; raise a DataError naming the field and the value otherwise."""
    return _naming_part(
        value,
        field_name,
        _(
            'a 代字 names the issued files: it cannot hold “{found}” (nor / \\ .. : * ? " < > |), not {value!r}'
        ),
    )


def check_naming(value: str, field_name: str) -> str:
    """Return ``value`` if, as part of the issued files' names (a 会议名称: 纪要's), it holds no path
    and no character a file name cannot have; raise a DataError naming the field otherwise."""
    return _naming_part(
        value,
        field_name,
        _('it names the issued files: it cannot hold “{found}” (nor / \\ .. : * ? " < > |), not {value!r}'),
    )


def refuse_lookalike(value: str, field_name: str) -> None:
    """Raise a DataError if ``value`` holds a character that makes it look like another name."""
    hidden = _INVISIBLE.search(value)
    if hidden:
        raise DataError(
            _(
                "character {pos} is the invisible U+{code:04X}: it would look the same as the name without it "
                "and still be another one; delete it ({value!r})"
            ).format(pos=hidden.start() + 1, code=ord(hidden.group()), value=value),
            Location(field=field_name),
        )
    for radical in _LOOKALIKE_IDEOGRAPH.finditer(value):
        meant = unicodedata.normalize("NFKC", radical.group())
        if meant == radical.group() and radical.group() >= "\uf900":  # U+FA0E 﨎 and its kind are ideographs
            continue
        if meant == radical.group():  # a radical NFKC leaves alone: ⻓ U+2ED3 looks like 长 (review12)
            raise DataError(
                _(
                    "character {pos} “{char}” (U+{code:04X}) is a radical, printed like a character of text "
                    "but another one; write the character it stands for ({value!r})"
                ).format(pos=radical.start() + 1, char=radical.group(), code=ord(radical.group()), value=value),
                Location(field=field_name),
            )
        raise DataError(
            _(
                "character {pos} “{char}” (U+{code:04X}) is a radical or compatibility form printed like “{meant}”, "
                "another character; write “{meant}” ({value!r})"
            ).format(
                pos=radical.start() + 1,
                char=radical.group(),
                code=ord(radical.group()),
                meant=meant,
                value=value,
            ),
            Location(field=field_name),
        )


def _naming_part(value: str, field_name: str, refusal: str) -> str:
    """Return ``value`` if it can be part of a file name; raise a DataError with ``refusal`` otherwise."""
    check_text(value, field_name)
    refuse_lookalike(value, field_name)
    found = _naming_problem(value)
    if found is not None:
        raise DataError(refusal.format(found=found, value=value), Location(field=field_name))
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
