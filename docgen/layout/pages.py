"""The page plan: the general page and the turned page (ch. 8), and where the 版记 goes (7.4.1, 7.5)."""

from __future__ import annotations

from dataclasses import dataclass

from docgen import standard as S
from docgen.layout.estimate import PageEstimate
from docgen.layout.flow import Flow
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


# 7.4.1: the 版记 stands on the type area's bottom edge, below the grid's 22 lines.  LibreOffice's
# body starts GRID_BODY_TOP (9 twips) under the type area's top (it centres the 12738 twips of its 22
# grid lines, PAGE, in the 12756 of the type area), so the room the 版记 has is from the body's end
# to TAIL_FOOT, 12747 twips down the body.
TAIL_FOOT = S.TYPE_AREA_HEIGHT - S.GRID_BODY_TOP
# The room the 版记 needs under the body's last line beyond its height (``Tail.height``), in twips,
# counted to TAIL_FOOT, whether free text or a table ends the body (7.4.1, 7.5: no avoidable page
# before it).  Measured in LibreOffice with a paragraph of exact height between the body and the 版记
# of corpus notices (seeds 14, 202): a 印发 line alone (639 twips) stays on the page with the height
# + 0 twips of room and goes to the next with - 1 (n14-036, n202-010); with 抄送 or 主送 above it
# (1218, 1797) + 15 stays and + 14 goes (n202-002, tests/test_imprint_fit.py; n14-042; under a table
# ending the body n14-003, n202-011: + 15 stays, + 11 goes): the 0.75 pt rule above the 印发 line (15
# twips) that the height leaves out.  (Counted to the type area's bottom, as before TAIL_FOOT, these
# were + 9 and + 24: the 9 twips were the body's offset.)  A table's rows may be set up to 0.3 mm (17
# twips) taller than estimated (seed 101's n101-049, tests/test_tail_under_table.py): 15 + 17 and 7
# to spare, 39 (the 48 of a twelfth of a line counted to the type area's bottom: no placement moved).
# A line the estimate breaks shorter than LibreOffice moves the text a whole line, which no slack
# under a line covers: the publish pipeline lays out again when the 版记 comes out on an odd page.
IMPRINT_SLACK = 39


def place_tail(
    estimate: PageEstimate, tail_height: int, double_sided: bool, slack: int = IMPRINT_SLACK
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
    slack = IMPRINT_SLACK if tail.slack is None else tail.slack
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
