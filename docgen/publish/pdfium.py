"""PDFium (pypdfium2, in C) where a batch reads or copies PDF pages: page counts and the merged PDF.

PDFium is loaded by what makes many PDFs (``load``: a bulletin worker, the merged PDF); a command
that makes one PDF counts its pages with pypdf, which it has loaded anyway — loading PDFium costs
about 40 ms, counting a bulletin's pages with pypdf 1.4–2.3 ms, with PDFium 0.1 ms.
PDFium is not thread-safe: every call into it holds ``LOCK`` (one at a time in this process).
"""

from __future__ import annotations

import io
import threading
from pathlib import Path
from types import ModuleType

LOCK = threading.Lock()
_pdfium: ModuleType | None = None


def load() -> ModuleType:
    """Return pypdfium2, imported on first need; from then on this process counts pages with it."""
    global _pdfium
    if _pdfium is None:
        import pypdfium2

        _pdfium = pypdfium2
    return _pdfium


def page_count(pdf: bytes | Path) -> int:
    """Return a PDF's number of pages (without reading its text)."""
    if _pdfium is None:
        from pypdf import PdfReader

        return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf).get_num_pages()
    with LOCK:
        document = _pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()
