"""The page numbers a .docx declares (7.5): form, font, size and side, read where the number is.

Word and WPS put a page number in the footer's paragraph, in a frame (``w:framePr``: Word's 页码
→ 外侧, one footer for odd and even pages with ``w:xAlign="outside"``) or in a text box anchored in
the footer's paragraph (``wps:txbx`` / ``v:textbox``, WPS's usual way).  The number's own paragraph
gives the font and size; the frame's or the box's position gives the side, else the paragraph's
alignment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from docgen import standard as S
from docgen.check.docx_elements import SONGTI, font_is
from docgen.check.docx_read import (
    ParagraphLook,
    in_fallback,
    is_on,
    nearest,
    paragraph_look,
    paragraph_properties,
)
from docgen.check.docx_sections import sections
from docgen.check.rules import Judge
from docgen.i18n import _

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
VML = "urn:schemas-microsoft-com:vml"
EMU_PER_MM = 36000


@dataclass(frozen=True)
class PageNumber:
    """A footer's page number: its own paragraph's look, the side it stands on, what holds it."""

    look: ParagraphLook
    paragraph: Any  # the w:p holding the PAGE field
    # left, right, center, or ST_XAlign / ST_AlignH's inside and outside: “outside” is the right on odd
    # pages and the left on even ones, “inside” the other way round (ECMA-376 17.18.108, 20.4.3.1)
    side: str
    holder: str  # "": the footer's paragraph; "frame"; "box"
    # the alignment as the file writes it (w:framePr xAlign="outside"), if one gave the side
    written: str = ""


def _part(doc: DocxDocument, ref: Any) -> Any:
    """Return the footer part a w:footerReference names as XML, read from the part's bytes where
    python-docx does not know the part as a footer; None where the relationship is missing."""
    part = doc.part.related_parts.get(ref.get(qn("r:id")))
    if part is None:
        return None
    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)


def footer(doc: DocxDocument, kind: str) -> Any:
    """Return the footer of ``kind`` (default, even, first) the first page printing one prints, as XML,
    or None.

    A section without a footer of a kind has the one of the section before it (ECMA-376 17.10.5); a
    section whose first page has its own footer (w:titlePg) prints it there and its default and even
    footers on its later pages only, which a section sure to fit on one page has none of
    (``DocxSection.one_page``); the first-page footer is printed only with w:titlePg.  A footer part
    no section names is printed nowhere.
    """
    inherited = None
    for section in sections(doc):
        if section.properties is None:
            continue
        own = [
            ref
            for ref in section.properties.findall(qn("w:footerReference"))
            if ref.get(qn("w:type"), "default") == kind
        ]
        inherited = own[0] if own else inherited
        first_page = is_on(section.properties.find(qn("w:titlePg")))
        if inherited is not None and (
            first_page if kind == "first" else not (first_page and section.one_page)
        ):
            return _part(doc, inherited)
    return None


def _number_paragraph(part: Any) -> Any:
    """Return the w:p whose own runs hold a PAGE field (not a paragraph a text box holding it is
    anchored in, nor the VML copy of a drawing), or None."""
    for node in part.iter(qn("w:instrText"), qn("w:fldSimple")):
        text = node.text if node.tag == qn("w:instrText") else node.get(qn("w:instr"))
        if re.match(r"\s*PAGE\b", text or "") and not in_fallback(node, part):
            return nearest(node, qn("w:p"), part)
    return None


def _number(text: str | None) -> float:
    """Return an integer attribute's value, 0 where it is missing or not a number (a file from
    another tool is read, never refused, for where its page number stands)."""
    try:
        return float(text or 0)
    except ValueError:
        return 0.0


def _side_of(centre_mm: float, left_mm: float, width_mm: float) -> str:
    """Return the side of the type area a box whose centre is at ``centre_mm`` stands on."""
    if centre_mm < left_mm + width_mm / 3:
        return "left"
    if centre_mm > left_mm + width_mm * 2 / 3:
        return "right"
    return "center"


def _box_side(box: Any, doc: DocxDocument, anchor_align: str | None) -> tuple[str, str]:
    """Return the side of a text box and the alignment written: DrawingML's wp:positionH, VML's
    mso-position-horizontal, else where its offset puts it or the anchor paragraph's alignment."""
    section = doc.sections[0]
    left = float(section.left_margin.mm if section.left_margin is not None else S.MARGIN_LEFT_MM)
    width = S.TYPE_AREA_WIDTH_MM
    if box.tag == f"{{{WP}}}anchor":
        position = box.find(f"{{{WP}}}positionH")
        align = position.findtext(f"{{{WP}}}align") if position is not None else None
        if align:
            return str(align), f'wp:positionH align="{align}"'
        offset = position.findtext(f"{{{WP}}}posOffset") if position is not None else None
        extent = box.find(f"{{{WP}}}extent")
        if offset is not None and extent is not None:
            base = 0.0 if position.get("relativeFrom") == "page" else left
            centre = base + (_number(offset) + _number(extent.get("cx")) / 2) / EMU_PER_MM
            return _side_of(centre, left, width), ""
        return anchor_align or "left", ""
    if box.tag == f"{{{WP}}}inline":
        return anchor_align or "left", ""
    style = dict(
        item.split(":", 1) for item in (box.get("style") or "").replace(" ", "").split(";") if ":" in item
    )
    align = style.get("mso-position-horizontal")
    if align:
        return str(align), f"mso-position-horizontal:{align}"
    return anchor_align or "left", ""


def _frame_side(frame: Any, doc: DocxDocument) -> tuple[str, str]:
    """Return the side of a frame and the alignment written: its w:xAlign, else its w:x and w:w (twips)."""
    align = frame.get(qn("w:xAlign"))
    if align:
        return str(align), f'w:framePr xAlign="{align}"'
    section = doc.sections[0]
    left = float(section.left_margin.mm if section.left_margin is not None else S.MARGIN_LEFT_MM)
    x = _number(frame.get(qn("w:x"))) / S.TWIPS_PER_MM
    w = _number(frame.get(qn("w:w"))) / S.TWIPS_PER_MM
    base = 0.0 if frame.get(qn("w:hAnchor")) == "page" else left
    return _side_of(base + x + w / 2, left, S.TYPE_AREA_WIDTH_MM), ""


def page_number(doc: DocxDocument, part: Any) -> PageNumber | None:
    """Return the page number of footer ``part``, or None when it has none."""
    p = _number_paragraph(part) if part is not None else None
    if p is None:
        return None
    look = paragraph_look(doc, Paragraph(p, doc.part))
    content = nearest(p, qn("w:txbxContent"), part)
    if content is not None:
        box = nearest(content, f"{{{WP}}}anchor", part)
        box = box if box is not None else nearest(content, f"{{{WP}}}inline", part)
        box = box if box is not None else nearest(content, f"{{{VML}}}shape", part)
        box = box if box is not None else nearest(content, f"{{{VML}}}rect", part)
        anchor = nearest(content, qn("w:p"), part)
        anchor_align = paragraph_look(doc, Paragraph(anchor, doc.part)).align if anchor is not None else None
        side, written = _box_side(box, doc, anchor_align) if box is not None else (anchor_align or "left", "")
        return PageNumber(look, p, side, "box", written)
    frame = next(
        (
            c.find(qn("w:framePr"))
            for c in paragraph_properties(doc, p)[:-1]
            if c is not None and c.find(qn("w:framePr")) is not None
        ),
        None,
    )
    if frame is not None and (frame.get(qn("w:xAlign")) or frame.get(qn("w:x"))):
        side, written = _frame_side(frame, doc)
        return PageNumber(look, p, side, "frame", written)
    return PageNumber(look, p, look.align or "left", "")


def shown(p: Any) -> str:
    """Return the paragraph's text as printed, a PAGE field with no stored result shown as “N”.

    Word writes a field's last result between its ``separate`` and ``end`` marks; python-docx
    recipes write ``begin``, `` PAGE `` and ``end`` only, the docx npm package (``PageNumber.CURRENT``)
    an empty result between ``separate`` and ``end``, others an empty ``w:fldSimple``; Word and
    LibreOffice print the page number there all the same.
    """
    text: list[str] = []
    pending = False  # inside a PAGE field none of whose result has been read
    for node in p.iter(qn("w:t"), qn("w:instrText"), qn("w:fldChar"), qn("w:fldSimple")):
        if node.tag == qn("w:t"):
            text.append(node.text or "")
            pending = pending and not node.text
        elif node.tag == qn("w:instrText"):
            pending = pending or bool(re.match(r"\s*PAGE\b", node.text or ""))
        elif node.tag == qn("w:fldSimple"):
            if re.match(r"\s*PAGE\b", node.get(qn("w:instr")) or "") and not node.findall(".//" + qn("w:t")):
                text.append("N")
        elif node.get(qn("w:fldCharType")) == "end" and pending:
            text.append("N")
            pending = False
    return "".join(text)


def _holder(number: PageNumber) -> str:
    return {"frame": _(" (frame)"), "box": _(" (text box)")}.get(number.holder, "")


def _first_pages_only(doc: DocxDocument) -> bool:
    """Return whether every section is sure to be one page with a first-page footer of its own
    (w:titlePg): no page prints a default or an even footer."""
    found = [section for section in sections(doc) if section.properties is not None]
    return bool(found) and all(
        is_on(section.properties.find(qn("w:titlePg"))) and section.one_page for section in found
    )


def judge_page_numbers(doc: DocxDocument, judge: Judge) -> None:
    """Judge page_numbers.format: “— N —” in 宋体 14 pt, odd pages right, even pages left (7.5)."""
    both = bool(doc.settings.odd_and_even_pages_header_footer)
    odd = footer(doc, "default")
    # every section is one page printing its first-page footer: odd and even pages are no matter
    only_first = odd is None and _first_pages_only(doc)
    if only_first and page_number(doc, footer(doc, "first")) is not None:
        odd = footer(doc, "first")
    elif only_first and any(
        ref.get(qn("w:type"), "default") == "default" for ref in doc.element.body.iter(qn("w:footerReference"))
    ):
        judge.not_applicable(
            "page_numbers.format",
            _(
                "every section is one page, which prints its first-page footer (w:titlePg), and that has "
                "no page number: the other footers are printed on no page"
            ),
        )
        return
    found = {"odd": page_number(doc, odd)}
    if both and not only_first:
        found["even"] = page_number(doc, footer(doc, "even"))
    problems = []
    one = found["odd"]
    if not both and not only_first and not (one is not None and one.side == "outside"):
        problems.append(_("odd and even pages share one footer"))
    for which, number in found.items():
        kind = _("odd") if which == "odd" else _("even")
        if number is None:
            problems.append(_("no page number on {kind} pages").format(kind=kind))
            continue
        look = number.look
        text = shown(number.paragraph).strip()
        if not re.fullmatch(r"—\s*\S+\s*—", text):
            problems.append(_("{kind} pages: {text!r}, not — N —").format(kind=kind, text=text))
        if look.sizes - {14.0} or not all(font_is(f, SONGTI) for f in look.fonts):
            problems.append(
                _("{kind} pages: {fonts} {sizes} pt").format(kind=kind, fonts=look.fonts, sizes=look.sizes)
            )
        wanted = ("right", "outside") if which == "odd" else ("left", "outside")
        if number.side not in wanted:
            problems.append(
                _("{kind} pages aligned {align}").format(kind=kind, align=number.side + _holder(number))
            )
    judge.record(
        "page_numbers.format",
        not problems,
        _("; ").join(problems) or _("as expected"),
        _("— N — in 宋体 14 pt, odd pages right, even pages left"),
    )


def _offset_box(number: PageNumber, part: Any, doc: DocxDocument) -> tuple[str, float, float, float] | None:
    """Return (relativeFrom, offset, left, right), the lengths in mm, of the DrawingML text box holding ``number`` when it is placed
    by an offset from the margin or column (WPS's page-number box once dragged): the offset and the
    box's edges on the page, as WPS and Word print it (ECMA-376 20.4.3.4 ST_RelFromH: margin, from the
    page's left margin; column, from the column's left edge, the margin in a one-column page).  None
    for any other holder or placing."""
    if number.holder != "box":
        return None
    content = nearest(number.paragraph, qn("w:txbxContent"), part)
    box = nearest(content, f"{{{WP}}}anchor", part) if content is not None else None
    position = box.find(f"{{{WP}}}positionH") if box is not None else None
    extent = box.find(f"{{{WP}}}extent") if box is not None else None
    if (
        position is None
        or extent is None
        or position.find(f"{{{WP}}}posOffset") is None
        or position.get("relativeFrom") not in ("margin", "column")
    ):
        return None
    section = doc.sections[0]
    margin = float(section.left_margin.mm if section.left_margin is not None else S.MARGIN_LEFT_MM)
    offset = _number(position.findtext(f"{{{WP}}}posOffset")) / EMU_PER_MM
    left = margin + offset
    return str(position.get("relativeFrom")), offset, left, left + _number(extent.get("cx")) / EMU_PER_MM


def unhonoured_number_place(doc: DocxDocument) -> str | None:
    """Return why LibreOffice prints the page numbers elsewhere than the document declares, or None.

    A number in a frame or a text box aligned to the outside (``w:framePr w:xAlign="outside"``,
    ``wp:positionH`` ``outside``: right on odd pages, left on even ones, ECMA-376 ST_XAlign and
    ST_AlignH; Word's 页码 → 外侧) is laid out by LibreOffice 7.4 at the left on every page
    (measured on tests/fixtures/outsider8 make_wps.py's files: the frame of wps-notice-lines.docx
    “— 1 —” at x 33.0–46.7 mm, its wps-boxes.docx with one footer whose box is aligned outside
    x 36.1–49.9 mm).  A DrawingML box placed by an offset, in odd and even footers, was set by
    LibreOffice at offset 0, 0 on page 1 of a short document (tests/fixtures/wps13 w03, w07); the
    pool's worker now moves it where it belongs (uno_worker.place_text_boxes), a one-shot soffice
    run (the fallback without python3-uno) does not: the failure then says where WPS and Word print it.
    """
    part = footer(doc, "default")
    number = page_number(doc, part)
    box = _offset_box(number, part, doc) if number is not None else None
    if box is not None and bool(doc.settings.odd_and_even_pages_header_footer):
        relative, offset, left, right = box
        return _(
            "the odd pages' page number box is placed {offset:.1f} mm from the margin (wp:positionH "
            "relativeFrom=\"{relative}\" with wp:posOffset, measured from the left margin: ECMA-376 20.4.3.4), "
            "where WPS and Word print it on every page, at x {left:.1f}–{right:.1f} mm, but this LibreOffice "
            "run left page 1's box at the margin's left and the footer's top"
        ).format(relative=relative, offset=offset, left=left, right=right)
    if number is None or number.side != "outside" or not number.written:
        return None
    return _(
        "the document puts the page number in {holder} aligned to the outside ({written}: odd pages "
        "right, even pages left), which Word honours and LibreOffice does not: it sets it at the left "
        "on every page.  Printed from Word the numbers stand where they should; to have them there "
        "everywhere, use odd and even footers (奇偶页不同) with the number aligned right and left"
    ).format(holder=_("a frame") if number.holder == "frame" else _("a text box"), written=number.written)
