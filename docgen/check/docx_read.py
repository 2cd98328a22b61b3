"""Read a .docx back with python-docx and resolve each paragraph's and run's effective formatting.

python-docx gives direct and per-style values; a value not set on the run is looked up in its
character style, then the paragraph's style chain (or the default paragraph style), then the
document defaults, as Word does.  Works on documents from any tool, not only ours.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


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


def paragraph_look(doc: DocxDocument, paragraph: Paragraph, *, in_table: bool = False) -> ParagraphLook:
    """Return the effective formatting of ``paragraph`` (style inheritance resolved)."""
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    style_id = _child_val(ppr, "w:pStyle")
    chain = _style_chain(doc, style_id or _default_style_id(doc, "paragraph"))
    ppr_chain = [ppr] + [s.find(qn("w:pPr")) for s in chain] + [_defaults(doc, "p")]
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
    for r in p.iter(qn("w:r")):
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
                east_asia_font=_first(rchain, qn("w:rFonts"), "w:eastAsia")
                or _first(rchain, qn("w:rFonts"), "w:eastAsiaTheme"),
                ascii_font=_first(rchain, qn("w:rFonts"), "w:ascii"),
                size_pt=int(size) / 2 if size else None,
                color=_first(rchain, qn("w:color"), "w:val"),
                spacing_twentieths=int(spacing) if spacing else None,
                scale=int(scale.rstrip("%")) if scale else None,
                lang_east_asia=_first(rchain, qn("w:lang"), "w:eastAsia"),
            )
        )
    break_before = any(c is not None and c.find(qn("w:pageBreakBefore")) is not None for c in ppr_chain[:-1])
    break_before = break_before or _starts_with_page_break(p)
    return ParagraphLook(
        text=paragraph.text,
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
    """Yield every paragraph in document order, those inside tables included (flagged)."""
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield paragraph_look(doc, Paragraph(child, doc._body))
        elif child.tag == qn("w:tbl"):
            table = Table(child, doc._body)
            for row in table.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        yield paragraph_look(doc, p, in_table=True)
