"""Tables of the text: column widths, the size that fits, portrait or landscape (ch. 8), the placed table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen import standard as S
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
from docgen.model import Table

CELL_MARGIN = 57  # left and right cell margins, twips (about 1 mm)
_CELL_PADDING = (
    2 * CELL_MARGIN + 100
)  # cell margins, borders, and slack for Latin glyphs wider than half a 字
# runs a cell should not break: a document number, a number or a Latin word
_UNBREAKABLE = re.compile(r"[^\s〔]{1,8}〔\d{4}〕\d+号|[0-9A-Za-z.,%+\-—]+")
THIN = Rule(4)  # decision: table rules 0.5 pt


def column_widths(
    table: Table, size_pt: float, total_width: int = S.TYPE_AREA_WIDTH
) -> tuple[list[int], bool]:
    """Return column widths (twips) filling ``total_width``, and whether every column got its minimum.

    Space is shared in proportion to each column's natural width (its longest cell), but no
    column gets less than its longest unbreakable run (a document number, a number, a Latin
    word) or four characters: columns held at that minimum are fixed and the rest shared
    again among the others.
    """
    char = size_pt * S.TWIPS_PER_PT
    preferred, minimum = [], []
    for col in range(table.columns):
        texts = [row[col] for row in table.rows]
        preferred.append(max(text_width(t) for t in texts) * char + _CELL_PADDING)
        # Latin letters and digits are about 0.6 of a 字 in CJK faces, not the 0.5 of a strict half width
        runs = [text_width(m) * 1.2 for t in texts for m in _UNBREAKABLE.findall(t)]
        cjk = [min(4.0, text_width(t)) for t in texts]
        minimum.append(max([*runs, *cjk, 1.0]) * char + _CELL_PADDING)
    total = float(total_width)
    fits = sum(minimum) <= total
    if sum(preferred) <= total:  # everything fits on one line: share the rest alike
        extra = (total - sum(preferred)) / len(preferred)
        widths_f = [p + extra for p in preferred]
    else:
        fixed: dict[int, float] = {}
        while True:
            free = [i for i in range(len(preferred)) if i not in fixed]
            room = total - sum(fixed.values())
            scale = room / sum(preferred[i] for i in free) if free else 0.0
            short = [i for i in free if preferred[i] * scale < minimum[i]]
            if not short:
                widths_f = [fixed.get(i, preferred[i] * scale) for i in range(len(preferred))]
                break
            for i in short:
                fixed[i] = minimum[i]
        if sum(widths_f) > total:  # even the minimums do not fit: shrink them all alike
            widths_f = [w * total / sum(widths_f) for w in widths_f]
    widths = [int(w) for w in widths_f]
    widths[-1] += total_width - sum(widths)
    return widths, fits


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


def table_layout(table: Table) -> TableLayout:
    """Return a table's layout: 4号, else 小四, else 五号 in portrait; else the same on landscape pages (ch. 8)."""
    if table.widths:
        return TableLayout(S.TABLE_PT, _given_widths(table), False)
    for total, landscape in ((S.TYPE_AREA_WIDTH, False), (S.TYPE_AREA_HEIGHT, True)):
        for size_pt in S.TABLE_SIZES_PT:
            widths, fits = column_widths(table, size_pt, total)
            if fits:
                return TableLayout(size_pt, widths, landscape)
    return TableLayout(S.TABLE_SIZES_PT[-1], widths, True)


def table_block(table: Table, layout: TableLayout) -> tuple[TableBlock, list[int]]:
    """Return a table as wide as the type area, header rows repeated, rows never split; and its row heights."""
    size_pt, widths = layout.size_pt, layout.widths
    line = round(size_pt * S.TABLE_LINE_FACTOR) * S.TWIPS_PER_PT
    default_size = size_pt == S.TABLE_PT  # the role's own size and line
    rows = []
    heights = []
    table_char_twips = size_pt * S.TWIPS_PER_PT
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        role = Role.TABLE_HEAD if header else Role.TABLE_TEXT
        cells = []
        row_lines = 1
        for width, text in zip(widths, row, strict=True):
            per_line = max(1.0, (width - 2 * CELL_MARGIN) / table_char_twips)
            count = max(1, -(-int(text_width(text) * 2) // int(per_line * 2)))
            row_lines = max(row_lines, count)
            align = None if header or text_width(text) <= per_line else Align.LEFT
            paragraph = ParagraphBlock(
                role,
                (Run(text, size_pt=None if default_size else size_pt),),
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
