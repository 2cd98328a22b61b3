"""Many PDFs into one, in order, with a bookmark at the first page of each (a bulletin issue's 合订本).

Built as the PDFs come (``add``), so a batch merges while its workers still typeset the next ones.
Bookmarks are added at the end, at each part's first page: pypdf's ``append`` drops the outline
entry of a one-page input (py-pdf/pypdf#2597).
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfWriter


class MergedPdf:
    """One PDF being put together from parts, each with its bookmark."""

    def __init__(self) -> None:
        self._writer = PdfWriter()
        self._starts: list[tuple[str, int]] = []

    def add(self, title: str, pdf: bytes | Path) -> None:
        """Append every page of ``pdf`` (bytes or a file), bookmarked ``title`` at its first page."""
        self._starts.append((title, len(self._writer.pages)))
        self._writer.append(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf), import_outline=False)

    def finish(self, title: str) -> bytes:
        """Return the merged PDF, titled ``title``, with one bookmark per part."""
        for part, page in self._starts:
            self._writer.add_outline_item(title=part, page_number=page)
        self._writer.add_metadata({"/Title": title})
        buffer = io.BytesIO()
        self._writer.write(buffer)
        return buffer.getvalue()
