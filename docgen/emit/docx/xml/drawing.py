"""Drawings: inline pictures and shapes anchored to the page (wp:inline, wp:anchor, wps:wsp)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from docgen.emit.docx.xml.base import (
    A_NS,
    DRAWING_NSMAP,
    EMU_PER_MM,
    EMU_PER_TWIP,
    PIC_NS,
    R_NS,
    SHAPE_NSMAP,
    WP_NS,
    WPS_NS,
    Element,
    el,
    qn,
    serialize,
)


def picture_run(rel_id: str, picture_id: int, width_mm: float, height_mm: float, description: str) -> Element:
    """Return a run holding an inline picture (DrawingML) shown from the image part ``rel_id``."""
    cx, cy = str(round(width_mm * EMU_PER_MM)), str(round(height_mm * EMU_PER_MM))

    def d(ns: str, tag: str, parent: Element | None = None, **attrs: str) -> Element:
        node = (
            etree.Element(f"{{{ns}}}{tag}", nsmap=DRAWING_NSMAP)
            if parent is None
            else etree.SubElement(parent, f"{{{ns}}}{tag}")
        )
        for key, value in attrs.items():
            node.set(key, value)
        return node

    inline = d(WP_NS, "inline", distT="0", distB="0", distL="0", distR="0")
    d(WP_NS, "extent", inline, cx=cx, cy=cy)
    d(WP_NS, "docPr", inline, id=str(picture_id), name=f"Picture {picture_id}", descr=description)
    frame = d(WP_NS, "cNvGraphicFramePr", inline)
    d(A_NS, "graphicFrameLocks", frame, noChangeAspect="1")
    data = d(A_NS, "graphicData", d(A_NS, "graphic", inline), uri=PIC_NS)
    pic = d(PIC_NS, "pic", data)
    nv = d(PIC_NS, "nvPicPr", pic)
    d(PIC_NS, "cNvPr", nv, id="0", name=f"image{picture_id}.png")
    d(PIC_NS, "cNvPicPr", nv)
    fill = d(PIC_NS, "blipFill", pic)
    blip = d(A_NS, "blip", fill)
    blip.set(f"{{{R_NS}}}embed", rel_id)
    d(A_NS, "fillRect", d(A_NS, "stretch", fill))
    shape = d(PIC_NS, "spPr", pic)
    xfrm = d(A_NS, "xfrm", shape)
    d(A_NS, "off", xfrm, x="0", y="0")
    d(A_NS, "ext", xfrm, cx=cx, cy=cy)
    d(A_NS, "avLst", d(A_NS, "prstGeom", shape, prst="rect"))
    return el("w:r", None, el("w:drawing", None, inline))


def _anchor(shape_id: int, x: int, y: int, cx: int, cy: int, name: str) -> tuple[Element, Element]:
    """Return a ``wp:anchor`` placing a shape at ``x``, ``y`` EMU from the page's corner, in front of
    the text and not wrapped (the text flows as if it were not there), and its ``wps:wsp``."""

    def d(ns: str, tag: str, parent: Element, **attrs: str) -> Element:
        node = etree.SubElement(parent, f"{{{ns}}}{tag}")
        for key, value in attrs.items():
            node.set(key, value)
        return node

    anchor = etree.Element(f"{{{WP_NS}}}anchor", nsmap=SHAPE_NSMAP)
    for key, value in (
        ("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0"), ("simplePos", "0"),
        ("relativeHeight", str(251658240 + shape_id)), ("behindDoc", "0"), ("locked", "1"),
        ("layoutInCell", "1"), ("allowOverlap", "1"),
    ):  # fmt: skip
        anchor.set(key, value)
    d(WP_NS, "simplePos", anchor, x="0", y="0")
    d(WP_NS, "posOffset", d(WP_NS, "positionH", anchor, relativeFrom="page")).text = str(x)
    d(WP_NS, "posOffset", d(WP_NS, "positionV", anchor, relativeFrom="page")).text = str(y)
    d(WP_NS, "extent", anchor, cx=str(cx), cy=str(cy))
    d(WP_NS, "effectExtent", anchor, l="0", t="0", r="0", b="0")
    d(WP_NS, "wrapNone", anchor)
    d(WP_NS, "docPr", anchor, id=str(shape_id), name=f"{name} {shape_id}")
    d(WP_NS, "cNvGraphicFramePr", anchor)
    data = d(A_NS, "graphicData", d(A_NS, "graphic", anchor), uri=WPS_NS)
    return anchor, d(WPS_NS, "wsp", data)


def _shape_properties(wsp: Element, cx: int, cy: int, geometry: str) -> Element:
    """Append ``wps:spPr`` (size, geometry) to a shape; return it for its line and fill."""
    sp = etree.SubElement(wsp, f"{{{WPS_NS}}}spPr")
    xfrm = etree.SubElement(sp, f"{{{A_NS}}}xfrm")
    etree.SubElement(xfrm, f"{{{A_NS}}}off", x="0", y="0")
    etree.SubElement(xfrm, f"{{{A_NS}}}ext", cx=str(cx), cy=str(cy))
    etree.SubElement(etree.SubElement(sp, f"{{{A_NS}}}prstGeom", prst=geometry), f"{{{A_NS}}}avLst")
    return sp


def page_line_run(shape_id: int, x: int, y: int, length: int, width_eighths: int, color: str) -> Element:
    """Return a run drawing a horizontal line on the page (twips from the paper's corner, ``y`` its
    centre): a DrawingML line shape anchored to the page (a border could not leave the type area)."""
    cx = length * EMU_PER_TWIP
    anchor, wsp = _anchor(shape_id, x * EMU_PER_TWIP, y * EMU_PER_TWIP, cx, 0, "Line")
    etree.SubElement(wsp, f"{{{WPS_NS}}}cNvCnPr")
    sp = _shape_properties(wsp, cx, 0, "line")
    line = etree.SubElement(sp, f"{{{A_NS}}}ln", w=str(round(width_eighths / 8 * 12700)))
    etree.SubElement(etree.SubElement(line, f"{{{A_NS}}}solidFill"), f"{{{A_NS}}}srgbClr", val=color)
    etree.SubElement(wsp, f"{{{WPS_NS}}}bodyPr")
    return el("w:r", None, el("w:drawing", None, anchor))


def page_text_run(shape_id: int, x: int, y: int, width: int, height: int, content: Element) -> Element:
    """Return a run holding a text box on the page (twips from the paper's corner) with the paragraph
    ``content``: no border, no fill, no inner margins."""
    cx, cy = width * EMU_PER_TWIP, height * EMU_PER_TWIP
    anchor, wsp = _anchor(shape_id, x * EMU_PER_TWIP, y * EMU_PER_TWIP, cx, cy, "Text Box")
    etree.SubElement(wsp, f"{{{WPS_NS}}}cNvSpPr", txBox="1")
    sp = _shape_properties(wsp, cx, cy, "rect")
    etree.SubElement(sp, f"{{{A_NS}}}noFill")
    etree.SubElement(etree.SubElement(sp, f"{{{A_NS}}}ln"), f"{{{A_NS}}}noFill")
    etree.SubElement(etree.SubElement(wsp, f"{{{WPS_NS}}}txbx"), qn("w:txbxContent")).append(content)
    etree.SubElement(
        wsp, f"{{{WPS_NS}}}bodyPr", lIns="0", tIns="0", rIns="0", bIns="0", anchor="t", wrap="square"
    )
    return el("w:r", None, el("w:drawing", None, anchor))


@dataclass(frozen=True)
class Box:
    """A text box placed on the page: left and top edges, width and height, in mm from the page's corner."""

    left: float
    top: float
    width: float
    height: float


def turned_text_box_run(box: Box, box_id: int, paragraphs: Sequence[Element]) -> Element:
    """Return a run anchoring a borderless text box at ``box`` on the page, its text turned a
    quarter clockwise (``wps:bodyPr vert="vert"``: lines read downwards, no insets).

    LibreOffice 7.4 imports it as a shape with a text frame and turns the text (a PAGE field in it
    is updated per page); a VML text box with ``layout-flow:vertical`` came out 1.2 mm off.
    """
    cx, cy = round(box.width * EMU_PER_MM), round(box.height * EMU_PER_MM)
    x, y = round(box.left * EMU_PER_MM), round(box.top * EMU_PER_MM)
    anchor, wsp = _anchor(box_id, x, y, cx, cy, "Text Box")
    etree.SubElement(wsp, f"{{{WPS_NS}}}cNvSpPr", txBox="1")
    sp = _shape_properties(wsp, cx, cy, "rect")
    etree.SubElement(sp, f"{{{A_NS}}}noFill")
    etree.SubElement(etree.SubElement(sp, f"{{{A_NS}}}ln"), f"{{{A_NS}}}noFill")
    etree.SubElement(wsp, f"{{{WPS_NS}}}txbx").append(el("w:txbxContent", None, *paragraphs))
    body = etree.SubElement(
        wsp, f"{{{WPS_NS}}}bodyPr", rot="0", vert="vert", wrap="square",
        lIns="0", tIns="0", rIns="0", bIns="0", anchor="ctr", anchorCtr="0",
    )  # fmt: skip
    etree.SubElement(body, f"{{{A_NS}}}noAutofit")
    return el("w:r", None, el("w:drawing", None, anchor))


# w:pPr children that come before w:framePr, and those w:textDirection follows (ECMA-376 CT_PPrBase)
_BEFORE_FRAME = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore")
_BEFORE_DIRECTION = (*_BEFORE_FRAME, "w:framePr", "w:widowControl", "w:numPr", "w:pBdr", "w:shd",
                     "w:tabs", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:jc")  # fmt: skip


def turned_frame_paragraph(box: Box, paragraph: Element) -> Element:
    """Return ``paragraph`` put in a text frame at ``box`` on the page (``w:framePr``, exact size,
    no wrap), its text turned a quarter clockwise (``w:textDirection tbRl``: lines read downwards).

    LibreOffice 7.4 imports it as a plain Writer text frame (writing mode tb-rl), which a save as
    .odt keeps in both the odd and the even footer; a text box shape (``turned_text_box_run``, or
    a VML one) in an even footer lost its text frame there and with it its page number.  Word
    reads a paragraph's textDirection only in a frame ([MS-OE376] 17.3.1.41), as here.
    """
    twips = EMU_PER_MM / EMU_PER_TWIP  # per mm
    frame = el(
        "w:framePr",
        {"w": round(box.width * twips), "h": round(box.height * twips), "hRule": "exact",
         "wrap": "none", "hAnchor": "page", "vAnchor": "page",
         "x": round(box.left * twips), "y": round(box.top * twips)},
    )  # fmt: skip
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = el("w:pPr")
        paragraph.insert(0, properties)
    names = [child.tag for child in properties]
    properties.insert(sum(tag in {qn(t) for t in _BEFORE_FRAME} for tag in names), frame)
    names = [child.tag for child in properties]
    direction = el("w:textDirection", {"val": "tbRl"})
    properties.insert(sum(tag in {qn(t) for t in _BEFORE_DIRECTION} for tag in names), direction)
    return paragraph


def add_override_content_type(types_xml: bytes, part: str, content_type: str) -> bytes:
    """Return [Content_Types].xml declaring the part ``part`` (unchanged if it is declared already)."""
    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    root = etree.fromstring(types_xml)
    if any(node.get("PartName") == part for node in root.iter(f"{{{ns}}}Override")):
        return types_xml
    etree.SubElement(root, f"{{{ns}}}Override", PartName=part, ContentType=content_type)
    return serialize(root)
