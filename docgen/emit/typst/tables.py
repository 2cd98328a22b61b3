"""Tables into Typst source: cells with their borders and paragraphs (``paragraphs.paragraph``), the
rows Typst need not measure (``_one_line``), fixed column widths and repeated header rows."""

from __future__ import annotations

from docgen import standard as S
from docgen.emit.typst import markup as m
from docgen.emit.typst.paragraphs import paragraph, points
from docgen.emit.typst.styles import ROLE_STYLES, RUN_FONTS
from docgen.layout import metrics
from docgen.layout.breaks import MARKS
from docgen.layout.estimate import wide
from docgen.layout.placed import (
    Borders,
    Cell,
    LineRule,
    Role,
    Row,
    Rule,
    Run,
    TableBlock,
)


def _side(rule: Rule | None) -> m.Stroke | None:
    if rule is None or rule.width_eighths == 0:
        return None
    return m.Stroke(rule.width_eighths / 8, rule.color)


def _first(*rules: Rule | None) -> Rule | None:
    return next((r for r in rules if r is not None), None)


# What a cell's text must leave free of its width for the cell to be surely one line in Typst: its
# width is counted from above (``_widest``), this covers the sums' rounding
ONE_LINE_SPARE_PT = 0.5


def _widest(text: str, size_pt: float, font: str) -> float:
    """Return a width ``text`` is surely no wider than in Typst, in points: a full-width character
    a 字 (Typst may compress a mark, never widen it), another one its face's advance (metrics, the
    faces the mapping gives Typst too), or a 字 where that is not known; no kerning taken off."""
    table = metrics.advances(font) or {}
    width = 0.0
    for ch in text:
        if ch in MARKS:  # word joiners and zero-width spaces: no advance
            continue
        width += 1.0 if wide(ch) else min(1.0, table.get(ord(ch), 1.0))
    return width * size_pt


def _one_line(cell: Cell, margin: int) -> float | None:
    """Return the height of the cell's content, in points, where it is surely one line (or none):
    None where it may take more (``markup.table`` then leaves its row for Typst to measure)."""
    if len(cell.paragraphs) != 1:
        return None
    block = cell.paragraphs[0]
    role = ROLE_STYLES[block.role]
    line: float | None = role.line_pt
    if block.line is not None:
        line = points(block.line.value) if block.line.rule is LineRule.EXACT else None
    if block.tabs or block.drawings or block.space_before or block.bottom_rule:
        return None
    if line is None or block.page_break_before or role.page_break_before:
        return None
    if not block.runs:  # as ``paragraph`` sets it: an empty line, or nothing
        return line if block.role is not Role.PLAIN else 0.0
    runs = [r for r in block.runs if isinstance(r, Run)]
    if len(runs) != len(block.runs) or any(
        r.spacing > 0 or r.scale or r.raise_pt or not r.text for r in runs
    ):
        return None
    left = block.left if block.left is not None else round(role.left_pt * S.TWIPS_PER_PT)
    right = block.right if block.right is not None else round(role.right_pt * S.TWIPS_PER_PT)
    first = block.first_line if block.first_line is not None else round(role.first_line_pt * 20)
    hanging = block.hanging or 0  # then the first line starts that much left of the others, unindented
    start = left - hanging if hanging else left + max(0, first)
    width_pt = sum(
        _widest(r.text, r.size_pt or role.size_pt, RUN_FONTS.get(r.role, role.font) if r.role else role.font)
        + len(r.text) * max(0.0, role.tracking_pt)
        for r in runs
    )
    room_pt = points(cell.width - 2 * margin - start - right)
    return line if width_pt <= room_pt - ONE_LINE_SPARE_PT else None


def _cell(
    cell: Cell,
    table: Borders,
    row: int,
    col: int,
    rows: int,
    cols: int,
    split: bool,
    min_height: int,
    margin: int = 0,
) -> m.TableCell:
    own = cell.borders or Borders()
    alone = len(cell.paragraphs) == 1
    body = "".join(
        paragraph(p, first_in_section=False, last_in_section=False, alone=alone) for p in cell.paragraphs
    )
    last_row, last_col = row + cell.rows - 1, col + cell.columns - 1  # a merged cell's far edges
    return m.TableCell(
        body=body,
        top=_side(_first(own.top, table.top if row == 0 else table.inside_h)),
        bottom=_side(_first(own.bottom, table.bottom if last_row == rows - 1 else table.inside_h)),
        left=_side(_first(own.left, table.left if col == 0 else table.inside_v)),
        right=_side(_first(own.right, table.right if last_col == cols - 1 else table.inside_v)),
        v_center=cell.v_center,
        breakable=split,
        min_height_pt=points(min_height),
        colspan=cell.columns,
        rowspan=cell.rows,
        one_line_pt=_one_line(cell, margin),
    )


def _grid_cells(row: Row) -> list[tuple[int, Cell]]:
    """Return the row's cells with the grid column each starts at, without the places under a cell
    merged down from above (Typst's rowspan covers them)."""
    placed, col = [], 0
    for cell in row.cells:
        if not cell.merged:
            placed.append((col, cell))
        col += cell.columns
    return placed


def table(block: TableBlock, room: int | None = None) -> str:
    """Return a table: fixed column widths, header rows repeated, rows kept whole unless told
    (``room``: the width it is centred in, twips)."""
    borders = block.borders or Borders()
    count = len(block.rows)
    made = [
        [
            _cell(
                cell,
                borders,
                r,
                c,
                count,
                sum(x.columns for x in row.cells),
                not row.cant_split,
                row.min_height,
                block.cell_margin,
            )
            for c, cell in _grid_cells(row)
        ]
        for r, row in enumerate(block.rows)
    ]
    headers = 0
    while headers < count and block.rows[headers].header:
        headers += 1
    source = m.table(
        [points(w) for w in block.widths],
        made[:headers],
        made[headers:],
        points(block.cell_margin),
        centred=block.anchor is None,
        room_pt=None if room is None else points(room),
    )
    return source
