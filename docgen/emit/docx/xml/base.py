"""Namespaces and the element helpers every part of the XML module uses."""

from __future__ import annotations

from functools import cache

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


@cache  # a few hundred tags and attributes, asked for hundreds of times per document
def qn(tag: str) -> str:
    """Return the Clark name of ``w:tag`` or ``r:tag``."""
    prefix, local = tag.split(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def el(tag: str, attrs: dict[str, str | int] | None = None, *children: Element | None) -> Element:
    """Return a new element ``tag`` with ``w:``-qualified attributes and the given children.

    Its namespaces are declared on it only until it is put in a part (``part_root``): lxml then
    drops the declarations its new parent already makes (a part's XML declares them once, on its
    root).  Declaring ``NSMAP`` on every element instead took a third of the .docx emission.
    """
    element = etree.Element(qn(tag))
    _fill(element, attrs, children)
    return element


def part_root(tag: str, attrs: dict[str, str | int] | None = None, *children: Element | None) -> Element:
    """Return the root element of a part (``w:document``, ``w:ftr``, …), declaring ``w:`` and ``r:``."""
    element = etree.Element(qn(tag), nsmap=NSMAP)
    _fill(element, attrs, children)
    return element


def _fill(element: Element, attrs: dict[str, str | int] | None, children: tuple[Element | None, ...]) -> None:
    if attrs:
        for key, value in attrs.items():
            element.set(qn(key) if ":" in key else qn(f"w:{key}"), str(value))
    for child in children:
        if child is not None:
            element.append(child)


def val(tag: str, value: str | int) -> Element:
    """Return ``<tag w:val="value"/>``."""
    return el(tag, {"val": value})


# a part a user gave (a form, a .docx taken as it is): no entities resolved, nothing fetched
_GIVEN = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def parse_given(xml: bytes) -> Element:
    """Return the root of a part a user gave, parsed with no entities resolved and nothing fetched."""
    return etree.fromstring(xml, _GIVEN)


# --- run properties -------------------------------------------------------------------------


def serialize(root: Element) -> bytes:
    """Return a part's XML with declaration, UTF-8, namespaces declared on the root."""
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out
