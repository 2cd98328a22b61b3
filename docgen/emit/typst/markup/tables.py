"""Tables: fixed columns, header rows repeated, each cell's rules and the room they take."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from docgen.emit.typst.markup.literal import pt, stroke


@dataclass(frozen=True)
class Stroke:
    """One side of a cell: width in points (0: none) and colour."""

    width_pt: float
    color: str = "000000"


@dataclass(frozen=True)
class TableCell:
    """A cell's content (markup made here), its sides (None: no line) and vertical centring."""

    body: str
    top: Stroke | None
    bottom: Stroke | None
    left: Stroke | None
    right: Stroke | None
    v_center: bool = True
    breakable: bool = False
    min_height_pt: float = 0.0  # the row's least height (a form's room to write in)
    colspan: int = 1  # columns it spans (a merged header cell)
    rowspan: int = 1  # rows it spans down
    one_line_pt: float | None = None  # its content's height where surely one line (None: not sure)


def _stroke(side: Stroke | None) -> str:
    if side is None or side.width_pt <= 0:
        return "none"
    return stroke(side.width_pt, side.color)


def _width(side: Stroke | None) -> float:
    return 0.0 if side is None else max(0.0, side.width_pt)


def _room(cell: TableCell, first: bool, last: bool) -> tuple[float, float]:
    """Return the room a cell keeps above and below its content for its lines: Word and LibreOffice
    make a row as high as its content and its rules (measured on a 小四 row of 19 pt lines: 6.88 mm,
    19.5 pt; layout.tables.ROW_RULE), where Typst draws a stroke on the cell's edge and takes no room
    for it (rows 0.5 pt short: a 简报 of four rows ended 1.2 mm higher and its 报尾 fitted a page
    LibreOffice's did not).  A rule between two rows is shared, half in each; the table's top and
    bottom rules are inside the table, as in LibreOffice (its height: content + (rows + 1) rules).

    Where a cell's rules above and below are alike (a table ruled throughout), a row keeps the whole
    rule under it and none over it but the first: a row at the foot of a page then takes what it takes
    in LibreOffice and the layout's estimate (layout.tables.ROW_RULE each).  Halved, it took 0.25 pt
    less, and Typst kept on a landscape page a row LibreOffice and the estimate sent to the next
    (corpus seed 202 n202-032: 442.25 pt of rows in 442.25, 10 pages against 12; corpus9 #8)."""
    top, bottom = _width(cell.top), _width(cell.bottom)
    if top == bottom:
        return (top if first else 0.0), bottom
    return (top if first else top / 2), (bottom if last else bottom / 2)


def _strokes(cell: TableCell) -> str:
    return (
        f"(top: {_stroke(cell.top)}, bottom: {_stroke(cell.bottom)}, "
        f"left: {_stroke(cell.left)}, right: {_stroke(cell.right)})"
    )


def _settings(cell: TableCell) -> tuple[str, str, str]:
    """Return a cell's sides, vertical alignment and breakability, as written."""
    return f"stroke: {_strokes(cell)}", f"align: {'horizon' if cell.v_center else 'top'}", (
        f"breakable: {str(cell.breakable).lower()}"
    )


def _cell(
    cell: TableCell,
    inset: str = "",
    common: tuple[str, str, str] = ("", "", ""),
    room: tuple[float, float] = (0.0, 0.0),
) -> str:
    """Return a cell (``inset``: its own, when not the table's; ``common``: the settings the table
    sets for all its cells, not written again; ``room``: what it keeps above and below its content
    for its rules, ``_room``)."""
    align = "horizon" if cell.v_center else "top"
    own = "".join(f"{setting}, " for setting, shared in zip(_settings(cell), common, strict=True) if setting != shared)
    body = cell.body
    if cell.min_height_pt:
        # Typst's rows are auto or fixed, with no "at least": an empty strut beside the content
        # holds the row open, the content aligned in the height the two make.  The least height is
        # the row's with its rules, as w:trHeight is LibreOffice's (a header row held at 2 lines of
        # 14 pt: 9.88 mm there, 10.05 mm here with the strut that high and the rules' room added)
        strut = max(0.0, cell.min_height_pt - room[0] - room[1])
        body = f"#grid(columns: (0pt, 1fr), align: {align}, box(height: {pt(strut)}), [{body}])"
    spans = (f"colspan: {cell.colspan}, " if cell.colspan > 1 else "") + (
        f"rowspan: {cell.rowspan}, " if cell.rowspan > 1 else ""
    )
    inset = f"inset: {inset}, " if inset else ""
    return f"table.cell({(spans + inset + own).removesuffix(', ')})[{body}]"


def _shared_rules(cells: Sequence[TableCell]) -> str:
    """Return the text rule most cells' content starts with (a cell's one paragraph,
    ``blocks.paragraph``'s ``bare``: ``#set text(…)``), to be set once for the table: written in
    each cell, it was a fifth of the tables' source.  Only where every cell starts with a text rule
    of the same settings, so that a cell with other values overrides each of the table's.  (Its
    ``#set align`` stays in the cell: set for the table, it aligns the cells' contents too — 116
    of 184 documents moved.)"""
    heads: list[str] = []
    for cell in cells:
        line, newline, _rest = cell.body.partition("\n")
        if not newline or not line.startswith("#set text("):
            return ""
        heads.append(line)
    if len({tuple(arg.split(":")[0] for arg in line.split(", ")) for line in heads}) != 1:
        return ""
    return Counter(heads).most_common(1)[0][0] + "\n"


def _row_heights(
    every: Sequence[Sequence[TableCell]], rooms: Sequence[Sequence[tuple[float, float]]]
) -> list[float | None]:
    """Return each row's height where every cell of it is surely one line, as Typst would measure it
    (the tallest cell: content and its room for the rules); None (auto) for the others.

    Typst measures an auto row by laying out each of its cells and then lays them out again in the
    height found: a row given its height is laid out once (10 synthetic bulletins, their data rows
    given: compile 121 → 113 M instructions each, callgrind).  A row a cell spans into or out of,
    one that may break across pages and one with a least height stay auto.
    """
    spanned: set[int] = set()
    for r, row in enumerate(every):
        for cell in row:
            if cell.rowspan > 1:
                spanned.update(range(r, r + cell.rowspan))
    heights: list[float | None] = []
    for r, (row, row_rooms) in enumerate(zip(every, rooms, strict=True)):
        sure = row and r not in spanned and all(
            c.one_line_pt is not None and not c.breakable and not c.min_height_pt for c in row
        )
        heights.append(
            max(c.one_line_pt + top + bottom for c, (top, bottom) in zip(row, row_rooms, strict=True) if c.one_line_pt is not None)
            if sure
            else None
        )
    return heights


def table(
    widths_pt: Sequence[float],
    header: Sequence[Sequence[TableCell]],
    rows: Sequence[Sequence[TableCell]],
    cell_margin_pt: float,
    *,
    centred: bool = True,
    room_pt: float | None = None,
) -> str:
    """Return a table of fixed column widths; header rows repeat on every page it spans.

    ``room_pt``: the width it stands in; a centred table wider than that spills over both sides
    equally, as Word and LibreOffice centre it (Typst would let it run over the right side only).
    """
    cols = ", ".join(pt(w) for w in widths_pt)
    every = [*header, *rows]
    rooms = [
        [_room(c, r == 0, r + c.rowspan == len(every)) for c in row] for r, row in enumerate(every)
    ]
    common = Counter(room for row in rooms for room in row).most_common(1)
    own = common[0][0] if common else (0.0, 0.0)  # the table's inset: written once, not per cell

    def inset(room: tuple[float, float]) -> str:
        return f"(x: {pt(cell_margin_pt)}, top: {pt(room[0])}, bottom: {pt(room[1])})"

    # each cell's sides, alignment and breakability as a set rule of the table's, written once, and
    # per cell only where they differ (a cell wrote all three: a third of a bulletin's source)
    most = Counter(_settings(c) for row in every for c in row).most_common(1)
    shared = most[0][0] if most else ("", "", "")
    text_rules = _shared_rules([c for row in every for c in row])
    cells = [
        [
            _cell(replace(c, body=c.body.removeprefix(text_rules)), "" if room == own else inset(room), shared, room)
            for c, room in zip(row, row_rooms, strict=True)
        ]
        for row, row_rooms in zip(every, rooms, strict=True)
    ]
    parts = [f"columns: ({cols},)", f"inset: {inset(own)}", "stroke: none"]
    heights = _row_heights(every, rooms)
    if any(h is not None for h in heights):
        parts.append(f"rows: ({', '.join('auto' if h is None else pt(h) for h in heights)},)")
    if header:
        head_cells = ", ".join(c for row in cells[: len(header)] for c in row)
        parts.append(f"table.header(repeat: true, {head_cells})")
    parts += [c for row in cells[len(header) :] for c in row]
    body = "table(" + ", ".join(parts) + ")"
    wrapped = f"align(center, {body})" if centred else body
    excess = sum(widths_pt) - room_pt if room_pt is not None else 0.0
    if centred and excess > 0:
        wrapped = f"pad(x: {pt(-excess / 2)}, {body})"
    rule = f"set table.cell({', '.join(shared)}); " if most else ""
    rule += "".join(f"{line.removeprefix('#')}; " for line in text_rules.splitlines())
    return f"#block(width: 100%, above: 0pt, below: 0pt, {{ {rule}{wrapped} }})\n"
