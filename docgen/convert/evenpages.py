"""7.5 checked on the rendered PDF: printing double-sided, the 版记 must end on an even page.

docgen places the 版记 (or a bulletin's 报尾) from its own page estimate; where LibreOffice breaks
pages differently (a table moved to the next page, say), the PDF comes out with an odd number of
pages.  ``fix_odd`` re-renders those documents with the 版记 placed the other ways (on a new
page, after a blank page, at the bottom of the last page) and converts them again, all such
documents of a batch together per way, until the page count is even.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from docgen.convert.pool import Conversion
from docgen.layout.placed import Placement

Convert = Callable[[Sequence[tuple[Path, Path]]], list[Conversion]]
Render = Callable[[Placement], bytes]  # a placement -> the .docx placed that way


def page_count(pdf: Path) -> int:
    """Return a PDF's number of pages (without reading its text)."""
    return PdfReader(pdf).get_num_pages()


@dataclass(frozen=True)
class Odd:
    """A document whose PDF came out with an odd page count: how to render it, how it was placed."""

    render: Render
    placed: Placement


@dataclass(frozen=True)
class Fixed:
    """A document made again: its new .docx bytes and the PDF LibreOffice made of it."""

    docx: bytes
    pdf: bytes
    pages: int


def fix_odd(items: dict[int, Odd], convert: Convert) -> dict[int, Fixed]:
    """Return, by the caller's index, the documents re-made with an even page count."""
    tries = {index: item.placed.alternatives() for index, item in items.items()}
    fixed: dict[int, Fixed] = {}
    pending = list(items)
    for round_ in range(3):
        if not pending:
            break
        with tempfile.TemporaryDirectory(prefix="docgen-even-") as folder:
            staged, data = [], {}
            for index in pending:
                data[index] = items[index].render(tries[index][round_])
                docx = Path(folder) / f"e{index:05d}.docx"
                docx.write_bytes(data[index])
                staged.append((docx, Path(folder) / f"e{index:05d}.pdf"))
            outcomes = convert(staged)
            still = []
            for index, outcome in zip(pending, outcomes, strict=True):
                pages = page_count(outcome.target) if outcome.error is None else 1
                if pages % 2 == 0:
                    fixed[index] = Fixed(data[index], outcome.target.read_bytes(), pages)
                else:
                    still.append(index)
            pending = still
    return fixed
