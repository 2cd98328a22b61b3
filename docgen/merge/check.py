"""Every placeholder of a form (and of the file name pattern) checked against the ledger's columns.

Run before anything is written: a name the ledger does not have is an error naming the
placeholder, where it is in the form, and the nearest column names (difflib over headers and
aliases, as docgen suggests a field name elsewhere).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.merge.ledger import MergeLedger
from docgen.merge.template import ROW_LISTS, ROW_NAMES, Use

# names the merge gives a template besides the columns: the item's number and how many there are
ITEM_NAMES = ("index", "count")
# names the register fills when the merge is numbered (--letterhead and --date): 7.2.5 发文字号, 7.3.5.4 成文日期
NUMBER_NAMES = ("发文字号", "文号")
DATE_NAMES = ("成文日期",)


def nearest(name: str, ledger: MergeLedger) -> list[str]:
    """Return up to three column names (headers or aliases) close to ``name``."""
    return difflib.get_close_matches(name, list(ledger.lookup()), n=3, cutoff=0.4)


def _unknown(use: Use, ledger: MergeLedger, path: Path) -> DataError:
    close = nearest(use.name, ledger)
    if close:
        message = _("the placeholder {name} ({where}) is not a column of the ledger; nearest: {names}")
    else:
        message = _("the placeholder {name} ({where}) is not a column of the ledger; its columns: {names}")
        close = [f.header for f in ledger.fields[:8]]
    return DataError(message.format(name=use.shown, where=use.where, names="、".join(close)), Location(file=path))


def check_uses(
    uses: Sequence[Use], ledger: MergeLedger, per: str | None, path: Path, *, numbered: bool = False
) -> list[DataError]:
    """Return an error for every name the form uses that this merge does not give it."""
    known = ledger.lookup()
    errors: list[DataError] = []
    for use in uses:
        if not use.top:
            if use.name not in known:
                errors.append(_unknown(use, ledger, path))
            continue
        if use.name in known or use.name in ITEM_NAMES or (numbered and use.name in NUMBER_NAMES + DATE_NAMES):
            continue
        if use.name in NUMBER_NAMES + DATE_NAMES:
            errors.append(
                DataError(
                    _(
                        "the placeholder {name} ({where}) takes a number from the register: give --letterhead "
                        "and --date"
                    ).format(name=use.shown, where=use.where),
                    Location(file=path),
                )
            )
            continue
        if use.name in ROW_LISTS and per is None:
            errors.append(
                DataError(
                    _(
                        "the placeholder {name} ({where}) lists the rows of a group: give --per and a "
                        "column, like --per 责任单位"
                    ).format(name=use.shown, where=use.where),
                    Location(file=path),
                )
            )
        elif use.name in ROW_NAMES and per is not None:
            errors.append(
                DataError(
                    _(
                        "the placeholder {name} ({where}) is the row of a one-per-row merge; with --per, "
                        "loop over the group's rows: {{% for r in rows %}}"
                    ).format(name=use.shown, where=use.where),
                    Location(file=path),
                )
            )
        elif use.name not in ROW_LISTS + ROW_NAMES:
            errors.append(_unknown(use, ledger, path))
    return errors
