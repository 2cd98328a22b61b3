"""Table cells found on a measured PDF page from its drawn borders and its characters' positions.

Nothing about how the table was made is used: a cell is the room between two vertical rules and
two horizontal rules, wherever a producer drew them (lines or thin rectangles, per cell or per
column); its text is the characters whose centres fall in it, as lines top to bottom.  A line of
the page that runs across several cells (one baseline) is cut at the vertical rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.check.pdf_read import MM_PER_PT, Line, Page, Rule
from docgen.words import CLOSING, OPENING

UPRIGHT_MIN_MM = 3.0  # a vertical rule: taller than this, narrower than ``THIN_MM``
THIN_MM = 1.0
SLACK_MM = 1.0
PADDING_MM = 2.5  # a cell's padding (1.9 mm by default) and a little


@dataclass(frozen=True)
class CellLine:
    """One line of text inside a cell: its text, size (pt), top, left and right ends and the width of
    its lead, what could not have ended the line before (mm): its first run of Latin letters and
    digits (with a hyphen after it), or its first character, with the closing marks after it; and
    its characters' advances (mm)."""

    text: str
    size: float
    em_top: float
    x0: float = 0.0
    x1: float = 0.0
    lead_width: float = 0.0
    widths: tuple[float, ...] = ()  # each character's advance (mm), as ``text``


@dataclass(frozen=True)
class Cell:
    """A table cell on one page: its edges (mm), its place in the table and its lines of text."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    row: int  # 1-based, counted down from the table part's top on this page
    column: int  # 1-based, counted from the table's left edge
    lines: tuple[CellLine, ...]

    @property
    def size(self) -> float:
        return max(line.size for line in self.lines)

    def wrapped(self) -> list[bool]:
        """Say for each line but the last whether it ends because the next line's lead did not fit
        (a wrap), not because its paragraph ended: it reaches, with that lead, to within
        ``PADDING_MM`` of the cell's right border (Word's and LibreOffice's default cell padding is
        1.9 mm).  Measured: 「事项编号为DB-|2025-357」 wrapped at 32 mm of a 40.8 mm cell, as
        「2025-」 did not fit."""
        return [
            line.x1 + after.lead_width >= self.x1 - PADDING_MM
            for line, after in zip(self.lines, self.lines[1:], strict=False)
        ]


def uprights(page: Page) -> list[Rule]:
    return [r for r in page.rules if r.x1 - r.x0 < THIN_MM and r.lowest - r.top > UPRIGHT_MIN_MM]


def _across(page: Page) -> list[Rule]:
    return [r for r in page.rules if r.lowest - r.top < THIN_MM and r.x1 - r.x0 > UPRIGHT_MIN_MM]


def spanning(rules: list[Rule], top: float, bottom: float) -> list[float]:
    """Return the x of the vertical rules that run past ``top`` … ``bottom``, left to right, once each."""
    xs: list[float] = []
    for x in sorted(
        (r.x0 + r.x1) / 2 for r in rules if r.top <= top + SLACK_MM and r.lowest >= bottom - SLACK_MM
    ):
        if not xs or x - xs[-1] > SLACK_MM:
            xs.append(x)
    return xs


def _pieces(line: Line, xs: list[float]) -> list[tuple[float, float, CellLine]]:
    """Return the line cut at the vertical rules ``xs``: (left rule, right rule, the piece) for each
    piece between two rules; characters outside every pair of rules are left out."""
    if len(line.starts) != len(line.text) or len(line.advances) != len(line.text):
        return []
    pieces: dict[tuple[float, float], list[tuple[str, float, float]]] = {}
    for ch, start, advance in zip(line.text, line.starts, line.advances, strict=True):
        width = advance * line.size * MM_PER_PT
        centre = start + width / 2
        left = [x for x in xs if x < centre]
        right = [x for x in xs if x > centre]
        if left and right:
            pieces.setdefault((left[-1], right[0]), []).append((ch, start, width))
    return [
        (
            a,
            b,
            CellLine(
                "".join(ch for ch, _start, _width in chars),
                line.size,
                line.em_top,
                chars[0][1],
                chars[-1][1] + chars[-1][2],
                _lead(chars),
                tuple(width for _ch, _start, width in chars),
            ),
        )
        for (a, b), chars in pieces.items()
    ]


LATIN_RUN = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,%")


def _lead(chars: list[tuple[str, float, float]]) -> float:
    """Return the width (mm) of the leading run of ``chars`` (text, left edge, width) that a line
    cannot break inside: opening marks, then Latin letters and digits with a hyphen after them, or
    the first character; with the closing marks after it."""
    count = 0
    while count < len(chars) and chars[count][0] in OPENING:  # an opening mark stays with what follows
        count += 1
    while count < len(chars) and chars[count][0] in LATIN_RUN:
        count += 1
    if count < len(chars) and count and chars[count][0] == "-":
        count += 1
    count = max(count, 1)
    # no line starts with a closing mark: it went with the lead (「（督|03）」: LibreOffice wrapped
    # because 「03）」 did not fit, 「03」 would have)
    while count < len(chars) and chars[count][0] in CLOSING:
        count += 1
    return chars[count - 1][1] + chars[count - 1][2] - chars[0][1]


def _table_top(uprights: list[Rule], x: float, top: float) -> float:
    """Return the top of the chain of vertical rules at ``x`` that reaches down past ``top``."""
    at_x = sorted((r for r in uprights if abs((r.x0 + r.x1) / 2 - x) <= SLACK_MM), key=lambda r: r.top)
    chain = [r for r in at_x if r.top <= top + SLACK_MM]
    if not chain:
        return top
    upper = chain[-1].top
    for rule in reversed(chain[:-1]):
        if rule.lowest >= upper - SLACK_MM:
            upper = min(upper, rule.top)
    return upper


def cells(page: Page) -> list[Cell]:
    """Return the cells of the tables on ``page`` that hold text, top to bottom, left to right."""
    upright = uprights(page)
    if not upright:
        return []
    across = _across(page)
    found: dict[tuple[float, float, float, float], list[CellLine]] = {}
    for line in page.lines:
        xs = spanning(upright, line.em_top, line.em_bottom)
        if len(xs) < 2:
            continue
        for left, right, piece in _pieces(line, xs):
            centre = (left + right) / 2
            over = [r for r in across if r.x0 - SLACK_MM <= centre <= r.x1 + SLACK_MM]
            above = [r.top for r in over if r.top <= line.em_top + SLACK_MM]
            below = [r.top for r in over if r.top >= line.em_bottom - SLACK_MM]
            if not above or not below:
                continue
            key = (round(left, 1), round(max(above), 1), round(right, 1), round(min(below), 1))
            found.setdefault(key, []).append(piece)
    result = []
    for (x0, top, x1, bottom), lines in found.items():
        table_top = _table_top(upright, x0, top)
        edges = spanning(upright, top + SLACK_MM, bottom - SLACK_MM)
        over = [r for r in across if r.x0 - SLACK_MM <= (x0 + x1) / 2 <= r.x1 + SLACK_MM]
        rows = {round(r.top) for r in over if table_top - SLACK_MM <= r.top <= top + SLACK_MM}
        left_edge = min((x for x in edges), default=x0)
        column = sum(1 for x in edges if left_edge - SLACK_MM <= x <= x0 + SLACK_MM)
        ordered = tuple(sorted(lines, key=lambda cell_line: cell_line.em_top))
        result.append(Cell(page.number, x0, top, x1, bottom, max(len(rows), 1), max(column, 1), ordered))
    return sorted(result, key=lambda c: (c.top, c.x0))
