"""Ledgers (台账) from .xlsx or .csv with Chinese headers: columns found by name and synonyms, rows typed.

A ledger is read whole; every bad cell becomes an error naming file, sheet, row and column, and
the rows without errors are still returned, so a batch can report every problem at once and
produce the valid items.  Structural problems (unreadable file, missing column) raise at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.load.cells import CellError, is_blank
from docgen.load.tables import csv_rows, xlsx_rows
from docgen.model import check_text

HEADER_SCAN_ROWS = 10


def normalise_header(text: object) -> str:
    """Return a header without spaces, asterisks, line breaks, with full-width brackets."""
    value = re.sub(r"[\s*＊]", "", str(text or ""))
    return value.replace("(", "（").replace(")", "）")


@dataclass(frozen=True)
class Column:
    """A column of a ledger: its field name, header and synonyms, whether required, how to read it."""

    field: str
    headers: tuple[str, ...]
    parse: Callable[[Any], Any]
    required: bool = True
    default: Any = None

    @property
    def header(self) -> str:
        return self.headers[0]


@dataclass
class SheetRows:
    """A ledger read: typed records (with their row numbers) and the errors of the other rows."""

    path: Path
    sheet: str | None
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)


def _raw_rows(path: Path, sheet: str | None) -> tuple[str | None, list[list[Any]]]:
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et"):
        raise DataError(
            _("{suffix} files cannot be read; open it in Excel or WPS and save it as .xlsx").format(
                suffix=suffix
            ),
            Location(file=path),
        )
    if suffix == ".csv":
        return None, list(csv_rows(path))
    if suffix != ".xlsx":
        raise DataError(_("a ledger must be a .xlsx or .csv file"), Location(file=path))
    return xlsx_rows(path, sheet)


def read_ledger(path: Path, columns: Sequence[Column], sheet: str | None = None) -> SheetRows:
    """Read a ledger: find the header row and every column, then type each row's cells."""
    sheet_name, rows = _raw_rows(path, sheet)
    names = {normalise_header(h): c for c in columns for h in c.headers}
    header_index = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if sum(1 for cell in row if normalise_header(cell) in names) >= 2:
            header_index = index
            break
    if header_index is None:
        raise DataError(
            _("no header row found in the first {n} rows; expected columns such as {names}").format(
                n=HEADER_SCAN_ROWS, names="、".join(c.header for c in columns[:5])
            ),
            Location(file=path, sheet=sheet_name),
        )
    header = rows[header_index]
    positions: dict[str, int] = {}
    for position, cell in enumerate(header):
        column = names.get(normalise_header(cell))
        if column is not None and column.field not in positions:
            positions[column.field] = position
    missing = [c for c in columns if c.required and c.field not in positions]
    if missing:
        raise DataError(
            _("missing column {names} (also accepted: {synonyms})").format(
                names="、".join(c.header for c in missing),
                synonyms="、".join(s for c in missing for s in c.headers[1:]) or "-",
            ),
            Location(file=path, sheet=sheet_name, line=header_index + 1),
        )
    result = SheetRows(path, sheet_name)
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if all(is_blank(cell) for cell in row):
            continue
        record: dict[str, Any] = {}
        row_errors: list[DataError] = []
        for column in columns:
            index_of = positions.get(column.field)
            value = row[index_of] if index_of is not None and index_of < len(row) else None
            where = Location(
                file=path,
                sheet=sheet_name,
                line=index + 1,
                column=f"{get_column_letter(index_of + 1)}（{header[index_of]}）"
                if index_of is not None
                else None,
                field=None,
            )
            if is_blank(value):
                if column.required:
                    row_errors.append(DataError(_("empty, but required"), where))
                record[column.field] = column.default
                continue
            try:
                if isinstance(value, str):
                    check_text(value, column.header)
                record[column.field] = column.parse(value)
            except CellError as error:
                row_errors.append(DataError(str(error), where))
            except DataError as error:  # a control character: reported at this cell, not later
                row_errors.append(DataError(error.reason, where))
        if row_errors:
            result.errors.extend(row_errors)
        else:
            result.records.append((index + 1, record))
    return result
