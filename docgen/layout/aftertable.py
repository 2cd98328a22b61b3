"""The text around a table: the line after it back on the page's grid, the heading over it kept
with it only where a page ends.

After a table (5.2.3: 22 lines a page, 撑满版心):

A table's rows are not whole grid lines (a 小四 row of 2 lines is 1.33 of them), and LibreOffice
sets the paragraph after a table from the table's bottom: under a table part 2.004 grid lines high
every line stood 0.2 mm off the grid and the page's 22nd line did not fit (seed 47 n47-001 page 3:
header and one row, then 19 lines, 12.1 mm free).  When a table ends just past a grid line
(``SNAP_REACH``), the paragraph after it gets the space to the next grid line above it (by the
estimate: the table's rows as LibreOffice sets them), off the grid with lines of the grid's pitch
(on it, LibreOffice rounds the space up to a whole line), so its lines and the ones after it are on
the grid again and the page ends full.  The space is what the table's last page loses anyway:
without it the same room is left at the page's foot.  (LibreOffice sets the characters of that
paragraph's exact lines 0.6 mm lower in them than on the grid: measured, left as it is.)
"""

from __future__ import annotations

import dataclasses

from docgen.layout.estimate import Break
from docgen.layout.flow import LINE, PAGE, Flow
from docgen.layout.placed import Line, ParagraphBlock, Role, TableBlock

# a row the estimate sends to the next page by less than this may stay in LibreOffice (the 城关
# bulletin's table: 0.09 line over, by the estimate of the 简报's head; LibreOffice kept the row and
# a space from the estimate put the text under the table 0.4 line lower, a line lost): no space then
SPLIT_DOUBT = LINE // 5
# the text under a table set this much over its grid line: a table LibreOffice sets taller than the
# estimate would otherwise push the page's 22nd line out (the 周通报's share tables, page 3:
# the heading and its first line after them went to page 4); 0.35 mm, under check's 0.5 mm
SNAP_SPARE = 20
# only a table ending just past a grid line gets the space: there a sliver costs the page a whole
# line (n47-001: 0.02 line), and the estimate's error (up to 3 mm where rows are not tables' own, the
# 周通报's page 3) cannot turn the space into a line lost; further past, the space buys nothing
SNAP_REACH = LINE // 10


def after_table(flow: Flow, paragraph: ParagraphBlock, heights: list[int]) -> tuple[ParagraphBlock, list[int]]:
    """Return ``paragraph`` and its ``heights``, with the space to the next grid line above it when
    it follows a table on a portrait page ending up to ``SNAP_REACH`` past a grid line and starts on
    the table's last page (by the estimate)."""
    if (
        not flow.blocks
        or not isinstance(flow.blocks[-1], TableBlock)
        or not flow.chunks
        or not heights
        or flow.scale != 1.0  # a landscape page: the text after its tables is the section's end
    ):
        return paragraph, heights
    positions = flow.positions()
    first, count = flow.spans[-1]
    for c in range(max(first, 1), first + count):
        if positions[c][0] > positions[c - 1][0]:  # a row sent to the next page: by how much?
            over = positions[c - 1][1] + flow.chunks[c - 1].height + flow.chunks[c].height - PAGE
            if 0 < over < SPLIT_DOUBT:
                return paragraph, heights
    _page, top = positions[-1]
    end = top + flow.chunks[-1].height
    past = end % LINE
    gap = LINE - past - SNAP_SPARE
    if not 0 < past <= SNAP_REACH or end + gap + heights[0] > PAGE:  # on the grid, or it starts the next page
        return paragraph, heights
    spaced = dataclasses.replace(
        paragraph, on_grid=False, line=Line(LINE), space_before=(paragraph.space_before or 0) + gap
    )
    return spaced, [heights[0] + gap, *heights[1:]]


# what a heading over a table leaves free under the table's first row before it is kept with it:
# a line, for the estimate's error (a table's split measured within 0.1 line of LibreOffice's)
KEEP_SPARE = LINE
# the paragraphs over a table whose keep may go: headings and a lead-in line; an attachment's label
# and title stay kept with their table (7.3.7, issue 14 Build 3)
RELEASED = frozenset(
    {Role.HEADING_1, Role.HEADING_2, Role.HEADING_3, Role.HEADING_4, Role.BODY, Role.BODY_FLUSH}
)


def release_heading(flow: Flow, heights: list[int]) -> None:
    """Let the heading before a table (its first piece ``heights[0]``, then its rows) go without
    keep-with-next where the table's header and first row fit under it with ``KEEP_SPARE`` to spare.

    LibreOffice, paginating afresh (convert/uno_worker.paginate_afresh), moved a heading kept with
    next and the 5-row table under it whole to the next page although both fitted: seed 47
    n47-050 page 3 ended after 6 lines, the document took 9 pages and its 版记 an odd one.  The
    same .docx without that heading's keep: the table on page 3, 8 pages.  Where the page ends the
    keep stays (a heading alone at a page's foot)."""
    if not flow.blocks or not flow.spans or not heights:
        return
    heading = flow.blocks[-1]
    if not isinstance(heading, ParagraphBlock) or not heading.keep_with_next or heading.role not in RELEASED:
        return
    first, count = flow.spans[-1]
    _page, top = flow.positions()[first + count - 1]
    under = sum(heights[:2])  # the header and the first row
    if top + flow.chunks[first + count - 1].height + under + KEEP_SPARE <= PAGE:
        flow.blocks[-1] = dataclasses.replace(heading, keep_with_next=False)
        last = first + count - 1  # the estimate's keep goes too: the .docx and the estimate agree
        flow.chunks[last] = dataclasses.replace(flow.chunks[last], keep_next=False)


# where a table's header and first row need this much more than the room left on the page, it
# starts on the next one (``table_on_next_page``): the estimate may be this far off
HEADER_DOUBT = SPLIT_DOUBT


def table_on_next_page(flow: Flow, heights: list[int]) -> None:
    """Start a table with header rows (its header ``heights[0]``, then its rows) on a new page,
    after an empty paragraph 1 pt high with a page break before it, where the header and the first
    row do not fit (``HEADER_DOUBT``) under the text already on the page.

    LibreOffice 7.4 lost such a table's rows: seed 2027 n2027-097 page 2, 20.7 mm left, a header of
    three lines (20.5 mm) and a first row of two (13.6 mm, rows kept whole, exact line spacing): the
    header and the first row's first line were drawn at the page's foot, that line below the type
    area (263 mm), and the other five rows were on no page.  The same .docx with a page break before
    the table's first paragraph: the table whole on page 3.  A table the page cannot hold with its
    first row goes to the next page anyway; the page before ends early, as Build 1 allows before a
    row that cannot split.  Paragraphs kept with the table (a heading) go with it: a page break
    before the first of them (``_break_before_kept``)."""
    if len(heights) < 2 or not flow.blocks:
        return
    before = flow.blocks[-1]
    used = flow.estimate().last_page_used
    if used == 0 or used + round((heights[0] + heights[1]) * flow.scale) + HEADER_DOUBT <= PAGE:
        return
    if isinstance(before, ParagraphBlock) and before.keep_with_next:
        _break_before_kept(flow)
        return
    flow.add(
        ParagraphBlock(Role.BODY, on_grid=False, line=Line(20), page_break_before=True), [20], page_break=True
    )


def _break_before_kept(flow: Flow) -> None:
    """Break the page before the paragraphs at the flow's end kept with a table whose header and
    first row do not fit under them, unless they start a page already.

    LibreOffice left the keep to the header alone: corpus26 n2618-059 page 2, 「（一）集中攻坚阶段」 kept
    with a table whose header (1160 twips) fitted under it 2 twips over and whose first row (770)
    did not — the header and the row's first line were drawn at the page's foot (263 mm) and the
    table's six rows were on no page (text.lost), as n2027-097's were.  The estimate moved them
    together already: the page break changes no page."""
    index = len(flow.blocks) - 1
    while index > 0:
        earlier = flow.blocks[index - 1]
        if not isinstance(earlier, ParagraphBlock) or not earlier.keep_with_next:
            break
        index -= 1
    first, _count = flow.spans[index]
    _page, top = flow.positions()[first]
    block = flow.blocks[index]
    if top == 0 or not isinstance(block, ParagraphBlock):
        return
    flow.blocks[index] = dataclasses.replace(block, page_break_before=True)
    flow.chunks[first] = dataclasses.replace(flow.chunks[first], brk=Break.PAGE)
