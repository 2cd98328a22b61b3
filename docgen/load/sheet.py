"""Ledgers (台账) from .xlsx or .csv as offices keep them: one intake for every kind of ledger.

Columns are found by name and synonyms under the header (see docgen/load/header.py: title rows
above it, a "单位：万元" note, two-row headers with merged cells); amounts are converted to 万元;
blank rows and 合计/小计/总计 rows are skipped, and a 合计 row that is not the sum of the rows is a
warning naming both figures.  A ledger is read whole; every bad cell becomes an error naming
file, sheet, row, column and the value found, and the rows without errors are still returned, so
a batch can report every problem at once and produce the valid items.  Structural problems
(unreadable file, missing column, no unit for an amount) raise at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.errors import DataError, DataWarning, Location
from docgen.i18n import _, joined
from docgen.load.cells import CellError, cell_unit, is_blank, shown, to_decimal, to_int, to_share
from docgen.load.error_cells import ErrorValue
from docgen.load.grid import Engine, Grid
from docgen.load.header import (
    HEADER_SCAN_ROWS,
    UNITS,
    Header,
    canonical,
    find_header,
    header_at,
    ignored_unit_note,
    months_of,
    normalise_header,
    unit_note,
    widest_row,
)
from docgen.load.hidden_rows import hidden_row_warnings, hidden_rows_refusal
from docgen.load.ledger_sheet import ledger_grid
from docgen.load.row_kinds import (
    GRAND_TOTAL,
    heading_row,
    note_line,
    note_row,
    opens_notes,
    repeated_headers,
    second_unit,
    total_kind,
)
from docgen.model import check_text

__all__ = [
    "HEADER_SCAN_ROWS",
    "Column",
    "SheetRows",
    "ledger_from_grid",
    "normalise_header",
    "read_ledger",
]

_NUMBERS = (to_decimal, to_int, to_share)  # readers of numbers: an error cell there wants a number typed


@dataclass(frozen=True)
class Column:
    """A column of a ledger: its field name, header and synonyms, whether required, how to read it."""

    field: str
    headers: tuple[str, ...]
    parse: Callable[[Any], Any]
    required: bool = True
    default: Any = None
    money: bool = False  # an amount: its unit from the header, a 单位 note or --unit; read in 万元

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
    warnings: list[DataWarning] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # money field → the unit it was written in
    columns: dict[str, str] = field(default_factory=dict)  # field → its column as messages name it: G（总投资）
    rejected: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # rows with errors: what parsed
    hidden_rows: list[int] = field(default_factory=list)  # rows hidden by hand, left out (a warning says so)
    header: Header | None = None  # the header read, and each field's position (0-based) in it
    positions: dict[str, int] = field(default_factory=dict)

    def hidden_error(self) -> DataError | None:
        """Return the refusal of the hidden rows left out, for a sheet read whole (a 纪要's decisions,
        targets, a 发文登记): there a row left out is a decision or a unit lost."""
        if not self.hidden_rows:
            return None
        return hidden_rows_refusal(self.hidden_rows, Location(file=self.path, sheet=self.sheet, line=self.hidden_rows[0]))


def unique_records(
    rows: SheetRows,
    key: Sequence[str],
    problems: list[DataError],
    repeats: dict[int, int] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield the records of ``rows`` with their row numbers, each project once: a row repeating an
    earlier one's ``key`` fields is left out, its error appended to ``problems`` in row order and,
    given ``repeats``, its row mapped there to the earlier one's."""
    seen: dict[tuple[Any, ...], int] = {}
    for row, record in rows.records:
        values = tuple(record[name] for name in key)
        if values in seen:
            if repeats is not None:
                repeats[row] = seen[values]
            problems.append(
                DataError(
                    _("the same project as row {other}").format(other=seen[values]),
                    Location(file=rows.path, sheet=rows.sheet, line=row, field="项目名称"),
                )
            )
            continue
        seen[values] = row
        yield row, record


def _positions(
    header: Header, columns: Sequence[Column], hidden: AbstractSet[int], month: int | None, where: Location
) -> dict[str, int]:
    """Return each column's position in the header.

    When several positions name a column, the one whose 1-N月 is ``month`` wins, then a visible one
    over a hidden one (last month's 1-10月 kept hidden beside 1-11月), then the one named by the
    column's earlier synonym (责任单位 over 乡镇); two still alike (the same name, both visible, no
    month to tell) are refused, naming both."""
    names = {canonical(h)[0]: c for c in columns for h in c.headers}
    order = {canonical(h)[0]: i for c in columns for i, h in reversed(list(enumerate(c.headers)))}
    found: dict[str, list[int]] = {}
    matched: dict[int, str] = {}  # position → the name it matched on
    for position, lookups in enumerate(header.lookups):
        for name in lookups:
            column = names.get(name)
            if column is not None:
                found.setdefault(column.field, []).append(position)
                matched[position] = name
                break
    positions: dict[str, int] = {}
    for name, candidates in found.items():
        def rank(position: int) -> tuple[int, int, int]:
            months = months_of(header.names[position])
            by_month = 1 if month is None or months is None else (0 if months == month else 2)
            return by_month, 1 if position in hidden else 0, order[matched[position]]

        best = min(rank(p) for p in candidates)
        chosen = [p for p in candidates if rank(p) == best]
        alike = chosen  # the rank includes the name matched: these are named alike
        if len(alike) > 1:
            raise DataError(
                _(
                    "two columns could be {name}: {columns}; delete or rename the one not meant "
                    "(its header like 1-{month}月完成投资 names the month)"
                ).format(
                    name=next(c.header for c in columns if c.field == name),
                    columns=joined(_column_name(p, header) for p in alike),
                    month=month or "N",
                ),
                where,
            )
        positions[name] = chosen[0]
    return positions


def _units(
    header: Header,
    positions: dict[str, int],
    columns: Sequence[Column],
    note: str | None,
    flag: str | None,
    where: Location,
) -> dict[str, str]:
    """Return the unit of every money column: its header's, else the note's, else the flag's."""
    if flag is not None and note is not None and flag != note:
        raise DataError(
            _("the ledger says 单位：{note} above its header, but --unit says {flag}").format(
                note=note, flag=flag
            ),
            where,
        )
    units: dict[str, str] = {}
    unknown: list[Column] = []
    for column in columns:
        if not column.money or column.field not in positions:
            continue
        unit = header.units[positions[column.field]] or note or flag
        if unit is None:
            unknown.append(column)
        else:
            units[column.field] = unit
    if unknown:
        first = unknown[0].header
        raise DataError(
            _(
                "no amount unit for {names}: write it in the header like {example}, in a note above "
                "the header like 单位：万元, or give --unit 万元 (or 亿元, 元)"
            ).format(names=joined(c.header for c in unknown), example=f"{first}（万元）"),
            where,
        )
    return units


def _figure(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def read_ledger(
    path: Path,
    columns: Sequence[Column],
    sheet: str | None = None,
    *,
    unit: str | None = None,
    engine: Engine = "calamine",
    prefer: Sequence[str] = (),
    month: int | None = None,
) -> SheetRows:
    """Read a ledger: find the header and every column, then type each row's cells (see the module doc)."""
    if unit is not None and unit not in UNITS:
        raise DataError(
            _("the unit is 元, 万元 or 亿元, not {unit!r}").format(unit=unit), Location(field="unit")
        )
    grid = ledger_grid(path, columns, sheet, engine, prefer)
    return ledger_from_grid(grid, path, columns, unit=unit, month=month)


def ledger_from_grid(
    grid: Grid, path: Path, columns: Sequence[Column], *, unit: str | None = None, month: int | None = None
) -> SheetRows:
    """Read a ledger from a worksheet already read (see :func:`read_ledger`); fills its merged ranges.

    ``month`` (1-12) is the month the ledger is read for: of two 1-N月 columns, its own is taken."""
    widest = widest_row(grid.rows)  # counted before filling: a title merged across the sheet is one text
    grid = grid.filled()
    rows = grid.rows
    known = {canonical(h)[0] for c in columns for h in c.headers}
    header = find_header(grid, known)
    if header is None:
        # no row names two columns of this ledger: the row an office reads as the header is named with
        # what it lacks, the one message every ledger command gives (wild10 #5), not "no header"
        if widest is None:
            raise DataError(
                _on_sheet(
                    _("no header row found in the first {n} rows; expected columns such as {names}").format(
                        n=HEADER_SCAN_ROWS, names=joined(c.header for c in columns[:5])
                    ),
                    grid,
                ),
                Location(file=path, sheet=grid.sheet),
            )
        header = header_at(grid, widest, known)
    where = Location(file=path, sheet=grid.sheet, line=header.first + 1)
    positions = _positions(header, columns, grid.hidden, month, where)
    missing = [c for c in columns if c.required and c.field not in positions]
    if missing:
        raise DataError(
            _on_sheet(
                _("missing column {names}; the header row reads: {found}").format(
                    names=joined(_missing(c) for c in missing), found=joined(n for n in header.names if n)
                ),
                grid,
            ),
            where,
        )
    result = SheetRows(path, grid.sheet, header=header, positions=positions)
    result.columns = {field: _column_name(p, header) for field, p in positions.items()}
    note = unit_note(rows[: header.first])
    result.units = _units(header, positions, columns, note, unit, where)
    ignored = note is not None and bool(result.units) and note not in result.units.values()
    repeats = repeated_headers(rows, header, list(positions.values()))  # a second table under the first
    differing = second_unit(rows, repeats, result.units)
    if differing is not None:
        raise DataError(
            _(
                "a second table on this sheet says 单位：{unit}, the first table's amounts are in {first}: "
                "put the second table on a sheet of its own, or write its amounts in {first}"
            ).format(unit=differing[1], first=joined(sorted(set(result.units.values())))),
            Location(file=path, sheet=grid.sheet, line=differing[0] + 1),
        )
    factors = {f: UNITS[u] for f, u in result.units.items()}
    plan = [(c, positions.get(c.field), factors.get(c.field)) for c in columns]
    text_positions = [0, *(p for c, p, f in plan if p is not None and f is None)]
    sums = {f: Decimal(0) for f in factors}
    # columns with a cell refused: the 合计 counts a value the sum cannot (forms10 #5: -120 refused,
    # then a right 合计 was reported as not the sum); the refusal is the one message about it
    unread: set[str] = set()
    totals: list[tuple[int, str, dict[str, Decimal]]] = []
    formulas: list[DataWarning] = []  # optional cells whose formula was saved without a result
    formula_rows = {r for r, _c in grid.uncomputed}  # a row of formulas only is not an empty row
    notes = False  # under 注：…: its numbered lines 2.… 3.… are notes too (ledgers11 #5)
    hidden_rows: list[int] = []  # rows hidden by hand: taken out of the list, not read (ledgers12 #1)
    filtered_rows: list[int] = []  # rows a filter left on hides: read, said (ledgers12 #2)
    for index in range(header.last + 1, len(rows)):
        row = rows[index]
        blank = not any(cell is not None and (not isinstance(cell, str) or cell.strip()) for cell in row)
        if (blank and index not in formula_rows) or index in repeats:
            continue
        if not blank and (note_row(row) or (notes and note_line(row))):
            notes = notes or opens_notes(row)
            continue
        if heading_row(row, text_positions):  # 一、续建项目（6个）: heads a group (ledgers11 #4)
            continue
        kind = total_kind(row, text_positions)
        if kind is not None:
            if kind in GRAND_TOTAL:
                totals.append((index + 1, kind, _amounts(row, plan)))
            continue
        if index in grid.filtered:
            filtered_rows.append(index + 1)
        elif index in grid.hidden_rows:
            hidden_rows.append(index + 1)
            continue
        record: dict[str, Any] = {}
        row_errors: list[DataError] = []
        for column, position, factor in plan:
            value = row[position] if position is not None and position < len(row) else None
            if value is None or (value.__class__ is str and not value.strip()):
                where_cell = _cell(path, grid.sheet, index, position, header)
                uncomputed = position is not None and (index, position) in grid.uncomputed
                if column.required:
                    reason = _uncomputed(blank=False) if uncomputed else _("empty, but required")
                    row_errors.append(DataError(reason, where_cell))
                elif uncomputed:
                    formulas.append(DataWarning(_uncomputed(blank=True), where_cell))
                record[column.field] = column.default
                continue
            if isinstance(value, ErrorValue):  # #DIV/0!: not a value to read, whatever the column
                number = column.money or column.parse in _NUMBERS
                row_errors.append(
                    DataError(_error_value(value, number), _cell(path, grid.sheet, index, position, header))
                )
                unread.add(column.field)
                continue
            try:
                if isinstance(value, str):
                    check_text(value, column.header)
                parsed = column.parse(value)
            except CellError as error:
                row_errors.append(DataError(str(error), _cell(path, grid.sheet, index, position, header)))
                unread.add(column.field)
                continue
            except DataError as error:  # a control character: reported at this cell, not later
                row_errors.append(DataError(error.reason, _cell(path, grid.sheet, index, position, header)))
                unread.add(column.field)
                continue
            if grid.linked and position is not None and (index, position) in grid.linked:
                formulas.append(DataWarning(_linked(), _cell(path, grid.sheet, index, position, header)))
            if factor is not None:
                own = cell_unit(value)  # "1.2亿元" in a 万元 column is 12000 万元
                scale = UNITS[own] if own is not None else factor
                parsed = parsed * scale if scale != 1 else parsed
                sums[column.field] += parsed
            record[column.field] = parsed
        if row_errors:
            result.errors.extend(row_errors)
            result.rejected.append((index + 1, record))
        else:
            result.records.append((index + 1, record))
    result.hidden_rows = hidden_rows
    result.warnings = [
        *hidden_row_warnings(hidden_rows, filtered_rows, Location(file=path, sheet=grid.sheet)),
        *_other_months(header, positions, month, where),
        *formulas,
        *([ignored_unit_note(note, result.units, where)] if ignored and note else []),
        *_check_totals(totals, {f: v for f, v in sums.items() if f not in unread}, plan, result, header),
    ]
    return result


def _on_sheet(reason: str, grid: Grid) -> str:
    """Return a refusal of the sheet docgen chose, naming the workbook's visible sheets when it has others."""
    if not grid.others:
        return reason
    return _("{reason}; the workbook's visible sheets: {names}").format(reason=reason, names=joined(grid.others))


def _other_months(header: Header, positions: dict[str, int], month: int | None, where: Location) -> list[DataWarning]:
    """Warn of each column read whose 1-N月 is not the month asked (1-10月 read for November)."""
    warnings: list[DataWarning] = []
    for position in sorted(positions.values()):
        months = months_of(header.names[position])
        if month is not None and months is not None and months != month:
            warnings.append(
                DataWarning(
                    _(
                        "the column {column} is headed 1-{n}月, but the month asked is {month}月: its figures "
                        "are read as this month's; check that this is the month's ledger"
                    ).format(column=_column_name(position, header), n=months, month=month),
                    where,
                )
            )
    return warnings


def _linked() -> str:
    return _(
        "the formula of this cell reads another workbook; its value is read as last saved with this form, "
        "which may be older than that workbook: type the figure itself"
    )


def _uncomputed(*, blank: bool) -> str:
    """Return what to do about a formula saved without its result (docgen never runs a formula)."""
    if blank:
        return _(
            "the formula in this cell has no saved result (the file was saved by a program that does not "
            "compute), so it is read as blank; docgen never runs formulas: open and save the file in Excel "
            "or WPS, or type the value"
        )
    return _(
        "the formula in this cell has no saved result (the file was saved by a program that does not "
        "compute), and docgen never runs formulas: open and save the file in Excel or WPS, or type the value"
    )


def _error_value(value: ErrorValue, number: bool) -> str:
    """Return what to do about an error cell: mend the formula that gives it, or type the number (value)."""
    error = str(value)
    if value.formula and number:
        return _("the formula in this cell gives the error {error}: mend the formula, or type the number").format(
            error=error
        )
    if value.formula:
        return _("the formula in this cell gives the error {error}: mend the formula, or type the value").format(
            error=error
        )
    if number:
        return _("the cell holds the error value {error}: type the number").format(error=error)
    return _("the cell holds the error value {error}: type the value").format(error=error)


def _missing(column: Column) -> str:
    """Return a missing column as the message names it: its header, and its synonyms if it has any."""
    if len(column.headers) == 1:
        return column.header
    return _("{name} (also accepted: {synonyms})").format(name=column.header, synonyms=joined(column.headers[1:]))


def _column_name(position: int, header: Header) -> str:
    return _("{letter} ({header})").format(letter=get_column_letter(position + 1), header=header.names[position])


def _cell(path: Path, sheet: str | None, index: int, position: int | None, header: Header) -> Location:
    column = _column_name(position, header) if position is not None else None
    return Location(file=path, sheet=sheet, line=index + 1, column=column)


def _amounts(
    row: Sequence[Any], plan: Sequence[tuple[Column, int | None, Decimal | None]]
) -> dict[str, Decimal]:
    """Return the amounts (in 万元) a 合计 row gives, for the money columns it fills with a number."""
    found: dict[str, Decimal] = {}
    for column, position, factor in plan:
        if factor is None or position is None or position >= len(row) or is_blank(row[position]):
            continue
        try:
            own = cell_unit(row[position])
            found[column.field] = column.parse(row[position]) * (UNITS[own] if own is not None else factor)
        except (CellError, DataError):
            continue
    return found


def _check_totals(
    totals: list[tuple[int, str, dict[str, Decimal]]],
    sums: dict[str, Decimal],
    plan: Sequence[tuple[Column, int | None, Decimal | None]],
    result: SheetRows,
    header: Header,
) -> list[DataWarning]:
    """Compare each 合计 row with the sum of the rows, in the ledger's own unit (to half a cent), in the
    columns ``sums`` holds."""
    warnings: list[DataWarning] = []
    for line, kind, amounts in totals:
        for column, position, factor in plan:
            if column.field not in amounts or column.field not in sums or factor is None:
                continue
            written, added = amounts[column.field] / factor, sums[column.field] / factor
            if abs(written - added) > Decimal("0.005"):
                warnings.append(
                    DataWarning(
                        _("the {kind} row gives {total} {unit}, but the rows add up to {sum} {unit}").format(
                            kind=kind,
                            total=shown(_figure(written)),
                            sum=shown(_figure(added)),
                            unit=result.units[column.field],
                        ),
                        _cell(result.path, result.sheet, line - 1, position, header),
                    )
                )
    return warnings
