"""The lines LibreOffice lays out for a declared character grid (Word's 指定行和字符网格), measured.

With ``w:docGrid w:type="linesAndChars"`` LibreOffice cuts every line to a whole number of grid
cells and centres it: WPS's default grid (charSpace −842, margins 28/26 mm) gives lines, paragraph
borders and rules 153.4 mm wide at x 29.3–182.7 (tests/fixtures/outsider8, #2), where Word and WPS
keep the type area's 156 mm.  The widths the .docx declares are judged on the .docx (rule.red,
imprint.format); on LibreOffice's rendering a rule spanning its narrowed lines spans the type area.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from docgen import standard as S
from docgen.check.pdf_pages import is_page_number
from docgen.check.pdf_read import MM_PER_PT, Page
from docgen.i18n import _

LEFT = S.MARGIN_LEFT_MM
CENTRE = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM / 2
ZI = S.TYPE_AREA_WIDTH_MM / S.CHARS_PER_LINE


@dataclass(frozen=True)
class GridLines:
    """The lines LibreOffice laid out for a character grid: left and right edges and the cell, mm."""

    left: float
    right: float
    pitch: float

    @property
    def width(self) -> float:
        return self.right - self.left

    def why(self) -> str:
        """Return what LibreOffice did with the grid, as measured."""
        return _(
            "LibreOffice lays the declared character grid out on {cells} whole cells of {pitch:.2f} mm, "
            "centred: lines {width:.1f} mm wide at x {left:.1f}–{right:.1f} mm (Word and WPS keep the "
            "type area's 156 mm)"
        ).format(
            cells=round(self.width / self.pitch),
            pitch=self.pitch,
            width=self.width,
            left=self.left,
            right=self.right,
        )


def grid_lines(pages: list[Page], declared_grid: str | None) -> GridLines | None:
    """Return the narrowed lines of a rendering of a document declaring a character grid, or None
    when it declares none or LibreOffice kept the type area's width (narrower by less than 0.5 mm).

    The left edge is where the body's lines at the left start (their median); the cell is the
    median step between full-width characters; the lines are centred on the type area.  Narrower by
    a whole cell or more is not the grid's rounding: None.
    """
    if not declared_grid:
        return None
    lefts: list[float] = []
    steps: list[float] = []
    for page in pages:
        if page.landscape:
            continue
        for line in page.lines:
            if abs(line.size - S.BODY_PT) > 0.3 or is_page_number(line) or len(line.text) < 10:
                continue
            if line.x0 < LEFT + ZI / 2:
                lefts.append(line.x0)
            em = line.size * MM_PER_PT
            steps += [
                b - a
                for a, b in zip(line.starts, line.starts[1:], strict=False)
                if 0.9 * em <= b - a <= 1.2 * em
            ]
    if not lefts or not steps:
        return None
    left = statistics.median(lefts)
    pitch = statistics.median(steps)
    found = GridLines(left, 2 * CENTRE - left, pitch)
    narrowed = S.TYPE_AREA_WIDTH_MM - found.width
    return found if 0.5 < narrowed < pitch + 0.5 else None
