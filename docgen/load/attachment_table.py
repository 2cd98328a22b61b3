"""An attachment's table as an office keeps it in Excel, made ready to print under the 附件 title.

Offices attach the sheet they keep: a title row above the table (the 附件 already has its title,
7.3.7), a note such as 单位：万元, a header over two rows (2025年计划 over 投资 / 新开工), blank rows
left between groups.  The title row is dropped, the unit note is kept to be printed above the table,
blank rows are dropped and a two-row header stays the table's heading (repeated on each page).
Everything else is printed as typed: an attachment shows what the office wrote, 合计 rows included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# notes that stand above a table rather than in it
_NOTE = re.compile(r"^(?:单位|金额单位|计量单位|填报单位|填表单位|制表单位|报送单位|填报日期|制表日期|截至)[:：]")
_UNIT = re.compile(r"^(?:金额单位|计量单位|单位)[:：]\s*\S")


@dataclass(frozen=True)
class AttachmentTable:
    """The table to print: its rows, how many of them are the heading, and the unit note above it."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 1
    note: str = ""


def _filled(row: tuple[str, ...]) -> list[str]:
    return [cell for cell in row if cell.strip()]


def _above_the_table(row: tuple[str, ...]) -> bool:
    """A title (one text across the sheet) or a row of notes (单位：万元, 填报单位：……)."""
    cells = _filled(row)
    return len(cells) <= 1 or all(_NOTE.match(cell.strip()) for cell in cells)


def _two_row_header(upper: tuple[str, ...], lower: tuple[str, ...]) -> bool:
    """Is ``lower`` the second row of a header merged over two rows?  Every column is named in one of
    them; some names stand only in the lower row (under a name merged across, 2025年计划 / 投资), and
    some only in the upper (merged down, 项目名称), as a data row under a one-row header never has."""
    pairs = list(zip(upper, lower, strict=True))
    if any(not a.strip() and not b.strip() for a, b in pairs):
        return False
    below_only = any(not a.strip() and b.strip() for a, b in pairs)
    above_only = any(a.strip() and not b.strip() for a, b in pairs)
    return below_only and above_only


def office_table(rows: tuple[tuple[str, ...], ...]) -> AttachmentTable:
    """Return the table of an attachment sheet: title and note rows taken off, blank rows dropped."""
    kept = [row for row in rows if _filled(row)]
    notes: list[str] = []
    while len(kept) > 1 and _above_the_table(kept[0]):
        notes += [cell.strip() for cell in _filled(kept[0]) if _UNIT.match(cell.strip())]
        kept.pop(0)
    if not kept:
        return AttachmentTable(rows)
    header_rows = 2 if len(kept) > 2 and _two_row_header(kept[0], kept[1]) else 1
    return AttachmentTable(tuple(kept), header_rows, "　".join(dict.fromkeys(notes)))
