"""Column widths from the content (issue 14, Build 4): how many lines a cell takes at a width, and
widths that make the table as short as the room allows.

A cell's text is cut into units no line breaks inside — a date, a number, a 文号 or a code (as
``docgen/layout/breaks.py`` holds them together in the .docx), a word of 汉字 (as
``docgen/layout/cellwords.py`` holds it: unless it is wider than its column), a Chinese character
with the closing marks after it and the opening marks before it (避头尾) — measured in 字 as
LibreOffice sets them (digits 0.55, ``estimate.latin_em``).  Lines are filled greedily, as
LibreOffice fills them.

The solver starts every column at its least width (its longest date, number, 文号 or code, a header
over at most ``MAX_CELL_LINES`` lines, two 字), then at its longest word where the room allows, and
spends the room left a step at a time where it takes the most
lines off the table per 字: a step widens one column to where one or more of its cells lose a line,
and is worth the lines the rows lose (a row is as high as its tallest cell) plus a little for each
cell line saved.  So a 项目名称 wrapping over many lines gets the room that 文号 and date columns do
not need, and no column keeps slack while another could lose lines with it.  Where not every word
fits (a table that fits no size), a step is worth the words it holds whole too, as ``table_score``
weighs them: a 建设地点 two 字 wide broke 开发|区 in every row while the room went to columns whose
lines set the rows' heights (corpus n2027-041).  Written here because no table library sizes
columns for Chinese text by its words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from docgen.layout.breaks import UNBREAKABLE, joint_starts, table_runs
from docgen.layout.breaks import plain as without_marks
from docgen.layout.cellwords import groups, run_width
from docgen.model import Table

MAX_CELL_LINES = 3  # a size or orientation that needs more lines in a cell is not "fitting"
MIN_COLUMN = 2.0  # 字: the narrowest column (a 序号 of 1–2 digits and its header)
_CELL_SAVED = 0.05  # a cell line saved, in row lines: breaks ties between steps that save no row
_EPS = 0.01  # 字: widths compare with this tolerance (a twip lost in rounding to twips)
# decision: a cell whose word breaks between characters (its column narrower than the word) weighs
# as two lines more of the table, half that between a compound's words.  Only tables that fit no
# size come here (solve holds every body word where the room allows); on the corpus (seeds 47 and
# 14, 188 tables) body cells broken between characters: weight 1: 107, 2: 69, 4: 69.  Words first
# (the fewest broken, then lines; tables11, seeds 14/47/202/303, 253 landscape tables): 10 change,
# broken 255 → 220.5, lines 10966 → 11089, tallest cell 10 → 15 lines; started from each least-width
# set of the fewest broken words, or moving room between two columns, none scored lower than solve
WORD_BROKEN = 2.0


class Piece(NamedTuple):
    """A piece of a cell's text no line breaks inside, ``width`` 字 wide, while the widest word in
    it (``word`` 字 wide) fits the line; else it breaks between its characters (``chars``), a date,
    number, 文号 or code in it still held whole."""

    width: float
    # each character's advance, a date, number, 文号 or code in the word as one (a piece holding a word)
    chars: tuple[float, ...] = ()
    word: float = 0.0  # its width if it holds a word (0: no word, always held)
    parts: tuple[float, ...] = ()  # the widths of its pieces between a compound's words (技术|开发区)

    def held(self, room: float) -> bool:
        """Return whether the piece stays whole in a line ``room`` 字 wide."""
        return not self.chars or self.word <= room + _EPS


def units(text: str, joints: bool = False) -> tuple[Piece, ...]:
    """Return the pieces of ``text`` that no line breaks inside (cached).

    The pieces are ``cellwords.groups``: words (docgen.words's segmentation), dates, numbers, 文号
    and codes, with the marks glued to them (避头尾), as the .docx holds them (``cellwords.cell_runs``).
    With ``joints`` a date, a 文号 or a code may break at 年|月|日, 〔…〕|N号 and after a hyphen
    (layout/breaks.py offers those breaks in a table too wide otherwise)."""
    return _units(text, joints)


_JOINT_MARKS = re.compile(r"[年月〕〔\-./]")  # the characters a joint of ``breaks.joint_starts`` is next to


def same_at_joints(text: str) -> bool:
    """Return whether ``cellwords.groups`` cuts ``text`` alike with and without ``joints``: ``joints``
    changes only its pieces (``breaks.table_runs``) and the places inside a number or code a line
    may not break at (less ``breaks.joint_starts``), and here it changes neither (a cell with no
    date, 文号 or code that breaks at its joints: most of them)."""
    if not _JOINT_MARKS.search(text):
        return True  # no joint anywhere (``breaks.JOINT`` and ``DOTTED_DATE`` need one of these)
    if table_runs(text, joints=True) != table_runs(text, joints=False):
        return False
    starts = joint_starts(text)
    return not starts or not any(start in starts for m in UNBREAKABLE.finditer(text) for start in range(m.start() + 1, m.end()))


@lru_cache(maxsize=16384)
def _units(text: str, joints: bool) -> tuple[Piece, ...]:
    if joints and same_at_joints(text):
        # every table is measured at its joints too (``tablewidth.measure``): its cells' pieces are
        # those without, measured once (a third of the layout of a notice's tables went to both)
        return _units(text, False)
    # a word too wide for its column breaks between its parts (cellwords.cell_runs): its characters
    # and the dates, numbers, 文号 and codes in it, which stay held — 「要于2025年11月3日前」 (n7-019)
    # in a column two 字 wide broke as 「202|5年1|1月3|日」 when its least width was one 汉字
    found = []
    for group in groups(text, joints):
        width = group.width  # (``group.word``: its width if it holds a word, measured once here)
        if width and any(group.inside):
            chars = tuple(run_width(without_marks(part)) for part in group.parts)
            found.append(Piece(width, chars, width, tuple(run_width(piece) for piece in group.pieces)))
        else:
            found.append(Piece(width))
    return tuple(found)


def least_piece(pieces: Sequence[Piece]) -> float:
    """Return the width (字) of the widest thing no line breaks inside: a held piece, a character."""
    return max((max(p.chars) if p.chars else p.width for p in pieces), default=0.0)


def longest_piece(pieces: Sequence[Piece]) -> float:
    """Return the width (字) of the widest piece, words held."""
    return max((p.width for p in pieces), default=0.0)


def count_lines(pieces: Sequence[Piece], room: float) -> int:
    """Return the lines ``pieces`` take, filled greedily into lines ``room`` 字 wide (a word wider
    than a line breaks between its characters; another piece wider than a line is broken over as
    many lines as it needs)."""
    lines, used = 1, 0.0
    limit = room + _EPS  # the solver counts a cell's lines some 60 times: Piece.held written out here
    for width, chars, word, parts in pieces:
        if chars and word > limit:  # broken between a compound's words, or else between characters
            for part in parts if max(parts) <= limit else chars:
                if used and used + part > limit:
                    lines, used = lines + 1, 0.0
                used += part
            continue
        if used and used + width > limit:
            lines, used = lines + 1, 0.0
        used += width
        while used > limit:  # wider than a line: broken inside
            lines, used = lines + 1, used - room
    return lines


# remembered: a cell's text is measured again for each least width its column is tried at (cell_steps)
# and each size its table is laid out at (grid): 3298 calls for 1195 distinct on 20 short notices,
# each a bisection of some 9 count_lines; layout of those notices 224 M instructions less (callgrind)
@lru_cache(maxsize=16384)
def least_width(pieces: tuple[Piece, ...], lines: int) -> float:
    """Return the least room (字, to 0.01) in which ``pieces`` take at most ``lines`` lines (cached)."""
    total = sum(p.width for p in pieces)
    low = max(least_piece(pieces), total / lines)
    high = max(low, longest_piece(pieces), total)
    if count_lines(pieces, low) <= lines:
        return low
    while high - low > 0.01:
        middle = (low + high) / 2
        if count_lines(pieces, middle) <= lines:
            high = middle
        else:
            low = middle
    return high


@dataclass(frozen=True)
class CellSteps:
    """Where a cell loses lines as its column widens: ``needs[k]`` is the least room for k + 1 lines."""

    needs: tuple[float, ...]  # decreasing
    word: float = 0.0  # the cell's widest group holding a word (字): narrower, the column breaks it
    hard: float = 0.0  # its widest piece between a compound's words: narrower, between characters

    def lines(self, room: float) -> int:
        """Return the lines the cell takes in ``room`` 字 (at most as many as at its column's least)."""
        wider = sum(1 for need in self.needs if need > room + _EPS)  # steps still ahead
        return min(len(self.needs), wider + 1)

    def drops(self, room: float, limit: float) -> list[tuple[float, int]]:
        """Return (width, lines) for each width in (room, limit] at which the cell loses a line."""
        return [
            (need, index + 1) for index, need in enumerate(self.needs) if room + _EPS < need <= limit + _EPS
        ]


@lru_cache(maxsize=16384)  # a column's cells are often alike (the same 单位, date or status)
def cell_steps(text: str, least: float, joints: bool = False) -> CellSteps:
    """Return a cell's steps from one line down to the lines it takes at ``least`` 字."""
    pieces = units(text, joints)
    most = count_lines(pieces, least)
    word = max((p.word for p in pieces), default=0.0)
    hard = max((max(p.parts) for p in pieces if p.parts), default=0.0)
    return CellSteps(tuple(least_width(pieces, k) for k in range(1, most + 1)), word, hard)


@dataclass(frozen=True)
class SpanSteps:
    """A merged header cell measured: rows ``row``.. ``row + rows - 1``, columns ``column``.. on."""

    row: int
    column: int
    rows: int
    columns: int
    steps: CellSteps


@dataclass(frozen=True)
class Grid:
    """A table measured for the solver: every cell's steps and every column's least width (字)."""

    cells: tuple[tuple[CellSteps, ...], ...]  # rows of cells, header rows included
    minimum: tuple[float, ...]
    worded: tuple[float, ...]  # each column's least width with its body's words whole
    natural: tuple[float, ...]  # each column's widest cell on one line
    header_rows: int
    spans: tuple[SpanSteps, ...] = ()  # merged header cells (their places in ``cells`` hold no text)

    @cached_property
    def drops(self) -> tuple[tuple[tuple[float, ...], tuple[tuple[float, int, int], ...]], ...]:
        """Return for each column every cell's drops as (width, row, lines from it on) in the order
        ``_best_step`` sorts them (by width, most lines first, then by row), with their widths
        apart for a bisection: a step takes the slice between the column's width and its limit."""
        found = []
        for col in range(len(self.minimum)):
            events = [
                (need, index, k + 1) for index, cells in enumerate(self.cells) for k, need in enumerate(cells[col].needs)
            ]
            events.sort(key=lambda e: (e[0], -e[2]))  # stable: a row's order kept on a tie, as before
            found.append((tuple(e[0] for e in events), tuple(events)))
        return tuple(found)


def grid(table: Table, joints: bool = False, narrow: bool = False) -> Grid:
    """Return ``table`` measured (cached: a table is laid out at several sizes and placements).

    With ``narrow`` a column's least width comes from its content alone: its longest date, number,
    文号 or code, its header broken between characters over at most ``MAX_CELL_LINES`` lines, and
    ``MIN_COLUMN`` only where its body holds a word that wide (a 31-day 考勤表's one-digit columns
    1.1 字, not 2: its 33 columns fit 小五 on a landscape page)."""
    spans = tuple((s.row, s.column, s.rows, s.columns) for s in table.spans)
    return _grid(tuple(tuple(row) for row in table.rows), table.header_rows, joints, spans, narrow)


def _spread(
    minimum: list[float], rows: tuple[tuple[str, ...], ...], spans: tuple[tuple[int, int, int, int], ...]
) -> None:
    """Widen the columns under each merged header cell alike until it fits them in at most
    ``MAX_CELL_LINES`` lines: the cell's text may use the sum of its columns (the cell padding
    between them not counted: a little room to spare)."""
    for row, col, _rows, cols in spans:
        need = least_width(units(rows[row][col]), MAX_CELL_LINES) if rows[row][col] else 0.0
        short = need - sum(minimum[col : col + cols])
        if short > 0:
            for c in range(col, col + cols):
                minimum[c] += short / cols


def least_widths(table: Table, joints: bool = False) -> tuple[float, ...]:
    """Return each column's least width (字): ``grid(table, joints).minimum``, without measuring
    every cell's steps (``tablewidth.measure`` asks it of every table with dates broken at their
    joints, to tell a table too wide for anything: the whole grid, every cell's steps too, was made for that)."""
    spans = tuple((s.row, s.column, s.rows, s.columns) for s in table.spans)
    return _least(tuple(tuple(row) for row in table.rows), table.header_rows, joints, spans, False)[1]


def _merged_out(
    given: tuple[tuple[str, ...], ...], spans: tuple[tuple[int, int, int, int], ...]
) -> tuple[tuple[str, ...], ...]:
    """Return the rows with a merged cell's text left out: it is measured across its columns."""
    merged = {(row, col) for row, col, _r, _c in spans}
    return tuple(
        tuple("" if (r, c) in merged else text for c, text in enumerate(row)) for r, row in enumerate(given)
    )


@lru_cache(maxsize=64)
def _least(
    given: tuple[tuple[str, ...], ...],
    header_rows: int,
    joints: bool,
    spans: tuple[tuple[int, int, int, int], ...] = (),
    narrow: bool = False,
) -> tuple[tuple[tuple[str, ...], ...], tuple[float, ...]]:
    """Return the rows as measured (``_merged_out``) and each column's least width (``grid``)."""
    columns = len(given[0])
    rows = _merged_out(given, spans)
    heads = rows[:header_rows]
    floors = [
        min(MIN_COLUMN, max((p.word for row in rows[header_rows:] for p in units(row[col], joints)), default=0.0))
        if narrow
        else MIN_COLUMN
        for col in range(columns)
    ]
    least = [
        max(  # one iterable: a table of a header row alone has no body cell to measure
            (
                floors[col],
                *(least_piece(units(row[col], joints)) for row in rows[header_rows:]),
                *(least_width(units(row[col]), MAX_CELL_LINES) for row in heads if row[col]),
            )
        )
        for col in range(columns)
    ]
    _spread(least, given, spans)
    return rows, tuple(least)


@lru_cache(maxsize=64)
def _grid(
    given: tuple[tuple[str, ...], ...],
    header_rows: int,
    joints: bool,
    spans: tuple[tuple[int, int, int, int], ...] = (),
    narrow: bool = False,
) -> Grid:
    columns = len(given[0])
    rows, minimum = _least(given, header_rows, joints, spans, narrow)
    worded = tuple(  # the body's words: a header may break its words, as it may take three lines
        max((minimum[col], *(longest_piece(units(row[col], joints)) for row in rows[header_rows:])))
        for col in range(columns)
    )
    cells = tuple(
        tuple(cell_steps(text, minimum[col], joints) for col, text in enumerate(row)) for row in rows
    )
    natural = tuple(
        max((minimum[col], *(steps.needs[0] for steps in (row[col] for row in cells))))
        for col in range(columns)
    )
    measured = tuple(
        SpanSteps(row, col, count, cols, cell_steps(given[row][col], sum(minimum[col : col + cols])))
        for row, col, count, cols in spans
    )
    return Grid(cells, minimum, worded, natural, header_rows, measured)


def row_lines(measured: Grid, widths: Sequence[float], padding: float = 0.0) -> list[int]:
    """Return each row's lines (its tallest cell's) at ``widths`` (字 of text per column); a merged
    header cell taller than the rows it spans makes the last of them taller.  A cell merged across
    columns has their text widths and the ``padding`` (字) between them."""
    lines = [max(c.lines(w) for c, w in zip(row, widths, strict=True)) for row in measured.cells]
    for span in measured.spans:
        room = sum(widths[span.column : span.column + span.columns]) + padding * (span.columns - 1)
        need = span.steps.lines(room)
        have = sum(lines[span.row : span.row + span.rows])
        if need > have:
            lines[span.row + span.rows - 1] += need - have
    return lines


def solve(measured: Grid, room: float, padding: float = 0.0) -> list[float]:
    """Return widths (字 of text) for the columns summing to ``room`` (at least the minimums);
    ``padding`` (字): the cell padding a merged header cell's text has between its columns.

    Every column is made as wide as the longest word of its body where the room allows.  Else
    (a table that fits no size) columns are widened to it one at a time (those needing least for it
    first) while that leaves the table no worse — its rows' lines plus ``WORD_BROKEN`` for each cell
    whose word breaks; from there the room goes, a step at a time, where it saves the most lines
    and words broken per 字 (or lines alone, if that scores lower), and what no step can use to the
    columns that still wrap, by their text."""
    if sum(measured.minimum) > room:  # even the minimums do not fit: shrink them all alike (the caller tries smaller)
        return [w * room / sum(measured.minimum) for w in measured.minimum]
    columns = set(range(len(measured.minimum)))
    whole = _solve_from(measured, room, columns, padding)
    if whole is not None:  # every word of the body whole: a break inside a word is the last resort
        return _header_words(measured, whole[1], padding)
    # the steps weighing the words they hold, and (the steps being greedy) weighing lines alone: the
    # lower score.  Seeds 2027, 7, 101 (100 notices each): 10 of 454 tables changed (all 小五 on
    # landscape pages), score 1776 → 1679, lines 1153 → 1119, body cells with a broken word 310 →
    # 279; n2027-041 161 → 146 with words; n2027-035 143 with lines alone, 144 with words
    # (lines alone first: on a tie, the widths as before — the baseline's ranking table moved 2 twips)
    tries = (_held_one_by_one(measured, room, padding, words) for words in (False, True))
    return _header_words(measured, min(tries, key=lambda tried: tried[0])[1], padding)


# decision: a header word (a header may break its words) wider than its column by at most this is held
# by taking the difference from another column where that costs no line (corpus9 #7, n303-051: the
# header 「累计完成投资（万元）」 in 3.9896 字 broke 「（万|元）」 in both engines; 4 字 holds it)
HEADER_NUDGE = 0.1  # 字


def _header_words(measured: Grid, widths: list[float], padding: float) -> list[float]:
    """Return ``widths`` with each header word that misses its column by at most ``HEADER_NUDGE`` held,
    the room taken from the column where that leaves the table's score (``table_score``) lowest, if
    lower than before."""
    widths = list(widths)
    for col, width in enumerate(widths):
        need = max((row[col].word for row in measured.cells[: measured.header_rows]), default=0.0)
        short = need - width
        if not _EPS < short <= HEADER_NUDGE:
            continue
        best, score = None, table_score(measured, widths, padding)
        for donor in range(len(widths)):
            if donor == col or widths[donor] - short < measured.minimum[donor] - 1e-9:
                continue
            trial = list(widths)
            trial[col], trial[donor] = need, widths[donor] - short
            tried = table_score(measured, trial, padding)
            if tried < score - 1e-9:
                best, score = trial, tried
        if best is not None:
            widths = best
    return widths


def _held_one_by_one(measured: Grid, room: float, padding: float, words: bool) -> tuple[float, list[float]]:
    """Return the score and widths of the step solver with columns held as wide as their longest
    word one at a time while that leaves the table no worse (``words``: steps count words held)."""
    held: set[int] = set()
    best = _solve_from(measured, room, held, padding, words)
    assert best is not None  # the minimums fit
    order = sorted(range(len(measured.minimum)), key=lambda c: measured.worded[c] - measured.minimum[c])
    for col in order:
        if measured.worded[col] <= measured.minimum[col] + _EPS:
            continue
        trial = _solve_from(measured, room, held | {col}, padding, words)
        if trial is not None and trial[0] <= best[0] + 1e-9:
            best, held = trial, held | {col}
    return best


def table_score(measured: Grid, widths: Sequence[float], padding: float = 0.0) -> float:
    """Return the table's lines at ``widths`` plus ``WORD_BROKEN`` for each cell whose word breaks
    (half as much where a compound breaks between its words)."""
    words = sum(broken(c, w) for row in measured.cells for c, w in zip(row, widths, strict=True))
    return sum(row_lines(measured, widths, padding)) + WORD_BROKEN * words


def broken(cell: CellSteps, room: float) -> float:
    """Return how broken the cell's widest word is in ``room`` 字: 1 between characters, 0.5
    between a compound's words, 0 whole."""
    if cell.word <= room + _EPS:
        return 0.0
    return 1.0 if cell.hard > room + _EPS else 0.5


def _solve_from(
    measured: Grid, room: float, held: set[int], padding: float = 0.0, words: bool = False
) -> tuple[float, list[float]] | None:
    """Return the score and widths of the step solver started with the ``held`` columns as wide as
    their longest word; None when that does not fit ``room``.  With ``words`` a step is worth the
    body's words it holds too (``_best_step``)."""
    widths = [measured.worded[c] if c in held else w for c, w in enumerate(measured.minimum)]
    if sum(widths) > room:
        return None
    lines = [[c.lines(w) for c, w in zip(row, widths, strict=True)] for row in measured.cells]
    while True:
        left = room - sum(widths)
        best: tuple[float, int, float] | None = None  # (gain per 字, column, width)
        tops = [_top_two(row) for row in lines]
        for col in range(len(widths)):
            best = _best_step(measured, lines, widths, col, left, best, padding, words, tops)
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
    widths = [w + left * n / sum(weights) for w, n in zip(widths, weights, strict=True)]
    return table_score(measured, widths, padding), widths


def _best_step(
    measured: Grid,
    lines: list[list[int]],
    widths: list[float],
    col: int,
    left: float,
    best: tuple[float, int, float] | None,
    padding: float = 0.0,
    words: bool = False,
    tops: list[tuple[int, int]] | None = None,
) -> tuple[float, int, float] | None:
    """Return the better of ``best`` and column ``col``'s best step within ``left`` 字 (``tops``:
    each row's two largest line counts, ``_top_two``, if known).

    A merged header cell over ``col`` steps too: its lines fall when any of its columns widens
    (the others kept), and it is worth the lines it adds to the last row it spans (``row_lines``)."""
    # (width, row or -1 - span, lines from that width on): each cell's CellSteps.drops within
    # (widths[col], widths[col] + left], taken from the column's drops sorted once (Grid.drops)
    needs, all_events = measured.drops[col]
    events = list(
        all_events[bisect_right(needs, widths[col] + _EPS) : bisect_right(needs, widths[col] + left + _EPS)]
    )
    sorted_already = True
    # a cell's widest word held whole (or broken between a compound's words only) from a width on:
    # worth WORD_BROKEN as table_score counts it (n2027-041: 建设地点 2 字 wide broke 开发|区 in 13
    # rows while the room went to 形象进度, whose lines set some rows' heights)
    freed: list[tuple[float, float]] = []  # (width, score saved from that width on)
    for cells in measured.cells[measured.header_rows :] if words else ():
        cell, was = cells[col], widths[col]
        for at in sorted({cell.hard, cell.word}):
            if widths[col] + _EPS < at <= widths[col] + left + _EPS:
                freed.append((at, WORD_BROKEN * (broken(cell, was) - broken(cell, at))))
                was = at
    events += [(w, len(measured.cells) + i, 0) for i, (w, _g) in enumerate(freed)]
    sorted_already = not freed
    spans = [s for s in measured.spans if s.column <= col < s.column + s.columns]
    span_now: list[int] = []
    for number, span in enumerate(spans):
        rest = sum(widths[span.column : span.column + span.columns]) - widths[col] + padding * (span.columns - 1)
        span_now.append(span.steps.lines(rest + widths[col]))
        drops = span.steps.drops(rest + widths[col], rest + widths[col] + left)
        events += [(w - rest, -1 - number, k) for w, k in drops]
        sorted_already = sorted_already and not drops
    if not events:
        return best
    if not sorted_already:
        events.sort(key=lambda e: (e[0], -e[2]))
    if tops is None:
        tops = [_top_two(row) for row in lines]
    # the row's other columns' lines: its largest, or its second largest when this column holds it
    others = [second if row[col] == first else first for row, (first, second) in zip(lines, tops, strict=True)]
    now = [row[col] for row in lines]

    def overrun() -> int:  # the lines the merged cells add beyond the rows they span
        return sum(
            max(0, k - sum(max(others[r], now[r]) for r in range(s.row, s.row + s.rows)))
            for s, k in zip(spans, span_now, strict=True)
        )

    before = overrun()
    gain = 0.0
    for at, (width, index, k) in enumerate(events):
        if index >= len(now):  # a word held from here on
            gain += freed[index - len(now)][1]
        elif index >= 0:
            if k >= now[index]:
                continue
            gain += max(others[index], now[index]) - max(others[index], k) + _CELL_SAVED * (now[index] - k)
            now[index] = k
        else:
            if k >= span_now[-1 - index]:
                continue
            gain += _CELL_SAVED * (span_now[-1 - index] - k)
            span_now[-1 - index] = k
        if at + 1 < len(events) and events[at + 1][0] <= width + _EPS:
            continue  # the next event is at the same width
        saved = gain + before - overrun()
        ratio = saved / max(width - widths[col], _EPS)
        if best is None or ratio > best[0] + 1e-9:
            best = (ratio, col, width)
    return best


def _top_two(row: list[int]) -> tuple[int, int]:
    """Return the largest and the second largest of ``row`` (1 for a row of one column): the lines
    of the row's other columns, where one column holds the largest, without a max over each."""
    if len(row) < 2:
        return (row[0] if row else 1), 1
    first, second = sorted(row)[-1:-3:-1]
    return first, second
