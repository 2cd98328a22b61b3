"""Lines broken by hand inside a sentence: when a line goes on the paragraph before it.

One rule for a Word or text draft (``docgen format``, docgen/draft/body.py) and a notice source
pasted from Word/WPS (``docgen render``, docgen/load/notice_lines.py): a line that is indented starts
a paragraph; a line after one ending a sentence (。！？；…) starts one; a line after one that plainly
goes on (，、“《（) or that is as wide as the lines the writer broke by hand is joined to it.  A line
after a soft break (Shift+Enter, U+000B, U+2028) is joined unless the line before ends a sentence.

Written by hand: the conventions of Chinese office text; no library knows them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median
from typing import Protocol

from docgen.load.patterns import CLOSING_MARKS, continues, ends_sentence, width

# a line's start that starts a paragraph: two spaces or more, a “　” (U+3000), a tab
INDENT = re.compile(r"^[ \t\u3000\u00a0]{2,}|^\u3000|^\t")
SHORTEST_WRAP = 15.0  # 字: a line narrower than this is a short line, not one broken by hand


class TypedLine(Protocol):
    """A line as typed: its text (ends trimmed) and whether it was indented."""

    @property
    def text(self) -> str: ...

    @property
    def indented(self) -> bool: ...


def hand_wrap(lines: Sequence[TypedLine | None]) -> float:
    """Return the width from which a line not ending a sentence was broken by hand: four fifths of
    the median width of such lines followed by an unindented one (``None``: a blank line, a table)."""
    widths = []
    for line, nxt in zip(lines, lines[1:], strict=False):
        if line is None or nxt is None or not line.text or not nxt.text:
            continue
        if not ends_sentence(line.text) and not nxt.indented and width(line.text) >= SHORTEST_WRAP:
            widths.append(width(line.text))
    return max(SHORTEST_WRAP, median(widths) * 0.8) if widths else float("inf")


def joins(
    last: str, text: str, *, indented: bool, wrap: float, soft: bool = False, centred: bool = False
) -> bool:
    """Return whether the line ``text`` goes on the paragraph whose last line is ``last``: broken by
    hand inside a sentence, not a new paragraph (``wrap``: ``hand_wrap`` of the text's lines)."""
    if centred and not soft:
        return False
    if soft:
        return not ends_sentence(last)
    if text[0] in CLOSING_MARKS and not indented:
        return True
    if indented or ends_sentence(last):
        return False
    return continues(last) or width(last) >= wrap
