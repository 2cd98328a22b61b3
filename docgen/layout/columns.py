"""Column widths from the content (issue 14, Build 4): how many lines a cell takes at a width, and
widths that make the table as short as the room allows.

A cell's text is cut into units no line breaks inside — a date, a number, a 文号 or a code (as
``docgen/layout/breaks.py`` holds them together in the .docx), a Chinese character with the closing
marks after it and the opening marks before it (避头尾) — measured in 字 as LibreOffice sets them
(digits 0.55, ``estimate.latin_em``).  Lines are filled greedily, as LibreOffice fills them.

The solver starts every column at its least width (its longest unit, a header over at most
``MAX_CELL_LINES`` lines, two 字) and spends the room left a step at a time where it takes the most
lines off the table per 字: a step widens one column to where one or more of its cells lose a line,
and is worth the lines the rows lose (a row is as high as its tallest cell) plus a little for each
cell line saved.  So a 项目名称 wrapping over many lines gets the room that 文号 and date columns do
not need, and no column keeps slack while another could lose lines with it.  Written here because
no table library sizes columns for Chinese text, which breaks between any two characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from docgen.layout.breaks import JOINT, UNBREAKABLE
from docgen.layout.estimate import NO_LINE_END, NO_LINE_START, latin_em, text_width
from docgen.model import Table

MAX_CELL_LINES = 3  # a size or orientation that needs more lines in a cell is not "fitting"
MIN_COLUMN = 2.0  # 字: the narrowest column (a 序号 of 1–2 digits and its header)
_CELL_SAVED = 0.05  # a cell line saved, in row lines: breaks ties between steps that save no row
_EPS = 0.01  # 字: widths compare with this tolerance (a twip lost in rounding to twips)


def char_width(ch: str) -> float:
    """Return ``ch``'s advance in 字 as LibreOffice sets a table (full-width 1, digits 0.55 …)."""
    return 1.0 if text_width(ch) >= 1 else latin_em(ch)


def run_width(run: str) -> float:
    """Return the width of ``run`` in 字."""
    return sum(char_width(ch) for ch in run)


def units(text: str, joints: bool = False) -> tuple[float, ...]:
    """Return the widths (字) of the pieces of ``text`` that no line breaks inside.

    With ``joints`` a date, a 文号 or a code may break at 年|月|日, 〔…〕|N号 and after a hyphen
    (layout/breaks.py offers those breaks in a table too wide otherwise)."""
    pieces: list[str] = []
    glue = False  # the last piece ends with an opening mark: the next character joins it
    at = 0

    def add(piece: str) -> None:
        nonlocal glue
        if pieces and (glue or piece[0] in NO_LINE_START):
            pieces[-1] += piece
        else:
            pieces.append(piece)
        glue = piece[-1] in NO_LINE_END

    def plain(chunk: str) -> None:  # text between tokens: a break may fall after any character
        nonlocal glue
        for ch in chunk:
            if ch.isspace():
                pieces.append(ch)
                glue = False
            else:
                add(ch)

    for match in UNBREAKABLE.finditer(text):
        plain(text[at : match.start()])
        for piece in JOINT.split(match.group()) if joints else [match.group()]:
            if piece:
                add(piece)
        at = match.end()
    plain(text[at:])
    return tuple(run_width(p) for p in pieces)


def count_lines(widths: Sequence[float], room: float) -> int:
    """Return the lines units of ``widths`` take, filled greedily into lines ``room`` 字 wide
    (a unit wider than a line is broken over as many lines as it needs)."""
    lines, used = 1, 0.0
    for width in widths:
        if used and used + width > room + _EPS:
            lines, used = lines + 1, 0.0
        used += width
        while used > room + _EPS:  # wider than a line: broken inside
            lines, used = lines + 1, used - room
    return lines


def least_width(widths: Sequence[float], lines: int) -> float:
    """Return the least room (字, to 0.01) in which units of ``widths`` take at most ``lines`` lines."""
    low = max(max(widths, default=0.0), sum(widths) / lines)
    high = max(low, sum(widths))
    if count_lines(widths, low) <= lines:
        return low
    while high - low > 0.01:
        middle = (low + high) / 2
        if count_lines(widths, middle) <= lines:
            high = middle
        else:
            low = middle
    return high


@dataclass(frozen=True)
class CellSteps:
    """Where a cell loses lines as its column widens: ``needs[k]`` is the least room for k + 1 lines."""

    needs: tuple[float, ...]  # decreasing

    def lines(self, room: float) -> int:
        """Return the lines the cell takes in ``room`` 字 (at most as many as at its column's least)."""
        wider = sum(1 for need in self.needs if need > room + _EPS)  # steps still ahead
        return min(len(self.needs), wider + 1)

    def drops(self, room: float, limit: float) -> list[tuple[float, int]]:
        """Return (width, lines) for each width in (room, limit] at which the cell loses a line."""
        return [
            (need, index + 1) for index, need in enumerate(self.needs) if room + _EPS < need <= limit + _EPS
        ]


def cell_steps(text: str, least: float, joints: bool = False) -> CellSteps:
    """Return a cell's steps from one line down to the lines it takes at ``least`` 字."""
    widths = units(text, joints)
    most = count_lines(widths, least)
    return CellSteps(tuple(least_width(widths, k) for k in range(1, most + 1)))


@dataclass(frozen=True)
class Grid:
    """A table measured for the solver: every cell's steps and every column's least width (字)."""

    cells: tuple[tuple[CellSteps, ...], ...]  # rows of cells, header rows included
    minimum: tuple[float, ...]
    natural: tuple[float, ...]  # each column's widest cell on one line
    header_rows: int


def grid(table: Table, joints: bool = False) -> Grid:
    """Return ``table`` measured (cached: a table is laid out at several sizes and placements)."""
    return _grid(tuple(tuple(row) for row in table.rows), table.header_rows, joints)


@lru_cache(maxsize=64)
def _grid(rows: tuple[tuple[str, ...], ...], header_rows: int, joints: bool) -> Grid:
    columns = len(rows[0])
    heads = rows[:header_rows]
    minimum = tuple(
        max(
            MIN_COLUMN,
            *(max(units(row[col], joints), default=0.0) for row in rows[header_rows:]),
            *(least_width(units(row[col]), MAX_CELL_LINES) for row in heads if row[col]),
        )
        for col in range(columns)
    )
    cells = tuple(
        tuple(cell_steps(text, minimum[col], joints) for col, text in enumerate(row)) for row in rows
    )
    natural = tuple(
        max(minimum[col], *(steps.needs[0] for steps in (row[col] for row in cells)))
        for col in range(columns)
    )
    return Grid(cells, minimum, natural, header_rows)


def row_lines(measured: Grid, widths: Sequence[float]) -> list[int]:
    """Return each row's lines (its tallest cell's) at ``widths`` (字 of text per column)."""
    return [max(c.lines(w) for c, w in zip(row, widths, strict=True)) for row in measured.cells]


def solve(measured: Grid, room: float) -> list[float]:
    """Return widths (字 of text) for the columns summing to ``room`` (at least the minimums):
    the room beyond the minimums goes, a step at a time, where it saves the most lines per 字;
    what no step can use goes to the columns that still wrap, by their text."""
    widths = list(measured.minimum)
    if sum(widths) > room:  # even the minimums do not fit: shrink them all alike (the caller tries smaller)
        return [w * room / sum(widths) for w in widths]
    lines = [[c.lines(w) for c, w in zip(row, widths, strict=True)] for row in measured.cells]
    while True:
        left = room - sum(widths)
        best: tuple[float, int, float] | None = None  # (gain per 字, column, width)
        for col in range(len(widths)):
            best = _best_step(measured, lines, widths, col, left, best)
        if best is None:
            break
        _gain, col, width = best
        widths[col] = width
        for row, cells in zip(lines, measured.cells, strict=True):
            row[col] = cells[col].lines(width)
    left = room - sum(widths)
    wrapping = [
        sum(cells[col].needs[0] for cells in measured.cells) if any(row[col] > 1 for row in lines) else 0.0
        for col in range(len(widths))
    ]
    weights = wrapping if sum(wrapping) else list(measured.natural)
    return [w + left * n / sum(weights) for w, n in zip(widths, weights, strict=True)]


def _best_step(
    measured: Grid,
    lines: list[list[int]],
    widths: list[float],
    col: int,
    left: float,
    best: tuple[float, int, float] | None,
) -> tuple[float, int, float] | None:
    """Return the better of ``best`` and column ``col``'s best step within ``left`` 字."""
    events: list[tuple[float, int, int]] = []  # (width, row, lines from that width on)
    for index, cells in enumerate(measured.cells):
        events += [(w, index, k) for w, k in cells[col].drops(widths[col], widths[col] + left)]
    if not events:
        return best
    events.sort(key=lambda e: (e[0], -e[2]))
    others = [max((v for j, v in enumerate(row) if j != col), default=1) for row in lines]
    now = [row[col] for row in lines]
    gain = 0.0
    for at, (width, index, k) in enumerate(events):
        if k >= now[index]:
            continue
        gain += max(others[index], now[index]) - max(others[index], k) + _CELL_SAVED * (now[index] - k)
        now[index] = k
        if at + 1 < len(events) and events[at + 1][0] <= width + _EPS:
            continue  # the next event is at the same width
        ratio = gain / max(width - widths[col], _EPS)
        if best is None or ratio > best[0] + 1e-9:
            best = (ratio, col, width)
    return best
