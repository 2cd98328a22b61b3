"""Read a produced .docx back with python-docx and resolve each run's effective formatting.

python-docx gives direct and per-style values; a value not set on the run is looked up in its
character style, then the paragraph's style chain, then the document defaults, as Word does.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree


def load(data: bytes) -> DocxDocument:
    """Open .docx bytes with python-docx."""
    return open_docx(io.BytesIO(data))


def _style_chain(doc: DocxDocument, style_id: str | None) -> list[Any]:
    chain = []
    styles = doc.styles.element
    while style_id:
        found = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if found is None:
            break
        chain.append(found)
        based = found.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return chain


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


def paragraph_look(doc: DocxDocument, paragraph: Paragraph) -> ParagraphLook:
    """Return the effective formatting of ``paragraph`` (style inheritance resolved)."""
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    style_id = None
    if ppr is not None and ppr.find(qn("w:pStyle")) is not None:
        style_id = ppr.find(qn("w:pStyle")).get(qn("w:val"))
    chain = _style_chain(doc, style_id or "Normal")
    if style_id is None:
        chain = _style_chain(doc, "Normal")
    ppr_chain = [ppr] + [s.find(qn("w:pPr")) for s in chain] + [_defaults(doc, "p")]
    rpr_para_chain = [s.find(qn("w:rPr")) for s in chain] + [_defaults(doc, "r")]

    def pval(path: str, attr: str) -> str | None:
        return _first(ppr_chain, path, attr)

    def pint(path: str, attr: str) -> int | None:
        value = pval(path, attr)
        return int(value) if value is not None else None

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
        if rpr is not None and rpr.find(qn("w:rStyle")) is not None:
            char_chain = [
                s.find(qn("w:rPr")) for s in _style_chain(doc, rpr.find(qn("w:rStyle")).get(qn("w:val")))
            ]
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
                east_asia_font=_first(rchain, qn("w:rFonts"), "w:eastAsia"),
                ascii_font=_first(rchain, qn("w:rFonts"), "w:ascii"),
                size_pt=int(size) / 2 if size else None,
                color=_first(rchain, qn("w:color"), "w:val"),
                spacing_twentieths=int(spacing) if spacing else None,
                scale=int(scale) if scale else None,
                lang_east_asia=_first(rchain, qn("w:lang"), "w:eastAsia"),
            )
        )
    page_break = any(c is not None and c.find(qn("w:pageBreakBefore")) is not None for c in ppr_chain[:-1])
    return ParagraphLook(
        text=paragraph.text,
        style_id=style_id,
        align=pval(qn("w:jc"), "w:val"),
        first_line=pint(qn("w:ind"), "w:firstLine"),
        hanging=pint(qn("w:ind"), "w:hanging"),
        left=pint(qn("w:ind"), "w:left"),
        right=pint(qn("w:ind"), "w:right"),
        before=pint(qn("w:spacing"), "w:before"),
        line=pint(qn("w:spacing"), "w:line"),
        line_rule=pval(qn("w:spacing"), "w:lineRule"),
        page_break_before=page_break,
        bottom_border=border,
        runs=runs,
    )


def looks(doc: DocxDocument) -> list[ParagraphLook]:
    """Return the look of every body paragraph (not those inside tables), in order."""
    return [paragraph_look(doc, p) for p in doc.paragraphs]


def xml(part_element: Any) -> str:
    """Return an element's XML as text."""
    return etree.tostring(part_element, encoding="unicode")
