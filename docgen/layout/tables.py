"""Tables of the text: column widths, the size that fits, portrait or landscape (ch. 8), the placed table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen import standard as S
from docgen.layout.breaks import JOINT, UNBREAKABLE, table_runs
from docgen.layout.estimate import latin_em, text_width
from docgen.layout.placed import (
    Align,
    Borders,
    Cell,
    Line,
    ParagraphBlock,
    Role,
    Row,
    Rule,
    Run,
    TableBlock,
    TableRole,
)
from docgen.model import Table

CELL_MARGIN = 57  # left and right cell margins, twips (about 1 mm)
_CELL_PADDING = (
    2 * CELL_MARGIN + 100
)  # cell margins, borders, and slack for Latin glyphs wider than half a 字
# Runs a cell must not break (a line may break anywhere else in Chinese text): a document number
# (伊重点项目办〔2025〕13号), a date (2025年10月20日, 10月20日), a number with its unit mark
# (12.5%, 3,800), a code or a Latin word (DB-2025-007).  Their width is a column's minimum.
_UNBREAKABLE = UNBREAKABLE
_NUMBER = re.compile(r"[-+]?[\d,]+(?:\.\d+)?[%‰]?|—|-|")  # a number cell (or an empty one, a dash)
MAX_CELL_LINES = 3  # a size or orientation that needs more lines in a cell is not "fitting"
_STEP = 0.5  # 字: widths grow in half characters
THIN = Rule(4)  # decision: table rules 0.5 pt


def _lines(width: float, room: float) -> int:
    """Return the lines a text of ``width`` 字 takes in a cell ``room`` 字 wide (breaks anywhere)."""
    return max(1, -(-int(width * 2) // max(1, int(room * 2))))


_JOINTS = JOINT  # where a date, a 文号 or a phone number may break when nothing else fits


def _run_width(run: str) -> float:
    # Latin letters and digits as the CJK face sets them: digits 0.55 字, "XM" 0.7 and 0.98, not ½
    return sum(1.0 if text_width(ch) >= 1 else latin_em(ch) for ch in run)


def _unbreakable(text: str, joints: bool = False) -> float:
    """Return the width (字) of the longest run in ``text`` that must stay on one line; with
    ``joints`` a date and a 文号 may break at 年|月|日 and 〔…〕|N号 (a table too wide otherwise)."""
    runs = _UNBREAKABLE.findall(text)
    if joints:
        runs = [piece for run in runs for piece in _JOINTS.split(run)]
    return max((_run_width(r) for r in runs), default=0.0)


def _balanced(natural: list[float], minimum: list[float], room: float) -> tuple[list[float], int]:
    """Return widths giving every column's longest cell the same, smallest number of lines that
    fits ``room``, and that number: a 项目名称 no longer wraps over four lines beside columns with
    room to spare.  Written here because no table library sizes columns for Chinese text, which
    breaks between any two characters.
    """
    lines = 1
    while True:
        widths = [max(m, -(-(n / lines) * 2 // 1) / 2) for n, m in zip(natural, minimum, strict=True)]
        if sum(widths) <= room or widths == minimum:
            return widths, lines
        lines += 1


def _fewer_lines(natural: list[float], widths: list[float], room: float) -> None:
    """Spend the room left on taking a line off the columns that are cheapest to shorten, a line
    at a time: short columns (用地预审中 in three lines) come down before a long text column."""
    while True:
        left = room - sum(widths)
        costs = []
        for col, (n, w) in enumerate(zip(natural, widths, strict=True)):
            lines = _lines(n, w)
            if lines > 1:
                target = -(-(n / (lines - 1)) * 2 // 1) / 2
                costs.append((target - w, col, target))
        affordable = [c for c in sorted(costs) if c[0] <= left]
        if not affordable:
            return
        _cost, col, target = affordable[0]
        widths[col] = target


def _minimums(table: Table, joints: bool = False) -> list[float]:
    """Return each column's least width (字, in halves): its longest unbreakable run, a header
    over at most ``MAX_CELL_LINES`` lines, two 字."""
    heads = table.rows[: table.header_rows]
    minimum = [
        max(
            2.0,
            *(_unbreakable(row[col], joints) for row in table.rows),
            *(text_width(row[col]) / MAX_CELL_LINES for row in heads),
        )
        for col in range(table.columns)
    ]
    return [-(-m * 2 // 1) / 2 for m in minimum]


def minimums_fit(table: Table, size_pt: float, total_width: int) -> bool:
    """Return whether every column's least width fits ``total_width`` at ``size_pt``: no date,
    number, 文号 or code needs to break (text cells may take more than ``MAX_CELL_LINES`` lines)."""
    room = (total_width - table.columns * _CELL_PADDING) / (size_pt * S.TWIPS_PER_PT)
    return sum(_minimums(table)) <= room


def column_widths(
    table: Table, size_pt: float, total_width: int = S.TYPE_AREA_WIDTH, *, joints: bool = False
) -> tuple[list[int], bool]:
    """Return column widths (twips) filling ``total_width``, and whether the table fits at this size.

    A column gets at least its longest unbreakable run (a date, a number, a 文号, a code) or two
    字; beyond that every column's longest cell gets the same number of lines, as few as fit
    (``_balanced``), and what is left goes to the columns that still wrap.  The table fits when
    the minimums fit and no cell needs more than ``MAX_CELL_LINES`` lines.
    """
    char = size_pt * S.TWIPS_PER_PT
    columns = table.columns
    room = (total_width - columns * _CELL_PADDING) / char  # 字 of text across the table
    body = table.rows[table.header_rows :] or table.rows
    # a header (年度计划投资（万元）) may wrap over up to MAX_CELL_LINES lines: it does not set the
    # column's width as the body's entries do
    natural = [
        max(1.0, *(max(text_width(row[col]), _unbreakable(row[col], joints)) for row in body))
        for col in range(columns)
    ]
    minimum = _minimums(table, joints)
    natural = [max(n, m) for n, m in zip(natural, minimum, strict=True)]
    # widths are balanced on a column's typical entry (its 80th percentile), not its longest: one
    # long 责任单位 should wrap rather than take room from every row's 项目名称
    typical = []
    for col in range(columns):
        entries = sorted(max(text_width(row[col]), _unbreakable(row[col], joints)) for row in body)
        typical.append(max(minimum[col], entries[int(0.8 * (len(entries) - 1))]))
    fits = sum(minimum) <= room
    if not fits:  # even the minimums do not fit: shrink them all alike (the caller tries smaller)
        widths = [m * room / sum(minimum) for m in minimum]
    else:
        widths, lines = _balanced(typical, minimum, room)
        _fewer_lines(typical, widths, room)
        left = room - sum(widths)  # shared by the columns that wrap, as their text needs
        wrapping = [n if _lines(n, w) > 1 else 0.0 for n, w in zip(natural, widths, strict=True)]
        share = sum(wrapping) or sum(natural)
        weights = wrapping if sum(wrapping) else natural
        widths = [w + left * n / share for w, n in zip(widths, weights, strict=True)]
        fits = lines <= MAX_CELL_LINES
    twips = [int(w * char + _CELL_PADDING) for w in widths]
    twips[-1] += total_width - sum(twips)
    return twips, fits


def column_alignments(table: Table) -> list[Align]:
    """Return each column's alignment, the same for a cell that wraps and one that does not.

    Decision (one rule): number columns right-aligned, columns of short entries (a date, a code, a
    name of up to six 字) centred, text columns left-aligned; header cells are centred.
    """
    body = table.rows[table.header_rows :] or table.rows
    aligns = []
    for col in range(table.columns):
        cells = [row[col].strip() for row in body]
        if all(_NUMBER.fullmatch(c) for c in cells) and any(cells):
            aligns.append(Align.RIGHT)
        elif all(text_width(c) <= 6 for c in cells):
            aligns.append(Align.CENTER)
        else:
            aligns.append(Align.LEFT)
    return aligns


def _given_widths(table: Table) -> list[int]:
    total = sum(table.widths)
    widths = [int(S.TYPE_AREA_WIDTH * w / total) for w in table.widths]
    widths[-1] += S.TYPE_AREA_WIDTH - sum(widths)
    return widths


@dataclass(frozen=True)
class TableLayout:
    """How a table is set: its size, its column widths, and whether it needs landscape pages."""

    size_pt: float
    widths: list[int]
    landscape: bool
    joints_broken: bool = False  # dates and 文号 may break at 年|月|日, 〔…〕|N号 (nothing else fitted)


def table_layout(table: Table) -> TableLayout:
    """Return a table's layout: 4号, else 小四, else 五号 in portrait; else the same on landscape pages (ch. 8)."""
    if table.widths:
        return TableLayout(S.TABLE_PT, _given_widths(table), False)
    for total, landscape in ((S.TYPE_AREA_WIDTH, False), (S.TYPE_AREA_HEIGHT, True)):
        for size_pt in S.TABLE_SIZES_PT:
            widths, fits = column_widths(table, size_pt, total)
            if fits:
                return TableLayout(size_pt, widths, landscape)
    # still too wide at 五号 on a landscape page: 小五; then the largest landscape size at which
    # every date, number and 文号 stays whole (a text cell taking more than three lines); only when
    # none does, dates and 文号 break at their joints (measured on the corpus: 9 of 10 such tables
    # keep them whole at 小五)
    smallest = S.TABLE_LANDSCAPE_LAST_PT
    widths, fits = column_widths(table, smallest, S.TYPE_AREA_HEIGHT)
    if fits:
        return TableLayout(smallest, widths, True)
    for size_pt in (*S.TABLE_SIZES_PT, smallest):
        if minimums_fit(table, size_pt, S.TYPE_AREA_HEIGHT):
            return TableLayout(size_pt, column_widths(table, size_pt, S.TYPE_AREA_HEIGHT)[0], True)
    widths, _fits = column_widths(table, smallest, S.TYPE_AREA_HEIGHT, joints=True)
    return TableLayout(smallest, widths, True, joints_broken=True)


def table_block(table: Table, layout: TableLayout) -> tuple[TableBlock, list[int]]:
    """Return a table as wide as the type area, header rows repeated, rows never split; and its row heights."""
    size_pt, widths = layout.size_pt, layout.widths
    line = round(size_pt * S.TABLE_LINE_FACTOR) * S.TWIPS_PER_PT
    default_size = size_pt == S.TABLE_PT  # the role's own size and line
    rows = []
    heights = []
    table_char_twips = size_pt * S.TWIPS_PER_PT
    aligns = column_alignments(table)
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        role = Role.TABLE_HEAD if header else Role.TABLE_TEXT
        cells = []
        row_lines = 1
        for width, text, column_align in zip(widths, row, aligns, strict=True):
            per_line = max(1.0, (width - _CELL_PADDING) / table_char_twips)
            count = _lines(text_width(text), per_line)
            row_lines = max(row_lines, count)
            if header:
                align = None
            elif table.widths:  # a form (its widths given): one-line cells centred, wrapped ones left
                align = None if text_width(text) <= per_line else Align.LEFT
            else:
                align = column_align
            size = None if default_size else size_pt
            pieces = table_runs(text, joints=layout.joints_broken)
            paragraph = ParagraphBlock(
                role,
                tuple(Run(piece, size_pt=size, whole=whole) for piece, whole in pieces),
                align=align,
                line=None if default_size else Line(line),
            )
            cells.append(Cell(width, (paragraph,)))
        minimum = table.min_lines[index] if index < len(table.min_lines) else 0
        rows.append(Row(tuple(cells), header=header, min_height=minimum * line))
        heights.append(max(row_lines, minimum) * line + 20)
    block = TableBlock(
        TableRole.CONTENT, tuple(widths), tuple(rows), borders=Borders.all(THIN), size_pt=size_pt
    )
    return block, heights
