"""Any ledger an office keeps, read for a mail merge: every column, by its own header.

The ledger goes through the office-style intake of docgen/load/sheet.py (title rows above the
header, a two-row header with merged cells, a 责任单位 merged down over its projects, blank,
合计/小计 and 填表人 rows skipped, a control character reported at its cell); what differs is
that the columns are not known beforehand: the header is the row among the top ones that names
the most columns in text, and every column it names becomes a field.

A field is reached in a template by its header when that is a name (``{{ 项目名称 }}``), always as
``row["办理时限（工作日）"]``, and by an alias: the header without its bracketed tail, with
anything that cannot be in a name made ``_`` (``办理时限``, ``总投资``); a two-row header also by its
lower name alone when no other column has it (办理情况 / 状态 → ``状态``), as supervise and rank match it.  Cell values keep their type
for the filters (numbers as int or Decimal, dates as dates that print 2025年9月30日).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.errors import DataError, DataWarning, Location
from docgen.i18n import _
from docgen.load.grid import Grid, read_grid
from docgen.load.header import HEADER_SCAN_ROWS, canonical, header_at, widest_row
from docgen.load.sheet import Column, ledger_from_grid
from docgen.templating import date_filter

# names a template is given besides the columns: they cannot be aliases of a column
RESERVED = frozenset({"row", "rows", "index", "count", "loop", "true", "false", "none", "True", "False", "None"})
_BRACKETED_TAIL = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
_NOT_NAME = re.compile(r"\W+")


class CellDate(dt.date):
    """A date cell: prints as 7.3.5.4 writes dates (2025年9月30日), and the date filters take it."""

    def __str__(self) -> str:
        return date_filter(self)


@dataclass(frozen=True)
class Field:
    """A column of the ledger as a template reaches it."""

    header: str  # as written (a two-row header as "上级 下级")
    alias: str | None  # the name a template may use instead, if the header is not one itself
    column: str  # as messages name it: C（责任单位）
    lower: str | None = None  # a two-row header's lower name alone (办理情况 / 状态 → 状态), when unique

    @property
    def names(self) -> tuple[str, ...]:
        """Every way a template names this field."""
        return tuple(n for n in (self.header, self.alias, self.lower) if n is not None)


@dataclass(frozen=True)
class MergeRow:
    """One record of the ledger: its row number in the sheet and its values by header."""

    line: int
    values: dict[str, Any]


@dataclass
class MergeLedger:
    """A ledger read for merging: its fields, the valid rows, and the problems of the others."""

    path: Path
    sheet: str | None
    fields: list[Field]
    rows: list[MergeRow] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataWarning] = field(default_factory=list)
    rejected: list[MergeRow] = field(default_factory=list)  # rows with errors: the values that could be read

    def lookup(self) -> dict[str, str]:
        """Return every name a template may use for a field (header or alias) → the field's header."""
        return {name: f.header for f in self.fields for name in f.names}

    def field_for(self, name: str) -> Field | None:
        """Return the field a template's name stands for, if any."""
        header = self.lookup().get(name)
        return next((f for f in self.fields if f.header == header), None)


def is_name(text: str) -> bool:
    """Return True if ``text`` can be written bare in a template: ``{{ 项目名称 }}``."""
    return text.isidentifier() and text not in RESERVED


def alias_of(header: str) -> str | None:
    """Return the name a header is reached by when it is not a name itself: 办理时限（工作日） → 办理时限."""
    if is_name(header):
        return None
    text = _BRACKETED_TAIL.sub("", header) or header
    name = _NOT_NAME.sub("_", text).strip("_")
    if name and not name[0].isidentifier():
        name = "_" + name  # 2025年计划 → _2025年计划: a name cannot begin with a digit
    return name if name and is_name(name) else None


def cell_value(value: object) -> Any:
    """Return a cell as a template gets it: text, int or Decimal (as Excel shows it), a CellDate."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        number = Decimal(format(value, ".15g"))  # Excel shows 15 significant digits
        return int(number) if number == number.to_integral_value() else number
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return CellDate(value.year, value.month, value.day)
        return f"{date_filter(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return CellDate(value.year, value.month, value.day)
    return value.strip() if isinstance(value, str) else value


def _header_row(grid: Grid) -> int | None:
    """Return the row of the header: the first of the top rows with the most different texts (two or more).

    Counted before merged ranges are filled: a title merged across the sheet is one text, and the
    lower row of a two-row header holds only the names under the merged ones above it.
    """
    return widest_row(grid.rows)  # the rule the ledger commands fall back on (load/header.py)


def read_merge_ledger(path: Path, sheet: str | None = None) -> MergeLedger:
    """Read a ledger for merging: every column of its header, every row with its problems (module doc)."""
    grid = read_grid(path, sheet)
    index = _header_row(grid)
    grid = grid.filled()
    if index is None:
        raise DataError(
            _("no header row found in the first {n} rows (a row naming at least two columns)").format(
                n=HEADER_SCAN_ROWS
            ),
            Location(file=path, sheet=grid.sheet),
        )
    header = header_at(grid, index)
    columns: list[Column] = []
    fields: list[Field] = []
    seen: dict[str, int] = {}
    warnings: list[DataWarning] = []
    aliases: dict[str, int] = {}
    lowers: dict[str, str] = {}  # header → its lower name, for a two-row header
    for position, name in enumerate(header.names):
        if not name:
            continue
        key = canonical(name)[0]
        if key in seen:
            warnings.append(
                DataWarning(
                    _("the column {name} appears twice; only the first one is used").format(name=name),
                    Location(file=path, sheet=grid.sheet, line=header.first + 1),
                )
            )
            continue
        seen[key] = position
        columns.append(Column(name, (name,), cell_value, required=False, default=""))
        alias = alias_of(name)
        if alias is not None:
            aliases[alias] = aliases.get(alias, 0) + 1
        if len(header.lookups[position]) > 1 and " " in name:  # as supervise and rank match it
            bottom = name.split(" ", 1)[1]
            lower = bottom if is_name(bottom) else alias_of(bottom)
            if lower is not None:
                lowers[name] = lower
                aliases[lower] = aliases.get(lower, 0) + 1
        fields.append(Field(name, alias, ""))
    headers = {f.header for f in fields}

    def own(name: str | None) -> str | None:
        # a name two columns share, or that is another column's header, is no alias: row["…"] still is
        return name if name and aliases[name] == 1 and name not in headers else None

    fields = [Field(f.header, own(f.alias), "", own(lowers.get(f.header))) for f in fields]
    rows = ledger_from_grid(grid, path, columns)
    fields = [Field(f.header, f.alias, rows.columns.get(f.header, f.header), f.lower) for f in fields]
    ledger = MergeLedger(path, rows.sheet, fields, errors=list(rows.errors), warnings=warnings + rows.warnings)
    ledger.rows = [MergeRow(line, record) for line, record in rows.records]
    ledger.rejected = [MergeRow(line, record) for line, record in rows.rejected]
    return ledger
