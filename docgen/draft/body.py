"""The body of a draft (7.3.3): headings by their typed numbers, renumbered; paragraphs whose lines
the writer broke by hand, joined; tables as they are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docgen.draft.outline import Part, Role
from docgen.draft.read import Item, Line, TableRows
from docgen.i18n import _
from docgen.load.hand_breaks import hand_wrap, joins
from docgen.load.patterns import (
    heading_level,
    join_lines,
    standard_label,
    typed_label,
    typed_value,
    width,
)
from docgen.numbering import HeadingCounter, split_run_in


@dataclass
class _Piece:
    """A heading or paragraph being assembled from lines."""

    role: Role
    text: str
    lines: list[int]
    last: str  # the last physical line, as typed
    level: int = 0
    note: str = ""
    joined: int = 0
    label: str = ""


def _marked(line: Line, base: int) -> tuple[int, str] | None:
    """Return (level, text) for a heading marked by its form only (## 总体要求, Word's 标题 2): the
    levels under the title's mark ``base`` (# title: ## is 一、), or from the top."""
    if not line.outline or width(line.text) > 40:
        return None
    level = line.outline - base
    return (level, line.text) if 1 <= level <= 4 else None


def _wrap(items: Sequence[Item]) -> float:
    """Return the width from which a line not ending a sentence was broken by hand (``hand_wrap``)."""
    return hand_wrap([item if isinstance(item, Line) and not item.blank else None for item in items])


def body_parts(items: Sequence[Item], base: int = 0) -> list[Part]:
    """Return the body's parts: tables, headings by their typed numbers (or by their marks, levels
    under ``base``) renumbered in order, paragraphs with the lines broken by hand joined."""
    wrap = _wrap(items)
    counter = HeadingCounter()
    reached = [0] * 5  # the last number given at each level, kept through resets
    fresh = [True] * 5  # no heading of the level yet under the current heading above it
    pieces: list[_Piece | Part] = []
    boundary = True
    for item in items:
        if isinstance(item, TableRows):
            pieces.append(Part(Role.TABLE, "", (item.number,), rows=item.rows))
            boundary = True
            continue
        if item.blank:
            boundary = True
            continue
        found = heading_level(item.text) or _marked(item, base)
        previous = pieces[-1] if pieces else None
        if found:
            level, rest = found
            typed = typed_label(item.text)
            _follow_writer(counter, level, typed_value(typed), reached, fresh)
            label = counter.next_label(level)
            reached[level] = counter.counts[level]
            fresh[level + 1 :] = [True] * (4 - level)
            if not typed:
                note = _("numbered by its heading style")
            else:
                note = _("renumbered from {typed}").format(typed=typed) if standard_label(typed) != label else ""
            pieces.append(_Piece(Role.HEADING, rest, [item.number], item.text, level, note, label=label))
        elif isinstance(previous, _Piece) and not boundary and _joins(previous, item, wrap):
            previous.text = join_lines(previous.text, item.text)
            previous.last = item.text
            previous.joined += 1
            if item.number not in previous.lines:
                previous.lines.append(item.number)
        else:
            pieces.append(_Piece(Role.PARAGRAPH, item.text, [item.number], item.text))
        boundary = False
    return [_part(p) if isinstance(p, _Piece) else p for p in pieces]


def _follow_writer(
    counter: HeadingCounter, level: int, value: tuple[int, int] | None, reached: list[int], fresh: list[bool]
) -> None:
    """Number on across sections where the writer did (1-5 under （一）, 6-9 under （二）), and
    start again where the writer did; a skip is still renumbered."""
    if not fresh[level] or value is None:
        fresh[level] = False
        return
    fresh[level] = False
    if value[1] > 1 and value[1] == reached[level] + 1:
        counter.counts[level] = reached[level]
        counter.continuous = counter.continuous | {level}
    elif value[1] == 1 and level in counter.continuous:
        counter.counts[level] = 0
        counter.continuous = counter.continuous - {level}


def _joins(previous: _Piece, line: Line, wrap: float) -> bool:
    """True if ``line`` goes on ``previous``: broken by hand inside a sentence, not a new paragraph."""
    return joins(
        previous.last, line.text, indented=line.indented, wrap=wrap, soft=line.soft, centred=line.centred
    )


def _part(piece: _Piece) -> Part:
    note = piece.note
    if piece.joined:
        joined = _("{n} lines joined").format(n=piece.joined + 1)
        note = f"{note}；{joined}" if note else joined
    if piece.role is Role.HEADING:
        heading, run_in = split_run_in(piece.text)
        return Part(
            Role.HEADING,
            heading,
            tuple(piece.lines),
            piece.level,
            note=note,
            run_in=run_in,
            label=piece.label,
        )
    return Part(Role.PARAGRAPH, piece.text, tuple(piece.lines), note=note)
