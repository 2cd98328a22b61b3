"""Spreadsheet cells to typed values: dates in every form offices type them, amounts as Decimal."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from docgen.i18n import _

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (the 1900 leap-year bug included)
_DATE_TEXT = re.compile(r"\s*(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?\s*")


class CellError(ValueError):
    """A cell's value cannot be read as the type its column needs."""


def is_blank(value: object) -> bool:
    """Return True for an empty cell (None or only white space)."""
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value: object) -> str:
    """Return a cell as text (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def to_date(value: object) -> dt.date:
    """Return a date from a real date cell, an Excel serial number or text like 2023.5.6 / 2023年5月6日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(_("not a date: {value}").format(value=value))
    text = str(value).strip()
    if text.isdigit() and len(text) <= 6:
        return to_date(int(text))
    match = _DATE_TEXT.fullmatch(text)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise CellError(_("not a date: {value!r}; write it like 2023-05-06 or 2023.5.6").format(value=text))


def to_int(value: object) -> int:
    """Return a whole number (a cell like 15 or 15.0 or "15个工作日")."""
    if isinstance(value, bool):
        raise CellError(_("not a whole number: {value}").format(value=value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = re.fullmatch(r"\s*(\d+)\s*(个)?(工作日|天|日)?\s*", str(value))
    if match:
        return int(match.group(1))
    raise CellError(_("not a whole number: {value!r}").format(value=value))


def to_decimal(value: object) -> Decimal:
    """Return an amount as Decimal (never float): 1,234.5 and 1234.5万元 are read as 1234.5."""
    if isinstance(value, bool):
        raise CellError(_("not a number: {value}").format(value=value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = re.sub(r"[,，\s]|万元|亿元|元", "", str(value))
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(_("not a number: {value!r}").format(value=value)) from None
