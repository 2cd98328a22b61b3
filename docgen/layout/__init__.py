"""Layout: the document model into a placed document (``placed.py``), knowing no file format.

``lay_out`` picks the document's format (a strategy: ``general.py`` for 通用格式, ``bulletin.py``
for 简报, ``minutes.py`` for 纪要, ``letter.py`` for 信函, ``order.py`` for 命令), lets it add
its header, main part and tail to a flow, estimates the pages on the standard's grid (``estimate.py``) and places the tail
(``pages.py``).  Emitters (``docgen.emit``)
write the result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from docgen.layout.bulletin import BULLETIN
from docgen.layout.flow import Flow
from docgen.layout.formats import DocumentFormat
from docgen.layout.general import GENERAL
from docgen.layout.letter import LETTER
from docgen.layout.minutes import MINUTES
from docgen.layout.order import ORDER
from docgen.layout.pages import plan_pages
from docgen.layout.placed import OfficeHead, PageNumbers, PlacedDocument, Placement
from docgen.letter_model import Letter
from docgen.minutes_model import Minutes
from docgen.model import Bulletin, Document
from docgen.order_model import Order

__all__ = ["FORMATS", "PlacedDocument", "Placement", "lay_out", "lay_out_as", "lay_out_each"]

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
    [placed] = _lay_out_each(fmt, doc, [placement])
    return placed


def lay_out_each(
    doc: Document | Bulletin | Minutes, placements: Sequence[Placement | None]
) -> list[PlacedDocument]:
    """Return ``doc`` laid out once, its tail placed each of these ways (one result per placement).

    The same as ``lay_out`` for each placement, at the cost of one: the flow (title breaking,
    tables) is built once and only the tail's placement is done per placement.
    """
    return _lay_out_each(FORMATS[type(doc)], doc, placements)


def _lay_out_each(
    fmt: DocumentFormat[Any], doc: object, placements: Sequence[Placement | None]
) -> list[PlacedDocument]:
    doc = fmt.prepare(doc)
    built = Flow()
    fmt.header(built, doc)
    fmt.main(built, doc)
    tail = fmt.tail(doc)
    double_sided = fmt.double_sided(doc)
    even = tail is not None and double_sided
    office = None
    if isinstance(doc, Document) and doc.header.office_template is not None:  # issue 19 c
        number = doc.header.number.text() if doc.header.number else ""
        office = OfficeHead(doc.header.office_template, number)
    results = []
    for placement in placements:
        flow = dataclasses.replace(  # plan_pages closes the flow: each placement closes its own copy
            built,
            sections=list(built.sections),
            blocks=list(built.blocks),
            chunks=list(built.chunks),
            spans=list(built.spans),
            notes=list(built.notes),
        )
        sections, chosen, pages = plan_pages(flow, tail, double_sided, placement)
        if not fmt.first_page_number and sections[0].numbers is PageNumbers.NUMBERED:
            sections = (dataclasses.replace(sections[0], numbers=PageNumbers.FIRST_UNNUMBERED), *sections[1:])
        results.append(
            PlacedDocument(
                sections,
                fmt.metadata(doc),
                chosen,
                pages,
                fmt.page_numbers,
                even,
                tuple(flow.notes),
                office_head=office,
            )
        )
    return results
