"""A notice body's lines (or a text attachment's), a sentence a paste broke joined again (outsider 7, #7).

Text pasted from Word or WPS into a .md/.txt arrives with a line break wherever the writer pressed
Shift+Enter (U+000B, U+2028) or WPS ended a line: “…总投资5000万元以上，年内完成投资不低于” / “计划的60%。”.
Such a line is joined to the one before by the one rule ``docgen format`` uses too
(docgen/load/hand_breaks.py ``paragraphs``: indented lines, headings and list items, 附件 lines, a
署名 and its date, 抄送 and 印发 start a paragraph; a list typed one item a line without punctuation
stays a list), with the lines a notice source has besides: a blank line, a # heading, a table and a
comment are no text and join nothing.  The notice's body and its .md/.txt attachment files are read so.

Lines are counted as an editor counts them (a U+2028 inside a line is no new line number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.load.hand_breaks import INDENT, own_line, paragraphs
from docgen.load.patterns import continues, join_lines

# what str.splitlines splits at; an editor numbers lines at \n, \r\n and \r only
_BREAK = re.compile("(\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])")
_NEW_LINE = ("\r\n", "\n", "\r")
_SOFT = ("\x0b", "\u2028")  # Word's Shift+Enter as it arrives in a text file: a line break in a paragraph
_OPENS = ("#", "|", "<!--")  # a Markdown heading, a table row, a comment: a line of its own


@dataclass(frozen=True)
class _Piece:
    number: int  # the line (as an editor counts) it is on
    raw: str  # as typed, its indent kept
    soft: bool  # after a soft line break

    @property
    def text(self) -> str:
        return self.raw.strip(" \t\u3000\u00a0")

    @property
    def indented(self) -> bool:
        return bool(INDENT.match(self.raw))

    @property
    def centred(self) -> bool:
        return False  # a text file says nothing of alignment


@dataclass(frozen=True)
class Joined:
    """Lines ``first`` to ``last`` made one paragraph, of ``count`` pieces."""

    first: int
    last: int
    count: int


def typed_lines(text: str, first_line: int = 1) -> list[_Piece]:
    """Return the lines of a pasted text as typed: each with its line number as an editor counts, its
    text with the indent, and whether a soft break (Shift+Enter) came before it."""
    parts = _BREAK.split(text)
    pieces = [_Piece(first_line, parts[0], False)]
    number = first_line
    for separator, raw in zip(parts[1::2], parts[2::2], strict=True):
        number += separator in _NEW_LINE
        pieces.append(_Piece(number, raw, separator in _SOFT))
    if len(pieces) > 1 and not pieces[-1].raw:  # the break ending the last line starts no line
        pieces.pop()
    return pieces


def body_lines(text: str, first_line: int) -> tuple[list[tuple[int, str]], list[Joined]]:
    """Return a notice body's lines (line number, text) with the lines broken inside a sentence
    joined (docgen/load/hand_breaks.py's rule, as ``format`` joins them), and the joins made."""
    pieces = typed_lines(text, first_line)
    kept: list[_Piece | None] = []  # None: a line that is no text (blank, #, table, comment)
    starts: list[bool] = []  # a line no line before takes (a heading typed with its number, …)
    order: list[int] = []  # the piece of each line kept
    in_comment = False
    for index, piece in enumerate(pieces):
        stripped = piece.text
        after = pieces[index + 1].text if index + 1 < len(pieces) else ""
        text_line = not (in_comment or stripped.startswith(_OPENS) or not stripped)
        if not stripped and not in_comment and _bridged(pieces, index):
            continue  # a blank line inside a sentence broken at a page's end (outsider26 #9)
        kept.append(piece if text_line else None)
        order.append(index)
        starts.append(text_line and own_line(stripped, after))
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
    return _assemble([[pieces[order[index]] for index in paragraph] for paragraph in paragraphs(kept, starts)])


def _bridged(pieces: list[_Piece], index: int) -> bool:
    """Return whether the blank line ``index`` is inside a sentence: text pasted from a PDF or a web page
    (a blank line between every two paragraphs) broken at a page's end, “进一步健全完善“市” / blank lines /
    “级统筹谋划……”: the line above plainly goes on (ends in ，、 or an opening mark, or leaves a “ or （
    open) and the next line of text is not indented and starts no paragraph of its own."""
    above = next((pieces[i].text for i in range(index - 1, -1, -1) if pieces[i].text), "")
    below = next((pieces[i] for i in range(index + 1, len(pieces)) if pieces[i].text), None)
    open_mark = above.count("“") > above.count("”") or above.count("（") > above.count("）")
    if not (continues(above) or open_mark) or above.startswith(_OPENS) or below is None:
        return False
    return not (below.indented or below.text.startswith(_OPENS) or own_line(below.text))


def _assemble(paragraphs: list[list[_Piece]]) -> tuple[list[tuple[int, str]], list[Joined]]:
    """Return the lines (number, text) of these paragraphs' pieces and the joins made."""
    lines: list[tuple[int, str]] = []
    joined: list[Joined] = []
    for paragraph in paragraphs:
        typed = paragraph[0].raw
        for piece in paragraph[1:]:
            typed = join_lines(typed.rstrip(" \t\u3000"), piece.text)
        lines.append((paragraph[0].number, typed))
        if len(paragraph) > 1:
            joined.append(Joined(paragraph[0].number, paragraph[-1].number, len(paragraph)))
    return lines, joined
