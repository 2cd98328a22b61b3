"""Layout: the document model into a placed document (``placed.py``), knowing no file format.

``lay_out`` picks the document's format (a strategy: ``general.py`` for 通用格式, ``bulletin.py``
for 简报, ``minutes.py`` for 纪要, ``letter.py`` for 信函, ``order.py`` for 命令), lets it add
its header, main part and tail to a flow, estimates the pages on the standard's grid (``estimate.py``) and places the tail
(``pages.py``).  Emitters (``docgen.emit``)
write the result.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docgen.layout.bulletin import BULLETIN
from docgen.layout.flow import Flow
from docgen.layout.formats import DocumentFormat
from docgen.layout.general import GENERAL
from docgen.layout.letter import LETTER
from docgen.layout.minutes import MINUTES
from docgen.layout.order import ORDER
from docgen.layout.pages import plan_pages
from docgen.layout.placed import PageNumbers, PlacedDocument, Placement
from docgen.letter_model import Letter
from docgen.minutes_model import Minutes
from docgen.model import Bulletin, Document
from docgen.order_model import Order

__all__ = ["FORMATS", "PlacedDocument", "Placement", "lay_out", "lay_out_as"]

# The format of each kind of document model.
FORMATS: dict[type, DocumentFormat[Any]] = {
    Document: GENERAL,
    Bulletin: BULLETIN,
    Minutes: MINUTES,
    Letter: LETTER,
    Order: ORDER,
}


def lay_out(doc: Document | Bulletin | Minutes, placement: Placement | None = None) -> PlacedDocument:
    """Return ``doc`` laid out in its format; ``placement`` overrides where the estimate puts the 版记."""
    return lay_out_as(FORMATS[type(doc)], doc, placement)


def lay_out_as(fmt: DocumentFormat[Any], doc: object, placement: Placement | None = None) -> PlacedDocument:
    """Return ``doc`` laid out in the format ``fmt``."""
    doc = fmt.prepare(doc)
    flow = Flow()
    fmt.header(flow, doc)
    fmt.main(flow, doc)
    tail = fmt.tail(doc)
    double_sided = fmt.double_sided(doc)
    sections, chosen, pages = plan_pages(flow, tail, double_sided, placement)
    if not fmt.first_page_number and sections[0].numbers is PageNumbers.NUMBERED:
        sections = (dataclasses.replace(sections[0], numbers=PageNumbers.FIRST_UNNUMBERED), *sections[1:])
    even = tail is not None and double_sided
    return PlacedDocument(
        sections, fmt.metadata(doc), chosen, pages, fmt.page_numbers, even, tuple(flow.notes)
    )
