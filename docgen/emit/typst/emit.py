"""The placed document into Typst source: the same ``PlacedDocument`` the .docx emitter gets.

Nothing here decides where anything goes: positions, indents, breaks and the 版记's placement come
from layout (``docgen.layout``); each role looks as the .docx template's style of the same name
(``styles.py``).  All syntax is made by ``markup``.  Lengths: twips in, points out.  This module
places the blocks and sets the pages; a paragraph is made by ``paragraphs.py``, a table by
``tables.py``.

What the .docx leaves to the renderer is written out here: every line is exactly its line height
(28.95 pt on the body grid), the em box centred in it; a paragraph border becomes a rule drawn
below the paragraph; tab stops become columns; page numbers are placed on the page (7.5).
"""

from __future__ import annotations

from docgen import standard as S
from docgen.emit.typst import markup as m
from docgen.emit.typst.fonts import face
from docgen.emit.typst.paragraphs import paragraph, points
from docgen.emit.typst.styles import PAGE_NUMBER_FONT, PAGE_NUMBER_PT
from docgen.emit.typst.tables import table
from docgen.layout.letter import TEXT_TOP_IN_LINE
from docgen.layout.pages import body_height
from docgen.layout.placed import (
    Block,
    Metadata,
    Orientation,
    PageLine,
    PageNumbers,
    PageSetup,
    ParagraphBlock,
    PlacedDocument,
    Placement,
    Section,
)

MM_PER_TWIP = 25.4 / 1440
# A 信函's mark box stands where layout puts it for LibreOffice (layout/letter.py MARK_BOX_OFFSET
# below 30 mm); in Typst the mark's em box is centred in its line and raised by MARK_CALIBRATION,
# so the box goes this much higher for the em top to be at 30 mm (measured on Typst's PDF)
LETTER_BOX_CALIBRATION = 14  # twips: the em top at 30.24 mm without it
# The line under a 信函's upper double line: layout puts its em top 7/8 字 below the line, counting
# LibreOffice's em top 3.3 mm below the top of an exact line (letter.TEXT_TOP_IN_LINE); Typst
# centres the em box in the line (2.3 mm below its top), so it is lowered by the difference
LETTER_TEXT_DROP = TEXT_TOP_IN_LINE - (S.LINE_PITCH - S.BODY_PT * S.TWIPS_PER_PT) / 2
# Typst's body is the layout's (layout.pages.body_height: on a portrait page 22 lines of 579, 12738
# twips from the type area's top, as LibreOffice's; Typst put a row ending 12740 twips down on the
# page LibreOffice and now the estimate leave it off, n303-044) and this much more: the margins'
# millimetres are written to 0.001 mm (0.06 twip), and 22 lines must fit while a row 1 twip over does not
BODY_HAIR = 0.5


def _short(page: PageSetup) -> float:
    """Return how far (twips) above the type area's bottom the page's body ends in Typst: 0 where it
    holds the whole type area (a landscape page)."""
    cut = page.height - page.top - page.bottom - body_height(page)
    return cut - BODY_HAIR if cut > 0 else 0.0


# The room Typst asks for beyond the 版记's own height (``markup.tail``) above its body's bottom
# (12738.5 twips down the type area, ``_short``), in twips: what the layout's estimate asks for
# LibreOffice (layout/pages.IMPRINT_SLACK, 39 twips beyond ``Tail.height`` above pages.TAIL_FOOT,
# 12747), so that both engines put the 版记 on the same page.  Measured with a paragraph of exact
# height before the 版记 of corpus notices n202-002, n14-042 (text ending the body), n14-003 (a
# table): Typst places the body's lines and measures a 版记 with 抄送 or 主送 so that it asks 12 twips
# less than the estimate's ``Tail.height`` counted from the same line, one of a 印发 line alone 20
# less.  39 - 8.5 (TAIL_FOOT under Typst's body bottom) + 12: Typst agrees with the estimate to the
# twip for the first (tests/test_imprint_fit.py: both at 39, both off at 38) and asks 8 twips less for
# the second.  A bulletin's 报尾 (bulletin.TAIL_SLACK: 27) was not measured so; its lines have no rule
# between them, as the 印发 line alone: Typst would ask about 4 twips more than the estimate.
TAIL_SPARE = 42.5


def block_source(
    block: Block, *, first: bool, last: bool, page: PageSetup, even: bool | None = None, fresh: bool = False
) -> str:
    """Return one block of a section.

    ``even``: the 版记 is placed by Typst where the text ends (True: on an even page, 7.5); None:
    where layout put it.  ``fresh``: nothing but empty lines comes before it in its section, which
    starts a page (``markup.tail``).
    """
    if isinstance(block, ParagraphBlock):
        if not block.drawings:
            return paragraph(block, first_in_section=first, last_in_section=last)
        text = paragraph(block, first_in_section=first, last_in_section=last, lower=LETTER_TEXT_DROP)
        return drawings(block, page) + text
    if block.anchor is None:
        return table(block, page.width - page.left - page.right)
    dx = points(block.anchor.x_from_page - page.left)
    if even is None:  # 7.4.1: the 版记's last rule on the type area's bottom edge
        return m.at_bottom(table(block), dx, points(_short(page)))
    bottom = points(page.height - page.bottom - _short(page))  # the body's, where the 版记 must fit above
    spare = points(TAIL_SPARE)
    return m.tail(table(block), dx, bottom, spare_pt=spare, double_sided=even, fresh=fresh, dy_pt=points(_short(page)))


def drawings(block: ParagraphBlock, page: PageSetup) -> str:
    """Return what the paragraph places on its page outside the flow (a 信函's mark and double lines,
    10.1), at their places measured from the paper's corner."""
    out = []
    for drawing in block.drawings:
        dx, dy = points(drawing.x - page.left), points(drawing.y - page.top)
        if isinstance(drawing, PageLine):
            line = m.page_line(points(drawing.length), drawing.width_eighths / 8, drawing.color)
            out.append(m.on_page(line, dx, dy))
        else:
            body = paragraph(drawing.paragraph, first_in_section=True, last_in_section=False)
            box = m.page_box(points(drawing.width), points(drawing.height), body)
            out.append(m.on_page(box, dx, dy - points(LETTER_BOX_CALIBRATION)))
    return "".join(out)


def _page(setup: PageSetup, numbers: PageNumbers) -> m.PageFormat:
    numbering = None
    if numbers in (PageNumbers.NUMBERED, PageNumbers.FIRST_UNNUMBERED):
        style = m.TextStyle(face(PAGE_NUMBER_FONT), PAGE_NUMBER_PT)
        side = points(S.PAGE_NUMBER_SIDE_INDENT)
        if setup.orientation is Orientation.LANDSCAPE:
            # ch. 8: the sheet is a portrait page turned (its 版心 bottom edge on the left); the
            # number stays 7 mm below that edge, on the side it has on the portrait page
            top = setup.left * MM_PER_TWIP - S.PAGE_NUMBER_BELOW_TYPE_AREA_MM
            numbering = m.PageNumbers(style, top_mm=top, side_pt=side, turned=True)
        else:
            top = (setup.height - setup.bottom) * MM_PER_TWIP + S.PAGE_NUMBER_BELOW_TYPE_AREA_MM
            numbering = m.PageNumbers(style, top_mm=top, side_pt=side)
    return m.PageFormat(
        width_mm=setup.width * MM_PER_TWIP,
        height_mm=setup.height * MM_PER_TWIP,
        top_mm=setup.top * MM_PER_TWIP,
        bottom_mm=(setup.bottom + _short(setup)) * MM_PER_TWIP,
        left_mm=setup.left * MM_PER_TWIP,
        right_mm=setup.right * MM_PER_TWIP,
        numbers=numbering,
    )


def _empty(blocks: tuple[Block, ...]) -> bool:
    """Return whether ``blocks`` put nothing on the page: empty lines only (a section opened for the
    版记 after landscape pages starts with one, layout/pages.py ``plan_pages``)."""
    return all(
        isinstance(b, ParagraphBlock) and not b.runs and not b.drawings and not b.page_break_before
        for b in blocks
    )


def section_source(section: Section, even: bool | None = None) -> str:
    """Return a section: its pages' setup and numbers, and its blocks (``even``: see ``block_source``)."""
    count = len(section.blocks)
    first = m.unnumbered_page() if section.numbers is PageNumbers.FIRST_UNNUMBERED else ""
    body = first + "".join(
        block_source(
            block,
            first=i == 0,
            last=i == count - 1,
            page=section.page,
            even=even,
            fresh=_empty(section.blocks[:i]),
        )
        for i, block in enumerate(section.blocks)
    )
    return m.section(_page(section.page, section.numbers), body)


def emit_typst(placed: PlacedDocument, *, watermark: str = "", metadata: Metadata | None = None) -> str:
    """Return the Typst source of a placed document.

    A document laid out with its 版记 at the bottom of the last page (``Placement.BOTTOM``) leaves
    the 版记's page to Typst (``markup.tail``): it goes where the text really ends, on an even page
    when printed double-sided, with no estimate and no second run.  ``watermark``: a preview's mark
    (样稿), drawn by Typst on every page; ``metadata``: the PDF's, if not the layout's.
    """
    meta = metadata or placed.metadata
    year, month, day = (int(part) for part in meta.date.split("-"))
    even = placed.even_pages if placed.placement is Placement.BOTTOM else None
    body = "".join(section_source(section, even) for section in placed.sections)
    mark = m.Watermark(watermark, face(S.FONT_KAITI)) if watermark else None
    return m.document(meta.title, meta.creator, meta.subject, (year, month, day), body, watermark=mark)
