"""Sections and package parts: section properties, document, footers, relationships, content types, styles, settings, fonts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from docgen.emit.docx.xml.base import Element, el, part_root, qn, serialize, val
from docgen.emit.docx.xml.blocks import ParagraphFormat, paragraph_properties
from docgen.emit.docx.xml.runs import RunFormat, fonts, run_properties


@dataclass(frozen=True)
class PageSetup:
    """Page size, margins and line grid of a section, in twips (``line_grid``: lines snap to the grid)."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    header: int
    footer: int
    line_pitch: int
    line_grid: bool = True


def section_properties(setup: PageSetup, footers: dict[str, str], *, new_page: bool = True) -> Element:
    """Return a ``w:sectPr``: footers by type (default/even/first -> relationship id), page setup, line grid.

    The grid is ``lines`` only: LibreOffice 7.4 turns Word's ``linesAndChars`` into 14 characters
    per line (gbt9704.md §1.7); the 28 characters come from run spacing in the styles instead.
    Without ``line_grid`` the type is left out (no grid): LibreOffice shortens a gridded body to
    whole grid lines, which a page whose height is not a whole number of lines cannot spare.
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
    grid: dict[str, str | int] = {"type": "lines"} if setup.line_grid else {}
    sect.append(el("w:docGrid", {**grid, "linePitch": setup.line_pitch}))
    return sect


def document(body_children: Iterable[Element]) -> Element:
    """Return ``w:document`` whose body holds the given children (the last one a ``w:sectPr``)."""
    body = el("w:body")
    for child in body_children:
        body.append(child)
    return part_root("w:document", None, body)


def footer(paragraphs: Iterable[Element]) -> Element:
    """Return a ``w:ftr`` part root."""
    return part_root("w:ftr", None, *paragraphs)


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
    root = part_root("w:styles", None, el("w:docDefaults", None, rpr_default, ppr_default))
    for defn in defs:
        root.append(style(defn))
    return root


def settings() -> Element:
    """Return ``w:settings``: odd and even footers (7.5), no punctuation compression, lines ending
    in a manual break not justified, zh-CN."""
    return part_root(
        "w:settings",
        None,
        el("w:zoom", {"percent": 100}),
        val("w:defaultTabStop", 420),
        el("w:evenAndOddHeaders"),
        val("w:characterSpacingControl", "doNotCompress"),
        el(
            "w:compat",
            None,
            # a line ending in a manual break stays unjustified (LibreOffice:
            # DoNotJustifyLinesWithManualBreak): a body line left short before a URL or an e-mail
            # address (layout/short_lines.py)
            el("w:doNotExpandShiftReturn"),
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


# w:compat's children before w:doNotExpandShiftReturn (ECMA-376 §17.15.3, CT_Compat's sequence)
_COMPAT_BEFORE = {
    qn(f"w:{name}")
    for name in (
        "useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd", "noLeading",
        "spaceForUL", "noColumnBalance", "balanceSingleByteDoubleByteWidth", "noExtraLineSpacing",
        "doNotLeaveBackslashAlone", "ulTrailSpace",
    )
}  # fmt: skip


def with_short_lines_kept(settings_xml: bytes) -> bytes:
    """Return a template's settings part with ``w:doNotExpandShiftReturn`` in its ``w:compat`` (a
    line ending in a manual break left unjustified: layout/short_lines.py); unchanged when it has it
    or has no ``w:compat`` (Word's defaults then: such a line is justified as before)."""
    root = etree.fromstring(settings_xml)
    compat = root.find(qn("w:compat"))
    if compat is None or compat.find(qn("w:doNotExpandShiftReturn")) is not None:
        return settings_xml
    at = max((i + 1 for i, child in enumerate(compat) if child.tag in _COMPAT_BEFORE), default=0)
    compat.insert(at, el("w:doNotExpandShiftReturn"))
    return serialize(root)


def font_table(names: Sequence[str]) -> Element:
    """Return ``w:fonts`` declaring the standard's font names with the GB2312 charset."""
    root = part_root("w:fonts")
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
