"""A worksheet as a grid of raw cell values with its merged ranges: what the ledger intake reads.

.xlsx files are read with python-calamine (Rust) after the package checks of docgen/load/limits.py:
on a 10,000-row ledger it takes about 0.07 s where openpyxl's read-only mode takes 1.5–2 s
(bench/rank.py measures both).  Cell types are kept: numbers (float), text, booleans, and dates
as ``datetime.date``/``datetime.datetime`` when the cell has a date format, as openpyxl gives them;
a number of 0 or below in such a cell (which calamine reads as a time, 00:00:00 for −5) as the number.
Empty cells are ``None``.  .csv files give text cells and no merged ranges.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from docgen.errors import DataError, Location, library_error_text
from docgen.i18n import _, joined
from docgen.load.error_cells import error_cells, linked_cells, sheet_xml, uncomputed_cells
from docgen.load.hidden_cells import hidden_cells
from docgen.load.limits import MAX_SHEET_CELLS, check_sheet_extent, read_workbook_bytes
from docgen.load.stored_numbers import times_not_typed
from docgen.load.tables import csv_rows, refuse_old_spreadsheet

Engine = Literal["calamine", "openpyxl"]


class Merge(NamedTuple):
    """A merged range, 0-based and inclusive: rows ``top``..``bottom``, columns ``left``..``right``.

    A named tuple: the attachment reader (docgen/load/attachment_table.py) unpacks it as one.
    """

    top: int
    left: int
    bottom: int
    right: int


@dataclass
class Grid:
    """A worksheet's rows of raw values (row 0 is the sheet's row 1) and its merged ranges."""

    sheet: str | None
    rows: list[list[Any]]
    merges: list[Merge] = field(default_factory=list)
    hidden: frozenset[int] = frozenset()  # the hidden columns, 0-based: last month's figures kept out of sight
    uncomputed: frozenset[tuple[int, int]] = frozenset()  # (row, column) of formulas saved without a result
    linked: frozenset[tuple[int, int]] = frozenset()  # (row, column) of formulas reading another workbook
    # the visible sheets of a workbook of several, when docgen chose the sheet: a refusal names them
    others: tuple[str, ...] = ()
    hidden_rows: frozenset[int] = frozenset()  # the hidden rows, 0-based: rows taken out of the list
    filtered: frozenset[int] = frozenset()  # of those, the rows an autofilter left on hides

    def filled(self) -> Grid:
        """Return the grid with each merged range's value copied into every cell of the range.

        A 责任单位 merged down over its projects belongs to each of them; a header merged across
        its sub-columns names each of them.
        """
        for merge in self.merges:
            if merge.top >= len(self.rows) or merge.left >= len(self.rows[merge.top]):
                continue
            value = self.rows[merge.top][merge.left]
            for r in range(merge.top, min(merge.bottom, len(self.rows) - 1) + 1):
                row = self.rows[r]
                if len(row) <= merge.right:
                    row.extend([None] * (merge.right + 1 - len(row)))
                for c in range(merge.left, merge.right + 1):
                    row[c] = value
        return self


def _bad_workbook(path: Path, error: BaseException, sheet: str | None = None) -> DataError:
    text = library_error_text(error)
    return DataError(
        _("cannot read the workbook: {error}").format(error=text), Location(file=path, sheet=sheet)
    )


def _no_sheet(path: Path, sheet: str, names: list[str]) -> DataError:
    return DataError(
        _("no sheet named {sheet!r}; the workbook has {names}").format(sheet=sheet, names=joined(names)),
        Location(file=path),
    )


def _refuse_old_formats(path: Path) -> None:
    refuse_old_spreadsheet(path)
    # .xlsm is an .xlsx package with macros (ledgers11 #9): its cells are read, its macros never run
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
        raise DataError(_("a ledger must be a .xlsx or .csv file"), Location(file=path))


# a sheet named for a month (2025-05, 2025年5月, 5月, 202505): a workbook of two or more keeps a month a sheet
_MONTH_SHEET = re.compile(r"\d{4}(?:[-.]\d{1,2}|年\d{1,2}月份?|\d{2})|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?")


def _choose(
    names: list[str], sheet: str | None, prefer: Sequence[str], path: Path, visible: Sequence[str] | None = None
) -> str:
    """Return the sheet asked for, else the first of ``prefer`` the workbook shows, else its first shown sheet.

    Only the ``visible`` sheets are chosen from, as Excel and WPS show a workbook: a hidden sheet
    (__CellFormula, a template's lookup lists) is read only when asked for by name.  A workbook
    with a sheet for each month but none for the month preferred is refused: its first sheet is
    another month, whose figures would be reported as this month's.
    """
    if sheet is not None and sheet not in names:
        raise _no_sheet(path, sheet, names)
    if not names:
        raise DataError(_("the workbook has no worksheet"), Location(file=path))
    if sheet is not None:
        return sheet
    # Excel keeps one sheet visible at least; a file made otherwise is read as before, all sheets shown
    shown = [name for name in names if visible is None or name in visible] or names
    chosen = next((name for name in prefer if name in shown), None)
    months = [name for name in shown if _MONTH_SHEET.fullmatch(name.strip())]
    if chosen is None and prefer and _MONTH_SHEET.fullmatch(prefer[0]) and len(months) >= 2:
        raise DataError(
            _(
                "no sheet for the month {month}: the workbook has a sheet for each month ({names}); "
                "add this month's sheet (named like {month}) or give the ledger of that month"
            ).format(month=prefer[0], names=joined(months)),
            Location(file=path),
        )
    if chosen is None and prefer and _MONTH_SHEET.fullmatch(prefer[0]) and shown[0] in months:
        # the sheet docgen would read is another month's: its figures are not this month's
        raise DataError(
            _(
                "no sheet for the month {month}: the sheet {sheet!r} is another month's; "
                "give the ledger of {month} (its sheet named like {month}, or not named after a month)"
            ).format(month=prefer[0], sheet=shown[0]),
            Location(file=path),
        )
    return chosen or shown[0]


def _others(names: list[str], sheet: str | None, visible: Sequence[str]) -> tuple[str, ...]:
    """Return the visible sheets a refusal names: when docgen chose among several sheets, else none."""
    if sheet is not None or len(names) < 2:
        return ()
    return tuple(name for name in names if name in visible) or tuple(names)


def _calamine_book(path: Path, data: bytes) -> Any:
    from python_calamine import CalamineWorkbook  # imported here: only .xlsx inputs pay for it

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - a hostile or broken package: any failure is bad data
        raise _bad_workbook(path, error) from error  # --debug shows the library's words


def _worksheet_names(book: Any) -> list[str]:
    return [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]


def _visible_names(book: Any) -> list[str]:
    """Return the worksheets Excel shows (not Hidden, not VeryHidden)."""
    return [
        m.name
        for m in book.sheets_metadata
        if str(m.typ).endswith("WorkSheet") and str(m.visible).endswith(".Visible")
    ]


def _cells(row: list[Any]) -> list[Any]:
    return [None if value == "" else value for value in row]


def _calamine_grids(path: Path, sheet: str | None, prefer: Sequence[str], *, all_shown: bool = False) -> list[Grid]:
    """Return the sheet :func:`read_grid` reads and, with ``all_shown`` when docgen chose that sheet among
    several and not a preferred one, every other visible sheet after it: all from one opening and one
    check of the package (ledgers12: a 20-sheet workbook was opened and checked 20 times)."""
    data = read_workbook_bytes(path)  # zip-bomb and DTD checks before anything parses the package
    book = _calamine_book(path, data)
    try:
        names, visible = _worksheet_names(book), _visible_names(book)
        title = _choose(names, sheet, prefer, path, visible)
        grids = [_calamine_sheet(path, data, book, title, _others(names, sheet, visible))]
        if all_shown and sheet is None and title not in prefer:
            grids += [_calamine_sheet(path, data, book, name, ()) for name in grids[0].others if name != title]
    finally:
        book.close()
    return grids


def _calamine_sheet(path: Path, data: bytes, book: Any, title: str, others: tuple[str, ...]) -> Grid:
    """Return worksheet ``title`` of an open workbook as a grid (``data``: the package's bytes)."""
    xml = sheet_xml(data, title)  # read once for the checks and readers below
    check_sheet_extent(data, path, title, xml=xml)  # calamine aborts the process on a sheet too large to allocate
    try:
        worksheet = book.get_sheet_by_name(title)
        rows = [_cells(row) for row in worksheet.to_python(skip_empty_area=False)]
        ranges = worksheet.merged_cell_ranges or []
    except Exception as error:  # noqa: BLE001 - a broken sheet fails while its rows are parsed
        raise _bad_workbook(path, error, title) from error
    for (row, column), text in error_cells(data, title, xml=xml).items():  # calamine reads them as empty
        if row < len(rows) and column < len(rows[row]):
            rows[row][column] = text
    for (row, column), number in times_not_typed(data, title, rows, xml=xml).items():  # −5 read as 00:00:00
        rows[row][column] = number
    merges = _bounded_merges(ranges, rows, path, title)
    hidden = hidden_cells(data, title, xml=xml)
    uncomputed, linked = uncomputed_cells(data, title, xml=xml), linked_cells(data, title, xml=xml)
    return Grid(title, rows, merges, hidden.columns, uncomputed, linked, others, hidden.rows, hidden.filtered)


def _bounded_merges(ranges: Sequence[Any], rows: list[list[Any]], path: Path, sheet: str) -> list[Merge]:
    """Return the merged ranges as the file gives them, refusing ranges that together cover more than
    ``MAX_SHEET_CELLS`` of the cells the sheet holds: Excel never saves overlapping ranges, so more is
    a hostile file (thousands of copies of one range would keep :meth:`Grid.filled` busy for hours).

    A range is counted as far as it lies on the sheet's cells but kept whole: one reaching past the
    table (B1:XFD1) is refused later, naming it, rather than cut to the table, where it would hide
    the cells it covers."""
    width = max((len(row) for row in rows), default=0)
    merges: list[Merge] = []
    covered = 0
    for (top, left), (bottom, right) in ranges:
        covered += max(0, min(bottom, len(rows) - 1) - top + 1) * max(0, min(right, width - 1) - left + 1)
        if covered > MAX_SHEET_CELLS:
            raise DataError(
                _(
                    "its merged ranges ({count}) cover more than the {limit} cells docgen reads: "
                    "ranges merged over each other, which Excel does not save"
                ).format(count=len(ranges), limit=MAX_SHEET_CELLS),
                Location(file=path, sheet=sheet),
            )
        merges.append(Merge(top, left, bottom, right))
    return merges


def _openpyxl_book(path: Path, *, values: bool = True) -> Any:
    """Open an .xlsx read-only with openpyxl after the package checks of docgen/load/limits.py."""
    from openpyxl import load_workbook

    data = read_workbook_bytes(path)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=values)
    except Exception as error:  # noqa: BLE001 - openpyxl on a hostile file: any failure is bad data
        raise _bad_workbook(path, error) from error  # --debug shows the library's words


def _openpyxl_grid(path: Path, sheet: str | None, prefer: Sequence[str]) -> Grid:
    """The reader docgen used before calamine (read-only mode gives no merged ranges); kept for the bench."""
    book = _openpyxl_book(path)
    try:
        visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
        title = _choose(list(book.sheetnames), sheet, prefer, path, visible)
        try:
            rows = [list(row) for row in book[title].iter_rows(values_only=True)]
        except Exception as error:  # noqa: BLE001 - rows are parsed lazily: a broken sheet fails here
            raise _bad_workbook(path, error, title) from error
    finally:
        book.close()
    return Grid(title, rows)


def read_grid(
    path: Path, sheet: str | None = None, engine: Engine = "calamine", prefer: Sequence[str] = ()
) -> Grid:
    """Return a worksheet of an .xlsx file, or a .csv file, as a grid.

    The worksheet is ``sheet``, else the first of ``prefer`` the workbook shows (a month's sheet
    named 2025-05 or 2025年5月), else the first it shows: hidden sheets are read only when named.
    """
    _refuse_old_formats(path)
    if path.suffix.lower() == ".csv":
        return Grid(None, [_cells(row) for row in csv_rows(path)])
    if engine == "openpyxl":
        return _openpyxl_grid(path, sheet, prefer)
    return _calamine_grids(path, sheet, prefer)[0]


def read_grids(
    path: Path, sheet: str | None = None, engine: Engine = "calamine", prefer: Sequence[str] = ()
) -> list[Grid]:
    """Return the grid :func:`read_grid` returns, then, when docgen chose it among several visible sheets
    and it is not a preferred one, every other visible sheet: the sheets a ledger may be on, for
    docgen/load/ledger_sheet.py to look for the one with the ledger's header.  An .xlsx is opened and
    checked once for all of them."""
    _refuse_old_formats(path)
    if path.suffix.lower() == ".csv" or engine == "openpyxl":  # the bench's reader opens the book per sheet
        first = read_grid(path, sheet, engine, prefer)
        if sheet is not None or first.sheet in prefer:
            return [first]
        return [first, *(read_grid(path, name, engine) for name in first.others if name != first.sheet)]
    return _calamine_grids(path, sheet, prefer, all_shown=True)


def iter_texts(rows: list[list[Any]]) -> Iterator[str]:
    """Yield every text cell of ``rows``."""
    for row in rows:
        for value in row:
            if isinstance(value, str):
                yield value
