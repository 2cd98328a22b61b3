"""An office's own 发文登记 (.xlsx or .csv: 文号, 标题, 日期), read to continue its series in the register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DataError
from docgen.i18n import _
from docgen.load.cells import CellError, to_date, to_text
from docgen.load.patterns import parse_number
from docgen.load.sheet import Column, read_ledger

# Offices write their numbers as they typed them: [2020], （2020）, 第13号, 013号.  The register keeps
# them in the standard's form (7.2.5); they are read as `docgen format` and `render` read them
# (docgen/load/patterns.parse_number: one reader).


@dataclass(frozen=True)
class IssuedNumber:
    """One line of a 发文登记: a number issued before docgen."""

    row: int
    code: str
    year: int
    seq: int
    title: str
    date: dt.date | None


def _number(value: object) -> tuple[str, int, int]:
    text = to_text(value)
    read = parse_number(text)
    if read is None or read.sequence is None:
        raise CellError(
            _("a document number looks like 伊重点项目办〔2020〕13号, not {text!r}").format(text=text)
        )
    return read.code, read.year, read.sequence


ISSUED_COLUMNS = (
    Column("number", ("文号", "发文字号", "发文文号", "字号"), _number),
    Column("title", ("标题", "文件标题", "题名", "文件名称"), to_text, required=False, default=""),
    Column("date", ("日期", "成文日期", "发文日期", "印发日期"), to_date, required=False, default=None),
)


def load_issued(path: Path, sheet: str | None = None) -> tuple[list[IssuedNumber], list[DataError]]:
    """Read a 发文登记: the numbers it lists, and an error for every bad cell."""
    rows = read_ledger(path, ISSUED_COLUMNS, sheet)
    numbers = []
    for row, record in rows.records:
        code, year, seq = record["number"]
        numbers.append(IssuedNumber(row, code, year, seq, record["title"], record["date"]))
    hidden = rows.hidden_error()  # a hidden number is not left out of the register unsaid
    return numbers, [*rows.errors, *([hidden] if hidden is not None else [])]
