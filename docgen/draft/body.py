"""The body of a draft (7.3.3): headings by their typed numbers, renumbered; paragraphs whose lines
the writer broke by hand joined by the rule ``render`` joins pasted lines by; tables as they are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docgen.draft.outline import Part, Role
from docgen.draft.read import Item, Line, TableRows
from docgen.i18n import _
from docgen.load.hand_breaks import own_line, paragraphs
from docgen.load.patterns import (
    heading_level,
    join_lines,
    standard_label,
    typed_label,
    typed_value,
    width,
)
from docgen.numbering import HeadingCounter, split_run_in

# a contact line (7.3.6 附注): 联系人：张三, 联系电话：… — its own line, never a pasted line's continuation
CONTACT = re.compile(r"^(?:联系人|联系电话|电话|传真|电子邮箱|邮箱|地址|邮编)\s*[：:]")


def contact_note(texts: Sequence[str]) -> str:
    """Return contact lines as one 附注 in parentheses: （联系人：张三，联系电话：1234567890）."""
    items = [text.strip().rstrip("，,；;。") for text in texts]
    return "（" + "，".join(item for item in items if item) + "）"


@dataclass
class _Piece:
    """A heading or paragraph being assembled from lines."""

    role: Role
    text: str
    lines: list[int]
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


def _grouped(items: Sequence[Item], base: int) -> list[list[Item]]:
    """Return the body's items grouped: each table alone, each paragraph or heading as its lines, by
    the one rule ``render`` joins pasted lines by (docgen/load/hand_breaks.py ``paragraphs``); a line
    styled as a heading (``_marked``) starts a paragraph and takes no line after it."""
    lines = [item if isinstance(item, Line) and not item.blank else None for item in items]
    texts = [line.text if line is not None else "" for line in lines]
    marked = [line is not None and _marked(line, base) is not None for line in lines]
    starts = [
        line is not None
        and (marked[index] or line.listed or bool(CONTACT.match(line.text)) or own_line(line.text, texts[index + 1] if index + 1 < len(texts) else ""))
        for index, line in enumerate(lines)
    ]
    groups = [[items[index] for index in paragraph] for paragraph in paragraphs(lines, starts, marked)]
    return [group for group in groups if not (isinstance(group[0], Line) and group[0].blank)]


def body_parts(items: Sequence[Item], base: int = 0) -> list[Part]:
    """Return the body's parts: tables, headings by their typed numbers (or by their marks, levels
    under ``base``) renumbered in order, paragraphs with the lines broken by hand joined."""
    counter = HeadingCounter()
    reached = [0] * 5  # the last number given at each level, kept through resets
    fresh = [True] * 5  # no heading of the level yet under the current heading above it
    pieces: list[_Piece | Part] = []
    for group in _grouped(items, base):
        item = group[0]
        if isinstance(item, TableRows):
            pieces.append(Part(Role.TABLE, "", (item.number,), rows=item.rows))
            continue
        assert isinstance(item, Line)  # pictures are read as blank lines (recognise.recognise)
        found = heading_level(item.text) or _marked(item, base)
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
            piece = _Piece(Role.HEADING, rest, [item.number], level, note, label=label)
        else:
            piece = _Piece(Role.PARAGRAPH, item.text, [item.number])
        for line in group[1:]:
            assert isinstance(line, Line)
            piece.text = join_lines(piece.text, line.text)
            piece.joined += 1
            if line.number not in piece.lines:
                piece.lines.append(line.number)
        pieces.append(piece)
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
