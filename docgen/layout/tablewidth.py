"""How wide a table's columns must be, and the refusal of a table no landscape page can hold (ch. 8):
the room across a table, each column's least width from its content, and ``TableTooWide``."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from docgen import standard as S
from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.layout.columns import Grid, grid, least_widths, solve
from docgen.model import Table

CELL_MARGIN = 57  # left and right cell margins, twips (about 1 mm)
# cell margins and 30 twips to spare: LibreOffice keeps a text on one line in a cell 10 twips wider
# than the text measured by columns.char_width (dates, 文号, phones, codes, numbers and Chinese
# names at 9 and 14 pt; 0 twips broke 「县工业和信息化局」); was 100 to spare, 1.8 mm a column
CELL_PADDING = 2 * CELL_MARGIN + 30


def _room(columns: int, size_pt: float, total_width: int) -> float:
    """Return the 字 of text across a table of ``columns`` at ``size_pt`` in ``total_width`` twips."""
    return (total_width - columns * CELL_PADDING) / (size_pt * S.TWIPS_PER_PT)


def measure(table: Table, joints: bool = False) -> Grid:
    """Return ``table`` measured (``columns.grid``); narrow (each column's least width from its
    content, not two 字) when its columns at two 字 do not fit 小五 on a landscape page, dates and 文号
    broken at their joints: a 31-day 考勤表 of one-digit cells, refused before (wild9), prints.
    Tables that fit are measured as before."""
    room = _room(table.columns, S.TABLE_LANDSCAPE_LAST_PT, S.TYPE_AREA_HEIGHT)
    return grid(table, joints, narrow=sum(least_widths(table, True)) > room + 1e-6)


def minimums_fit(table: Table, size_pt: float, total_width: int) -> bool:
    """Return whether every column's least width fits ``total_width`` at ``size_pt``: no date,
    number, 文号 or code needs to break (text cells may take more than ``MAX_CELL_LINES`` lines)."""
    return sum(measure(table).minimum) <= _room(table.columns, size_pt, total_width) + 1e-6


def minimums_fit_at_joints(table: Table) -> bool:
    """Return whether every column, dates and 文号 broken at their joints, gets at least its least
    width in 小五 on a landscape page (the last resort; else ``TableTooWide``)."""
    room = _room(table.columns, S.TABLE_LANDSCAPE_LAST_PT, S.TYPE_AREA_HEIGHT)
    return sum(measure(table, True).minimum) <= room + 1e-6


def columns_that_fit(minimum: Sequence[float]) -> int:
    """Return how many of a table's first columns (their least widths ``minimum``, 字) a landscape page
    holds in 小五: what one of the tables it could be split into may keep."""
    fit = 0
    while fit < len(minimum) and sum(minimum[: fit + 1]) <= _room(fit + 1, S.TABLE_LANDSCAPE_LAST_PT, S.TYPE_AREA_HEIGHT):
        fit += 1
    return fit


def could_fit(columns: int) -> bool:
    """Return whether ``columns`` columns of one half-width character each (the least any cell holds)
    fit across a landscape page in 小五: a sheet with values out to column XEA is refused before its
    16355 columns are measured (measuring them ran for minutes: wildfix)."""
    return columns * LEAST_CELL <= _room(columns, S.TABLE_LANDSCAPE_LAST_PT, S.TYPE_AREA_HEIGHT)


LEAST_CELL = 0.5  # 字: one digit or Latin letter, the narrowest content a column can have
# decision (corpus9 #9): a column narrower than TEXT_FLOOR in which a body cell takes more than
# SLIVER_LINES lines is a sliver nobody reads (gen9 twenty-columns: 项目名称 2 字 wide, 10–13 lines a
# cell, 2–3 rows a page; seed 303 n303-011: 形象进度 2 字, 13 lines).  It is given TEXT_FLOOR from the
# other columns' room, dates, 文号 and codes whole, else broken at their joints; a table that still
# has one is refused like a table too wide
TEXT_FLOOR = 4.0  # 字: 项目名称 of 16–24 字 in 4–6 lines
SLIVER_LINES = 8  # lines: outsider6's 40-row ledger keeps 建设地点 2 字 wide over 7 lines in rows as tall


def slivers(measured: Grid, rooms: Sequence[float]) -> list[tuple[int, int]]:
    """Return (column, lines of its tallest body cell) for each column narrower than ``TEXT_FLOOR``
    at ``rooms`` (字) with a body cell over more than ``SLIVER_LINES`` lines, the tallest first."""
    body = measured.cells[measured.header_rows :]
    found = []
    for col, room in enumerate(rooms):
        lines = max((row[col].lines(room) for row in body), default=1)
        if room < TEXT_FLOOR - 1e-6 and lines > SLIVER_LINES:
            found.append((col, lines))
    return sorted(found, key=lambda found: (-found[1], found[0]))


def with_floors(measured: Grid, raised: frozenset[int]) -> Grid:
    """Return ``measured`` with the ``raised`` columns' least widths at least ``TEXT_FLOOR``."""
    if not raised:
        return measured
    minimum = tuple(max(w, TEXT_FLOOR) if c in raised else w for c, w in enumerate(measured.minimum))
    return dataclasses.replace(
        measured,
        minimum=minimum,
        worded=tuple(map(max, measured.worded, minimum)),
        natural=tuple(map(max, measured.natural, minimum)),
    )


def _floors(measured: Grid) -> list[float]:
    """Return each column's least width with a sliver (``slivers``) at its least width raised to ``TEXT_FLOOR``."""
    raised = {col for col, _lines in slivers(measured, measured.minimum)}
    return [max(w, TEXT_FLOOR) if c in raised else w for c, w in enumerate(measured.minimum)]


def _named(table: Table, col: int) -> tuple[str, int]:
    """Return column ``col``'s header text (its header rows' cells, else its number) and how many of
    the table's first columns fit a landscape page, text columns that would be slivers at their least
    width counted at ``TEXT_FLOOR``, dates and 文号 broken at their joints: what both refusals name."""
    head = " ".join(row[col] for row in table.rows[: table.header_rows] if row[col]) or str(col + 1)
    return head, columns_that_fit(_floors(measure(table, True)))


class TableTooWide(DataError):
    """A table whose columns do not get their least width even in 小五 on a landscape page.

    Decision (wild9 #1, #2: a WPS 招采台账 of 36 columns): set anyway, its columns were 0.65 字 wide,
    cells read downwards one character a line, each row over about five pages in LibreOffice, half
    the characters below the page in Typst.  Set at 9 pt landscape with every column at its least
    width, the 36 columns need 130 字 where a line holds 42: no smaller type an office prints is
    readable, so the table is refused and the user told how to make it fit."""

    table: Table | None = None
    sliver: tuple[int, float, int] | None = None  # (column, its room in 字, its tallest cell's lines)

    @classmethod
    def of(cls, table: Table, where: str = "") -> TableTooWide:
        """Return the refusal of ``table``, ``where`` (an attachment's name) before it."""
        measured = measure(table, True)
        room = _room(table.columns, S.TABLE_LANDSCAPE_LAST_PT, S.TYPE_AREA_HEIGHT)
        padding = CELL_PADDING / (S.TABLE_LANDSCAPE_LAST_PT * S.TWIPS_PER_PT)
        rooms = solve(measured, room, padding)
        # the narrowest of the columns short of their least width, the first of equals (not an empty
        # column that needs nothing: 「第 25 列“25”只有 0.0 字宽，至少要 0.0 字」)
        short = [c for c in range(table.columns) if rooms[c] < measured.minimum[c] - 1e-6] or range(table.columns)
        col = min(short, key=lambda c: (rooms[c], c))
        head, fit = _named(table, col)
        message = _(
            "{where}a table of {columns} columns cannot be read even in 小五 (9 pt) on a landscape page: its "
            "columns need at least {need:.0f} 字 side by side, a line holds {room:.0f}; its narrowest column, "
            "column {number} 「{head}」, would be {width:.1f} 字 wide and needs {least:.1f}. Split it into "
            "tables of fewer columns (its first {fit} columns fit a page), or hide the columns not to be "
            "printed in the spreadsheet (hidden columns are not printed)"
        ).format(
            where=where,
            columns=table.columns,
            need=sum(measured.minimum),
            room=room,
            number=col + 1,
            head=head,
            width=rooms[col],
            least=measured.minimum[col],
            fit=fit,
        )
        error = cls(message, Location())
        error.table = table
        return error

    @classmethod
    def slivered(cls, table: Table, sliver: tuple[int, float, int], where: str = "") -> TableTooWide:
        """Return the refusal of ``table`` whose column would be a sliver in its last resort layout:
        ``sliver`` (column, its room in 字, its tallest body cell's lines)."""
        col, width, lines = sliver
        head, fit = _named(table, col)
        message = _(
            "{where}a table of {columns} columns cannot be read even in 小五 (9 pt) on a landscape page: "
            "column {number} 「{head}」 would be {width:.1f} 字 wide, a cell of it over {lines} lines (a column "
            "whose cells take more than {most} lines needs at least {floor:.0f} 字, dates, 文号 and codes "
            "already broken at their joints). Split it into tables of fewer columns (its first {fit} columns "
            "fit a page), or hide the columns not to be printed in the spreadsheet (hidden columns are not printed)"
        ).format(
            where=where,
            columns=table.columns,
            number=col + 1,
            head=head,
            width=width,
            lines=lines,
            most=SLIVER_LINES,
            floor=TEXT_FLOOR,
            fit=fit,
        )
        error = cls(message, Location())
        error.table, error.sliver = table, sliver
        return error

    @classmethod
    def beyond(cls, table: Table, where: str = "") -> TableTooWide:
        """Return the refusal of a table with more columns than any landscape page can hold."""
        most = 1
        while could_fit(most + 1):
            most += 1
        error = cls(
            _(
                "{where}a table of {columns} columns cannot be printed: a landscape page holds at most "
                "{most} columns even in 小五 (9 pt) with one character each. Split it into tables of fewer "
                "columns, or hide the columns not to be printed in the spreadsheet (hidden columns are not printed)"
            ).format(where=where, columns=table.columns, most=most),
            Location(),
        )
        error.table = table
        return error

    def in_attachment(self, label: str, title: str) -> DataError:
        """Return the same refusal naming the attachment (``label``: 附件2) that holds the table."""
        if self.table is None:  # made again by ``DataError.at``: its message already says where
            return self
        where = _("{label} 「{title}」: ").format(label=label, title=title)
        if not could_fit(self.table.columns):
            return TableTooWide.beyond(self.table, where)
        if self.sliver is not None:
            return TableTooWide.slivered(self.table, self.sliver, where)
        return TableTooWide.of(self.table, where)
