"""Incremental updates of a finished PDF (ISO 32000-1 7.5.6): new or replaced objects appended after
its end, with their cross-reference section, so the file is never parsed and rewritten whole.

Written by hand because no library does it cheaply: PDFium has no API for the catalog or bookmarks,
and pypdf's incremental writer reads and clones every object of the file first (0.47 s for a
合订本 of 100 bulletins).  pypdf still reads the trailer and the objects asked for, and writes each
object (its string escapes and UTF-16 text); only the update's cross-reference section is assembled here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

from pypdf import PdfReader
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from docgen.convert.typst_finish import LANGUAGE

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class Update:
    """The objects to append to one PDF: ``reader`` read it, ``new()`` numbers new objects."""

    def __init__(self, pdf: bytes, *, fresh: bool = False) -> None:
        """``fresh``: a PDF just written by PDFium or Typst, its cross-reference table exact, read
        without pypdf's repair pass (a seek to and read of every object's header: 13 ms of CPU for
        a 合订本 of 100 bulletins, 4 000 objects); objects are then read as for any PDF."""
        self.pdf = pdf
        self.reader = PdfReader(io.BytesIO(pdf), strict=fresh)
        self.reader.strict = False
        trailer = self.reader.trailer
        root = trailer.raw_get("/Root")
        assert isinstance(root, IndirectObject)
        self.root_ref = root
        size = trailer["/Size"]
        assert isinstance(size, int)
        self.size = int(size)
        self.objects: dict[int, PdfObject] = {}
        self.info: int | None = None

    def ref(self, number: int) -> IndirectObject:
        """Return a reference to object ``number`` of this file."""
        return IndirectObject(number, 0, self.reader)

    def new(self) -> int:
        """Return the number of a new object (set it in ``objects``)."""
        self.size += 1
        return self.size - 1

    def catalog(self) -> DictionaryObject:
        """Return the catalog to change (a copy, written in place of the old one)."""
        number = self.root_ref.idnum
        if number not in self.objects:
            self.objects[number] = DictionaryObject(self.reader.root_object)
        catalog = self.objects[number]
        assert isinstance(catalog, DictionaryObject)
        return catalog

    def set_info(self, fields: Mapping[str, str]) -> None:
        """Give the file a new document information dictionary: the old one's entries and ``fields``."""
        old = self.reader.trailer.get("/Info")
        info = DictionaryObject(old.get_object() if old is not None else {})
        for key, value in fields.items():
            info[NameObject(key)] = TextStringObject(value)
        self.info = self.new()
        self.objects[self.info] = info

    def write(self) -> bytes:
        """Return the PDF with the update appended."""
        found = _STARTXREF.search(self.pdf[-1024:])
        assert found is not None, "a PDF ends with startxref"
        out = io.BytesIO()
        out.write(self.pdf if self.pdf.endswith(b"\n") else self.pdf + b"\n")
        offsets: dict[int, int] = {}
        for number, obj in sorted(self.objects.items()):
            offsets[number] = out.tell()
            out.write(f"{number} 0 obj\n".encode())
            obj.write_to_stream(out)
            out.write(b"\nendobj\n")
        xref = out.tell()
        # the free-list head (object 0) first, as updates usually begin, so readers see a 0-based section
        out.write(b"xref\n0 1\n0000000000 65535 f\r\n")
        runs: list[list[int]] = []
        for number in sorted(offsets):  # subsections of consecutive object numbers
            if runs and runs[-1][-1] + 1 == number:
                runs[-1].append(number)
            else:
                runs.append([number])
        for run in runs:
            out.write(f"{run[0]} {len(run)}\n".encode())
            for number in run:
                out.write(f"{offsets[number]:010d} 00000 n\r\n".encode())
        trailer = self.reader.trailer
        new_trailer = DictionaryObject(
            {
                NameObject("/Size"): NumberObject(self.size),
                NameObject("/Root"): self.root_ref,
                NameObject("/Prev"): NumberObject(int(found.group(1))),
            }
        )
        if self.info is not None:
            new_trailer[NameObject("/Info")] = self.ref(self.info)
        elif "/Info" in trailer:
            new_trailer[NameObject("/Info")] = trailer.raw_get("/Info")
        if "/ID" in trailer:
            new_trailer[NameObject("/ID")] = trailer["/ID"]
        out.write(b"trailer\n")
        new_trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()


def viewer_settings(catalog: DictionaryObject) -> None:
    """Set what every PDF docgen makes tells its reader: the language is Chinese and the window shows
    the document's title (not the file name)."""
    catalog[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    old = catalog.get("/ViewerPreferences")
    preferences = DictionaryObject(old.get_object() if old is not None else {})
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    catalog[NameObject("/ViewerPreferences")] = preferences


def finish_typst(pdf: bytes) -> bytes:
    """Return Typst's ``pdf`` with the viewer settings every docgen PDF has (``viewer_settings``), read
    and written with pypdf: for a PDF ``typst_finish.finish_typst`` does not read."""
    from docgen.convert.typst_finish import PRODUCER

    update = Update(pdf)
    viewer_settings(update.catalog())
    update.set_info({"/Producer": PRODUCER})
    return update.write()
