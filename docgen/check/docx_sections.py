"""The sections of a .docx as its body holds them: which paragraphs each holds, whether it starts a
new page, how many lines it surely takes (for the page-number and new-page rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from docgen import standard as S
from docgen.check.docx_read import is_on, visible_text


def _text(doc: DocxDocument, paragraph: Any) -> str:
    """Return the text a w:p shows (``visible_text``), without white space."""
    return "".join(visible_text(doc, paragraph).split())


@dataclass
class DocxSection:
    """One section of a .docx as its body holds it."""

    texts: list[str] = field(default_factory=list)  # its non-empty paragraphs' texts
    new_page: bool = False  # it starts a new page: w:type not continuous, or a page break before it
    lines: int = 0  # its paragraphs' lines at 28 characters a line (5.2.3), an empty one a line
    more: bool = False  # a page break inside it, a table or a picture: it may run on to a later page
    properties: Any = None  # its w:sectPr

    @property
    def one_page(self) -> bool:
        """Return whether it surely fits on one page: only paragraphs of text, no page break inside,
        at most half a page of lines (the rest left for a 版头 or a title it may have)."""
        return not self.more and self.lines <= S.LINES_PER_PAGE // 2


def sections(doc: DocxDocument) -> list[DocxSection]:
    """Return the sections of ``doc`` in order, each with its texts and its w:sectPr.

    A w:sectPr ends its section (in the last paragraph's w:pPr; the last section's in w:body) and its
    w:type says how the section starts: a new page unless continuous, when a page w:br at the end of
    the section before or w:pageBreakBefore on its first paragraph still starts one.  Read by hand:
    python-docx gives the sections but not which paragraphs each holds.
    """
    body = doc.element.body
    found = [DocxSection()]
    broke = False  # the last paragraphs so far end in a page w:br
    for block in body.iterchildren(qn("w:p"), qn("w:tbl")):
        section = found[-1]
        paragraphs = [block] if block.tag == qn("w:p") else list(block.iter(qn("w:p")))
        texts = [t for p in paragraphs if (t := _text(doc, p))]
        before = (
            is_on(paragraphs[0].find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")) if paragraphs else False
        )
        if not section.texts and texts:
            section.new_page = broke or before
        elif before:
            section.more = True
        page_brs = [br for br in block.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
        pictures = next(block.iter(qn("w:drawing"), qn("w:pict"), qn("w:object")), None) is not None
        section.more = (
            section.more
            or block.tag == qn("w:tbl")
            or pictures
            or bool(page_brs and (section.texts or texts))
        )
        section.texts += texts
        section.lines += sum(max(1, -(-len(_text(doc, p)) // S.CHARS_PER_LINE)) for p in paragraphs)
        broke = bool(page_brs) or (broke and not texts)
        properties = block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if block.tag == qn("w:p") else None
        if properties is not None:
            section.properties = properties
            found.append(DocxSection())
    found[-1].properties = body.find(qn("w:sectPr"))
    # each sectPr's w:type is how its own section starts (nextPage when absent)
    for section in found:
        if section.properties is None:
            continue
        kind = section.properties.find(qn("w:type"))
        if kind is None or kind.get(qn("w:val"), "nextPage") != "continuous":
            section.new_page = True
    return found


def section_breaks(doc: DocxDocument) -> list[tuple[str, str]]:
    """Return each section break of ``doc`` that starts a new page, as (the text of the section's last
    non-empty paragraph, the text of the next section's first)."""
    found = sections(doc)
    return [
        (before.texts[-1], after.texts[0])
        for before, after in zip(found, found[1:], strict=False)
        if after.new_page and before.texts and after.texts
    ]


def first_page_header(doc: DocxDocument) -> Any:
    """Return the header printed on the document's first page as XML, or None: the first section's
    first-page header when it has w:titlePg (首页不同), else its default header (ECMA-376 17.10.5)."""
    found = next((s.properties for s in sections(doc) if s.properties is not None), None)
    if found is None:
        return None
    kind = "first" if is_on(found.find(qn("w:titlePg"))) else "default"
    ref = next(
        (r for r in found.findall(qn("w:headerReference")) if r.get(qn("w:type"), "default") == kind), None
    )
    part = doc.part.related_parts.get(ref.get(qn("r:id"))) if ref is not None else None
    if part is None:
        return None
    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)
