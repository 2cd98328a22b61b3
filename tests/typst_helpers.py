"""Shared by the Typst tests: a PDF's text against its layout's, character for character."""

from __future__ import annotations

import re
from collections import Counter

from docgen.check.pdf_pages import PAGE_NUMBER
from docgen.check.pdf_read import Page
from docgen.layout.breaks import plain
from docgen.layout.placed import Block, PageText, ParagraphBlock, PlacedDocument, Run, TableBlock

WATERMARK = "样稿"


def _block_text(block: Block) -> str:
    if isinstance(block, ParagraphBlock):
        # a 信函's mark is drawn in a text box on the page (PageText), outside the flow (forms10 #8)
        drawn = "".join(_block_text(d.paragraph) for d in block.drawings if isinstance(d, PageText))
        return drawn + "".join(run.text for run in block.runs if isinstance(run, Run))
    return "".join(_block_text(p) for row in block.rows for cell in row.cells for p in cell.paragraphs)


def placed_chars(placed: PlacedDocument) -> Counter[str]:
    """Return every character the layout put in the document, spaces and its invisible break
    marks (layout/breaks.py, not on the page) aside."""
    return Counter(re.sub(r"\s", "", plain("".join(_block_text(b) for b in placed.blocks()))))


def pdf_chars(pages: list[Page]) -> Counter[str]:
    """Return every character on the pages but the page numbers ("— N —", upright; turned ones are
    not lines), spaces aside.  A table cell holding only a number is text (check's wider page-number
    test would take it for one near the bottom)."""
    text = "".join(
        line.text for page in pages for line in page.lines if not PAGE_NUMBER.match(line.text.strip())
    )
    return Counter(re.sub(r"\s", "", text))


def _headers(placed: PlacedDocument) -> list[Counter[str]]:
    """Return the characters of each table's header rows (repeated on every page the table spans)."""
    heads = []
    for block in placed.blocks():
        if isinstance(block, TableBlock):
            rows = [row for row in block.rows if row.header]
            text = "".join(_block_text(p) for row in rows for cell in row.cells for p in cell.paragraphs)
            if text.strip():
                heads.append(Counter(re.sub(r"\s", "", plain(text))))
    return heads


def text_difference(placed: PlacedDocument, pages: list[Page]) -> tuple[Counter[str], Counter[str]]:
    """Return (characters of the layout missing from the PDF, characters on the PDF not in the layout).

    A table's header rows repeated on the pages it continues on are not extra.
    """
    wanted, got = placed_chars(placed), pdf_chars(pages)
    extra = got - wanted
    # the largest header first: a smaller one whose characters all occur in a larger one's (序号 项目名称
    # 责任领导 … in a 14-column header) would be taken away again out of the larger one's repeats (n47-001)
    for head in sorted(_headers(placed), key=lambda h: -h.total()):
        while head and not head - extra:
            extra -= head
    return wanted - got, extra
