"""An attachment's table as an office keeps it in Excel, made ready to print under the 附件 title.

Offices attach the sheet they keep: a title row above the table (the 附件 already has its title,
7.3.7), a note such as 单位：万元, a header over two rows (2025年计划 over 投资 / 新开工), blank rows
left between groups.  The title row is dropped, the unit note is kept to be printed above the table,
blank rows are dropped and a two-row header stays the table's heading (repeated on each page).
Notes under the table (注：1.…, 2.…, 填报人：…) are printed under it as text, not as rows (a note in
the 序号 column made that column take the table's width).  Everything else is printed as typed: an
attachment shows what the office wrote, 合计 rows included.

A header's merged cells are kept: the worksheet's merged ranges inside the header rows, or, in a
.csv (or a sheet typed without merging), the convention of offices' CSV exports: a name in the upper
row over empty upper cells whose lower cells are named is merged across them (投资情况（万元） over
总投资 | 年度计划), and a name in the upper row over an empty lower cell is merged down (序号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.grid import Merge
from docgen.load.header import two_row_header
from docgen.load.row_kinds import note_line, note_row
from docgen.model import Span

# notes that stand above a table rather than in it
_NOTE = re.compile(r"^(?:单位|金额单位|计量单位|填报单位|填表单位|制表单位|报送单位|填报日期|制表日期|截至)[:：]")
_UNIT = re.compile(r"^(?:金额单位|计量单位|单位)[:：]\s*\S")


@dataclass(frozen=True)
class AttachmentTable:
    """The table to print: its rows, how many of them are the heading, and the unit note above it."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 1
    note: str = ""
    spans: tuple[Span, ...] = ()
    below: tuple[str, ...] = ()  # the notes under the table (注：1.…, 2.…, 填报人：…), printed under it


def _filled(row: tuple[str, ...]) -> list[str]:
    return [cell for cell in row if cell.strip()]


def _above_the_table(row: tuple[str, ...], width: int) -> bool:
    """A title (one text across a sheet whose table has ``width`` ≥ 2 filled columns) or a row of
    notes (单位：万元, 填报单位：……).  In a one-column sheet every row has one cell: a one-cell row
    there is the table's header or data (a list of names), never a title."""
    cells = _filled(row)
    if cells and all(_NOTE.match(cell.strip()) for cell in cells):
        return True
    return width >= 2 and len(cells) <= 1


def header_spans(rows: tuple[tuple[str, ...], ...], header_rows: int) -> tuple[Span, ...]:
    """Return the merged cells of a two-row header written without merging (a .csv): an upper name
    over empty upper cells whose lower cells are named spans them; an upper name over an empty
    lower cell spans both rows."""
    if header_rows != 2:
        return ()
    upper, lower = rows[0], rows[1]
    spans: list[Span] = []
    column = 0
    while column < len(upper):
        if upper[column].strip() and not lower[column].strip():
            spans.append(Span(0, column, rows=2))
        elif upper[column].strip():
            end = column + 1
            while end < len(upper) and not upper[end].strip() and lower[end].strip():
                end += 1
            if end - column > 1:
                spans.append(Span(0, column, columns=end - column))
                column = end
                continue
        column += 1
    return tuple(spans)


def _sheet_spans(
    merges: tuple[Merge, ...], kept: list[int], header_rows: int, width: int, path: Path | None
) -> tuple[Span, ...] | None:
    """Return the worksheet's merged ranges inside the header rows (``kept``: the sheet rows kept,
    in order) as spans; None when none lies there.  A merge reaching past the table's columns is
    refused; merges over the title, the notes or the body are left as the sheet prints them (the
    value once, in the top-left cell)."""
    where = {sheet_row: index for index, sheet_row in enumerate(kept[:header_rows])}
    spans = []
    for top, left, bottom, right in merges:
        if top not in where or bottom not in where or (top, left) == (bottom, right):
            continue
        if right >= width:
            from openpyxl.utils.cell import get_column_letter  # only to name the range

            cells = f"{get_column_letter(left + 1)}{top + 1}:{get_column_letter(right + 1)}{bottom + 1}"
            raise DataError(
                _("the merged header cell {cells} reaches past the table's {width} columns").format(
                    cells=cells, width=width
                ),
                Location(file=path, line=top + 1),
            )
        spans.append(Span(where[top], left, where[bottom] - where[top] + 1, right - left + 1))
    return tuple(spans) or None


def notes_below(table: list[tuple[str, ...]], header_rows: int) -> int:
    """Return where the notes under the table begin (len(table) when there are none): the trailing
    rows that are notes (注：…, 填报人：… 审核人：…) or a note's further numbered lines (2.…), from the
    first note row on.  A blank form's rows (序号 1, 2, 3 and empty cells) stay rows of the table."""
    start = len(table)
    while start > header_rows and _filled(table[start - 1]) and (
        note_row(table[start - 1]) or note_line(table[start - 1])
    ):
        start -= 1
    return next((i for i in range(start, len(table)) if note_row(table[i])), len(table))


def office_table(
    rows: tuple[tuple[str, ...], ...], merges: tuple[Merge, ...] = (), path: Path | None = None
) -> AttachmentTable:
    """Return the table of an attachment sheet: title and note rows taken off, blank rows dropped,
    the header's merged cells kept (``merges``: the sheet's merged ranges, 0-based and inclusive)."""
    kept = [index for index, row in enumerate(rows) if _filled(row)]
    notes: list[str] = []
    width = max((len(_filled(rows[index])) for index in kept), default=0)  # the table's filled columns
    while len(kept) > 1 and _above_the_table(rows[kept[0]], width):
        notes += [cell.strip() for cell in _filled(rows[kept[0]]) if _UNIT.match(cell.strip())]
        kept.pop(0)
    if not kept:
        return AttachmentTable(rows)
    table = [rows[index] for index in kept]
    # two header rows: merged down over both in the sheet, or named as a two-row header is
    down = len(kept) > 2 and any(top == kept[0] and bottom == kept[1] for top, _l, bottom, _r in merges)
    header_rows = 2 if len(kept) > 2 and (down or two_row_header(table[0], table[1])) else 1
    cut = notes_below(table, header_rows)
    below = tuple("　".join(_filled(row)) for row in table[cut:])
    table = table[:cut]
    spans = _sheet_spans(merges, kept, header_rows, len(rows[0]), path)
    if spans is None:
        spans = header_spans(tuple(table), header_rows)
    else:  # Excel shows a merged range's top-left value only: text hidden under it is not printed
        hidden = {
            (r, c)
            for s in spans
            for r in range(s.row, s.row + s.rows)
            for c in range(s.column, s.column + s.columns)
            if (r, c) != (s.row, s.column)
        }
        table = [tuple("" if (r, c) in hidden else v for c, v in enumerate(row)) for r, row in enumerate(table)]
    return AttachmentTable(tuple(table), header_rows, "　".join(dict.fromkeys(notes)), spans, below)
