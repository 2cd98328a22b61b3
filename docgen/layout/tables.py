"""Tables of the text: column widths, the size that fits, portrait or landscape (ch. 8), the placed table."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from docgen import standard as S
from docgen.layout.celllines import FITS_BY, set_cell
from docgen.layout.cellwords import cell_runs, groups, run_width
from docgen.layout.column_moves import solved
from docgen.layout.columns import MAX_CELL_LINES, count_lines, row_lines, units
from docgen.layout.estimate import text_width
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
from docgen.layout.tablewidth import (
    CELL_MARGIN,
    CELL_PADDING,
    TableTooWide,
    _room,
    could_fit,
    measure,
    minimums_fit,
    minimums_fit_at_joints,
    slivers,
    with_floors,
)
from docgen.model import Span, Table

_NUMBER = re.compile(r"[-+]?[\d,]+(?:\.\d+)?[%‰]?|—|-|")  # a number cell (or an empty one, a dash)
THIN = Rule(4)  # decision: table rules 0.5 pt
# what a row takes beyond its lines: the 0.5 pt rule under it (10 twips; the part's top rule below).  Measured in LibreOffice's
# PDF (seed 47 n47-001, 小四 rows of 19 pt lines): 1 line 6.88 mm, 2 lines 13.59, 3 lines 20.28 —
# 9.7–10.4 twips over the lines; 20 (as before) put a table of 6 rows 0.1 line too low, and the
# estimate sent a row to the next page that LibreOffice kept (its part there: 3.35 lines, not 2.02)
ROW_RULE = THIN.width_eighths * S.TWIPS_PER_PT // 8
# A landscape table's body row of this many lines or more may continue on the next page (``_split_tall_rows``)
SPLIT_ROW_LINES = 6
# decision: a table is set in the largest size (4号, 小四, 五号) at which it is at most 1.5 times as
# high as at the size that makes it lowest: a smaller size is "needed" when wrapping would make the
# table much taller (a 4号 table of 2–3-line rows took a 4-page bulletin to 7 pages; 五号: 1 line)
SMALLER_TYPE_SAVES = 1.5
# decision: a table that portrait holds with no word, date or 文号 broken, no cell over
# ``SHORT_TABLE_LINES`` lines, at most half a page high, stays in portrait although its typical cells
# take more than ``MAX_CELL_LINES`` lines: a landscape section costs a page of its own at least
# (outsider14: the 催报通知's 3-row 问题清单, its 问题 column of 33–68 字 on 4–5 lines at 小四, 247 pt
# high, went onto a landscape page and the 3-line notice took 4 pages).  The cell bound keeps a
# table of names over 8 lines in a 4-字 column landscape (corpus seed 2026 n2026-009-2, 2 rows).
SHORT_TABLE_PT = S.GRID_BODY_HEIGHT / S.TWIPS_PER_PT / 2
SHORT_TABLE_LINES = 2 * MAX_CELL_LINES


def _run_width(run: str) -> float:
    # Latin letters and digits as the CJK face sets them: digits 0.55 字, "XM" 0.7 and 0.98, not ½
    return run_width(run)


def text_widths(table: Table, size_pt: float, total_width: int, *, joints: bool = False) -> list[float]:
    """Return each column's room for text (字) at ``size_pt`` in ``total_width`` (column_moves.solved)."""
    padding = CELL_PADDING / (size_pt * S.TWIPS_PER_PT)
    return solved(measure(table, joints), _room(table.columns, size_pt, total_width), padding, joints)


def column_widths(
    table: Table, size_pt: float, total_width: int = S.TYPE_AREA_WIDTH, *, joints: bool = False
) -> tuple[list[int], bool]:
    """Return column widths (twips) filling ``total_width``, and whether the table fits at this size
    (``sized``)."""
    sized = _sized(table, size_pt, total_width, joints)
    return list(sized.widths), sized.fits


@dataclass(frozen=True)
class _Sized:
    """A table's columns at one size: widths in twips, each column's room for text (字) as the
    solver gave it, and whether the table fits."""

    widths: tuple[int, ...]
    rooms: tuple[float, ...]
    fits: bool
    whole: bool = False  # the minimums fit and no word breaks (its typical cells may take more lines)


def _sized(
    table: Table, size_pt: float, total_width: int, joints: bool = False, raised: frozenset[int] = frozenset()
) -> _Sized:
    """Return a table's columns at ``size_pt`` filling ``total_width`` (twips).

    A column gets at least its longest unbreakable run (a date, a number, a 文号, a code), its
    header over at most ``MAX_CELL_LINES`` lines, two 字, and its longest word where the room allows;
    the room beyond goes where it takes the most lines off the table (``column_moves.solved``).  The table
    fits when the minimums fit, each column's typical cell (its 80th percentile: one long 备注 does
    not send a table to landscape) needs at most ``MAX_CELL_LINES`` lines, and no word breaks.
    The ``raised`` columns get at least ``tablewidth.TEXT_FLOOR`` (``_readable``).
    """
    char = size_pt * S.TWIPS_PER_PT
    measured = with_floors(measure(table, joints), raised)
    room = _room(table.columns, size_pt, total_width)
    widths = solved(measured, room, CELL_PADDING / char, joints)
    fits = whole = sum(measured.minimum) <= room + 1e-6
    if fits:
        body = measured.cells[measured.header_rows :] or measured.cells
        for col, width in enumerate(widths):
            counts = sorted(row[col].lines(width) for row in body)
            fits = fits and counts[int(0.8 * (len(counts) - 1))] <= MAX_CELL_LINES
        # and no word of the body breaks between characters (cellwords.py; a compound of five 字 or
        # more may break between its words: 技术|开发区): a break inside a word is the last resort (a header's word may break, as a header may take three lines: the 排名通报's
        # 「与序时进度差（百分点）」 in a 4-字 column would otherwise send it to landscape pages, 6 → 8 pages)
        whole = not any(c.hard > w + 0.01 for row in body for c, w in zip(row, widths, strict=True))
        fits = fits and whole
    twips = [round(w * char + CELL_PADDING) for w in widths]  # to the nearest twip
    twips[-1] += total_width - sum(twips)
    return _Sized(tuple(twips), tuple(widths), fits, whole)


def table_height(table: Table, size_pt: float, widths: list[int], rooms: tuple[float, ...] = ()) -> float:
    """Return the table's height in pt at ``size_pt`` with ``widths`` (twips; ``rooms``: each
    column's room for text in 字 as the solver gave it, ``text_rooms``): its rows' lines."""
    char = size_pt * S.TWIPS_PER_PT
    layout = TableLayout(size_pt, tuple(widths), False, rooms=rooms)
    lines = row_lines(measure(table), text_rooms(layout), CELL_PADDING / char)
    return sum(lines) * round(size_pt * S.TABLE_LINE_FACTOR)


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
        elif all(text_width(c) <= 6 or _one_token(c) for c in cells):
            aligns.append(Align.CENTER)
        else:
            aligns.append(Align.LEFT)
    return aligns


def _one_token(text: str) -> bool:
    """Return whether ``text`` is one date, number, 文号, code or phone number (one group no line
    breaks inside, holding no word): 「2025年10月20日」 is 7 字 by ``text_width`` and a date column
    was left-aligned, ragged, against the stated rule (a 12-column 基本情况表, 计划开工/计划竣工)."""
    found = groups(text)
    return len(found) == 1 and not found[0].word


def _given_widths(table: Table) -> list[int]:
    total = sum(table.widths)
    widths = [int(S.TYPE_AREA_WIDTH * w / total) for w in table.widths]
    widths[-1] += S.TYPE_AREA_WIDTH - sum(widths)
    return widths


@dataclass(frozen=True)
class TableLayout:
    """How a table is set: its size, its column widths, and whether it needs landscape pages."""

    size_pt: float
    widths: tuple[int, ...]
    landscape: bool
    joints_broken: bool = False  # dates and 文号 may break at 年|月|日, 〔…〕|N号 (nothing else fitted)
    # each column's room for text (字) as the solver gave it (``text_rooms``); empty: from the widths
    rooms: tuple[float, ...] = ()
    # each column's alignment, where tables of one kind share it (``shared_layouts``); empty: the table's own
    aligns: tuple[Align, ...] = ()


def text_rooms(layout: TableLayout) -> list[float]:
    """Return each column's room for text in 字: the solver's, not its width rounded to twips.

    A cell's words are held and its lines counted in the room the column solver gave it (n5-043:
    a header's 「（万元）」, 4 字, held by the solver in 3.9909 字, broke in LibreOffice: its column
    rounded to 862 twips left 3.9889 字, under the word less columns._EPS).  LibreOffice has that
    room: the rounding (half a twip a column, the sum's residue on the last: at most 7 twips for 14
    columns) is within the 20 twips ``CELL_PADDING`` keeps beyond the 10 LibreOffice needs."""
    if layout.rooms:
        return list(layout.rooms)
    char = layout.size_pt * S.TWIPS_PER_PT
    return [(w - CELL_PADDING) / char for w in layout.widths]


def _readable(table: Table, size_pt: float, joints: bool) -> tuple[_Sized, list[tuple[int, int]]]:
    """Return a table's columns at ``size_pt`` on a landscape page with each column that would be a
    sliver (``tablewidth.slivers``) given ``TEXT_FLOOR`` while the least widths so raised fit, and the
    slivers left (none: every text column readable).

    The room a sliver needs comes from the other columns' room beyond their least widths (gen9-like
    17 columns: 建设地点 2.0 字 wide, a cell over 7 lines, while the solver spent the room on lines of
    other columns; raised to 4 字 it takes 4)."""
    measured = measure(table, joints)
    room = _room(table.columns, size_pt, S.TYPE_AREA_HEIGHT)
    raised: frozenset[int] = frozenset()
    while True:
        sized = _sized(table, size_pt, S.TYPE_AREA_HEIGHT, joints, raised)
        found = slivers(measured, sized.rooms)
        more = raised | {col for col, _lines in found}
        if not found or more == raised or sum(with_floors(measured, more).minimum) > room + 1e-6:
            return sized, found
        raised = more


def _short(table: Table, size_pt: float, sized: _Sized) -> bool:
    """Return whether ``sized`` (portrait, at ``size_pt``) holds the table whole and short: no word
    broken, no body cell over ``SHORT_TABLE_LINES`` lines, at most ``SHORT_TABLE_PT`` high."""
    if not sized.whole:
        return False
    measured = measure(table, False)
    body = measured.cells[measured.header_rows :] or measured.cells
    if any(cell.lines(room) > SHORT_TABLE_LINES for row in body for cell, room in zip(row, sized.rooms, strict=True)):
        return False
    return table_height(table, size_pt, list(sized.widths), sized.rooms) <= SHORT_TABLE_PT


def _lowest_enough(table: Table, sizes: dict[float, _Sized]) -> TableLayout | None:
    """Return the layout at the largest of ``sizes`` (size → columns, largest first) at which the
    table is at most ``SMALLER_TYPE_SAVES`` times as high as at the size that makes it lowest (not
    yet on landscape pages); None if none is given."""
    if not sizes:
        return None
    heights = {size: table_height(table, size, list(c.widths), c.rooms) for size, c in sizes.items()}
    size = next(s for s in sizes if heights[s] <= SMALLER_TYPE_SAVES * min(heights.values()))
    return TableLayout(size, sizes[size].widths, False, rooms=sizes[size].rooms)


def table_layout(table: Table) -> TableLayout:
    """Return a table's layout: 4号, else 小四, else 五号 in portrait; else the same on landscape pages
    (ch. 8).  A size fits when no date, number, 文号 or code breaks and a column's typical cell takes
    at most three lines; of the sizes that fit, the largest within ``SMALLER_TYPE_SAVES`` of the
    lowest table.  Cached: a document is laid out for several placements of its 版记."""
    rows = tuple(tuple(row) for row in table.rows)
    return _table_layout(rows, table.header_rows, tuple(table.widths), table.spans)


@lru_cache(maxsize=64)
def _table_layout(
    rows: tuple[tuple[str, ...], ...], header_rows: int, given: tuple[float, ...], spans: tuple[Span, ...] = ()
) -> TableLayout:
    table = Table(rows=rows, header_rows=header_rows, widths=given, spans=spans)
    if table.widths:
        return TableLayout(S.TABLE_PT, tuple(_given_widths(table)), False)
    if not could_fit(table.columns):
        raise TableTooWide.beyond(table)
    for total, landscape in ((S.TYPE_AREA_WIDTH, False), (S.TYPE_AREA_HEIGHT, True)):
        fitting = {}  # size → columns, largest size first
        short = {}  # in portrait, the sizes at which the table is whole and short (``SHORT_TABLE_PT``)
        for size_pt in S.TABLE_SIZES_PT:
            sized = _sized(table, size_pt, total)
            if sized.fits:
                fitting[size_pt] = sized
            elif not landscape and _short(table, size_pt, sized):
                short[size_pt] = sized
        chosen = _lowest_enough(table, fitting or short)
        if chosen is not None:
            return dataclasses.replace(chosen, landscape=landscape)
    # still too wide at 五号 on a landscape page: 小五; then, of the landscape sizes at which every
    # date, number and 文号 stays whole (text cells taking more than three lines), the largest not
    # much higher than the lowest (n47-001: 14 columns, 736 pt high in 五号 with names over 14 lines,
    # 294 pt in 小五); only when none does, or each leaves a column a sliver (``tablewidth.slivers``),
    # dates and 文号 break at their joints (measured on the corpus: 9 of 10 such tables keep them whole
    # at 小五); a sliver is given 4 字 where the room allows (``_readable``; seeds 14, 47, 202, 303: 5 of
    # 140 landscape tables, 2 with dates whole, 3 broken at joints: their lines 313 → 187, their tallest
    # cells 11–13 → 4–8 lines); a sliver left then is refused (``TableTooWide``)
    smallest = S.TABLE_LANDSCAPE_LAST_PT
    sized = _sized(table, smallest, S.TYPE_AREA_HEIGHT)
    if sized.fits:
        return TableLayout(smallest, sized.widths, True, rooms=sized.rooms)
    whole = {
        size_pt: _readable(table, size_pt, False)
        for size_pt in (*S.TABLE_SIZES_PT, smallest)
        if minimums_fit(table, size_pt, S.TYPE_AREA_HEIGHT)
    }
    # no column a sliver (``tablewidth.slivers``): else dates, 文号 and codes break at their joints
    chosen = _lowest_enough(table, {size: c for size, (c, found) in whole.items() if not found})
    if chosen is not None:
        return dataclasses.replace(chosen, landscape=True)
    if not minimums_fit_at_joints(table):  # (the minimums at joints are at most those kept whole)
        raise TableTooWide.of(table)
    sized, found = _readable(table, smallest, True)
    if not found:
        return TableLayout(smallest, sized.widths, True, joints_broken=True, rooms=sized.rooms)
    col, lines = found[0]
    raise TableTooWide.slivered(table, (col, sized.rooms[col], lines))


def _split_tall_rows(
    table: Table, layout: TableLayout, rows: list[Row], heights: list[int], lines: list[int], line: int
) -> tuple[list[int], list[int]]:
    """Let each body row taller than a page under the header, and on a landscape page each of
    ``SPLIT_ROW_LINES`` lines or more, split between its lines (``rows`` changed in place); return
    the estimate's ``heights`` (the header as one piece, then each row) with such a row as one piece
    a line, and the indexes of the rows taller than a page.

    Decision (wild9 #1, #2): a row kept whole that no page holds is drawn below the page by Typst and
    cut anywhere by LibreOffice; both engines then split the row where its page ends, the header
    repeated over the rest.  Decision (tables13, corpus12 DEFECTS #5): a landscape ledger's rows of
    8–17 lines kept whole left pages up to half empty (c12-009: 7 of 48 landscape pages over 30 %
    empty, 16.6 % on average); a row of 6 lines or more (a fifth of a 小五 landscape page) now continues
    on the next page as Word's default lets it (允许跨页断行), shorter rows stay whole, so a page
    leaves at most 5 lines empty.  Portrait tables are left as they were (ordinary tables do not move)."""
    page = S.TYPE_AREA_WIDTH if layout.landscape else S.GRID_BODY_HEIGHT  # a landscape page's height
    first = 1 if table.header_rows else 0  # heights[first] is the first body row's
    head = heights[0] if table.header_rows else ROW_RULE
    pieces = heights[:first]
    tall: list[int] = []
    for offset, height in enumerate(heights[first:]):
        index = table.header_rows + offset
        count = lines[index]
        held = index < len(table.min_lines) and table.min_lines[index]  # a form's row: its room to write in
        taller = head + count * line + ROW_RULE > page
        if held or count < 2 or not (taller or (layout.landscape and count >= SPLIT_ROW_LINES)):
            pieces.append(height)
            continue
        rows[index] = dataclasses.replace(rows[index], cant_split=False)
        if taller:
            tall.append(index)
        split = [line] * count
        split[0] += height - count * line - ROW_RULE  # the table's top rule, where it has no header
        split[-1] += ROW_RULE
        pieces.extend(split)
    return pieces, tall


def _kind(table: Table) -> tuple[object, ...] | None:
    """Return what tables of one kind share: their header rows (text and merged cells); None for a
    form (its widths given) or a table with no header or no body."""
    if table.widths or not table.header_rows or len(table.rows) <= table.header_rows:
        return None
    return (table.rows[: table.header_rows], table.spans)


def shared_layouts(tables: Sequence[Table]) -> dict[int, TableLayout]:
    """Return the layout of each of ``tables`` (by index) that shares its header rows with another,
    all in portrait: the layout of their rows as one table, so they share one size, one set of
    column widths and the columns' alignments.

    Decision (the 周通报's 乡镇 and 功能区 tables, outsider5 #14): alone, the 4-row 乡镇 table was set
    in 4号 and the one-row 功能区 table under it in 五号, its header over three lines in 4号 (88 pt
    against 48 in 五号); a reader takes the mismatch for a mistake.  Sized together by the rule of a
    single table (``SMALLER_TYPE_SAVES``): 小四 for both (152 pt against 112 in 五号), where the
    smallest of their own sizes would have set the 乡镇 table in 五号 for one row of another table.
    Tables that go to landscape pages alone or together keep their own layouts."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for index, table in enumerate(tables):
        kind = _kind(table)
        if kind is not None:
            groups.setdefault(kind, []).append(index)
    shared: dict[int, TableLayout] = {}
    for indexes in groups.values():
        if len(indexes) < 2 or any(table_layout(tables[i]).landscape for i in indexes):
            continue
        first = tables[indexes[0]]
        rows = [*first.rows[: first.header_rows], *(r for i in indexes for r in tables[i].rows[first.header_rows :])]
        union = dataclasses.replace(first, rows=tuple(rows), min_lines=())
        together = table_layout(union)
        if not together.landscape:  # and the columns aligned alike (丹朱镇 centred over 长子县经济技术开发区)
            aligned = dataclasses.replace(together, aligns=tuple(column_alignments(union)))
            shared.update(dict.fromkeys(indexes, aligned))
    return shared


def split_words(table: Table, layout: TableLayout) -> list[str]:
    """Return the body's words (of 汉字, ``cellwords``) wider than their column, which break inside:
    each once (header cells may break their words: they may take three lines)."""
    found: dict[str, None] = {}
    rooms = text_rooms(layout)
    for row in table.rows[table.header_rows :]:
        for room, text in zip(rooms, row, strict=True):
            found.update(dict.fromkeys(_cell_runs(text, max(1.0, room), layout.joints_broken)[1]))
    return list(found)


# remembered: each body cell's runs are asked for by ``split_words`` and again by its paragraph
# (``_cell_paragraph``), and a column's cells repeat (the same 单位, date or status)
@lru_cache(maxsize=16384)
def _cell_runs(text: str, per_line: float, joints: bool) -> tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]:
    """Return ``cellwords.cell_runs`` of a cell (cached, as tuples)."""
    runs, too_wide = cell_runs(text, per_line, joints=joints)
    return tuple(runs), tuple(too_wide)


def _cell_paragraph(
    table: Table, layout: TableLayout, text: str, width: int, room: float, header: bool, column_align: Align
) -> tuple[ParagraphBlock, int]:
    """Return a cell's paragraph ``width`` twips wide with ``room`` 字 for its text (``text_rooms``)
    and the lines it takes."""
    form = bool(table.widths)
    align = None if header or form else column_align  # (the key: a header's or a form's is not the column's)
    return _cell(text, width, room, header, align, layout.size_pt, layout.joints_broken, form)


# remembered: a column's cells repeat (the same 单位, date or status in many rows; a notice's tables
# laid out again for each placement of its 版记), and the paragraphs are frozen: a cell already set
# at the same width, size and alignment is the same paragraph
@lru_cache(maxsize=16384)
def _cell(
    text: str, width: int, room: float, header: bool, column_align: Align | None, size_pt: float, joints: bool, form: bool
) -> tuple[ParagraphBlock, int]:
    """Return ``_cell_paragraph``'s paragraph and lines (cached)."""
    default_size = size_pt == S.TABLE_PT  # the role's own size and line
    line = round(size_pt * S.TABLE_LINE_FACTOR) * S.TWIPS_PER_PT
    per_line = max(1.0, room)
    if header:
        align = None
    elif form:  # a form (its widths given): one-line cells centred, wrapped ones left
        align = None if text_width(text) <= per_line else Align.LEFT
    else:
        align = column_align
    size = None if default_size else size_pt
    pieces, _too_wide = _cell_runs(text, per_line, joints)
    paragraph = ParagraphBlock(
        Role.TABLE_HEAD if header else Role.TABLE_TEXT,
        tuple(Run(piece, size_pt=size, whole=whole) for piece, whole in pieces),
        align=align,
        line=None if default_size else Line(line),
    )
    # and its lines as LibreOffice sets them, in the cell's width less its margins (celllines.py), not
    # in the solver's room: a room 0.011 字 short of 5 (4.9889, 20 twips within the cell's width)
    # counted 4 字 a line, a 37-字 name over 11 lines where both engines set 9 (wild9's 15-column
    # ledger: every row two lines too high, 6 pages estimated, 5 printed, the 版记 on odd page 5)
    # (and with them its word joiners, in the text a reader copies, only where LibreOffice would end
    # a line inside a word: ``celllines.hold_at_line_ends``, the lines filled once for both)
    held, measured = set_cell(paragraph, width, CELL_MARGIN)
    if measured is None:
        # a line end too close to call (digits within celllines.UNSURE of the room): every group held,
        # counted in that same room, not the solver's, 30 twips narrower (CELL_PADDING against two
        # CELL_MARGIN).  corpus12 c12-014: 「44公里，」 740 twips in a 751-twip line, set on one line by
        # both engines, counted 15 lines for 14 in the solver's 722: once rows split at a page's end
        # (SPLIT_ROW_LINES), that line put the ledger's last on an extra page (30 estimated, 28 printed)
        cell_room = (width - 2 * CELL_MARGIN - FITS_BY) / (size_pt * S.TWIPS_PER_PT)
        measured = count_lines(units(text, joints), max(1.0, cell_room))
    return held, measured


def table_block(table: Table, layout: TableLayout) -> tuple[TableBlock, list[int]]:
    """Return ``table_pieces``'s table and heights."""
    block, heights, _tall = table_pieces(table, layout)
    return block, heights


def table_pieces(table: Table, layout: TableLayout) -> tuple[TableBlock, list[int], list[int]]:
    """Return a table as wide as the type area, header rows repeated (all of them: a merged header
    cell spans them), rows kept whole unless tall (``_split_tall_rows``); the estimate's heights: the
    header rows as one piece (they are never parted), then each row (a row that may split a piece a
    line); and the indexes of the rows taller than a page.

    A merged header cell is one cell as wide as its columns together, on its first row; the rows
    below it hold a merged place (w:vMerge; Typst's rowspan leaves them out)."""
    widths = layout.widths
    rooms = text_rooms(layout)
    padding = CELL_PADDING / (layout.size_pt * S.TWIPS_PER_PT)  # 字 between two columns' text
    line = round(layout.size_pt * S.TABLE_LINE_FACTOR) * S.TWIPS_PER_PT
    rows = []
    lines: list[int] = []
    aligns = layout.aligns or column_alignments(table)
    spans: list[tuple[Span, int]] = []  # each span and the lines its text takes
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        cells = []
        row_lines = 1
        for col, (width, text, column_align) in enumerate(zip(widths, row, aligns, strict=True)):
            span = table.span_at(index, col) if header and table.spans else None
            if span is None and header and table.covered(index, col):
                above = next(s for s in table.spans if s.covers(index, col))
                if above.column == col:  # under a cell spanning down: a merged place as wide as it
                    merged_width = sum(widths[col : col + above.columns])
                    cells.append(Cell(merged_width, (), columns=above.columns, merged=True))
                continue
            room = rooms[col]
            if span is not None:
                width = sum(widths[col : col + span.columns])
                room = sum(rooms[col : col + span.columns]) + padding * (span.columns - 1)
            paragraph, count = _cell_paragraph(table, layout, text, width, room, header, column_align)
            if span is not None:
                spans.append((span, count))
                cells.append(Cell(width, (paragraph,), columns=span.columns, rows=span.rows))
                if span.rows == 1:
                    row_lines = max(row_lines, count)
                continue
            row_lines = max(row_lines, count)
            cells.append(Cell(width, (paragraph,)))
        minimum = table.min_lines[index] if index < len(table.min_lines) else 0
        rows.append(Row(tuple(cells), header=header, min_height=minimum * line))
        lines.append(max(row_lines, minimum))
    for span, count in spans:  # a cell spanning down taller than its rows: the last of them grows
        have = sum(lines[span.row : span.row + span.rows])
        if count > have:
            last = span.row + span.rows - 1
            lines[last] += count - have
            # and holds that height: LibreOffice sets a header repeated on the next pages from its
            # rows' own cells, the merged cell's lines cut (seed 14 n14-022: 「2025年计划投资（万元）」
            # lost 「（万元）」, the header 10.2 mm high there, 15.0 mm on its first page)
            rows[last] = dataclasses.replace(rows[last], min_height=max(rows[last].min_height, lines[last] * line))
    heights = [count * line + ROW_RULE for count in lines]
    if table.header_rows > 1:  # the header rows as one piece: a page never parts them
        heights[: table.header_rows] = [sum(heights[: table.header_rows])]
    # and the rule over the table's first row on each page (over the header repeated there): the
    # text under a part of header and one 2-line row started 20.63 mm under its top, 1170 twips
    heights[0] += ROW_RULE
    heights, tall = _split_tall_rows(table, layout, rows, heights, lines, line)
    block = TableBlock(
        TableRole.CONTENT, tuple(widths), tuple(rows), borders=Borders.all(THIN), size_pt=layout.size_pt
    )
    return block, heights, tall
