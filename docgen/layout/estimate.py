"""Where the pages break, estimated on the standard's grid before any renderer runs.

The 22 x 28 grid makes text layout predictable: a body line holds 28 full-width characters
(Latin letters and digits count half) and every line is 28.95 pt high.  Layout needs the
estimate for two decisions that Word and LibreOffice cannot take for it: whether the 版记 fits
at the bottom of the last page, and on which side (odd or even) that page falls (7.4.1, 7.5).
No library measures CJK text on a fixed grid, so this is written by hand.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from enum import Enum


def char_width(ch: str) -> float:
    """Return the advance of ``ch`` in 字 (full-width characters): 1 for CJK and full-width, 0.5 else."""
    if ch == "\t":
        return 0.0
    kind = unicodedata.east_asian_width(ch)
    return 1.0 if kind in ("F", "W", "A") else 0.5


def text_width(text: str) -> float:
    """Return the width of ``text`` in 字."""
    return sum(char_width(ch) for ch in text)


def line_count(width: float, first_line_chars: float, line_chars: float) -> int:
    """Return the lines a paragraph of ``width`` 字 takes, the first line holding ``first_line_chars``.

    Line-breaking rules (no closing punctuation at a line start) can push a character on to
    the next line, so text that runs past the first line is given half a character more.
    """
    if width <= first_line_chars:
        return 1
    rest = width - first_line_chars
    return 1 + math.ceil((rest + 0.5) / line_chars)


class Break(Enum):
    """How a chunk relates to what comes before it."""

    NONE = 0
    PAGE = 1


@dataclass(frozen=True)
class Chunk:
    """A piece of the flow that cannot be split: a line of text, a table row, a fixed block.

    ``keep_next`` ties it to the chunk after it (a heading to its first line).
    """

    height: int
    brk: Break = Break.NONE
    keep_next: bool = False


@dataclass(frozen=True)
class PageEstimate:
    """Result of the estimate: number of pages and the height used on the last one (twips)."""

    pages: int
    last_page_used: int

    def remaining(self, page_height: int) -> int:
        """Return the free height at the bottom of the last page."""
        return page_height - self.last_page_used


def paginate(chunks: list[Chunk], page_height: int) -> PageEstimate:
    """Lay the chunks out on pages of ``page_height`` twips and return where the flow ends."""
    pages = 1
    used = 0
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        # a chunk kept with the next one moves with it
        group_height = chunk.height
        end = index
        while chunks[end].keep_next and end + 1 < len(chunks) and chunks[end + 1].brk is Break.NONE:
            end += 1
            group_height += chunks[end].height
        if chunk.brk is Break.PAGE and (used > 0 or index > 0):
            pages += 1
            used = 0
        if used > 0 and used + group_height > page_height:
            pages += 1
            used = 0
        for item in chunks[index : end + 1]:
            if used > 0 and used + item.height > page_height:
                pages += 1
                used = 0
            used += item.height
        index = end + 1
    return PageEstimate(pages, used)
