"""Body lines of a notice source typed the way a Word user writes them (outsider defect 8, the
lead's decision): a heading number typed without # (一、 （一） 1． （1）) sets a heading of that
level where `docgen format` would take the line for one; a typed 附件： line is the 附件说明 — or,
when the front matter lists the 附件, dropped (docgen writes the 附件说明 from them, 7.3.4); a first line
repeating the front matter's 主送 (“长治市发展和改革委员会：”, as every Word draft begins) is dropped too
(docgen writes the 主送 from the front matter, 7.3.2).  Each line so read is noted (说明); a heading typed
with a number out of docgen's order is warned of (警告).

The recognition is format's own (docgen/load/patterns.py), not a copy.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docgen.i18n import _
from docgen.load.patterns import (
    ATTACHMENT_NOTE,
    ITEM_NUMBER,
    attachment_titles,
    heading_level,
    names_units,
    standard_label,
    typed_label,
)
from docgen.numbering import HeadingCounter
from docgen.remarks import Remark, RemarkKind, note, warning

if TYPE_CHECKING:
    from docgen.load.notice_body import SourceBlock  # load_notice calls typed_body: no import at run time


@dataclass(frozen=True)
class TypedBody:
    """The body as set: its blocks, the 附件说明's names typed in it (if any), and a note per line read so."""

    blocks: tuple[SourceBlock, ...]
    attachment_titles: tuple[str, ...] = ()
    notes: tuple[Remark, ...] = ()


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


_SEPARATORS = str.maketrans("", "", "，,、；; \t\u3000")


def _same_names(typed: str, names: Sequence[str]) -> bool:
    """Return whether ``typed`` lists ``names`` (separators and spaces aside)."""
    return typed.translate(_SEPARATORS) == "".join(names).translate(_SEPARATORS)


def _shortened_names(typed: str, names: Sequence[str]) -> bool:
    """Return whether ``typed`` lists ``names`` each written short, without the front of its name
    (“省自然资源厅” for 山西省自然资源厅), in the same order."""
    parts = [part for part in re.split(r"[，,、；;\s\u3000]+", typed) if part]
    return len(parts) == len(names) and all(
        len(part) >= 2 and name.endswith(part) for part, name in zip(parts, names, strict=True)
    )


def _typed_addressee(blocks: Sequence[SourceBlock], addressees: Sequence[str]) -> list[tuple[int, Remark]]:
    """Return a note when the first line repeats the front matter's 主送, in full or each name short
    (the caller drops it); a warning when it reads as a 主送 but names other offices (it is printed)."""
    if not blocks or not addressees or not _plain(blocks[0]):
        return []
    text = blocks[0].text.strip()
    if not text.endswith(("：", ":")):
        return []
    line = blocks[0].line
    if _same_names(text[:-1], addressees) or _shortened_names(text[:-1], addressees):
        note_text = _(
            "line {line}: the typed 主送 “{text}” is left out: docgen writes the 主送 from the front matter (7.3.2)"
        ).format(line=line, text=text)
        return [(line, note(note_text))]
    if names_units(text[:-1], minimum=1):  # reads as a list of offices
        warning_text = _(
            "line {line}: the first line “{text}” reads as a 主送 but is not the front matter's 主送 "
            "“{addressees}”: both are printed; delete the line, or write that 主送 in the front matter"
        ).format(line=line, text=text, addressees="，".join(addressees))
        return [(line, warning(warning_text))]
    return []


def typed_body(
    blocks: Sequence[SourceBlock],
    *,
    front_attachments: bool,
    continuous: frozenset[int] = frozenset(),
    addressees: Sequence[str] = (),
) -> TypedBody:
    """Return the body with typed headings set as headings, a typed 附件说明 and a first line repeating
    the 主送 (``addressees``, the front matter's) taken out; a note for each line so read, a warning
    for each heading typed out of the order docgen numbers in (``continuous``: the levels numbered on
    across sections, 连续编号)."""
    remarks = _typed_addressee(blocks, addressees)  # by line
    if remarks and remarks[0][1].kind is RemarkKind.NOTE:
        blocks = blocks[1:]
    titles: tuple[str, ...] = ()
    start = _attachment_note(blocks)
    if start is not None:
        head = ATTACHMENT_NOTE.match(blocks[start].text)
        assert head is not None
        if front_attachments:
            line = blocks[start].line
            text = _(
                "line {line}: the typed 附件说明 is left out: docgen writes it from the 附件 of the front matter (7.3.4)"
            ).format(line=line)
            remarks.append((line, note(text)))
        else:
            titles = attachment_titles(head.group(1), [b.text for b in blocks[start + 1 :]])
        blocks = blocks[:start]
    out: list[SourceBlock] = []
    typed: dict[int, str] = {}  # the number typed at a heading's start, by the heading's line
    for block in blocks:
        if block.level:
            found = heading_level(block.text)
            if found and found[0] == block.level:  # “## (二)…”: docgen numbers it (compose_blocks)
                typed[block.line] = typed_label(block.text)
            out.append(block)
            continue
        found = heading_level(block.text) if _plain(block) else None
        if found is None:
            out.append(block)
            continue
        level, rest = found
        out.append(dataclasses.replace(block, level=level, text=rest))
        typed[block.line] = label = typed_label(block.text)
        text = _("line {line}: set as a heading (“{label}” typed without #)").format(line=block.line, label=label)
        remarks.append((block.line, note(text)))
    remarks += _out_of_order(out, typed, continuous)
    remarks += [(block.line, _empty_warning(block)) for block in _empty_headings(out)]
    remarks.sort(key=lambda pair: pair[0])
    return TypedBody(tuple(out), titles, tuple(remark for _line, remark in remarks))


def _out_of_order(
    blocks: Sequence[SourceBlock], typed: dict[int, str], continuous: frozenset[int]
) -> list[tuple[int, Remark]]:
    """Return a warning for each heading whose typed number is not the one docgen gives it: the
    headings are counted as compose_blocks numbers them (7.3.3), a typed (二) is （二） restyled.

    A level whose typed numbers all fit once it is numbered on across sections (seed 004's 1、–20、
    over five sections) gets one warning naming 连续编号, not one per heading (outsider26 #14); a single
    heading keeps its own (it may be one missing as well)."""
    found = _mismatches(blocks, typed, continuous)
    said: list[tuple[int, Remark]] = []
    for level in sorted({level for level, _line, _typed, _label in found}):
        here = [m for m in found if m[0] == level]
        if len(here) > 1 and not any(m[0] == level for m in _mismatches(blocks, typed, continuous | {level})):
            text = _(
                "lines {first}–{last}: the typed heading numbers run on across sections (“{typed}” on line "
                "{first} goes on from the section before); docgen numbers each section from the first: to keep "
                "them running on, write 连续编号: [{level}] in the front matter"
            ).format(first=here[0][1], last=here[-1][1], typed=here[0][2], level=level)
            said.append((here[0][1], warning(text)))
            continue
        for _level, line, written, label in here:
            text = _(
                "line {line}: the heading typed “{typed}” is numbered “{label}”: docgen numbers headings in "
                "order (is one missing? numbers running on across sections need 连续编号)"
            ).format(line=line, typed=written, label=label)
            said.append((line, warning(text)))
    return said


def _mismatches(
    blocks: Sequence[SourceBlock], typed: dict[int, str], continuous: frozenset[int]
) -> list[tuple[int, int, str, str]]:
    """Return (level, line, typed, label) of each heading whose typed number is not docgen's label."""
    counter = HeadingCounter(continuous)
    found: list[tuple[int, int, str, str]] = []
    for block in blocks:
        if not block.level:
            continue
        label = counter.next_label(block.level)
        written = typed.get(block.line, "")
        if written and standard_label(written) != label:
            found.append((block.level, block.line, written, label))
    return found


def empty_sections(blocks: Sequence[SourceBlock]) -> list[Remark]:
    """Return a warning for each heading of level 1 or 2 with nothing under it (``_empty_headings``)."""
    return [_empty_warning(block) for block in _empty_headings(blocks)]


def _empty_warning(block: SourceBlock) -> Remark:
    text = _("line {line}: the heading “{heading}” has nothing under it: add its text or remove it")
    return warning(text.format(line=block.line, heading=block.text))


def _empty_headings(blocks: Sequence[SourceBlock]) -> list[SourceBlock]:
    """Return the headings of level 1 or 2 followed by a heading of their level or above, or by nothing
    (“# 其他事项” left at the end of a 纪要 was printed bare).  A heading that is a sentence or
    has its text run in (“（一）投资完成情况。”, “（一）高度重视。各单位……”) and the items of levels 3
    and 4 (“1.……” one after another) are text themselves."""
    found = []
    for index, block in enumerate(blocks):
        if not block.level or block.level > 2 or "。" in block.text:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is None or (following.level and following.level <= block.level):
            found.append(block)
    return found
