"""Tables from .csv (UTF-8 with or without BOM, GB18030, or UTF-16 with its BOM) and .xlsx files."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DataError, Location
from docgen.i18n import N_, _
from docgen.load.hidden_cells import hidden_cells
from docgen.load.limits import MAX_TEXT_BYTES, read_limited, read_workbook_bytes
from docgen.model import check_text

if TYPE_CHECKING:
    from docgen.load.grid import Merge  # grid imports this module's CSV reader: no import at run time


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


# the first bytes of the files a user may give where text is read: a spreadsheet for a notice
_NOT_TEXT = (
    (b"PK\x03\x04", N_("an Office file (.xlsx, .docx: a zip package)")),
    (b"%PDF", N_("a PDF file")),
    (b"\xd0\xcf\x11\xe0", N_("an old Office file (.doc, .xls, .wps, .et)")),
)


def read_text_file(path: Path) -> str:
    """Return a text file's content: UTF-16 by its BOM (FF FE, FE FF), else UTF-8 (BOM or not), else
    GB18030 or GBK (BOM or not), as offices save them.

    Only a regular file up to ``MAX_TEXT_BYTES`` is read (see docgen/load/limits.py); an Office
    package, a PDF or an old Office file is named for what it is (GB18030 would decode some as text).
    """
    raw = read_limited(path, MAX_TEXT_BYTES)
    for magic, kind in _NOT_TEXT:
        if raw.startswith(magic):
            raise DataError(
                _("this is {kind}, not a text file (.md, .txt, .yaml, .csv): give the file this command reads").format(
                    kind=_(kind)
                ),
                Location(file=path),
            )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 as Notepad's “Unicode”, Excel's “Unicode 文本”
        try:
            return raw.decode("utf-16")  # the BOM says which byte order, and is dropped
        except UnicodeDecodeError as error:
            raise DataError(
                _(
                    "the file begins as UTF-16 (“Unicode”) text, but byte {offset} is not: open it in "
                    "Notepad or WPS and save it again as UTF-8"
                ).format(offset=error.start + 1),  # counted from 1, the BOM included
                Location(file=path),
            ) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            # GB18030's BOM (84 31 95 33) decodes to U+FEFF, which would stick to the first header
            # (ledgers12 #3: “缺少列 项目名称”); Python's gb18030 codec keeps it, so it is dropped here
            return raw.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
    raise DataError(_("the file is neither UTF-8 nor GB18030 text"), Location(file=path))


def refuse_old_spreadsheet(path: Path) -> None:
    """Raise DataError for a .xls or WPS .et file: it has to be saved as .xlsx first."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et"):
        raise DataError(
            _("{suffix} files cannot be read; open it in Excel or WPS and save it as .xlsx").format(
                suffix=suffix
            ),
            Location(file=path),
        )


def read_table(path: Path, sheet: str | None = None) -> tuple[tuple[str, ...], ...]:
    """Return the rows of a .csv or .xlsx file as text, empty trailing rows dropped."""
    return read_table_merged(path, sheet)[0]


def read_table_merged(
    path: Path, sheet: str | None = None
) -> tuple[tuple[tuple[str, ...], ...], tuple[Merge, ...]]:
    """Return the rows of a .csv or .xlsx file as text (empty trailing rows dropped) and the
    worksheet's merged ranges (none for a .csv)."""
    refuse_old_spreadsheet(path)
    suffix = path.suffix.lower()
    rows: list[tuple[str, ...]]
    merges: tuple[Merge, ...] = ()
    if suffix == ".csv":
        rows = [tuple(cell.strip() for cell in row) for row in csv_rows(path)]
    elif suffix == ".xlsx":
        rows, merges = _read_xlsx(path, sheet)
    else:
        raise DataError(_("a table must be a .csv or .xlsx file"), Location(file=path))
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise DataError(_("the table is empty"), Location(file=path))
    width = max(len(row) for row in rows)
    padded = tuple(row + ("",) * (width - len(row)) for row in rows)
    for number, row in enumerate(padded, start=1):
        for cell in row:
            try:
                check_text(cell, "table")
            except DataError as error:
                raise error.at(file=path, line=number, sheet=sheet) from None
    return padded, merges


def csv_rows(path: Path) -> list[list[str]]:
    """Return the rows of a .csv file; a malformed line (a NUL, an unclosed quote) names its line.

    A first line with tabs and no comma is read as tab-separated: Excel's “Unicode 文本” (UTF-16)
    separates its cells so, whatever the file is named."""
    text = read_text_file(path)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if "\t" in first and "," not in first else ",")
    try:
        return [list(row) for row in reader]
    except csv.Error as error:
        raise DataError(
            _("not a readable CSV line: {error}").format(error=error),
            Location(file=path, line=reader.line_num),
        ) from None


def _read_xlsx(path: Path, sheet: str | None) -> tuple[list[tuple[str, ...]], tuple[Merge, ...]]:
    """Return a worksheet's rows as text and its merged ranges, read by the ledgers' reader
    (python-calamine, after the package checks of docgen/load/limits.py; merged cells give their
    value once, in the top left).

    Rows and columns hidden in the sheet are left out, as Excel and WPS leave them off the printed
    sheet: an office hides its working notes there (docgen/load/hidden_cells.py); a merged range
    is renumbered over what is shown, and one wholly hidden is dropped.
    """
    from docgen.load.grid import Merge, read_grid  # grid imports this module's CSV reader

    grid = read_grid(path, sheet)
    hidden = hidden_cells(read_workbook_bytes(path), grid.sheet)
    rows = [
        tuple(_cell_text(value) for column, value in enumerate(row) if column not in hidden.columns)
        for number, row in enumerate(grid.rows)
        if number not in hidden.rows
    ]
    merges: list[Merge] = []
    for merged in grid.merges:
        top = merged.top - sum(1 for number in hidden.rows if number < merged.top)
        bottom = merged.bottom - sum(1 for number in hidden.rows if number <= merged.bottom)
        left = merged.left - sum(1 for column in hidden.columns if column < merged.left)
        right = merged.right - sum(1 for column in hidden.columns if column <= merged.right)
        if top <= bottom and left <= right:  # not wholly hidden
            merges.append(Merge(top, left, bottom, right))
    return rows, tuple(merges)
