"""Read a .docx back with python-docx and resolve each paragraph's and run's effective formatting.

python-docx gives direct and per-style values; a value not set on the run is looked up in its
character style, then the paragraph's style chain (or the default paragraph style), then the
document defaults, as Word does.  Works on documents from any tool, not only ours.
"""

from __future__ import annotations

import io
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from docgen.check.docx_lists import ListNumbers


def load(data: bytes) -> DocxDocument:
    """Open .docx bytes with python-docx."""
    return open_docx(io.BytesIO(data))


def _style_chain(doc: DocxDocument, style_id: str | None) -> list[Any]:
    chain = []
    styles = doc.styles.element
    seen: set[str] = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        found = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if found is None:
            break
        chain.append(found)
        based = found.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return chain


def style_line(doc: DocxDocument, style_id: str | None) -> tuple[int | None, str | None]:
    """Return the line spacing (twentieths of a point) and its rule that paragraph style
    ``style_id`` gives, through the styles it is based on and the document defaults; (None, None)
    when none says."""
    containers = [style.find(qn("w:pPr")) for style in _style_chain(doc, style_id)]
    for container in [*containers, _defaults(doc, "p")]:
        spacing = container.find(qn("w:spacing")) if container is not None else None
        if spacing is not None and spacing.get(qn("w:line")):
            return int(str(spacing.get(qn("w:line")))), spacing.get(qn("w:lineRule"))
    return None, None


def _default_style_id(doc: DocxDocument, kind: str) -> str | None:
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == kind and style.get(qn("w:default")) in ("1", "true"):
            value = style.get(qn("w:styleId"))
            return str(value) if value is not None else None
    return None


def _defaults(doc: DocxDocument, kind: str) -> Any:
    node = doc.styles.element.find(qn("w:docDefaults"))
    if node is None:
        return None
    return node.find(f"{qn(f'w:{kind}PrDefault')}/{qn(f'w:{kind}Pr')}")


def _first(containers: list[Any], path: str, attr: str) -> str | None:
    for container in containers:
        if container is None:
            continue
        found = container.find(path)
        if found is not None and found.get(qn(attr)) is not None:
            return str(found.get(qn(attr)))
    return None


def _child_val(node: Any, tag: str) -> str | None:
    if node is None:
        return None
    child = node.find(qn(tag))
    if child is None:
        return None
    value = child.get(qn("w:val"))
    return str(value) if value is not None else None


OFF = ("0", "false", "off")  # ECMA-376 ST_OnOff's off values (17.18.57)


def is_on(node: Any) -> bool:
    """Return whether an on/off property element (w:b, w:titlePg, w:pageBreakBefore) is on: absent
    off, present on unless its w:val is 0, false or off."""
    return node is not None and (node.get(qn("w:val")) or "true").lower() not in OFF


def _toggle(chain: list[Any], tag: str) -> bool:
    """Return a toggle property (w:b) as the nearest container sets it: on unless w:val says off."""
    for container in chain:
        node = container.find(qn(tag)) if container is not None else None
        if node is not None:
            return is_on(node)
    return False


@dataclass(frozen=True)
class RunLook:
    """The effective formatting of one run."""

    text: str
    east_asia_font: str | None
    ascii_font: str | None
    size_pt: float | None
    color: str | None
    spacing_twentieths: int | None
    scale: int | None
    lang_east_asia: str | None
    bold: bool = False


@dataclass(frozen=True)
class ParagraphLook:
    """The effective formatting of one paragraph and its runs."""

    text: str
    style_id: str | None
    align: str | None
    first_line: int | None
    hanging: int | None
    left: int | None
    right: int | None
    before: int | None
    line: int | None
    line_rule: str | None
    page_break_before: bool
    bottom_border: dict[str, str] | None
    runs: list[RunLook]
    in_table: bool = False
    in_box: bool = False  # in a text box anchored at the document's head (all_looks)
    element: Any = field(default=None, compare=False, repr=False)  # the w:p
    table: Any = field(default=None, compare=False, repr=False)  # the w:tbl holding it, if any
    label: str = ""  # the number Word's automatic numbering puts before the text (一、 1.)

    @property
    def sizes(self) -> set[float | None]:
        """The sizes of the runs that hold text."""
        return {r.size_pt for r in self.runs if r.text.strip()}

    @property
    def fonts(self) -> set[str | None]:
        """The East Asian fonts of the runs that hold text."""
        return {r.east_asia_font for r in self.runs if r.text.strip()}

    @property
    def colors(self) -> set[str]:
        """The colours of the runs that hold text (auto counted as 000000)."""
        return {(r.color or "000000").upper().replace("AUTO", "000000") for r in self.runs if r.text.strip()}


def paragraph_properties(doc: DocxDocument, p: Any) -> list[Any]:
    """Return the w:pPr elements that apply to paragraph ``p``: its own, its style chain's, the defaults."""
    ppr = p.find(qn("w:pPr"))
    style_id = _child_val(ppr, "w:pStyle")
    chain = _style_chain(doc, style_id or _default_style_id(doc, "paragraph"))
    return [ppr] + [s.find(qn("w:pPr")) for s in chain] + [_defaults(doc, "p")]


def table_properties(doc: DocxDocument, tbl: Any) -> list[Any]:
    """Return the w:tblPr elements that apply to table ``tbl``: its own and its style chain's."""
    tblpr = tbl.find(qn("w:tblPr"))
    style_id = _child_val(tblpr, "w:tblStyle")
    chain = _style_chain(doc, style_id or _default_style_id(doc, "table"))
    return [tblpr] + [s.find(qn("w:tblPr")) for s in chain]


_THEMES: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


def theme_fonts(doc: DocxDocument) -> dict[str, str]:
    """Return the theme's fonts by the names runs use (majorEastAsia, minorHAnsi …)."""
    part = doc.part
    if part not in _THEMES:
        fonts: dict[str, str] = {}
        theme = next((rel.target_part for rel in part.rels.values() if rel.reltype == THEME_REL), None)
        if theme is not None:
            root = parse_xml(theme.blob)
            for kind in ("major", "minor"):
                scheme = root.find(f".//{{{A}}}{kind}Font")
                if scheme is None:
                    continue
                latin = scheme.find(f"{{{A}}}latin")
                east = scheme.find(f"{{{A}}}ea")
                hans = scheme.find(f"{{{A}}}font[@script='Hans']")
                east_name = (east.get("typeface") if east is not None else "") or (
                    hans.get("typeface") if hans is not None else ""
                )
                fonts[f"{kind}EastAsia"] = east_name or ""
                for name in ("HAnsi", "Ascii", "Bidi"):
                    fonts[f"{kind}{name}"] = latin.get("typeface", "") if latin is not None else ""
        _THEMES[part] = fonts
    return _THEMES[part]


def _font(doc: DocxDocument, chain: list[Any], script: str) -> str | None:
    """Return a run's font for ``script`` (eastAsia, ascii) as Word resolves it: the nearest rFonts
    that names one, a theme font (w:eastAsiaTheme) winning over a name at the same level."""
    for container in chain:
        fonts = container.find(qn("w:rFonts")) if container is not None else None
        if fonts is None:
            continue
        theme = fonts.get(qn(f"w:{script}Theme"))
        if theme is not None:
            return theme_fonts(doc).get(str(theme)) or str(theme)
        if fonts.get(qn(f"w:{script}")) is not None:
            return str(fonts.get(qn(f"w:{script}")))
    return None


def own_runs(p: Any) -> Iterator[Any]:
    """Yield the runs of paragraph ``p`` (in hyperlinks, fields, insertions, moved-to text), not those of
    the text boxes or the fallback copies of drawings anchored in it, nor tracked text moved away or
    deleted (w:moveFrom, w:del: Word shows it only with its markup)."""
    for r in p.iter(qn("w:r")):
        node = r.getparent()
        while node is not None and node is not p:
            if node.tag in _NOT_OWN:
                break
            node = node.getparent()
        else:
            yield r


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOT_OWN = (qn("w:txbxContent"), MC_FALLBACK, qn("w:moveFrom"), qn("w:del"))


def nearest(node: Any, tag: str, stop: Any) -> Any:
    """Return the nearest ancestor of ``node`` with ``tag`` below ``stop``, or None."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return parent
        parent = parent.getparent()
    return None


def in_fallback(node: Any, stop: Any) -> bool:
    """Return whether ``node`` is in the VML copy (mc:Fallback) of a drawing inside ``stop``."""
    return nearest(node, MC_FALLBACK, stop) is not None


_VANISH: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def _has_vanish(doc: DocxDocument) -> bool:
    """Return whether any run or style of ``doc`` can be hidden (most drafts have no w:vanish at all)."""
    part = doc.part
    if part not in _VANISH:
        body = next(doc.element.iter(qn("w:vanish")), None)
        _VANISH[part] = body is not None or next(doc.styles.element.iter(qn("w:vanish")), None) is not None
    return _VANISH[part]


def hidden_run(doc: DocxDocument, p: Any, r: Any) -> bool:
    """Return whether run ``r`` of paragraph ``p`` is hidden text (w:vanish on the run, its character
    style, the paragraph's style or the defaults): Word neither shows nor prints it."""
    if not _has_vanish(doc):
        return False
    rpr = r.find(qn("w:rPr"))
    char_style = _child_val(rpr, "w:rStyle")
    char_chain = [s.find(qn("w:rPr")) for s in _style_chain(doc, char_style)] if char_style else []
    style_id = _child_val(p.find(qn("w:pPr")), "w:pStyle")
    para_chain = [
        s.find(qn("w:rPr")) for s in _style_chain(doc, style_id or _default_style_id(doc, "paragraph"))
    ]
    return _toggle([rpr, *char_chain, *para_chain, _defaults(doc, "r")], "w:vanish")


def run_text(r: Any, tab: str = "\t") -> str:
    """Return what run ``r`` prints: its text (w:t; a deleted run has w:delText and a field's code
    w:instrText, neither printed), a tab as ``tab``, a line break as "\n", a non-breaking hyphen as "-"."""
    out = []
    for node in r.iterchildren():
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag in (qn("w:tab"), qn("w:ptab")):
            out.append(tab)
        elif node.tag == qn("w:cr") or (
            node.tag == qn("w:br") and node.get(qn("w:type")) in (None, "textWrapping")
        ):
            out.append("\n")
        elif node.tag == qn("w:noBreakHyphen"):
            out.append("-")
    return "".join(out)


def visible_text(doc: DocxDocument, p: Any, tab: str = "\t") -> str:
    """Return the text paragraph ``p`` shows, as Word shows it without markup: every run of its own
    (also those in tracked insertions, content controls, simple and complex fields' results, smart tags,
    hyperlinks), not deleted or moved-away text, hidden text, field codes, nor the text boxes anchored in it.

    The one reader of a paragraph's text for the check rules: python-docx's ``Paragraph.text`` reads
    only the runs and hyperlinks directly in the paragraph, so it misses a tracked insertion's or a
    content control's text and keeps hidden text.
    """
    return "".join(run_text(r, tab) for r in own_runs(p) if not hidden_run(doc, p, r))


def paragraph_look(
    doc: DocxDocument,
    paragraph: Paragraph,
    *,
    in_table: bool = False,
    table: Any = None,
    in_box: bool = False,
) -> ParagraphLook:
    """Return the effective formatting of ``paragraph`` (style inheritance resolved)."""
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    style_id = _child_val(ppr, "w:pStyle")
    chain = _style_chain(doc, style_id or _default_style_id(doc, "paragraph"))
    ppr_chain = paragraph_properties(doc, p)
    rpr_para_chain = [s.find(qn("w:rPr")) for s in chain] + [_defaults(doc, "r")]

    def pval(path: str, attr: str) -> str | None:
        return _first(ppr_chain, path, attr)

    def pint(path: str, attr: str) -> int | None:
        value = pval(path, attr)
        try:
            return int(float(value)) if value is not None else None
        except ValueError:
            return None

    border = None
    for container in ppr_chain:
        if container is not None and container.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None:
            node = container.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
            border = {k.split("}")[1]: v for k, v in node.attrib.items()}
            break
    runs = []
    for r in own_runs(p):
        if hidden_run(doc, p, r):
            continue
        rpr = r.find(qn("w:rPr"))
        char_chain: list[Any] = []
        char_style = _child_val(rpr, "w:rStyle")
        if char_style:
            char_chain = [s.find(qn("w:rPr")) for s in _style_chain(doc, char_style)]
        rchain = [rpr, *char_chain, *rpr_para_chain]
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if not text:
            continue
        size = _first(rchain, qn("w:sz"), "w:val")
        spacing = _first(rchain, qn("w:spacing"), "w:val")
        scale = _first(rchain, qn("w:w"), "w:val")
        runs.append(
            RunLook(
                text=text,
                east_asia_font=_font(doc, rchain, "eastAsia"),
                ascii_font=_font(doc, rchain, "ascii"),
                size_pt=int(size) / 2 if size else None,
                color=_first(rchain, qn("w:color"), "w:val"),
                spacing_twentieths=int(spacing) if spacing else None,
                scale=int(scale.rstrip("%")) if scale else None,
                lang_east_asia=_first(rchain, qn("w:lang"), "w:eastAsia"),
                bold=_toggle(rchain, "w:b"),
            )
        )
    break_before = any(c is not None and c.find(qn("w:pageBreakBefore")) is not None for c in ppr_chain[:-1])
    break_before = break_before or _starts_with_page_break(p)
    label = numbering_label(doc, ppr_chain)
    return ParagraphLook(
        text=label + visible_text(doc, p),
        style_id=style_id,
        align=pval(qn("w:jc"), "w:val"),
        first_line=pint(qn("w:ind"), "w:firstLine"),
        hanging=pint(qn("w:ind"), "w:hanging"),
        left=pint(qn("w:ind"), "w:left")
        if pval(qn("w:ind"), "w:left") is not None
        else pint(qn("w:ind"), "w:start"),
        right=pint(qn("w:ind"), "w:right")
        if pval(qn("w:ind"), "w:right") is not None
        else pint(qn("w:ind"), "w:end"),
        before=pint(qn("w:spacing"), "w:before"),
        line=pint(qn("w:spacing"), "w:line"),
        line_rule=pval(qn("w:spacing"), "w:lineRule"),
        page_break_before=break_before,
        bottom_border=border,
        runs=runs,
        in_table=in_table,
        in_box=in_box,
        element=p,
        table=table,
        label=label,
    )


def _starts_with_page_break(p: Any) -> bool:
    """Return True if a page break comes before any text of the paragraph."""
    for node in p.iter(qn("w:t"), qn("w:br")):
        if node.tag == qn("w:br") and node.get(qn("w:type")) == "page":
            return True
        if node.tag == qn("w:t") and (node.text or "").strip():
            return False
    return False


def looks(doc: DocxDocument) -> list[ParagraphLook]:
    """Return the look of every body paragraph (not those inside tables), in order."""
    return [paragraph_look(doc, p) for p in doc.paragraphs]


def all_looks(doc: DocxDocument) -> Iterator[ParagraphLook]:
    """Yield every paragraph in document order, those inside tables (flagged) and content controls included.

    The paragraphs of the text boxes anchored at the document's head — in the paragraphs up to the
    first that shows text of its own — come before the paragraph they are anchored in (flagged
    ``in_box``): a Word 套红 template's 发文机关标志 (and often its 发文字号) stands in such a box,
    placed on the page, above the body's first text.  Boxes further on (a stamp, a note) stay out.
    """
    yield from _block_looks(doc, doc.element.body, None, [True])


def text_boxes(p: Any) -> list[Any]:
    """Return the text boxes (w:txbxContent) anchored in paragraph ``p``: not the fallback copies of
    drawings (mc:Fallback), not a box inside another box (that one is read with its outer box)."""
    boxes = []
    for box in p.iter(qn("w:txbxContent")):
        node = box.getparent()
        while node is not None and node is not p and node.tag not in (MC_FALLBACK, qn("w:txbxContent")):
            node = node.getparent()
        if node is p:
            boxes.append(box)
    return boxes


def _box_looks(doc: DocxDocument, p: Any) -> Iterator[ParagraphLook]:
    """Yield the looks of the paragraphs in the text boxes anchored in paragraph ``p`` (a 版头 in a box)."""
    for box in text_boxes(p):
        for inner in box.iter(qn("w:p")):
            if nearest(inner, qn("w:txbxContent"), None) is box:
                yield paragraph_look(doc, Paragraph(inner, doc._body), in_box=True)


def _block_looks(doc: DocxDocument, container: Any, table: Any, head: list[bool]) -> Iterator[ParagraphLook]:
    """Yield the looks of ``container``'s paragraphs; ``head`` holds whether no paragraph has shown
    text yet (the head's text boxes are read while it is so)."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            if head[0]:
                yield from _box_looks(doc, child)
            look = paragraph_look(doc, Paragraph(child, doc._body), in_table=table is not None, table=table)
            head[0] = head[0] and not look.text.strip()
            yield look
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    yield from _block_looks(doc, cell, child if table is None else table, head)
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
            if content is not None:
                yield from _block_looks(doc, content, table, head)


def numbering_label(doc: DocxDocument, ppr_chain: list[Any]) -> str:
    """Return the label Word's automatic numbering (w:numPr) writes before a paragraph, with each
    counter shown as its first value (一、 （一） 1. （1）), or "" when it is not numbered."""
    return ListNumbers.of(doc).paragraph(ppr_chain).text
