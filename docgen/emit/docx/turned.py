"""Page numbers of landscape pages (GB/T 9704 ch. 8): where they are on a portrait page.

A landscape page is the portrait sheet turned: its top is the portrait page's left (订口 of an
odd page, 切口 of an even one: ch. 8 puts the table head there on both), its left the portrait
page's bottom.  Once the sheet is turned back, its page number must sit where 7.5 puts every
page number: 7 mm below the type area, 右空一字 on odd pages, 左空一字 on even pages.  On the
landscape page that is the strip left of the type area, the number turned a quarter clockwise
(reading downwards), its glyph tops 7 mm left of the type area, an odd page's number ending one
字 above the type area's bottom, an even page's starting one 字 below its top.

Word and LibreOffice keep a footer at the bottom of the landscape page, so the number is put in
a text frame anchored in the landscape section's footers and placed on the page (measured in
LibreOffice 7.4: the turned glyph tops 0.4 mm right of the box's edge, corrected below).  A
frame, not a text box shape: LibreOffice keeps a frame when it saves the document as .odt to
lay it out afresh (docgen/convert/uno_worker.py), a shape in the even footer lost its number.  The
parts are added to the package by ``emit.py`` when a document has landscape pages, so a user's
own template needs no change.
"""

from __future__ import annotations

from docgen import standard as S
from docgen.emit.docx import xml as x
from docgen.layout.placed import PageSetup

FOOTER_ODD = "word/footer_landscape_odd.xml"
FOOTER_EVEN = "word/footer_landscape_even.xml"
RIDS = {"odd": "rIdFooterLandscapeOdd", "even": "rIdFooterLandscapeEven"}
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"

# LibreOffice 7.4 drew the turned glyphs' tops this far right of the text box's right edge (mm).
GLYPH_TOP_OVERHANG_MM = 0.4
# The box's length along the number: room for "— 9999 —" in 4号.
BOX_LENGTH_MM = 40.0


def _mm(twips: int) -> float:
    return twips / S.TWIPS_PER_MM


def number_box(page: PageSetup, odd: bool) -> x.Box:
    """Return where the turned page number's box goes on the landscape ``page`` (ch. 8, 7.5)."""
    size = S.PAGE_NUMBER_PT * 25.4 / 72  # the box is one 4号 line wide
    side = _mm(S.PAGE_NUMBER_SIDE_INDENT)  # 一字 of 4号
    tops = _mm(page.left) - S.PAGE_NUMBER_BELOW_TYPE_AREA_MM - GLYPH_TOP_OVERHANG_MM
    # odd: 右空一字, the number ends one 字 before the type area's end (the landscape page's bottom);
    # even: 左空一字, it starts one 字 after the type area's start (the landscape page's top)
    top = _mm(page.height - page.bottom) - side - BOX_LENGTH_MM if odd else _mm(page.top) + side
    return x.Box(left=tops - size, top=top, width=size, height=BOX_LENGTH_MM)


def footer(page: PageSetup, odd: bool) -> bytes:
    """Return the footer part of a landscape section's odd or even pages."""
    number = x.paragraph(
        x.ParagraphFormat(
            style="GwPageNumber",
            align="right" if odd else "left",  # in the turned box: the bottom end, the top end
            line=S.PAGE_NUMBER_PT * S.TWIPS_PER_PT,
            left=0,
            right=0,
        ),
        [x.text_run("— "), *x.field_runs("PAGE", "1" if odd else "2"), x.text_run(" —")],
    )
    framed = x.turned_frame_paragraph(number_box(page, odd), number)
    return x.serialize(x.footer([framed, x.paragraph(x.ParagraphFormat(style="GwPageNumber"))]))


def add_parts(parts: dict[str, bytes], page: PageSetup) -> None:
    """Add the landscape footers for ``page`` to the package ``parts`` (relationships, types)."""
    for name, rid, odd in ((FOOTER_ODD, RIDS["odd"], True), (FOOTER_EVEN, RIDS["even"], False)):
        parts[name] = footer(page, odd)
        parts["word/_rels/document.xml.rels"] = x.add_relationship(
            parts["word/_rels/document.xml.rels"], rid, FOOTER_REL, name.removeprefix("word/")
        )
        parts["[Content_Types].xml"] = x.add_override_content_type(
            parts["[Content_Types].xml"], f"/{name}", FOOTER_TYPE
        )


def footers() -> dict[str, str]:
    """Return the footer references of a numbered landscape section: odd (default) and even."""
    return {"default": RIDS["odd"], "even": RIDS["even"]}
