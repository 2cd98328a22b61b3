"""Many PDFs into one, in order, with a bookmark at the first page of each (a bulletin issue's 合订本).

Built as the PDFs come (``add``), so a batch merges while its workers still typeset the next ones.
The pages are copied by PDFium (pypdfium2, in C: 0.6 ms a bulletin, where pypdf's ``append``
parsed and cloned every object in Python, 7–16 ms); PDFium writes no bookmarks, so they are added
afterwards as an incremental update (``_with_outline``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

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

    def finish(self, title: str) -> bytes:
        """Return the merged PDF, titled ``title``, with one bookmark per part."""
        buffer = io.BytesIO()
        with LOCK:
            self._doc.save(buffer)
            self._doc.close()
        return _with_outline(buffer.getvalue(), self._starts, title)


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def _with_outline(pdf: bytes, starts: Sequence[tuple[str, int]], title: str) -> bytes:
    """Return ``pdf`` with an incremental update (ISO 32000-1 7.5.6) adding an outline, one item
    per ``(title, first page)``, and the document's title.

    Written by hand because no library does it cheaply: PDFium has no API for bookmarks, and
    pypdf's incremental writer reads and clones every object of the file first (0.47 s for 100
    bulletins).  pypdf still reads the trailer and the page tree and writes each object (its
    string escapes and UTF-16 titles); only the update's cross-reference section is assembled here.
    """
    reader = PdfReader(io.BytesIO(pdf))
    trailer = reader.trailer
    root_ref = trailer.raw_get("/Root")
    assert isinstance(root_ref, IndirectObject)
    size = trailer["/Size"]
    assert isinstance(size, int)
    found = _STARTXREF.search(pdf[-1024:])
    assert found is not None, "PDFium ends its file with startxref"
    pages = [reader.pages[page].indirect_reference for _title, page in starts]

    def ref(number: int) -> IndirectObject:
        return IndirectObject(number, 0, reader)

    objects: dict[int, PdfObject] = {}
    outlines, first_item = size, size + 1
    items = [first_item + index for index in range(len(starts))]
    for index, ((part, _page), page_ref) in enumerate(zip(starts, pages, strict=True)):
        assert page_ref is not None
        item = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(part),
                NameObject("/Parent"): ref(outlines),
                NameObject("/Dest"): ArrayObject([page_ref, NameObject("/Fit")]),
            }
        )
        if index:
            item[NameObject("/Prev")] = ref(items[index - 1])
        if index + 1 < len(items):
            item[NameObject("/Next")] = ref(items[index + 1])
        objects[items[index]] = item
    outline = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    if items:
        outline[NameObject("/First")] = ref(items[0])
        outline[NameObject("/Last")] = ref(items[-1])
        outline[NameObject("/Count")] = NumberObject(len(items))
    objects[outlines] = outline
    info = size + 1 + len(items)
    objects[info] = DictionaryObject({NameObject("/Title"): TextStringObject(title)})
    catalog = DictionaryObject(reader.root_object)
    catalog[NameObject("/Outlines")] = ref(outlines)
    objects[root_ref.idnum] = catalog

    out = io.BytesIO()
    out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets: dict[int, int] = {}
    for number, obj in sorted(objects.items()):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(out)
        out.write(b"\nendobj\n")
    xref = out.tell()
    # the free-list head (object 0) first, as updates usually begin, so readers see a 0-based section
    out.write(b"xref\n0 1\n0000000000 65535 f\r\n")
    numbers = sorted(offsets)
    runs: list[list[int]] = []
    for number in numbers:  # subsections of consecutive object numbers
        if runs and runs[-1][-1] + 1 == number:
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        out.write(f"{run[0]} {len(run)}\n".encode())
        for number in run:
            out.write(f"{offsets[number]:010d} 00000 n\r\n".encode())
    new_trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(info + 1),
            NameObject("/Root"): root_ref,
            NameObject("/Info"): ref(info),
            NameObject("/Prev"): NumberObject(int(found.group(1))),
        }
    )
    if "/ID" in trailer:
        new_trailer[NameObject("/ID")] = trailer["/ID"]
    out.write(b"trailer\n")
    new_trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
