"""A notice body's lines (or a text attachment's), a sentence a paste broke joined again (outsider 7, #7).

Text pasted from Word or WPS into a .md/.txt arrives with a line break wherever the writer pressed
Shift+Enter (U+000B, U+2028) or WPS ended a line: “…总投资5000万元以上，年内完成投资不低于” / “计划的60%。”.
Such a line is joined to the one before by the rule ``docgen format`` uses (docgen/load/hand_breaks.py),
with the lines a notice source keeps apart: an indented line, a line after one ending in 。！？；：,
a blank line, a heading (# …, or typed 一、（一）1.（1）), a table, a comment, a 附件 line, a 署名 and its
date, 抄送 and 印发 lines.  A typed heading without text run in after it (“一、总体要求”) takes no line.
A line joined for its width alone (no “，、” before it, no closing mark starting it) is joined only when
the paragraph so made ends a sentence or a clause (。！？；…：): a list typed one item a line without
punctuation stays a list.  The notice's body and its .md/.txt attachment files are read so.

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
    CLOSING_MARKS,
    DATE,
    NOTE,
    PRINTED,
    continues,
    ends_sentence,
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
    # each paragraph as a chain of pieces, each piece after the first with whether it surely goes on
    chains: list[list[tuple[_Piece, bool]]] = []
    taking = False  # the last chain may take the next piece (it starts with a line of text)
    for piece, candidate, own in zip(pieces, kept, starts, strict=True):
        last = chains[-1][-1][0].text if taking else ""
        if (
            taking
            and candidate is not None
            and not own
            and not _takes_none(last)
            and not _takes_none(chains[-1][0][0].text)
            and joins(last, piece.text, indented=piece.indented, wrap=wrap, soft=piece.soft)
        ):
            chains[-1].append((piece, continues(last) or piece.text[0] in CLOSING_MARKS))
        else:
            chains.append([(piece, True)])
            taking = candidate is not None
    return _assemble([p for chain in chains for p in _settle(chain)])


def _settle(chain: list[tuple[_Piece, bool]]) -> list[list[_Piece]]:
    """Return a chain's paragraphs: one, when it ends a sentence (or a clause, “：”); else the lines
    joined only by their width stay apart (a list typed one item a line, without punctuation: 第一天：……
    / 第二天：……), those joined after “，、” or before a closing mark go on."""
    if ends_sentence(chain[-1][0].text) or chain[-1][0].text.endswith(("：", ":")):
        return [[piece for piece, _sure in chain]]
    settled: list[list[_Piece]] = []
    for piece, sure in chain:
        if sure and settled:
            settled[-1].append(piece)
        else:
            settled.append([piece])
    return settled


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
