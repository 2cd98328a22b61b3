"""Columns a unit added to its returned form: the merge takes only the form's own columns, so these
are named (a warning and a line of the summary) rather than dropped without a word.

A column added but left empty (a header with no value under it) is not named: nothing was left out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.i18n import _
from docgen.load.cells import is_blank
from docgen.load.header import Header, canonical

_COUNTERS = frozenset({"序号", "编号", "序"})  # a numbering column carries nothing to merge


def added_columns(
    rows: Sequence[Sequence[Any]], header: Header, taken: Collection[int], read: Iterable[int]
) -> list[tuple[str, str]]:
    """Return the columns of ``rows`` (the sheet as saved, merged cells not filled) that the merge did
    not take (``taken``: 0-based positions) and that hold a value in a row read as a project
    (``read``: 1-based row numbers), each as (column letter, its header: empty when it has none)."""
    lines = [r - 1 for r in read if 0 < r <= len(rows)]
    width = max((len(rows[r]) for r in lines), default=0)
    found: list[tuple[str, str]] = []
    for position in range(width):
        if position in taken or all(position >= len(rows[r]) or is_blank(rows[r][position]) for r in lines):
            continue
        name = " ".join(header.names[position].split()) if position < len(header.names) else ""
        if canonical(name)[0] in _COUNTERS:
            continue
        found.append((get_column_letter(position + 1), name))
    return found


def column_name(letter: str, header: str) -> str:
    """Return an added column as the summary names it: its header, else its letter (第 Q 列（无表头）)."""
    return header or _("column {letter} (no header)").format(letter=letter)


def column_place(letter: str, header: str) -> str:
    """Return an added column as a warning names it: its letter and header, E（项目类别）."""
    return _("{letter} ({header})").format(letter=letter, header=header) if header else column_name(letter, header)
