"""One returned form, read the way offices fill them: the unit it names, 零报送, its rows, its problems.

The rows go through the ledger intake (docgen/load/sheet.py: title rows, merged two-row headers,
numbers as text, 合计 rows, units written in cells).  Above the header the form names its unit
("填报单位：灵宝市", or the name in the cell after 填报单位) and may say 零报送 (是 in the cell after
it, or "零报送：是").  A unit with nothing to report may also write 无 or 零报送 in the table
instead of projects.  The package is checked by docgen/load/limits.py before anything parses it
(zip bombs, DTDs, sheets too large); formulas are never evaluated: a formula cell is read as the
value the spreadsheet last computed, if any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.collect.added import added_columns
from docgen.collect.forms import ZERO_LABEL, FormSpec
from docgen.errors import DataError, DataWarning, Location
from docgen.i18n import _, joined, ngettext
from docgen.load.cells import NO, YES, shown, to_text
from docgen.load.grid import read_grid
from docgen.load.header import HEADER_SCAN_ROWS, canonical, find_header
from docgen.load.sheet import ledger_from_grid

_UNIT_CELL = re.compile(r"^(?:填报单位|报送单位|单位名称)(?:（(?:盖章|公章)）)?\s*[:：]?\s*(.*)$", re.S)
_ZERO_CELL = re.compile(r"^零报送(?:（[^）]*）)?\s*[:：]?\s*(.*)$", re.S)
_LABEL = re.compile(r"[:：]|^单位")
_NIL_WORD = re.compile(r"无|零报送|无项目|本单位无项目|暂无|暂无项目")
_NIL = re.compile(r"无|零报送|无项目|本单位无项目|暂无|暂无项目|/|／|—+|-+")


@dataclass
class Returned:
    """A returned form read: the unit it names, whether it says 零报送, its rows and problems."""

    path: Path
    sheet: str | None = None
    written_unit: str = ""
    unit_cell: tuple[int, str] | None = None  # (row, column letter) where the 填报单位 is written
    zero: bool = False
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataWarning] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    rejected: list[tuple[int, dict[str, Any]]] = field(
        default_factory=list
    )  # rows with errors, as far as read
    title: str = ""  # the text above the header but labels (…：): where a form states its week
    notes: str = ""  # the 填表说明 above the header (where docgen wrote the deadline)
    added: list[tuple[str, str]] = field(default_factory=list)  # columns of its own with values: (letter, name)
    header_line: int | None = None  # the header's row (1-based)
    empty: bool = False  # no project, no 零报送 answer, nothing else wrong: the blank form sent back


def _after(row: list[Any], index: int, inline: str) -> str:
    """Return the text after a label: in its own cell after the colon, else the next filled cell."""
    if inline.strip():
        return inline.strip()
    label = row[index]
    for value in row[index + 1 :]:
        if value is not None and to_text(value) and value != label:
            text = to_text(value)
            labels = (_LABEL, _UNIT_CELL, _ZERO_CELL)
            return "" if any(r.search(text) for r in labels) else text  # the next label: no answer here
    return ""


def _preamble(
    rows: list[list[Any]], end: int
) -> tuple[str, tuple[int, int] | None, str | None, tuple[int, int] | None]:
    """Return the unit written above the header and its cell (row, column), the 零报送 answer and its cell."""
    unit, unit_at, zero, at = "", None, None, None
    for r, row in enumerate(rows[:end]):
        for c, value in enumerate(row):
            if not isinstance(value, str):
                continue
            text = value.strip()
            match = _UNIT_CELL.match(text)
            if match and not unit:
                unit, unit_at = _after(row, c, match.group(1)), (r, c)
            match = _ZERO_CELL.match(text)
            if match and zero is None:
                zero, at = _after(row, c, match.group(1)), (r, c)
    return unit, unit_at, zero, at


def _nil_rows(rows: list[list[Any]], first: int) -> int:
    """Blank the rows under the header that only say 无 / 零报送; return how many there were."""
    count = 0
    for index in range(first, len(rows)):
        texts = [to_text(v) for v in rows[index] if v is not None and to_text(v)]
        words = [t for t in texts if not t.isdigit()]  # a 序号 beside 无
        folded = ["".join(t.split()) for t in words]
        if any(_NIL_WORD.fullmatch(t) for t in folded) and all(_NIL.fullmatch(t) for t in folded):
            rows[index] = [None] * len(rows[index])
            count += 1
    return count


def read_returned(path: Path, spec: FormSpec, sheet: str | None = None) -> Returned:
    """Read a returned form (its worksheet ``sheet``, else the form's sheet, else the first with the form's
    header); problems of its rows are collected, a structural problem raises."""
    grid = read_grid(path, sheet, prefer=(spec.sheet,))
    result = Returned(path, grid.sheet)
    known = {canonical(h)[0] for c in spec.columns() for h in c.headers}
    header = find_header(grid, known)
    if header is None and sheet is None and path.suffix.lower() != ".csv":  # a cover sheet (填报说明) before the form
        for name in _sheet_names(path):
            other = read_grid(path, name) if name != grid.sheet else grid
            found = find_header(other, known)
            if found is not None:
                grid, header = other, found
                result.sheet = grid.sheet
                break
    end = header.first if header is not None else min(HEADER_SCAN_ROWS, len(grid.rows))
    result.written_unit, unit_at, zero_text, zero_at = _preamble(grid.rows, end)
    above = [to_text(v) for row in grid.rows[:end] for v in row if isinstance(v, str) and to_text(v)]
    result.notes = " ".join(t for t in above if t.startswith("填表说明"))
    # the title, not the labels: a 填报日期：11月10日 is when the form was filled, not its period
    result.title = " ".join(t for t in above if not re.search(r"[:：]", t))
    if unit_at is not None:
        result.unit_cell = (unit_at[0] + 1, _letter(unit_at[1]))
    folded = "".join((zero_text or "").split())
    if header is None and folded in (*YES, ZERO_LABEL):
        result.zero = True  # the table itself deleted: the 零报送 answer says it all
        return result
    nil = _nil_rows(grid.rows, header.last + 1) if header is not None else 0
    saved = [list(row) for row in grid.rows]  # before merged cells are filled: a value is where it was typed
    rows = ledger_from_grid(grid, path, spec.columns())
    result.records, result.errors, result.warnings = rows.records, rows.errors, rows.warnings
    result.columns, result.rejected = rows.columns, rows.rejected
    if rows.header is not None:
        read = [row for row, _record in (*rows.records, *rows.rejected)]
        result.added = added_columns(saved, rows.header, set(rows.positions.values()), read)
        result.header_line = rows.header.first + 1
        assumed = [c.header for c in spec.columns() if c.field not in rows.positions and isinstance(c.default, bool)]
        if assumed and rows.records:  # a 是/否 column left out of a unit's own table reads 否 for every project
            result.warnings.append(
                DataWarning(
                    _(
                        "the table has no column {columns}: every project is counted as 否 there (in the "
                        "通报's shares too); ask the unit to add the column if some projects are 是"
                    ).format(columns=joined(assumed)),
                    Location(file=path, sheet=grid.sheet, line=result.header_line),
                )
            )
    where = Location(
        file=path,
        sheet=grid.sheet,
        line=zero_at[0] + 1 if zero_at else None,
        column=_letter(zero_at[1]) if zero_at else None,
    )
    if folded and folded not in (*YES, *NO, ZERO_LABEL):
        result.errors.append(
            DataError(_("零报送 is 是 or 否, not {value!r}").format(value=shown(folded)), where)
        )
    result.zero = folded in (*YES, ZERO_LABEL) or nil > 0
    if result.zero and (result.records or result.rejected):
        count = len(result.records) + len(result.rejected)
        result.errors.append(
            DataError(
                ngettext("marked 零报送, but lists {n} project", "marked 零报送, but lists {n} projects", count).format(
                    n=count
                ),
                where,
            )
        )
    elif not result.zero and not result.records and not result.errors:
        result.empty = True
        result.errors.append(
            DataError(
                _("no project and not marked 零报送: fill in the projects, or choose 是 at 零报送"),
                Location(file=path, sheet=grid.sheet),
            )
        )
    return result


def _sheet_names(path: Path) -> list[str]:
    """Return the worksheets of a workbook read_grid has already checked (zip bomb, DTD, extents)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 - read_grid read it a moment ago; a failure now means no other sheets
        return []
    try:
        return [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]
    finally:
        book.close()


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(position + 1))
