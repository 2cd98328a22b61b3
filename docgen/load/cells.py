"""Spreadsheet cells to typed values: dates in every form offices type them, amounts as Decimal."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from docgen.i18n import _
from docgen.load.limits import MAX_AMOUNT_DIGITS, MAX_AMOUNT_EXPONENT, MAX_WHOLE_DIGITS

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (the 1900 leap-year bug included)
LAST_SERIAL = 2958466  # the day after 9999-12-31, Excel's last date
_FLOAT_BOUND = 10.0**MAX_AMOUNT_EXPONENT
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
YES = ("是", "√", "✓", "Y", "y", "yes", "1")
NO = ("否", "×", "N", "n", "no", "0")
_PERCENT = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*")
_UNIT_AFTER = re.compile(r"\d\s*(万元|亿元|元|万|亿)\s*$")
_DATE_TEXT = re.compile(r"\s*(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?\s*")
# 20220316: year, month and day in eight digits (a number no Excel serial reaches: those end at 2958465)
_COMPACT_DATE = re.compile(r"\s*((?:19|20)\d{2})(\d{2})(\d{2})\s*")


# Each message names the value found and the forms accepted (issue 18).
def _DATE_FORMS() -> str:  # noqa: N802 - a message, named like the constant it stands for
    return _('not a date: "{value}"; write it like 2023-05-06, 2023.5.6 or 2023年5月6日, or use a date cell')


def _WHOLE_FORMS() -> str:  # noqa: N802
    return _('not a whole number: "{value}"; write it like 15 or 15个工作日')


def _NUMBER_FORMS() -> str:  # noqa: N802
    return _('not a number: "{value}"; write it like 1234.5, 1,234.5 or 1234.5万元')


class CellError(ValueError):
    """A cell's value cannot be read as the type its column needs."""


class shown:  # noqa: N801 - used like a function in messages
    """A value as a message quotes it (``{value}`` or ``{value!r}``), cut to ``limit`` characters."""

    def __init__(self, value: object, limit: int = 40) -> None:
        self.value = value
        self.limit = limit

    def _cut(self, text: str) -> str:
        return text if len(text) <= self.limit else text[: self.limit - 1] + "…"

    def __str__(self) -> str:
        if isinstance(self.value, int) and abs(self.value) >= 10**30:
            return f"{self.value:.3e}"  # str() of a 4300-digit int raises
        return self._cut(str(self.value))

    def __repr__(self) -> str:
        return self._cut(repr(self.value)) if isinstance(self.value, str) else str(self)


def is_blank(value: object) -> bool:
    """Return True for an empty cell (None or only white space)."""
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value: object) -> str:
    """Return a cell as text (numbers without a trailing .0)."""
    if value.__class__ is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_WITH_TIME = re.compile(r"(.+?)\s+\d{1,2}:\d{2}(?::\d{2})?")
_CN_DATE = re.compile(r"\s*[〇零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日\s*")
_MONTH_DAY = re.compile(r"\d{1,2}月\d{1,2}日?(?:前|之前|以前)?")


def to_date(value: object) -> dt.date:
    """Return a date from a real date cell, an Excel serial number or text like 2023.5.6 / 2023年5月6日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < LAST_SERIAL:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        eight_digits = isinstance(value, int) or (math.isfinite(value) and value.is_integer())  # inf, nan: no
        if eight_digits and 10_000_000 <= value < 100_000_000 and (day := _text_date(str(int(value)))) is not None:
            return day  # 20220316: a date typed as eight digits, as systems export them (wild12)
        raise CellError(_no_date_number(value))
    if isinstance(value, dt.time):  # a time-only cell (8:30): no day in it
        raise CellError(
            _("not a date: the cell holds only a time of day, {value}; write the date, like 2023-05-06").format(
                value=value.strftime("%H:%M:%S" if value.second else "%H:%M")
            )
        )
    typed = str(value).strip()  # quoted as the cell holds it (ledgers11 #13), read normalised
    text = unicodedata.normalize("NFKC", typed).strip()
    if text.isdigit() and len(text) <= 6:
        return to_date(int(text))
    day = _text_date(text)
    if day is None and (timed := _WITH_TIME.fullmatch(text)):  # 2025-10-16 08:30: the day, as a date cell's
        day = _text_date(timed.group(1))
    if day is not None:
        return day
    if _MONTH_DAY.fullmatch(text):  # 10月9日: the year is not guessed (a ledger runs over the new year)
        raise CellError(
            _('no year in the date "{value}": write the year too, like 2025年10月9日').format(value=shown(typed))
        )
    raise CellError(_DATE_FORMS().format(value=shown(typed)))


def _text_date(text: str) -> dt.date | None:
    """Return the date typed as 2023.5.6, 2023年5月6日 or 二〇二三年五月六日 (as 成文日期 reads it), else None."""
    match = _DATE_TEXT.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
    if _CN_DATE.fullmatch(text):  # ledgers11 #10
        from docgen.load.patterns import parse_date  # lazy: it brings cn2an, only for such dates

        return parse_date(text)
    return None


def _no_date_number(value: float) -> str:
    """Say why a number in a date cell is no date, quoting the number the cell holds (−5, not the
    00:00:00 calamine reads it as; Excel itself shows ####)."""
    number = shown(int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 else value)
    if value < 0:
        why = _("the cell holds the number {value}, a day before 1900 (Excel shows ####)")
    elif value == 0:
        why = _("the cell holds the number 0, day 0 of Excel's calendar, before its first day 1900-01-01")
    elif 0 < value < 1:
        why = _("the cell holds the number {value}, a part of a day (a time) with no date")
    elif value == value and value >= LAST_SERIAL:  # value == value: not NaN
        why = _("the cell holds the number {value}, after 9999-12-31, the last day Excel has (Excel shows ####)")
    else:
        why = _("the cell holds {value}")
    return _("not a date: {why}; write the date like 2023-05-06, 2023.5.6 or 2023年5月6日, or use a date cell").format(
        why=why.format(value=number)
    )


def yes_no(value: object) -> bool:
    """Return True for 是, False for 否 (and the usual marks for them)."""
    text = to_text(value)
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("write 是 or 否, not {value!r}").format(value=shown(text)))


def to_share(value: object) -> Decimal:
    """Return a share as a fraction: 70% (text) or 0.7 (a cell formatted 70%, or a number up to 1)."""
    match = _PERCENT.fullmatch(unicodedata.normalize("NFKC", value)) if isinstance(value, str) else None
    try:
        amount = Decimal(match.group(1)) / 100 if match else to_decimal(value)
    except CellError:
        amount = Decimal(-1)
    if match and amount > 1:  # 150%: no share is more than the whole
        raise CellError(_("a share is at most 100%, not {value!r}").format(value=shown(value)))
    if not 0 <= amount <= 1:
        raise CellError(_("a share is written like 70%, not {value!r}").format(value=shown(value)))
    return amount


def to_int(value: object) -> int:
    """Return a whole number (a cell like 15 or 15.0 or "15个工作日")."""
    if isinstance(value, bool):
        raise CellError(_WHOLE_FORMS().format(value=shown(value)))
    if isinstance(value, int) and 0 <= value < 10**MAX_WHOLE_DIGITS:  # as the text forms: no sign
        return value
    if isinstance(value, float) and value.is_integer() and 0 <= value < 10**MAX_WHOLE_DIGITS:
        return int(value)
    text = unicodedata.normalize("NFKC", str(value))
    match = re.fullmatch(rf"\s*([0-9]{{1,{MAX_WHOLE_DIGITS}}})\s*(个)?(工作日|天|日)?\s*", text)
    if match:
        return int(match.group(1))
    raise CellError(_WHOLE_FORMS().format(value=shown(value)))


def to_decimal(value: object) -> Decimal:
    """Return an amount as Decimal (never float): 1,234.5 and 1234.5万元 are read as 1234.5."""
    if value.__class__ is float and -_FLOAT_BOUND < value < _FLOAT_BOUND:
        return Decimal(repr(value))  # a float has at most 17 significant digits: within the limits
    if isinstance(value, bool):
        raise CellError(_NUMBER_FORMS().format(value=shown(value)))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        parsed = _text_number(str(value))
        if parsed is None:
            raise CellError(_NUMBER_FORMS().format(value=shown(value)))
        amount = parsed
    return _bounded(amount, value)


def cell_unit(value: object) -> str | None:
    """Return the amount unit written after a number in a text cell (1.2亿元 → 亿元), else None."""
    if value.__class__ is not str:
        return None
    match = _UNIT_AFTER.search(unicodedata.normalize("NFKC", str(value)))
    if not match:
        return None
    unit = match.group(1)
    return unit + "元" if unit in ("万", "亿") else unit  # 3.5亿 is 3.5亿元


def _text_number(text: str) -> Decimal | None:
    """Return a number stored as text: full-width digits (１２３．４), thousands separators (1,234.5,
    1，234.5, 1 234.5), a unit after it (1234.5万元); None when it is not one."""
    text = unicodedata.normalize("NFKC", text).replace("，", ",").replace("−", "-")
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"(万元|亿元|元|万|亿)$", "", text)
    if "," in text and not _GROUPED.fullmatch(text):
        return None  # 1,23,4 is a typing error, not 1234
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _bounded(amount: Decimal, value: object) -> Decimal:
    """Refuse NaN, Infinity and amounts too large or too precise to compute exactly (see limits.py)."""
    if not amount.is_finite():
        raise CellError(_NUMBER_FORMS().format(value=shown(value)))
    if amount and (
        amount.adjusted() >= MAX_AMOUNT_EXPONENT
        or len(amount.normalize().as_tuple().digits) > MAX_AMOUNT_DIGITS
    ):
        raise CellError(
            _("{value!r} is too large or has too many digits for an amount (at most {digits} digits)").format(
                value=shown(value), digits=MAX_AMOUNT_DIGITS
            )
        )
    return amount
