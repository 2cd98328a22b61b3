"""The lines of a notice source's body, with a sentence a paste broke joined again (outsider 7, #7).

Text pasted from Word or WPS into a .md/.txt arrives with a line break wherever the writer pressed
Shift+Enter (U+000B, U+2028) or WPS ended a line: “…总投资5000万元以上，年内完成投资不低于” / “计划的60%。”.
Such a line is joined to the one before by the rule ``docgen format`` uses (docgen/load/hand_breaks.py),
with the lines a notice source keeps apart: an indented line, a line after one ending in 。！？；：,
a blank line, a heading (# …, or typed 一、（一）1.（1）), a table, a comment, a 附件 line, a 署名 and its
date, 抄送 and 印发 lines.  A typed heading without text run in after it (“一、总体要求”) takes no line.

Lines are counted as an editor counts them (a U+2028 inside a line is no new line number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.load.hand_breaks import INDENT, hand_wrap, joins
from docgen.load.patterns import (
    ATTACHMENT_LABEL,
    ATTACHMENT_NOTE,
    CC,
    DATE,
    NOTE,
    PRINTED,
    heading_level,
    join_lines,
)

# what str.splitlines splits at; an editor numbers lines at \n, \r\n and \r only
_BREAK = re.compile("(\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])")
_NEW_LINE = ("\r\n", "\n", "\r")
_SOFT = ("\x0b", "\u2028")  # Word's Shift+Enter as it arrives in a text file: a line break in a paragraph
_OPENS = ("#", "|", "<!--")  # a Markdown heading, a table row, a comment: a line of its own
_RUN_IN = re.compile("[。：:！？；]")


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


@dataclass(frozen=True)
class Joined:
    """Lines ``first`` to ``last`` made one paragraph, of ``count`` pieces."""

    first: int
    last: int
    count: int


def _pieces(text: str, first_line: int) -> list[_Piece]:
    parts = _BREAK.split(text)
    pieces = [_Piece(first_line, parts[0], False)]
    number = first_line
    for separator, raw in zip(parts[1::2], parts[2::2], strict=True):
        number += separator in _NEW_LINE
        pieces.append(_Piece(number, raw, separator in _SOFT))
    if len(pieces) > 1 and not pieces[-1].raw:  # the break ending the last line starts no line
        pieces.pop()
    return pieces


def _own_line(text: str, after: str) -> bool:
    """Return whether a line is one a notice source keeps apart: a heading typed with its number, a
    附件 line, a date or the 署名 right above it (``after``: the next line), 抄送 and 印发, （附注）."""
    if heading_level(text) or DATE.match(text) or DATE.match(after):
        return True
    return any(p.match(text) for p in (ATTACHMENT_NOTE, ATTACHMENT_LABEL, CC, PRINTED, NOTE))


def _takes_none(text: str) -> bool:
    """Return whether no line may go on this one: it ends in “：”, or it is a typed heading with no
    text run in after it, or a 附件 line."""
    if text.endswith(("：", ":")):
        return True
    heading = heading_level(text)
    if heading is not None and not _RUN_IN.search(heading[1][:-1]):
        return True
    return bool(ATTACHMENT_NOTE.match(text) or ATTACHMENT_LABEL.match(text))


def body_lines(text: str, first_line: int) -> tuple[list[tuple[int, str]], list[Joined]]:
    """Return a notice body's lines (line number, text) with the lines broken inside a sentence
    joined, and the joins made."""
    pieces = _pieces(text, first_line)
    kept: list[_Piece | None] = []  # None: a line that is no text (blank, #, table, comment)
    starts: list[bool] = []  # a line no line before takes (a heading typed with its number, …)
    in_comment = False
    for index, piece in enumerate(pieces):
        stripped = piece.text
        after = pieces[index + 1].text if index + 1 < len(pieces) else ""
        text_line = not (in_comment or stripped.startswith(_OPENS) or not stripped)
        kept.append(piece if text_line else None)
        starts.append(text_line and _own_line(stripped, after))
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
    # the lines' widths tell where the writer broke lines; a line that takes none tells nothing
    wrap = hand_wrap([p if p is not None and not _takes_none(p.text) else None for p in kept])
    lines: list[tuple[int, str]] = []
    joined: list[Joined] = []
    last = ""  # the last piece of the line being assembled, when a piece may go on it
    count = 1
    for piece, candidate, own in zip(pieces, kept, starts, strict=True):
        if (
            candidate is not None
            and not own
            and last
            and not _takes_none(lines[-1][1].strip())
            and joins(last, piece.text, indented=piece.indented, wrap=wrap, soft=piece.soft)
        ):
            number, typed = lines[-1]
            lines[-1] = (number, join_lines(typed.rstrip(" \t\u3000"), piece.text))
            last, count = piece.text, count + 1
            if count == 2:
                joined.append(Joined(number, piece.number, count))
            else:
                joined[-1] = Joined(number, piece.number, count)
            continue
        lines.append((piece.number, piece.raw))
        last, count = (piece.text if candidate is not None else ""), 1
    return lines, joined
