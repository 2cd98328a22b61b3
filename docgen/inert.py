"""Inert spreadsheet text: text docgen writes into .xlsx and .csv files never runs as a formula.

A 责任单位 of ``=HYPERLINK("http://x.example","unit")`` copied from a ledger into ``rank --xlsx``
or a bulletin's manifest.csv would otherwise become a live formula when the file is opened
(CSV injection).  Every .xlsx and .csv docgen writes goes through this module: text beginning with
``= + - @``, a tab or a carriage return is written as text (in .xlsx: a string cell with Excel's
quote prefix; in .csv: prefixed with ``'``).  Numbers stay numbers, and text that is just a number
(``-3.25``, ``+12%``) is left as it is: a spreadsheet reads it as that number, which runs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)%?")


def is_formula_like(value: object) -> bool:
    """Return True for text a spreadsheet could run as a formula (see the module docstring)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value)


def csv_value(value: Any) -> Any:
    """Return a value for a CSV cell: formula-like text gets a leading ``'``."""
    return "'" + value if is_formula_like(value) else value


def csv_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return a csv.DictWriter row with every value made inert."""
    return {key: csv_value(value) for key, value in record.items()}


def xlsx_cell(cell: Any, value: Any) -> Any:
    """Put ``value`` in an openpyxl cell; formula-like text stays text (string type, quote prefix)."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet with every value made inert."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        xlsx_cell(sheet.cell(row=row, column=column), value)
