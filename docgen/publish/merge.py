"""Many PDFs into one, in order, with a bookmark at the first page of each (a bulletin issue's 合订本).

Built as the PDFs come (``add``), so a batch merges while its workers still typeset the next ones.
The pages are copied by PDFium (pypdfium2, in C: 0.6 ms a bulletin, where pypdf's ``append``
parsed and cloned every object in Python, 7–16 ms); PDFium writes no bookmarks, so they are added
afterwards as an incremental update (``_with_outline``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from docgen.convert.pdf_update import Update, viewer_settings
from docgen.publish.pdfium import LOCK, load


class MergedPdf:
    """One PDF being put together from parts, each with its bookmark."""

    def __init__(self) -> None:
        self._pdfium = load()
        with LOCK:
            self._doc = self._pdfium.PdfDocument.new()
        self._starts: list[tuple[str, int]] = []

    def add(self, title: str, pdf: bytes | Path) -> None:
        """Append every page of ``pdf`` (bytes or a file), bookmarked ``title`` at its first page."""
        with LOCK:
            part = self._pdfium.PdfDocument(pdf)
            try:
                self._starts.append((title, len(self._doc)))
                self._doc.import_pages(part)
            finally:
                part.close()

    def finish(self, title: str, author: str = "") -> bytes:
        """Return the merged PDF, titled ``title`` by ``author``, with one bookmark per part."""
        buffer = io.BytesIO()
        with LOCK:
            self._doc.save(buffer)
            self._doc.close()
        return _with_outline(buffer.getvalue(), self._starts, title, author)


def _with_outline(pdf: bytes, starts: Sequence[tuple[str, int]], title: str, author: str) -> bytes:
    """Return ``pdf`` with an incremental update (``docgen.convert.pdf_update``) adding an outline, one
    item per ``(title, first page)``, shown when the file opens, and the document's title and author."""
    update = Update(pdf, fresh=True)  # PDFium's, written just now
    pages = _page_refs(update, [page for _title, page in starts])
    outlines = update.new()
    items = [update.new() for _start in starts]
    for index, ((part, _page), page_ref) in enumerate(zip(starts, pages, strict=True)):
        assert page_ref is not None
        item = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(part),
                NameObject("/Parent"): update.ref(outlines),
                NameObject("/Dest"): ArrayObject([page_ref, NameObject("/Fit")]),
            }
        )
        if index:
            item[NameObject("/Prev")] = update.ref(items[index - 1])
        if index + 1 < len(items):
            item[NameObject("/Next")] = update.ref(items[index + 1])
        update.objects[items[index]] = item
    outline = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    if items:
        outline[NameObject("/First")] = update.ref(items[0])
        outline[NameObject("/Last")] = update.ref(items[-1])
        outline[NameObject("/Count")] = NumberObject(len(items))
    update.objects[outlines] = outline
    update.set_info({"/Title": title, **({"/Author": author} if author else {})})
    catalog = update.catalog()
    catalog[NameObject("/Outlines")] = update.ref(outlines)
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")  # the bookmarks show on opening
    viewer_settings(catalog)
    return update.write()


def _page_refs(update: Update, numbers: Sequence[int]) -> list[IndirectObject | None]:
    """Return the references to pages ``numbers`` (0-based) of the update's PDF.

    PDFium writes the merged pages as one flat list under the page tree's root (each kid a page,
    as many as the tree counts): then the pages asked for are taken from its /Kids, only they read
    (pypdf's ``pages`` reads every page object first: 28 ms of the 55 of a 100-bulletin 合订本's
    bookmarks); any other tree goes through ``pages``."""
    tree = update.reader.root_object.get("/Pages")
    tree = tree.get_object() if tree is not None else None
    kids = tree.get("/Kids") if isinstance(tree, DictionaryObject) else None
    if (
        isinstance(tree, DictionaryObject)
        and isinstance(kids, ArrayObject)
        and tree.get("/Count") == len(kids)
    ):
        refs = [kids[n] if n < len(kids) else None for n in numbers]
        found = [ref for ref in refs if isinstance(ref, IndirectObject)]
        if len(found) == len(refs) and all(_is_page(ref) for ref in found):
            return list(found)
    return [update.reader.pages[n].indirect_reference for n in numbers]


def _is_page(ref: IndirectObject) -> bool:
    page = ref.get_object()
    return isinstance(page, DictionaryObject) and page.get("/Type") == "/Page"
