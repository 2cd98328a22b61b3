"""The WordprocessingML of copying an office's own 版头 into a document (issue 19 c).

Small functions over lxml elements: find docgen's 版头 in a body by its styles, take a template's
first body elements, fill the 发文字号 placeholder across runs, move a paragraph's borders, renumber
drawings, remap relationship ids, mark the copied 版头 with a hidden bookmark, give the first page
its own header.  ``docgen.emit.docx.office_header`` decides what goes where.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from docgen.emit.docx.xml.base import R_NS, WP_NS, XML_SPACE, Element, el, parse_given, qn

HEAD_STYLES = ("GwHeadItem", "GwMark", "GwNumber")  # the template's styles of 7.2's elements
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_BLOCKS = (qn("w:p"), qn("w:tbl"))
_DRAWN = (qn("w:drawing"), qn("w:pict"), qn("w:object"))


def body_of(root: Element) -> Element:
    """Return the ``w:body`` of a ``w:document``."""
    body = root.find(qn("w:body"))
    assert body is not None, "a document has a body"
    return body


def is_paragraph(element: Element) -> bool:
    """Return whether ``element`` is a paragraph (``w:p``)."""
    return bool(element.tag == qn("w:p"))


def blocks(body: Element) -> list[Element]:
    """Return the body's paragraphs and tables in order."""
    return [child for child in body if child.tag in _BLOCKS]


def style_of(paragraph: Element) -> str | None:
    """Return a paragraph's style id."""
    node = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if node is None else node.get(qn("w:val"))


def docgen_head(body: Element) -> list[Element]:
    """Return docgen's 版头 at the top of ``body``: 份号/密级/紧急, the mark (a table for joint marks),
    the 发文字号 and 签发人 lines."""
    head: list[Element] = []
    for child in blocks(body):
        joint_mark = child.tag == qn("w:tbl") and bool(head) and style_of(head[-1]) == "GwMark"
        if joint_mark or (child.tag == qn("w:p") and style_of(child) in HEAD_STYLES):
            head.append(child)
        else:
            break
    return head


def own_texts(paragraph: Element) -> list[Element]:
    """Return the ``w:t`` of the paragraph itself (not of paragraphs in its text boxes)."""
    found = []
    for node in paragraph.iter(qn("w:t")):
        owner = node.getparent()
        while owner is not None and owner.tag != qn("w:p"):
            owner = owner.getparent()
        if owner is paragraph:
            found.append(node)
    return found


def text_of(element: Element) -> str:
    """Return all the text an element holds (its text boxes' too)."""
    return "".join(node.text or "" for node in element.iter(qn("w:t")))


def is_blank(element: Element) -> bool:
    """Return whether an element is an empty paragraph: no text, nothing drawn."""
    if element.tag != qn("w:p") or any(True for _n in element.iter(*_DRAWN)):
        return False
    return not text_of(element).strip()


def fill(element: Element, slot: re.Pattern[str], text: str) -> int:
    """Replace the first match of ``slot`` in each paragraph of ``element`` (its text boxes' and their
    VML copies' too) by ``text``, across runs: the match's first run takes the text and keeps its
    formatting; return how many were filled."""
    filled = 0
    for paragraph in element.iter(qn("w:p")):
        nodes = own_texts(paragraph)
        joined = "".join(node.text or "" for node in nodes)
        found = slot.search(joined)
        if found is None:
            continue
        start, end, offset, placed = found.start(), found.end(), 0, False
        for node in nodes:
            value = node.text or ""
            lo, hi = max(start - offset, 0), min(end - offset, len(value))
            offset += len(value)
            if lo >= hi:
                continue
            node.text = value[:lo] + ("" if placed else text) + value[hi:]
            node.set(XML_SPACE, "preserve")
            placed = True
        filled += 1
    return filled


def bottom_border(paragraph: Element) -> Element | None:
    """Return a paragraph's own ``w:pBdr/w:bottom``."""
    return paragraph.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")


def take_bottom_border(paragraph: Element) -> Element | None:
    """Remove a paragraph's own bottom border and return it."""
    node = bottom_border(paragraph)
    if node is None:
        return None
    _detach(node)
    borders = paragraph.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
    if borders is not None and len(borders) == 0:
        _detach(borders)
    return node


def _detach(node: Element) -> None:
    parent = node.getparent()
    if parent is not None:
        parent.remove(node)


def put_bottom_border(paragraph: Element, border: Element) -> None:
    """Give a paragraph ``border`` as its bottom border (replacing its own)."""
    take_bottom_border(paragraph)
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        paragraph.insert(0, ppr)
    borders = ppr.find(qn("w:pBdr"))
    if (
        borders is None
    ):  # CT_PPrBase order: pStyle … pageBreakBefore, framePr, widowControl, numPr, suppressLineNumbers, pBdr
        borders = el("w:pBdr")
        after = (
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
        )
        position = sum(1 for child in ppr if child.tag in {qn(t) for t in after})
        ppr.insert(position, borders)
    order = [qn(f"w:{side}") for side in ("top", "left", "bottom", "right", "between", "bar")]
    position = sum(
        1 for child in borders if child.tag in order and order.index(child.tag) < order.index(qn("w:bottom"))
    )
    borders.insert(position, copy.deepcopy(border))


def space_before(paragraph: Element) -> str:
    """Return a paragraph's own spacing before (twips, "0" when it has none)."""
    node = paragraph.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    return "0" if node is None else node.get(qn("w:before"), "0")


def set_space_before(paragraph: Element, twips: str) -> None:
    """Give a paragraph ``twips`` of spacing before (in its own ``w:spacing``, which it has)."""
    node = paragraph.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    if node is not None:
        node.set(qn("w:before"), twips)
        for automatic in ("w:beforeLines", "w:beforeAutospacing"):
            if qn(automatic) in node.attrib:
                del node.attrib[qn(automatic)]


def without_section(element: Element) -> Element:
    """Return a copy of a template's body element without a section break (its ``w:sectPr``)."""
    copied = copy.deepcopy(element)
    for node in list(copied.iter(qn("w:sectPr"))):
        _detach(node)
    return copied


def relationship_ids(element: Element) -> Iterator[tuple[Element, str, str]]:
    """Yield (node, attribute, relationship id) for every ``r:`` attribute in ``element``."""
    for node in element.iter():
        for attribute, value in node.attrib.items():
            if str(attribute).startswith(f"{{{R_NS}}}"):
                yield node, str(attribute), str(value)


def renumber_drawings(elements: list[Element], start: int) -> int:
    """Give the drawings' ``wp:docPr`` ids from ``start`` on (unique in the document); return the next."""
    for element in elements:
        for node in element.iter(f"{{{WP_NS}}}docPr"):
            node.set("id", str(start))
            start += 1
    return start


def bookmark(name: str, number: int) -> tuple[Element, Element]:
    """Return a hidden bookmark's start and end (a name from _ is hidden in Word's list)."""
    return el("w:bookmarkStart", {"id": number, "name": name}), el("w:bookmarkEnd", {"id": number})


def has_bookmark(document_xml: bytes, name: str) -> bool:
    """Return whether a ``word/document.xml`` holds a bookmark named ``name`` (False when it is not
    well-formed XML: LibreOffice may have read it leniently)."""
    try:
        root = parse_given(document_xml)
    except etree.XMLSyntaxError:
        return False
    return any(node.get(qn("w:name")) == name for node in root.iter(qn("w:bookmarkStart")))


def replace_head(body: Element, head: list[Element], new: list[Element]) -> None:
    """Put ``new`` where ``head`` (the body's first elements) was."""
    at = body.index(head[0]) if head else 0
    for element in head:
        body.remove(element)
    for offset, element in enumerate(new):
        body.insert(at + offset, element)


def with_namespaces(root: Element, template_root: Element) -> Element:
    """Return ``root`` re-rooted so that the template's namespace prefixes are declared at the top
    (markup compatibility's Requires="wps" names a prefix that must be in scope), and its ignorable ones."""
    nsmap: dict[str, str] = {k: v for k, v in template_root.nsmap.items() if k}
    nsmap.update({k: v for k, v in root.nsmap.items() if k})
    new = etree.Element(root.tag, nsmap=nsmap)
    ignorable = template_root.get(f"{{{MC_NS}}}Ignorable")
    if ignorable:
        known = [prefix for prefix in ignorable.split() if prefix in nsmap]
        if known:
            new.set(f"{{{MC_NS}}}Ignorable", " ".join(known))
    for child in list(root):
        new.append(child)
    return new


def first_page_header(section: Element, header_rel: str, odd_footer_rel: str) -> None:
    """Give a section's first page the header ``header_rel`` and the odd pages' footer (7.5: page 1 is numbered)."""
    for node in section.findall(qn("w:headerReference")):
        if node.get(qn("w:type")) == "first":
            section.remove(node)
    section.insert(0, el("w:headerReference", {"type": "first", "r:id": header_rel}))
    if not any(node.get(qn("w:type")) == "first" for node in section.findall(qn("w:footerReference"))):
        section.insert(1, el("w:footerReference", {"type": "first", "r:id": odd_footer_rel}))
    if section.find(qn("w:titlePg")) is None:
        later = [
            qn(t) for t in ("w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings")
        ]
        position = next((i for i, child in enumerate(section) if child.tag in later), len(section))
        section.insert(position, el("w:titlePg"))


def first_section(body: Element) -> Element:
    """Return the ``w:sectPr`` of the document's first section."""
    for child in body:
        if child.tag == qn("w:p"):
            node = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if node is not None:
                return node
    node = body.find(qn("w:sectPr"))
    assert node is not None, "a body ends with its section's properties"
    return node


def header_reference(section: Element, kind: str) -> str | None:
    """Return the relationship id of a section's header of ``kind`` (default, first, even)."""
    for node in section.findall(qn("w:headerReference")):
        if node.get(qn("w:type")) == kind:
            return node.get(qn("r:id"))
    return None


def footer_reference(section: Element, kind: str) -> str | None:
    """Return the relationship id of a section's footer of ``kind``."""
    for node in section.findall(qn("w:footerReference")):
        if node.get(qn("w:type")) == kind:
            return node.get(qn("r:id"))
    return None


def has_first_page(section: Element) -> bool:
    """Return whether a section's first page has its own header and footer (``w:titlePg``)."""
    node = section.find(qn("w:titlePg"))
    return node is not None and node.get(qn("w:val")) not in ("0", "false")


PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"


def empty_relationships() -> bytes:
    """Return a relationships part with none in it."""
    root = etree.Element(f"{{{PACKAGE_RELS_NS}}}Relationships", nsmap={None: PACKAGE_RELS_NS})  # type: ignore[dict-item]
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def relationships(rels_xml: bytes) -> dict[str, tuple[str, str, str]]:
    """Return a relationships part as id -> (type, target, target mode)."""
    root = etree.fromstring(rels_xml)
    return {
        node.get("Id", ""): (node.get("Type", ""), node.get("Target", ""), node.get("TargetMode", "Internal"))
        for node in root.iter(f"{{{PACKAGE_RELS_NS}}}Relationship")
    }


def content_type(types_xml: bytes, part: str) -> str | None:
    """Return the content type [Content_Types].xml gives ``part`` (/word/media/image1.png)."""
    root = etree.fromstring(types_xml)
    for node in root.iter(f"{{{CONTENT_TYPES_NS}}}Override"):
        if node.get("PartName", "").lower() == part.lower():
            return node.get("ContentType")
    extension = part.rsplit(".", 1)[-1].lower()
    for node in root.iter(f"{{{CONTENT_TYPES_NS}}}Default"):
        if node.get("Extension", "").lower() == extension:
            return node.get("ContentType")
    return None


def header_distance(section: Element) -> str | None:
    """Return a section's distance from the paper's top to its header (twips)."""
    margins = section.find(qn("w:pgMar"))
    return None if margins is None else margins.get(qn("w:header"))


def set_header_distance(section: Element, twips: str) -> None:
    """Set a section's distance from the paper's top to its header."""
    margins = section.find(qn("w:pgMar"))
    if margins is not None:
        margins.set(qn("w:header"), twips)
