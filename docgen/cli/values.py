"""Checks of the text options a command records (a signer, a reason, a series): one clear refusal naming
the option and the value, shown escaped."""

from __future__ import annotations

import unicodedata

import click

from docgen.errors import DataError, UsageError
from docgen.i18n import _
from docgen.model_text import check_code

# control characters (a newline forges a second line in `register show`), format characters (bidi
# controls turn the text around), line and paragraph separators, lone surrogates
_NOT_IN_A_LINE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def one_line(option: str, value: str) -> str:
    """Return ``value`` if it is one line of visible text; raise a UsageError naming ``option`` otherwise."""
    if not value.strip():
        raise UsageError(_("{option}: must not be empty, not {value!r}").format(option=option, value=value))
    for position, char in enumerate(value, start=1):
        if unicodedata.category(char) in _NOT_IN_A_LINE:
            raise UsageError(
                _(
                    "{option} {value!r}: character {position} is U+{code:04X}, a control character; "
                    "write the text on one line without it"
                ).format(option=option, value=value, position=position, code=ord(char))
            )
    return value


def series_name(option: str, value: str) -> str:
    """Return a series name (a 代字: it names the issued files) if it is one line holding no path;
    raise a UsageError naming ``option`` and the value otherwise."""
    one_line(option, value)
    try:
        return check_code(value, "code")
    except DataError as error:
        raise UsageError(_("{option}: {error}").format(option=option, error=error.reason)) from None


def letterhead_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Return a --letterhead value if it can name a letterhead (a file name without .yaml, or a mark);
    refuse a path as the option's own error, naming the option and the value (hostile10 #8, #9)."""
    if value is None:
        return None
    if not value.strip() or any(c in value for c in "/\\\x00") or value.startswith("."):
        raise click.BadParameter(
            _("a letterhead is named by its file name without .yaml, not a path like {value!r}").format(value=value)
        )
    return value


def line_option(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Return an option's text if it is one line of visible text; refused naming the option otherwise
    (“--to”, not the 主送 field it fills: hostile10 #8)."""
    return None if value is None else one_line(param.opts[0], value)
