"""Tables from .csv (UTF-8 with or without BOM, or GB18030) and .xlsx files."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.model import check_text


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


def read_text_file(path: Path) -> str:
    """Return a text file's content: UTF-8 (BOM or not), else GB18030, as offices save them."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(
            _("cannot read the file: {error}").format(error=error.strerror), Location(file=path)
        ) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(_("the file is neither UTF-8 nor GB18030 text"), Location(file=path))


def read_table(path: Path, sheet: str | None = None) -> tuple[tuple[str, ...], ...]:
    """Return the rows of a .csv or .xlsx file as text, empty trailing rows dropped."""
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et"):
        raise DataError(
            _("{suffix} files cannot be read; open it in Excel or WPS and save it as .xlsx").format(
                suffix=suffix
            ),
            Location(file=path),
        )
    rows: list[tuple[str, ...]]
    if suffix == ".csv":
        text = read_text_file(path)
        rows = [tuple(cell.strip() for cell in row) for row in csv.reader(io.StringIO(text))]
    elif suffix == ".xlsx":
        rows = _read_xlsx(path, sheet)
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
    return padded


def xlsx_rows(path: Path, sheet: str | None) -> tuple[str, list[list[object]]]:
    """Return a worksheet's title and its rows of raw cell values (the first sheet unless named)."""
    from openpyxl import load_workbook  # imported here: only .xlsx inputs pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError) as error:
        raise DataError(
            _("cannot read the workbook: {error}").format(error=error), Location(file=path)
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise DataError(
                _("no sheet named {sheet!r}; the workbook has {names}").format(
                    sheet=sheet, names=", ".join(book.sheetnames)
                ),
                Location(file=path),
            )
        worksheet = book[sheet] if sheet else book.worksheets[0]
        return worksheet.title, [list(row) for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _read_xlsx(path: Path, sheet: str | None) -> list[tuple[str, ...]]:
    _title, rows = xlsx_rows(path, sheet)
    return [tuple(_cell_text(value) for value in row) for row in rows]
