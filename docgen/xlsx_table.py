"""The one way docgen writes a table into an .xlsx: typed cells a user can sum, sort and chart.

Every .xlsx docgen writes (``rank --xlsx``, the ledger templates) is a header row and rows under
it, written here:

- numbers are numbers (int, or Decimal already rounded 四舍五入 by the caller: Excel would round
  the binary value of 12.345 down to 12.34) with a number format — ``0``, ``0.00``, ``0.00%``;
- dates are dates (``yyyy-mm-dd``), never text;
- text goes through docgen/inert.py: text that a spreadsheet could run as a formula stays text;
- the header row is bold and frozen, with an autofilter over the table, and every column is as
  wide as its longest entry (a CJK character counts two) within limits.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from docgen.inert import xlsx_cell

Kind = Literal["text", "int", "number", "percent", "date"]
MIN_WIDTH = 6
MAX_WIDTH = 60
HEADER_WRAP = 24  # a header longer than this wraps instead of widening its column


@dataclass(frozen=True)
class TableColumn:
    """A column written: its title, what its cells hold, decimals shown, and a note on the header."""

    title: str
    kind: Kind = "text"
    places: int = 2
    note: str = ""
    width: float | None = None  # a fixed width instead of the fitted one

    @property
    def number_format(self) -> str:
        """Return the Excel number format of the column's cells."""
        decimals = "." + "0" * self.places if self.places else ""
        if self.kind == "number":
            return "0" + decimals
        if self.kind == "percent":
            return "0" + decimals + "%"
        if self.kind == "int":
            return "0"
        if self.kind == "date":
            return "yyyy-mm-dd"
        return "General"


def display_width(value: object) -> int:
    """Return how many narrow characters wide a value shows (CJK and full-width characters count two)."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    widest = 0
    for line in text.splitlines() or [""]:
        widest = max(widest, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
    return widest


def _shown(value: Any, column: TableColumn) -> str:
    """Return a cell as Excel shows it with the column's format (for the column's width)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, dt.date)):
        return "" if value is None else str(value)
    if isinstance(value, dt.date):
        return "2025-01-01"
    if column.kind == "percent":
        return f"{Decimal(str(value)) * 100:.{column.places}f}%"
    if column.kind == "number":
        return f"{Decimal(str(value)):.{column.places}f}"
    return str(value)


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what an .xlsx cell cannot hold (openpyxl refuses it)


def writable(text: str) -> str:
    """Return ``text`` with each control character an .xlsx cell cannot hold written as U+0007: a
    problem quoting a form's value (填报单位写的是“灵宝\x07市”) once ended as an internal error."""
    return _ILLEGAL.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def write_table(
    sheet: Any,
    columns: Sequence[TableColumn],
    rows: Iterable[Sequence[Any]],
    *,
    formatted_rows: int = 0,
    header_row: int = 1,
) -> int:
    """Write ``columns``' header and ``rows`` into an openpyxl worksheet (see the module docstring).

    ``formatted_rows``: for an empty template, how many rows under the header get the columns'
    number formats ready for typing.  ``header_row``: the sheet's row of the header (rows above it
    are the caller's: a title, notes).  Returns the sheet's last row written.
    """
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    widths = [
        display_width(c.title) if display_width(c.title) <= HEADER_WRAP else HEADER_WRAP for c in columns
    ]
    for index, column in enumerate(columns, start=1):
        cell = xlsx_cell(sheet.cell(row=header_row, column=index), column.title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if column.note:
            cell.comment = Comment(column.note, "docgen")
    count = header_row
    for count, values in enumerate(rows, start=header_row + 1):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            if isinstance(value, dt.datetime):
                value = value.date()
            elif isinstance(value, str):
                value = writable(value)
            cell = xlsx_cell(sheet.cell(row=count, column=index), value)
            if isinstance(value, (int, float, Decimal, dt.date)) and not isinstance(value, bool):
                cell.number_format = column.number_format
                if column.kind in ("int", "number", "percent"):
                    cell.alignment = Alignment(horizontal="right")
            widths[index - 1] = max(widths[index - 1], display_width(_shown(value, column)))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.kind != "text":
            for row in range(count + 1, count + 1 + formatted_rows):
                sheet[f"{letter}{row}"].number_format = column.number_format
        width = column.width or min(MAX_WIDTH, max(MIN_WIDTH, widths[index - 1] + 2))
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    last = get_column_letter(len(columns))
    bottom = max(count, header_row + 1 if formatted_rows else header_row)
    sheet.auto_filter.ref = f"A{header_row}:{last}{bottom}"
    return count


def workbook_bytes(book: Any) -> bytes:
    """Return an openpyxl workbook as .xlsx bytes."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
