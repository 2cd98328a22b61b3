"""A bound volume (合订本, as ``docgen bulletin --merge`` writes one): a PDF of several documents,
one bookmark at the first page of each, split back into its documents so each is checked alone.

Judged as one document, a 合订本 fails the rules of one: every bulletin's red 报头 is colour outside
the first page's 版头 (5.2.4), every 报尾 but the last is a 版记 before the last page (7.4.1).  A PDF
is taken as bound when its outline has two or more top-level bookmarks, the first at page 1, each at
a later page than the one before, and every bookmarked page opens with a red 版头 (red text or a red
rule in its upper half): a notice whose bookmarks are its own headings has no red 版头 on page 2.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from docgen.check.pdf_read import Page, is_red_rgb


@dataclass(frozen=True)
class Part:
    """One document of a bound volume: its bookmark's title and its pages (numbered from 1)."""

    title: str
    first: int  # page of the volume it starts at, from 1
    pages: list[Page]

    @property
    def last(self) -> int:
        """Return the page of the volume it ends at."""
        return self.first + len(self.pages) - 1


def _opens_with_red_header(page: Page) -> bool:
    """Say whether ``page`` holds red text or a red rule in its upper half (a 版头 or 报头)."""
    half = page.height / 2
    return any(is_red_rgb(c) for line in page.lines if line.em_top < half for c in line.colors) or any(
        is_red_rgb(rule.color) for rule in page.rules if rule.top < half
    )


def _bookmarks(path: Path) -> list[tuple[str, int]]:
    """Return the top-level bookmarks of ``path`` as (title, page index from 0); none when unreadable."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        found = []
        for item in reader.outline:
            if isinstance(item, list):
                continue  # the children of the item before: not a document of the volume
            page = reader.get_destination_page_number(item)
            if page is None or page < 0:
                return []
            found.append((str(item.title), page))
        return found
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError):
        return []  # a damaged outline: the PDF is checked as one document


def bound_parts(path: Path, pages: list[Page]) -> list[Part] | None:
    """Return the documents of the bound volume ``path`` (measured as ``pages``), or None when it is
    not one (see the module's docstring)."""
    marks = _bookmarks(path)
    starts = [page for _title, page in marks]
    if len(marks) < 2 or starts[0] != 0 or any(b <= a for a, b in zip(starts, starts[1:], strict=False)):
        return None
    if starts[-1] >= len(pages) or not all(_opens_with_red_header(pages[start]) for start in starts):
        return None
    ends = [*starts[1:], len(pages)]
    return [
        Part(title, start + 1, [replace(page, number=n) for n, page in enumerate(pages[start:end], start=1)])
        for (title, start), end in zip(marks, ends, strict=True)
    ]
