"""A table's width against the type area's (tables.width.pdf): docgen's tables fill it, 156 mm on a
portrait page and 225 mm on a landscape one (±1 mm).  The corpus test judges its notices by it."""

from __future__ import annotations

from docgen import standard as S
from docgen.check.pdf_cells import Cell
from docgen.check.pdf_pages import type_area
from docgen.check.pdf_read import Page
from docgen.check.rules import Judge
from docgen.i18n import _

TABLE_WIDTH = {False: S.TYPE_AREA_WIDTH_MM, True: S.TYPE_AREA_HEIGHT_MM}  # portrait 156, landscape 225
TOLERANCE_MM = 1.0


def table_widths(pages: list[Page], by_page: list[list[Cell]]) -> list[tuple[int, float, bool]]:
    """Return (page, width in mm, landscape) of the tables on each page, a table being cells that
    touch: its left border to its right one (``by_page``: ``pdf_cells.cells`` of each page).  A table
    with a rule past the type area's sides is left out: tables.area.pdf judges it."""
    found = []
    for page, cells in zip(pages, by_page, strict=True):
        tables: list[list[Cell]] = []
        for cell in cells:
            held = next((t for t in tables if any(_touch(cell, c) for c in t)), None)
            if held is None:
                tables.append([cell])
            else:
                held.append(cell)
        area = type_area(page)
        for table in tables:
            top, bottom = min(c.top for c in table), max(c.bottom for c in table)
            band = [r for r in page.rules if top - TOLERANCE_MM <= r.top <= bottom + TOLERANCE_MM]
            if any(r.x0 < area.left - TOLERANCE_MM or r.x1 > area.right + TOLERANCE_MM for r in band):
                continue
            found.append((page.number, max(c.x1 for c in table) - min(c.x0 for c in table), page.landscape))
    return found


def _touch(a: Cell, b: Cell) -> bool:
    return a.top <= b.bottom + TOLERANCE_MM and b.top <= a.bottom + TOLERANCE_MM


def check_table_width(pages: list[Page], by_page: list[list[Cell]], judge: Judge, *, by_docgen: bool) -> None:
    """Judge tables.width.pdf on docgen's documents; another's table may be narrower on purpose
    (GB/T 9704 asks only that it stay inside the type area, tables.area.pdf): not applicable there
    when one is not as wide, saying what was measured (as tables.words.pdf)."""
    widths = table_widths(pages, by_page)
    if not widths:
        judge.not_applicable("tables.width.pdf", _("no table cells with text"))
        return
    shown = [
        _("page {page}: {width:.1f} mm on a {orientation} page").format(
            page=page, width=width, orientation=_("landscape") if turned else _("portrait")
        )
        for page, width, turned in widths
    ]
    wrong = [(page, text) for (page, width, turned), text in zip(widths, shown, strict=True)
             if abs(width - TABLE_WIDTH[turned]) > TOLERANCE_MM]  # fmt: skip
    if wrong and not by_docgen:
        judge.not_applicable(
            "tables.width.pdf",
            _(
                "not made by docgen: GB/T 9704 sets no table width, docgen's tables fill the type "
                "area: {widths}"
            ).format(widths=_("; ").join(shown[:3])),
        )
        return
    judge.record(
        "tables.width.pdf",
        not wrong,
        _("; ").join([text for _page, text in wrong][:3] or shown[:3]),
        _("156 mm ±1 on a portrait page, 225 mm ±1 on a landscape one"),
        "、".join(dict.fromkeys(_("page {n}").format(n=page) for page, _text in wrong)),
    )
