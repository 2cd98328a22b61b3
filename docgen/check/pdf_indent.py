"""The first-line indent of the body's paragraphs measured on a PDF (7.3.3: 每个自然段左空二字，回行顶格).

A paragraph's first line is judged where the paragraph is known to be one: the line is not at the
type area's left edge, runs to within three 字 of its right edge, and the next line continues it at
the left edge (pdf_chars' reading of a paragraph).  Single lines (headings, the signature, the date)
and lines with a hanging indent are not judged here.  It must start two 字 in, ±¼ 字 (LibreOffice
and Typst set docgen's indent at 39.14–39.29 mm: 2 × 16 pt or 2 × the 28-字 pitch); a line opening
with a mark set half-width (Typst compresses “（” to its right half, outsider8: 37.5–38.2 mm for
2 字 in) may start up to half an em before.  A body 2.5 字 in starts at 42.2 mm (outsider8 #4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from docgen.check.pdf_chars import (
    LEFT,
    NO_END,
    RIGHT,
    ZI,
    _at,
    _body,
    _continues,
    _sequence,
    ink_right,
    running_size,
    start,
)
from docgen.check.pdf_grid import GridLines
from docgen.check.pdf_read import MM_PER_PT, Line, Page
from docgen.i18n import _

INDENT_ZI = 2.0
INDENT_TOLERANCE_ZI = 0.25


def _starts_right(line: Line) -> bool:
    """Return True when the line starts two 字 in, ±¼ 字 (a half-width opening mark: up to ½ em before)."""
    expected = LEFT + INDENT_ZI * ZI
    tolerance = INDENT_TOLERANCE_ZI * ZI
    early = line.size * MM_PER_PT / 2 if line.text[:1] in NO_END else 0.0
    return line.x0 - tolerance <= expected <= line.x0 + early + tolerance


def indent_faults(
    pages: list[Page],
    header_bottom: float,
    in_table: Callable[[Page, Line], bool],
    grid: GridLines | None = None,
) -> tuple[int, list[str], list[int]]:
    """Return how many paragraphs' first lines were measured, those not two 字 in (said: page,
    beginning, indent in 字) and their pages.  ``in_table`` tells a line in a table (not judged);
    ``grid``: LibreOffice's lines narrowed for a declared character grid, measured from their left
    edge (WPS's grid: x 29.4 mm, the first lines two cells in at 40.6)."""
    originals = _sequence(pages, header_bottom)
    shift = grid.left - LEFT if grid else 0.0
    lines = [replace(p, line=replace(p.line, x0=p.line.x0 - shift, x1=p.line.x1 - shift)) for p in originals]
    size = running_size(lines)
    by_number = {page.number: page for page in pages}
    measured = 0
    faults: list[str] = []
    fault_pages: list[int] = []
    for index, placed in enumerate(lines[:-1]):
        line = placed.line
        if (
            not _body(line, size)
            or not line.text.strip()
            or _at(start(line), LEFT)
            or ink_right(line) < RIGHT - 3 * ZI
            or not _continues(placed, lines[index + 1], size)
            or in_table(by_number[placed.page], originals[index].line)
        ):
            continue
        measured += 1
        if not _starts_right(line):
            faults.append(
                _("p{n} {text} first line {indent:g} 字 in ({x:.1f} mm)").format(
                    n=placed.page,
                    text=line.text[:8],
                    indent=round((line.x0 - LEFT) / ZI * 4) / 4,
                    x=line.x0 + shift,
                )
            )
            fault_pages.append(placed.page)
    return measured, faults, fault_pages

