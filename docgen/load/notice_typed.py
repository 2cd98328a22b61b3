"""Body lines of a notice source typed the way a Word user writes them (outsider defect 8, the
lead's decision): a heading number typed without # (一、 （一） 1． （1）) sets a heading of that
level where `docgen format` would take the line for one; a typed 附件： line is the 附件说明 — or,
when the front matter lists the 附件, dropped (docgen writes the 附件说明 from them, 7.3.4).

The recognition is format's own (docgen/draft/patterns.py), not a copy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docgen.draft.patterns import ATTACHMENT_NOTE, ITEM_NUMBER, attachment_titles, heading_level, typed_label
from docgen.i18n import _

if TYPE_CHECKING:
    from docgen.load.notice import SourceBlock  # load_notice calls typed_body: no import at run time


@dataclass(frozen=True)
class TypedBody:
    """The body as set: its blocks, the 附件说明's names typed in it (if any), and a note per line read so."""

    blocks: tuple[SourceBlock, ...]
    attachment_titles: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _plain(block: SourceBlock) -> bool:
    return not block.rows and not block.level


def _attachment_note(blocks: Sequence[SourceBlock]) -> int | None:
    """Return where a typed 附件说明 starts: a 附件： line followed only by its numbered lines (7.3.4:
    it follows the body)."""
    for index, block in enumerate(blocks):
        if _plain(block) and ATTACHMENT_NOTE.match(block.text):
            rest = blocks[index + 1 :]
            if all(_plain(b) and ITEM_NUMBER.match(b.text) for b in rest):
                return index
    return None


def typed_body(blocks: Sequence[SourceBlock], *, front_attachments: bool) -> TypedBody:
    """Return the body with typed headings set as headings and a typed 附件说明 taken out."""
    notes: list[tuple[int, str]] = []  # by line
    titles: tuple[str, ...] = ()
    start = _attachment_note(blocks)
    if start is not None:
        head = ATTACHMENT_NOTE.match(blocks[start].text)
        assert head is not None
        if front_attachments:
            line = blocks[start].line
            notes.append(
                (
                    line,
                    _(
                        "line {line}: the typed 附件说明 is left out: docgen writes it from the 附件 of the "
                        "front matter (7.3.4)"
                    ).format(line=line),
                )
            )
        else:
            titles = attachment_titles(head.group(1), [b.text for b in blocks[start + 1 :]])
        blocks = blocks[:start]
    out: list[SourceBlock] = []
    for block in blocks:
        found = heading_level(block.text) if _plain(block) else None
        if found is None:
            out.append(block)
            continue
        level, rest = found
        out.append(dataclasses.replace(block, level=level, text=rest))
        label = typed_label(block.text)
        notes.append(
            (
                block.line,
                _("line {line}: set as a heading (“{label}” typed without #)").format(
                    line=block.line, label=label
                ),
            )
        )
    return TypedBody(tuple(out), titles, tuple(note for _line, note in sorted(notes)))
