"""The page plan: the general page and the turned page (ch. 8), and where the 版记 goes (7.4.1, 7.5)."""

from __future__ import annotations

from dataclasses import dataclass

from docgen import standard as S
from docgen.layout.estimate import PageEstimate
from docgen.layout.flow import LINE, Flow
from docgen.layout.placed import (
    Line,
    Orientation,
    PageNumbers,
    PageSetup,
    ParagraphBlock,
    Placement,
    Role,
    Section,
    TableBlock,
)


def portrait() -> PageSetup:
    """Return the general format's page: A4, margins 37/35/28/26 mm, 28.95 pt line grid (5.1-5.2.3)."""
    return PageSetup(
        width=S.PAGE_WIDTH,
        height=S.PAGE_HEIGHT,
        top=S.MARGIN_TOP,
        bottom=S.MARGIN_BOTTOM,
        left=S.MARGIN_LEFT,
        right=S.MARGIN_RIGHT,
        line_pitch=S.LINE_PITCH,
    )


def landscape() -> PageSetup:
    """Return the page of a landscape table (chapter 8): A4 turned, the table head on the binding side.

    Turned so that the portrait page's 订口 (left, 28 mm) is the landscape page's top and its
    天头 (37 mm) the right: the type area is 225 × 156 mm.  LibreOffice and Word keep the footer
    at the landscape page's bottom, so page numbers there are not where chapter 8 puts them,
    and even pages are not turned the other way (their head on the 切口 side).
    """
    return PageSetup(
        width=S.PAGE_HEIGHT,
        height=S.PAGE_WIDTH,
        top=S.MARGIN_LEFT,
        bottom=S.MARGIN_RIGHT,
        left=S.MARGIN_BOTTOM,
        right=S.MARGIN_TOP,
        line_pitch=S.LINE_PITCH,
        orientation=Orientation.LANDSCAPE,
    )


def body_height(setup: PageSetup) -> int:
    """Return the height (twips) the body of a page of ``setup`` holds: on a portrait page the whole
    lines of its grid, at most 22 (5.2.3; 12738 of the type area's 12756: LibreOffice cuts a
    gridded body to whole lines, standard.GRID_BODY_HEIGHT); a landscape page has no grid
    (emit/docx/template.py) and holds its whole type area."""
    area = setup.height - setup.top - setup.bottom
    if setup.orientation is Orientation.LANDSCAPE:
        return area
    return min(S.LINES_PER_PAGE, area // setup.line_pitch) * setup.line_pitch


def tail_anchor() -> ParagraphBlock:
    """Return the paragraph a 版记 table is anchored to: 1 pt high and off the grid.

    LibreOffice keeps a floating table clear of its anchor paragraph's line ("overlap never"): an
    anchor one grid line high needed a line free above the 版记, so a 版记 that fitted by 11 mm
    was pushed to a new page (measured on a 简报: 4 pages with this anchor, 5 or 6 without).
    """
    return ParagraphBlock(Role.BODY, on_grid=False, line=Line(20))


@dataclass(frozen=True)
class Tail:
    """The 版记 (or a bulletin's 报尾): a table anchored at the bottom of the type area, and its height."""

    table: TableBlock
    height: int
    slack: int | None = None  # room to spare under the estimate's last line; None: the flow's default


# The estimate's lines may run a little longer in LibreOffice (避头尾 carries a character): the
# 版记 is placed at the last page's bottom only with this much room to spare (half a line).
ANCHOR_SLACK = LINE // 2
# Under a table that ends the last page no line can run longer: its rows are estimated as
# LibreOffice sets them (tables.ROW_RULE), within 0.3 mm on seed 101's n101-049 (14.7 mm left, 15.0
# measured), whose 版记 of 11.3 mm went after a blank page with half a line's slack: 14 pages, not
# 12 (check: pages.blank.pdf).  A quarter line covers the 0.5 pt rules of a few rows.
TABLE_SLACK = LINE // 4
# 7.4.1: the 版记 stands on the type area's bottom edge, below the grid's 22 lines: the room it needs
# is from the body's end (the body starts GRID_BODY_TOP under the type area's top in LibreOffice) to
# that edge, 9 twips more than the body's (PAGE).  Counted to PAGE, a 简报's 报尾 with 2092 twips of
# that room and 2086 needed (its 1797 and ANCHOR_SLACK) went after a blank page: 4 pages, 2 in Typst
# (tests/test_typst_bulletins.py, 单位046).
TAIL_FOOT = S.TYPE_AREA_HEIGHT - S.GRID_BODY_TOP


def place_tail(
    estimate: PageEstimate, tail_height: int, double_sided: bool, slack: int = ANCHOR_SLACK
) -> tuple[Placement, int]:
    """Return the 版记's placement and the pages it makes: the last page's bottom if it fits with
    ``slack`` to spare (and is even when double-sided, 7.5); else the next page; else (double-sided,
    the last page even and full) after a blank page."""
    fits = estimate.remaining(TAIL_FOOT) >= tail_height + slack
    last_even = estimate.pages % 2 == 0
    if not double_sided:
        return (Placement.BOTTOM, estimate.pages) if fits else (Placement.NEW_PAGE, estimate.pages + 1)
    if fits and last_even:
        return Placement.BOTTOM, estimate.pages
    if not last_even:
        return Placement.NEW_PAGE, estimate.pages + 1
    return Placement.BLANK_PAGE, estimate.pages + 2


def plan_pages(
    flow: Flow, tail: Tail | None, double_sided: bool, placement: Placement | None = None
) -> tuple[tuple[Section, ...], Placement, int]:
    """Close the flow with the tail placed; return the sections, the placement and the estimated pages.

    ``placement`` overrides the estimate's choice (the renderer's real page breaks differed from it);
    the page count stays the estimate's.
    """
    estimate = flow.estimate()
    if tail is None:
        return flow.finish(portrait(), PageNumbers.NUMBERED), Placement.BOTTOM, estimate.pages
    ends_with_table = bool(flow.blocks) and isinstance(flow.blocks[-1], TableBlock)
    slack = TABLE_SLACK if ends_with_table else ANCHOR_SLACK
    if tail.slack is not None:
        slack = tail.slack
    chosen, pages = place_tail(estimate, tail.height, double_sided, slack)
    if placement is not None:
        chosen = placement
    # A section that has just begun (after landscape pages) is on a new page already; the 版记 then
    # needs a paragraph of its own section before it: LibreOffice anchors a floating table that
    # opens a section on the section before (the 版记 came out on the last landscape page).
    fresh = not flow.blocks
    if fresh and chosen is Placement.NEW_PAGE:
        # The estimate's last page is that new page, empty (double-sided, odd): the 版记 goes on
        # the page after it, which leaves it blank, and 7.5 numbers neither.  As NEW_PAGE the 版记
        # went on the odd page itself (seed 14: 7 notices of 33 with landscape pages, check's
        # pages.even.pdf failed on render's .docx; Typst left a numbered blank page).
        chosen = Placement.BLANK_PAGE
    if chosen is Placement.BLANK_PAGE:
        # 7.5: the blank page and the 版记 page carry no page number: they get a section of their own.
        if not fresh:
            flow.end_section(portrait(), PageNumbers.NUMBERED, Role.PLAIN)
        flow.blocks.append(ParagraphBlock(Role.BODY))
        flow.blocks.append(ParagraphBlock(Role.BODY, page_break_before=True))
        flow.blocks += [tail.table, tail_anchor()]
        return flow.finish(portrait(), PageNumbers.UNNUMBERED), chosen, pages
    if fresh:
        flow.blocks.append(ParagraphBlock(Role.BODY))
    elif chosen is Placement.NEW_PAGE:
        flow.blocks.append(ParagraphBlock(Role.BODY, page_break_before=True))
    flow.blocks += [tail.table, tail_anchor()]
    return flow.finish(portrait(), PageNumbers.NUMBERED), chosen, pages
