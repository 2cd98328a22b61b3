"""The numbers a worksheet's cells hold as stored, where calamine's reading hides them.

calamine reads a number under 1 in a date- or time-formatted cell as a time of day: −5 and 0 both
become 00:00:00, a value no clerk typed or sees (Excel shows ####), and a message quoting it misleads
(hostile8b #13).  The loader (docgen/load/grid.py) asks here for the number such cells hold, read from
the sheet's XML as docgen/load/error_cells.py reads error cells (ECMA-376 Part 1, 18.3.1.4).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from docgen.load.error_cells import _CLOSE, _OPEN, _REF, _VALUE, _column, sheet_xml

_NUMBER = re.compile(rb"[-+0-9.eE]+")


def _stored(xml: bytes, opening: re.Match[bytes]) -> float | None:
    """Return the number a cell's <v> holds, from its opening tag on (None: no number there)."""
    close = _CLOSE.search(xml, opening.end())
    value = _VALUE.search(xml, opening.end(), close.start()) if close else None
    if value is None or not _NUMBER.fullmatch(value.group(1)):
        return None
    try:
        return float(value.group(1))
    except ValueError:
        return None


def stored_numbers(
    data: bytes, title: str, cells: Sequence[tuple[int, int]], *, xml: bytes | None = None
) -> dict[tuple[int, int], float]:
    """Return the numbers the cells ``cells`` (row, column) from 0 of worksheet ``title`` hold as stored.

    Only the cells asked for are looked up: a few by their reference, many in one pass.
    """
    xml = xml if xml is not None else sheet_xml(data, title)
    if xml is None:
        return {}  # as error_cells: the reader has read the sheet; calamine's reading stands
    found: dict[tuple[int, int], float] = {}
    if len(cells) <= 32:  # each a search of the sheet for its reference
        for row, column in cells:
            name = (_letters(column) + str(row + 1)).encode()
            opening = re.search(rb'<(?:\w+:)?c\b[^>]*\br="' + name + rb'"[^>]*>', xml)
            number = _stored(xml, opening) if opening and not opening.group(0).endswith(b"/>") else None
            if number is not None:
                found[row, column] = number
        return found
    wanted = set(cells)
    for opening in _OPEN.finditer(xml):
        ref = _REF.search(opening.group(1))
        if ref is None or opening.group(1).endswith(b"/"):
            continue
        key = (int(ref.group(2)) - 1, _column(ref.group(1)))
        if key in wanted:
            number = _stored(xml, opening)
            if number is not None:
                found[key] = number
    return found


def _letters(column: int) -> str:
    """Return a column's letters (0 → A, 26 → AA)."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def times_not_typed(
    data: bytes, title: str, rows: list[list[Any]], *, xml: bytes | None = None
) -> dict[tuple[int, int], float]:
    """Return the cells calamine read as a time of day that hold a number no time is (0 or below, which
    Excel shows as #### or a day 0), with that number: the value the clerk typed.  A time in (0, 1)
    (8:30 is 0.354…) stays a time: that is what the cell shows."""
    # a pass over the types first (2 ms for 80,000 cells): the XML is read only when a time is there
    times = [
        (r, c)
        for r, row in enumerate(rows)
        if dt.time in map(type, row)
        for c, value in enumerate(row)
        if value.__class__ is dt.time
    ]
    if not times:
        return {}
    return {cell: number for cell, number in stored_numbers(data, title, times, xml=xml).items() if number <= 0}
