"""Page-level rules measured on a PDF: the 版记's page and position, page count, blank pages, landscape
pages' numbers, rules and pictures inside the type area; with pages.full.pdf (``pdf_pages``) run by
``check_pages``."""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection

from docgen import standard as S
from docgen.check.pdf_grid import GridLines
from docgen.check.pdf_pages import (
    ONE_CHAR_14,
    PAGE_NUMBER,
    PITCH_MM,
    Imprint,
    content_bottom,
    find_imprint,
    is_blank,
    is_page_number,
    judge_full,
    on_pages,
    record_failures,
    text_lines,
    type_area,
)
from docgen.check.pdf_read import Page
from docgen.check.rules import Judge
from docgen.i18n import _


def check_pages(
    pages: list[Page],
    judge: Judge,
    *,
    double_sided: bool = True,
    office_header: bool = False,
    imprint_place: str | None = None,
    grid: GridLines | None = None,
    section_ends: Collection[int] = (),
) -> None:
    """Judge the page-level rules: 版记 page and position, page count, full, blank and landscape pages
    (``office_header``: page 1's body follows the office's own 版头, issue 19 c; ``imprint_place``:
    why LibreOffice did not put the 版记 where the .docx declares it, said when its position fails;
    ``grid``: the lines LibreOffice narrowed for a declared character grid, the 版记's rules as wide;
    ``section_ends``: the pages ending a section of the .docx rendered)."""
    imprint = find_imprint(pages, width=grid.width if grid else None)
    _imprint_position(imprint, judge, imprint_place, grid)
    _imprint_page(pages, imprint, judge)
    _even(pages, imprint, judge, double_sided=double_sided, grid=grid)
    judge_full(pages, imprint, judge, office_header=office_header, section_ends=section_ends)
    _blank(pages, imprint, judge, double_sided=double_sided)
    _landscape_numbers(pages, judge)
    _inside(pages, judge)


def _imprint_position(
    imprint: Imprint | None, judge: Judge, declared: str | None = None, grid: GridLines | None = None
) -> None:
    if imprint is None:
        judge.not_applicable("imprint.position.pdf", _("no imprint"))
        return
    where = _("page {n}, imprint").format(n=imprint.page.number)
    if not imprint.rules:
        # rules narrower than the 版心 (paragraph borders inside indents) are there, but not 版记 rules
        top = min(line.em_top for line in imprint.lines) - 8
        near = [r.length for r in imprint.page.rules if max(r.color[:3]) <= 0.3 and r.top >= top]
        measured = (
            _("no rules as wide as the type area (the longest {length:.1f} mm)").format(length=max(near))
            if near
            else _("no rules")
        )
        judge.record("imprint.position.pdf", False, measured, _("last rule on the type area bottom"), where)
        return
    bottom = max(imprint.rules, key=lambda r: r.top)
    area_bottom = type_area(imprint.page).bottom
    widths = sorted({round(r.width_pt * 25.4 / 72, 2) for r in imprint.rules})
    ok = abs(bottom.top - area_bottom) <= 1 and all(0.2 <= w <= 0.4 for w in widths)
    measured = _("last rule at {top:.1f} mm, rules {widths} mm").format(
        top=bottom.top, widths="/".join(map(str, widths))
    )
    if declared and abs(bottom.top - area_bottom) > 1:
        measured += _("; ") + declared
    if grid is not None:
        measured += _("; ") + _("rules {width:.1f} mm wide: {why}").format(width=bottom.length, why=grid.why())
        if abs(bottom.top - area_bottom) > 1 and all(0.2 <= w <= 0.4 for w in widths):
            # the flow that puts the 版记 is LibreOffice's lines of the grid (27 字 where Word and WPS
            # lay 28): where it falls there is not where it falls in the document (outsider8 #2)
            judge.not_applicable(
                "imprint.position.pdf",
                measured
                + _("; ")
                + _("where the imprint falls follows LibreOffice's line breaks, not the document's"),
            )
            return
    judge.record(
        "imprint.position.pdf",
        ok,
        measured,
        _("at {bottom:.0f} mm ±1, rules 0.35/0.25 mm").format(bottom=area_bottom),
        where,
    )


def _imprint_page(pages: list[Page], imprint: Imprint | None, judge: Judge) -> None:
    if imprint is None:
        judge.not_applicable("imprint.page.pdf", _("no imprint"))
        return
    page = imprint.page
    ok = page.number == pages[-1].number and not page.landscape and len(imprint.pages) == 1
    measured = _("page {n} of {total}, {orientation}").format(
        n="、".join(map(str, imprint.pages)),
        total=len(pages),
        orientation=_("landscape") if page.landscape else _("portrait"),
    )
    judge.record(
        "imprint.page.pdf",
        ok,
        measured,
        _("on the last page, portrait, whole on one page"),
        _("page {n}, imprint").format(n=page.number) if not ok else "",
    )


def _even(
    pages: list[Page], imprint: Imprint | None, judge: Judge, *, double_sided: bool, grid: GridLines | None = None
) -> None:
    if imprint is None:
        judge.not_applicable("pages.even.pdf", _("no imprint"))
        return
    if not double_sided:
        judge.not_applicable("pages.even.pdf", _("printed single-sided"))
        return
    if grid is not None and len(pages) % 2:
        # the pages are LibreOffice's lines of the grid (27 字 where Word lays 28): their count is not
        # the document's (checkread12 k06: 3 pages from LibreOffice, 2 from the declared grid)
        judge.not_applicable(
            "pages.even.pdf",
            _("{n} pages; {why}; the page count follows LibreOffice's line breaks, not the document's").format(
                n=len(pages), why=grid.why()
            ),
        )
        return
    judge.record(
        "pages.even.pdf",
        len(pages) % 2 == 0,
        _("{n} pages").format(n=len(pages)),
        _("an even number: the imprint's page is the back of a sheet"),
        "" if len(pages) % 2 == 0 else _("page {n}, imprint").format(n=imprint.page.number),
    )


def _blank(pages: list[Page], imprint: Imprint | None, judge: Judge, *, double_sided: bool) -> None:
    index = len(pages)
    if imprint is not None:
        index = next(i for i, p in enumerate(pages) if p.number == imprint.page.number)
    # a blank page inside the body: never needed (the one right before the 版记 is judged below).
    # LibreOffice set the empty paragraph under a table that filled a landscape page on a page of
    # its own before the next attachment's page break (corpus n3104-013, layout/flow.reopen)
    inside = [p.number for p in pages[: max(0, index - 1)] if is_blank(p)]
    if inside:
        judge.record(
            "pages.blank.pdf",
            False,
            _("blank page inside the document: {pages}").format(pages=on_pages(inside)),
            _("no needless blank page"),
            on_pages(inside),
        )
        return
    if imprint is None:
        judge.not_applicable("pages.blank.pdf", _("no imprint"))
        return
    if index < 2 or not is_blank(pages[index - 1]):
        judge.record(
            "pages.blank.pdf", True, _("no blank page before the imprint"), _("no needless blank page")
        )
        return
    before = pages[index - 2]
    room = type_area(before).bottom - _used_to(before)
    height = imprint.bottom - imprint.top
    # double-sided, the 版记 may end only an even page: on an odd page before, the blank is needed;
    # and it goes only on a portrait page (7.4.1): after landscape pages the blank may be needed too
    fits = (
        room >= height + TAIL_NEEDS_MM
        and (not double_sided or before.number % 2 == 0)
        and not before.landscape
    )
    judge.record(
        "pages.blank.pdf",
        not fits,
        _(
            "blank page {blank}; the imprint ({height:.1f} mm) and {room:.1f} mm free under the last "
            "line on page {before}"
        ).format(blank=pages[index - 1].number, height=height, room=room, before=before.number),
        _(
            "no blank page when the imprint fits at the bottom of the page before (its height and "
            "{need:.1f} mm)"
        ).format(need=TAIL_NEEDS_MM),
        _("page {n}").format(n=pages[index - 1].number) if fits else "",
    )


# A body line's grid line ends this far under its characters (measured, LibreOffice: a page's first
# line has its characters 2.79-8.43 mm into its 10.21 mm line; Typst's sit 0.53 mm higher in theirs).
# Its own grid line, not the page's: under a table the lines follow the table's bottom, off the grid
# counted from the type area's top (bench/bulletin.py's 单位027, page 2: a table 2.70 lines high, the
# last line's grid line ends at 227.9 mm, the page's grid line it sits in at 231.1 mm).
UNDER_BODY_LINE_MM = 1.78
# What a 版记 needs beyond its measured height (between its rules' middles) before a blank page in
# front of it is a fault: what docgen's layout asks, so that the check never fails a blank page the
# layout left.  The layout counts ``Tail.height`` (the rules' outer halves and the 1 pt paragraph
# LibreOffice anchors the 版记 to: 0.71 mm over the measured height, 1797 twips for a 报尾 of 30.97 mm)
# and its slack (layout/pages.IMPRINT_SLACK, 39 twips; a 报尾's bulletin.TAIL_SLACK, 27) from the
# body's end to 9 twips above the type area's bottom (pages.TAIL_FOOT: LibreOffice's body starts
# standard.GRID_BODY_TOP under the type area's top, and this room is counted to the bottom): 0.71 mm
# and 48 twips (0.85 mm), 1.56 mm, a little over.  LibreOffice itself needs 0.86 mm (measured: a 报尾
# of 30.97 mm stayed on a page with 31.86 mm under the last line's grid line and went to the next
# with 31.84): a blank page in front of a 版记 that fits by up to 0.74 mm more is the layout's margin
# for its estimate (a table's rows set up to 0.3 mm taller), not a fault.
# Nothing in that band (0.86-1.6 mm over the height; 1.13 with a line above 印发) is a layout error
# (figure12).  A 版记 is 579 k + 60 twips (k lines, general.imprint_tail), the room under m whole grid
# lines 579 m + 9 to TAIL_FOOT: LibreOffice (+ 0, or + 15 with 抄送) and the layout (+ 39) both ask
# m ≥ k + 1, so under body text, and under a figure now that it takes whole twips exactly
# (layout/text.FIGURE_EXTRA), the room never falls in the band; nor under the closing's half line
# (579 m - 281: 877, 1456, 2035 … against 639-678, 1218-1257, 1797-1836 …).  It is reached only
# under what the estimate may get wrong by tens of twips (a table's rows, a 报尾's 27): there the
# blank page is the margin the layout keeps on purpose, where LibreOffice would have pushed the 版记
# to an odd page.  A blank page past the band is reported: no estimate within its margin leaves it.
# (figure12's corpus, seed 120, 30 notices with figures: 2 blank pages before a 版记, both after
# landscape pages, 23 and 45 mm over.)
TAIL_NEEDS_MM = 1.6


def _used_to(page: Page) -> float:
    """Return how far down ``page`` is used: below a body line, the bottom of that line's grid line
    (``UNDER_BODY_LINE_MM``: the room under it is the grid line's, not the few mm under the
    characters), else the content's bottom."""
    bottom = content_bottom(page)
    body = [line for line in text_lines(page) if abs(line.size - S.BODY_PT) <= 0.3]
    if body and max(line.em_bottom for line in body) >= bottom - 0.01:
        # a document of a larger pitch of its own (Word's 20 lines of 11.29 mm): its lines reach
        # lower, taken all under the characters (the room counted short, never long)
        gaps = [b.em_top - a.em_top for a, b in zip(body, body[1:], strict=False)]
        pitch = statistics.median([gap for gap in gaps if gap < 1.5 * PITCH_MM] or [PITCH_MM])
        bottom += UNDER_BODY_LINE_MM + max(0.0, pitch - PITCH_MM)
    return bottom


def _landscape_numbers(pages: list[Page], judge: Judge) -> None:
    landscape = [p for p in pages if p.landscape]
    if not landscape:
        judge.not_applicable("page_numbers.landscape.pdf", _("no landscape pages"))
        return
    # ch. 8: the page number stays where the portrait pages have it once the sheet is turned back
    # (its table head, the page's top, to the left): in the strip left of the type area, turned so
    # that it reads downwards, its top 7 mm from the type area, odd pages one 字 above the type
    # area's bottom end, even pages one 字 below its top
    area = type_area(landscape[0])
    near_edge = area.left - S.PAGE_NUMBER_BELOW_TYPE_AREA_MM
    problems: list[str] = []
    places: list[str] = []
    wrong: list[int] = []
    for page in landscape:
        before = len(problems)
        turned = [v for v in page.vertical if PAGE_NUMBER.match(v.text.strip())]
        upright = [line for line in page.lines if is_page_number(line)]
        if turned:
            v = turned[0]
            digits = int(re.sub(r"\D", "", v.text))
            end_ok = (
                abs(v.bottom - (area.bottom - ONE_CHAR_14)) <= 1
                if digits % 2
                else abs(v.top - (area.top + ONE_CHAR_14)) <= 1
            )
            place = _("page {n}: turned, top at x {x:.1f} mm, y {y0:.0f}–{y1:.0f} mm").format(
                n=page.number, x=v.x1, y0=v.top, y1=v.bottom
            )
            places.append(place)
            if v.upward or abs(v.x1 - near_edge) > 1 or not end_ok:
                problems.append(place)
        elif upright:
            line = upright[0]
            problems.append(
                _("page {n}: upright at the bottom, top {top:.1f} mm, x {x0:.0f}–{x1:.0f} mm").format(
                    n=page.number, top=line.em_top, x0=line.x0, x1=line.x1
                )
            )
        else:
            problems.append(_("page {n}: no page number").format(n=page.number))
        if len(problems) > before:
            wrong.append(page.number)
    record_failures(
        judge,
        "page_numbers.landscape.pdf",
        problems,
        "; ".join(places[:3]),
        _(
            "turned with the page, left of the type area, its top at x {x:.0f} mm; odd pages ending at "
            "y {odd:.0f} mm, even pages starting at y {even:.0f} mm"
        ).format(x=near_edge, odd=area.bottom - ONE_CHAR_14, even=area.top + ONE_CHAR_14),
        wrong,
    )


def _inside(pages: list[Page], judge: Judge) -> None:
    outside: list[str] = []
    wrong: list[int] = []
    found = False
    for page in pages:
        area = type_area(page)
        items: list[tuple[str, float, float, float, float]] = [
            (_("rule"), r.x0, r.top, r.x1, r.lowest) for r in page.rules
        ]
        items += [(_("picture"), b.x0, b.top, b.x1, b.bottom) for b in page.images]
        if page.landscape:  # text on portrait pages is page.margins.pdf's
            items += [
                (line.text[:6], line.x0, line.em_top, line.x1, line.em_bottom) for line in text_lines(page)
            ]
        found = found or bool(items)
        for what, x0, top, x1, bottom in items:
            if x0 < area.left - 1 or x1 > area.right + 1 or top < area.top - 1 or bottom > area.bottom + 1:
                wrong += [page.number] if page.number not in wrong else []
                outside.append(
                    _("page {n}: {what} at x {x0:.0f}–{x1:.0f}, y {top:.0f}–{bottom:.0f} mm").format(
                        n=page.number, what=what, x0=x0, x1=x1, top=top, bottom=bottom
                    )
                )
    if not found:
        judge.not_applicable("tables.area.pdf", _("no tables, rules or pictures"))
        return
    record_failures(
        judge,
        "tables.area.pdf",
        outside,
        _("all inside"),
        _("inside the type area: x 28–184, y 37–262 mm (landscape: x 35–260, y 28–184 mm)"),
        wrong,
    )
