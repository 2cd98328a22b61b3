"""All raw WordprocessingML of docgen: every ``w:`` element is made here, behind small named functions.

Children are appended in the order the ECMA-376 schema requires (Word refuses or "repairs"
files that break it; LibreOffice is lenient, so tests check the order).  Where a setting is read
differently by LibreOffice 7.4 and Word, a comment says what each does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
NSMAP = {"w": W_NS, "r": R_NS}
DRAWING_NSMAP = {"w": W_NS, "r": R_NS, "wp": WP_NS, "a": A_NS, "pic": PIC_NS}
SHAPE_NSMAP = {"w": W_NS, "r": R_NS, "wp": WP_NS, "a": A_NS, "wps": WPS_NS}
EMU_PER_MM = 36000
EMU_PER_TWIP = 635
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Element = etree._Element


def qn(tag: str) -> str:
    """Return the Clark name of ``w:tag`` or ``r:tag``."""
    prefix, local = tag.split(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def el(tag: str, attrs: dict[str, str | int] | None = None, *children: Element | None) -> Element:
    """Return a new element ``tag`` with ``w:``-qualified attributes and the given children."""
    element = etree.Element(qn(tag), nsmap=NSMAP)
    if attrs:
        for key, value in attrs.items():
            element.set(qn(key) if ":" in key else qn(f"w:{key}"), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def val(tag: str, value: str | int) -> Element:
    """Return ``<tag w:val="value"/>``."""
    return el(tag, {"val": value})


# --- run properties -------------------------------------------------------------------------


@dataclass(frozen=True)
class RunFormat:
    """Direct run formatting; None leaves the style's value."""

    style: str | None = None
    font: str | None = None
    color: str | None = None
    spacing: int | None = None
    scale: int | None = None
    size_half_points: int | None = None
    bold: bool = False
    position_half_points: int | None = None  # raised (+) or lowered (-) from the baseline
    # the run's East Asian language: "zxx" (no language) for a date, number, 文号 or code that
    # must not break — LibreOffice's zh-CN line breaking ignores U+2060 between a digit and 月
    # (「2025年7|月4日」) and U+200B after 年, its breaking without a language honours both (measured)
    east_asian_language: str | None = None


def fonts(name: str) -> Element:
    """Return ``w:rFonts`` naming ``name`` for every script, with the East Asian hint.

    No theme attributes: a ``w:asciiTheme`` would win over the name (黑体 turns into 等线).
    """
    return el("w:rFonts", {"ascii": name, "hAnsi": name, "eastAsia": name, "cs": name, "hint": "eastAsia"})


def run_properties(fmt: RunFormat) -> Element | None:
    """Return ``w:rPr`` for ``fmt`` in schema order, or None when there is nothing to say."""
    children: list[Element] = []
    if fmt.style:
        children.append(val("w:rStyle", fmt.style))
    if fmt.font:
        children.append(fonts(fmt.font))
    if fmt.bold:
        children += [el("w:b"), el("w:bCs")]
    if fmt.color:
        children.append(val("w:color", fmt.color))
    if fmt.spacing is not None:
        children.append(val("w:spacing", fmt.spacing))
    if fmt.scale is not None and fmt.scale != 100:
        children.append(val("w:w", fmt.scale))
    if fmt.position_half_points:
        children.append(val("w:position", fmt.position_half_points))
    if fmt.size_half_points is not None:
        children += [val("w:sz", fmt.size_half_points), val("w:szCs", fmt.size_half_points)]
    if fmt.east_asian_language:
        children.append(el("w:lang", {"w:eastAsia": fmt.east_asian_language}))
    return el("w:rPr", None, *children) if children else None


def text_run(text: str, fmt: RunFormat | None = None) -> Element:
    """Return a run holding ``text``; tabs and line breaks become ``w:tab`` and ``w:br``."""
    run = el("w:r", None, run_properties(fmt) if fmt else None)
    pieces = text.replace("\r\n", "\n").split("\n")
    for line_index, line in enumerate(pieces):
        if line_index:
            run.append(el("w:br"))
        for tab_index, part in enumerate(line.split("\t")):
            if tab_index:
                run.append(el("w:tab"))
            if part:
                t = el("w:t")
                t.text = part
                if part != part.strip():
                    t.set(XML_SPACE, "preserve")
                run.append(t)
    return run


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


def add_override_content_type(types_xml: bytes, part: str, content_type: str) -> bytes:
    """Return [Content_Types].xml declaring the part ``part`` (unchanged if it is declared already)."""
    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    root = etree.fromstring(types_xml)
    if any(node.get("PartName") == part for node in root.iter(f"{{{ns}}}Override")):
        return types_xml
    etree.SubElement(root, f"{{{ns}}}Override", PartName=part, ContentType=content_type)
    return serialize(root)


def page_break_run() -> Element:
    """Return a run holding a page break."""
    return el("w:r", None, el("w:br", {"type": "page"}))


def field_runs(instruction: str, cached: str, fmt: RunFormat | None = None) -> list[Element]:
    """Return the runs of a complex field (e.g. PAGE) with a cached result, so Word shows no repair dialog."""

    def char(kind: str) -> Element:
        return el("w:r", None, run_properties(fmt) if fmt else None, el("w:fldChar", {"fldCharType": kind}))

    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set(XML_SPACE, "preserve")
    return [
        char("begin"),
        el("w:r", None, run_properties(fmt) if fmt else None, instr),
        char("separate"),
        text_run(cached, fmt),
        char("end"),
    ]


# --- paragraph properties --------------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    """A tab stop: ``kind`` is left, right or center; ``pos`` in twips from the left indent origin."""

    pos: int
    kind: str = "left"


@dataclass(frozen=True)
class Border:
    """A paragraph or cell border line: width in eighths of a point, space in points."""

    size: int
    color: str = "000000"
    space: int = 0


@dataclass(frozen=True)
class ParagraphFormat:
    """Direct paragraph formatting; None leaves the style's value."""

    style: str | None = None
    keep_next: bool = False
    page_break_before: bool = False
    bottom_border: Border | None = None
    tabs: tuple[Tab, ...] = ()
    snap_to_grid: bool | None = None
    before: int | None = None
    line: int | None = None
    left: int | None = None
    right: int | None = None
    first_line: int | None = None
    hanging: int | None = None
    align: str | None = None
    text_center: bool = False  # w:textAlignment center: text centred on a taller picture in its line


def paragraph_properties(fmt: ParagraphFormat, section: Element | None = None) -> Element | None:
    """Return ``w:pPr`` for ``fmt`` in schema order (a ``w:sectPr`` goes last), or None."""
    children: list[Element] = []
    if fmt.style:
        children.append(val("w:pStyle", fmt.style))
    if fmt.keep_next:
        children.append(el("w:keepNext"))
    if fmt.page_break_before:
        children.append(el("w:pageBreakBefore"))
    if fmt.bottom_border:
        b = fmt.bottom_border
        children.append(
            el(
                "w:pBdr",
                None,
                el("w:bottom", {"val": "single", "sz": b.size, "space": b.space, "color": b.color}),
            )
        )
    if fmt.tabs:
        children.append(el("w:tabs", None, *(el("w:tab", {"val": t.kind, "pos": t.pos}) for t in fmt.tabs)))
    if fmt.snap_to_grid is not None:
        children.append(val("w:snapToGrid", int(fmt.snap_to_grid)))
    if fmt.before is not None or fmt.line is not None:
        spacing: dict[str, str | int] = {}
        if fmt.before is not None:
            spacing["before"] = fmt.before
        if fmt.line is not None:
            # a negative line asks for automatic spacing of that many 240ths (pictures must not be clipped)
            spacing.update(line=fmt.line, lineRule="exact") if fmt.line > 0 else spacing.update(
                line=-fmt.line, lineRule="auto"
            )
        children.append(el("w:spacing", spacing))
    if any(v is not None for v in (fmt.left, fmt.right, fmt.first_line, fmt.hanging)):
        ind: dict[str, str | int] = {}
        if fmt.left is not None:
            ind["left"] = fmt.left
        if fmt.right is not None:
            ind["right"] = fmt.right
        if fmt.hanging is not None:
            ind["hanging"] = fmt.hanging
        elif fmt.first_line is not None:
            ind["firstLine"] = fmt.first_line
        children.append(el("w:ind", ind))
    if fmt.align:
        children.append(val("w:jc", fmt.align))
    if fmt.text_center:
        children.append(val("w:textAlignment", "center"))
    if section is not None:
        children.append(section)
    return el("w:pPr", None, *children) if children else None


def paragraph(fmt: ParagraphFormat, runs: Iterable[Element] = (), section: Element | None = None) -> Element:
    """Return a ``w:p`` with its properties and runs."""
    p = el("w:p", None, paragraph_properties(fmt, section))
    for run in runs:
        p.append(run)
    return p


# --- tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FloatAtBottom:
    """Float a table at the bottom of the type area (7.4.1: the last rule on the 版心 bottom).

    LibreOffice 7.4 imports a full-width floating table as a frame only when it is positioned
    horizontally against the page, so the x position is given from the paper's left edge;
    Word reads the same markup as a table floating at the bottom margin.
    """

    x_from_page: int


def table(
    widths: Sequence[int],
    rows: Iterable[Element],
    *,
    borders: dict[str, Border] | None = None,
    floating: FloatAtBottom | None = None,
    cell_margin: int = 57,
) -> Element:
    """Return a fixed-layout ``w:tbl`` with the given column widths (twips) and rows."""
    tbl_pr = el("w:tblPr")
    if floating:
        tbl_pr.append(
            el(
                "w:tblpPr",
                {
                    "leftFromText": 0,
                    "rightFromText": 0,
                    "topFromText": 0,
                    "bottomFromText": 0,
                    "vertAnchor": "margin",
                    "horzAnchor": "page",
                    "tblpX": floating.x_from_page,
                    "tblpYSpec": "bottom",
                },
            )
        )
        tbl_pr.append(val("w:tblOverlap", "never"))
    tbl_pr.append(el("w:tblW", {"w": sum(widths), "type": "dxa"}))
    if not floating:
        tbl_pr.append(val("w:jc", "center"))
    if borders is not None:
        tbl_pr.append(_border_set("w:tblBorders", borders))
    tbl_pr.append(el("w:tblLayout", {"type": "fixed"}))
    tbl_pr.append(
        el(
            "w:tblCellMar",
            None,
            el("w:top", {"w": 0, "type": "dxa"}),
            el("w:left", {"w": cell_margin, "type": "dxa"}),
            el("w:bottom", {"w": 0, "type": "dxa"}),
            el("w:right", {"w": cell_margin, "type": "dxa"}),
        )
    )
    grid = el("w:tblGrid", None, *(el("w:gridCol", {"w": w}) for w in widths))
    tbl = el("w:tbl", None, tbl_pr, grid)
    for row in rows:
        tbl.append(row)
    return tbl


def _border_set(tag: str, borders: dict[str, Border]) -> Element:
    order = ("top", "left", "bottom", "right", "insideH", "insideV")
    children = []
    for side in order:
        if side in borders:
            b = borders[side]
            if b.size == 0:
                children.append(el(f"w:{side}", {"val": "nil"}))
            else:
                children.append(
                    el(f"w:{side}", {"val": "single", "sz": b.size, "space": 0, "color": b.color})
                )
    return el(tag, None, *children)


def table_row(
    cells: Iterable[Element], *, header: bool = False, cant_split: bool = True, min_height: int = 0
) -> Element:
    """Return a ``w:tr``; header rows repeat on every page, rows do not split, ``min_height`` in twips."""
    props: list[Element] = []
    if cant_split:
        props.append(el("w:cantSplit"))
    if min_height:
        props.append(el("w:trHeight", {"val": min_height, "hRule": "atLeast"}))
    if header:
        props.append(el("w:tblHeader"))
    return el("w:tr", None, el("w:trPr", None, *props) if props else None, *cells)


def table_cell(
    width: int,
    paragraphs: Iterable[Element],
    *,
    borders: dict[str, Border] | None = None,
    v_center: bool = True,
) -> Element:
    """Return a ``w:tc`` of ``width`` twips holding the paragraphs (at least one)."""
    tc_pr = el("w:tcPr", None, el("w:tcW", {"w": width, "type": "dxa"}))
    if borders:
        tc_pr.append(_border_set("w:tcBorders", borders))
    if v_center:
        tc_pr.append(val("w:vAlign", "center"))
    tc = el("w:tc", None, tc_pr)
    count = 0
    for p in paragraphs:
        tc.append(p)
        count += 1
    if not count:
        tc.append(el("w:p"))
    return tc


# --- sections and the document ---------------------------------------------------------------


@dataclass(frozen=True)
class PageSetup:
    """Page size, margins and line grid of a section, in twips."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    header: int
    footer: int
    line_pitch: int


def section_properties(setup: PageSetup, footers: dict[str, str], *, new_page: bool = True) -> Element:
    """Return a ``w:sectPr``: footers by type (default/even/first -> relationship id), page setup, line grid.

    The grid is ``lines`` only: LibreOffice 7.4 turns Word's ``linesAndChars`` into 14 characters
    per line (gbt9704.md §1.7); the 28 characters come from run spacing in the styles instead.
    """
    sect = el("w:sectPr")
    for kind in ("default", "even", "first"):
        if kind in footers:
            sect.append(el("w:footerReference", {"type": kind, "r:id": footers[kind]}))
    sect.append(val("w:type", "nextPage" if new_page else "continuous"))
    size: dict[str, str | int] = {"w": setup.width, "h": setup.height}
    if setup.width > setup.height:
        size["orient"] = "landscape"
    sect.append(el("w:pgSz", size))
    sect.append(
        el(
            "w:pgMar",
            {
                "top": setup.top,
                "right": setup.right,
                "bottom": setup.bottom,
                "left": setup.left,
                "header": setup.header,
                "footer": setup.footer,
                "gutter": 0,
            },
        )
    )
    sect.append(el("w:cols", {"space": 425}))
    if "first" in footers:
        sect.append(el("w:titlePg"))  # the first page has its own footer (a 信函's: none, 10.1)
    sect.append(el("w:docGrid", {"type": "lines", "linePitch": setup.line_pitch}))
    return sect


def document(body_children: Iterable[Element]) -> Element:
    """Return ``w:document`` whose body holds the given children (the last one a ``w:sectPr``)."""
    body = el("w:body")
    for child in body_children:
        body.append(child)
    return el("w:document", None, body)


def footer(paragraphs: Iterable[Element]) -> Element:
    """Return a ``w:ftr`` part root."""
    return el("w:ftr", None, *paragraphs)


def add_relationship(rels_xml: bytes, rel_id: str, rel_type: str, target: str) -> bytes:
    """Return a relationships part with one more relationship."""
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    root = etree.fromstring(rels_xml)
    etree.SubElement(root, f"{{{ns}}}Relationship", Id=rel_id, Type=rel_type, Target=target)
    return serialize(root)


def add_default_content_type(types_xml: bytes, extension: str, content_type: str) -> bytes:
    """Return [Content_Types].xml declaring ``extension`` (unchanged if it is declared already)."""
    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    root = etree.fromstring(types_xml)
    if any(node.get("Extension") == extension for node in root.iter(f"{{{ns}}}Default")):
        return types_xml
    node = etree.Element(f"{{{ns}}}Default", Extension=extension, ContentType=content_type)
    root.insert(0, node)
    return serialize(root)


def serialize(root: Element) -> bytes:
    """Return a part's XML with declaration, UTF-8, namespaces declared on the root."""
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


# --- styles and settings ---------------------------------------------------------------------


@dataclass(frozen=True)
class StyleDef:
    """One style of the template: id, display name, kind, base, and its formatting."""

    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = None
    paragraph: ParagraphFormat | None = None
    run: RunFormat | None = None
    outline_level: int | None = None
    default: bool = False


def style(defn: StyleDef) -> Element:
    """Return a ``w:style`` element in schema order."""
    attrs: dict[str, str | int] = {"type": defn.kind, "styleId": defn.style_id}
    if defn.default:
        attrs["default"] = 1
    s = el("w:style", attrs, val("w:name", defn.name))
    if defn.based_on:
        s.append(val("w:basedOn", defn.based_on))
    s.append(el("w:qFormat"))
    if defn.paragraph is not None or defn.outline_level is not None:
        ppr = paragraph_properties(defn.paragraph or ParagraphFormat())
        if ppr is None:
            ppr = el("w:pPr")
        if defn.outline_level is not None:
            ppr.append(val("w:outlineLvl", defn.outline_level))
        s.append(ppr)
    if defn.run is not None:
        rpr = run_properties(defn.run)
        if rpr is not None:
            s.append(rpr)
    return s


def styles(default_font: str, default_half_points: int, line: int, defs: Sequence[StyleDef]) -> Element:
    """Return ``w:styles``: document defaults (font, size, exact line, zh-CN language) and the styles.

    ``w:lang w:eastAsia="zh-CN"`` makes Word and LibreOffice pick Chinese glyph forms in CJK fonts.
    ``w:widowControl w:val="0"``: the 22-line grid is filled to the last line, as the standard asks.
    ``w:autoSpaceDE/DN w:val="0"``: no extra space between Chinese and Latin letters or digits
    (both renderers add about a quarter character otherwise, which breaks the 28-character grid).
    ``w:overflowPunct w:val="1"``: LibreOffice 7.4 then keeps full-width punctuation inside the
    line (measured: with 0 it lets "，" hang to 189-190 mm, past the type area, as gbt9704.md §1.7
    found).  Word reads 1 as its default "allow punctuation to overflow", so in Word a closing
    mark may hang where LibreOffice carries a character over to the next line.
    """
    rpr_default = el(
        "w:rPrDefault",
        None,
        el(
            "w:rPr",
            None,
            fonts(default_font),
            val("w:kern", 2),
            val("w:sz", default_half_points),
            val("w:szCs", default_half_points),
            el("w:lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"}),
        ),
    )
    ppr_default = el(
        "w:pPrDefault",
        None,
        el(
            "w:pPr",
            None,
            val("w:widowControl", 0),
            val("w:overflowPunct", 1),
            val("w:autoSpaceDE", 0),
            val("w:autoSpaceDN", 0),
            el("w:spacing", {"before": 0, "after": 0, "line": line, "lineRule": "exact"}),
        ),
    )
    root = el("w:styles", None, el("w:docDefaults", None, rpr_default, ppr_default))
    for defn in defs:
        root.append(style(defn))
    return root


def settings() -> Element:
    """Return ``w:settings``: odd and even footers (7.5), no punctuation compression, zh-CN."""
    return el(
        "w:settings",
        None,
        el("w:zoom", {"percent": 100}),
        val("w:defaultTabStop", 420),
        el("w:evenAndOddHeaders"),
        val("w:characterSpacingControl", "doNotCompress"),
        el(
            "w:compat",
            None,
            el(
                "w:compatSetting",
                {
                    "name": "compatibilityMode",
                    "uri": "http://schemas.microsoft.com/office/word",
                    "val": 15,
                },
            ),
        ),
        el("w:themeFontLang", {"val": "en-US", "eastAsia": "zh-CN"}),
        val("w:decimalSymbol", "."),
        val("w:listSeparator", ","),
    )


def font_table(names: Sequence[str]) -> Element:
    """Return ``w:fonts`` declaring the standard's font names with the GB2312 charset."""
    root = el("w:fonts")
    for name in names:
        root.append(
            el(
                "w:font",
                {"name": name},
                val("w:charset", "86"),
                val("w:family", "auto"),
                val("w:pitch", "variable"),
            )
        )
    return root
