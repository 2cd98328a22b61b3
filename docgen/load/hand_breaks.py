"""Lines broken by hand inside a sentence: which lines go on the paragraph before them.

One rule, here, for a Word or text draft (``docgen format``, docgen/draft/body.py) and a notice source
pasted from Word/WPS (``docgen render``, docgen/load/notice_lines.py): ``paragraphs``.

- A line that is indented starts a paragraph; so does a line after one ending a sentence (。！？；…), a
  centred line, and a line of its own: a heading typed with its number (一、（一）1.（1）), a list item
  (① ⑴ - • ● ——), a 附件 line, a date or the 署名 right above it, 抄送, 印发, （附注）.
- No line goes on a line ending in “：” (but the line after a soft break, and the e-mail or web
  address a label such as 电子邮箱： names), on a typed heading with no text run in after it (“一、总体
  要求”; “（一）加强领导，各单位……” has some), or on a 附件 line.
- Otherwise a line goes on the one before when that one plainly goes on (，、“《（), when it starts
  with a closing mark, or when the line before is as wide as the lines the writer broke by hand.  A
  line after a soft break (Shift+Enter, U+000B, U+2028) goes on unless the line before ends a sentence.
- A line joined for its width alone is kept joined only when the paragraph so made ends a sentence
  or a clause (。！？；…：): a list typed one item a line without punctuation stays a list.

Written by hand: the conventions of Chinese office text; no library knows them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median
from typing import Protocol

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
    width,
)

# a line's start that starts a paragraph: two spaces or more, a “　” (U+3000), a tab
INDENT = re.compile(r"^[ \t\u3000\u00a0]{2,}|^\u3000|^\t")
SHORTEST_WRAP = 15.0  # 字: a line narrower than this is a short line, not one broken by hand
# a heading's text that is a sentence run in after it, not a title alone: it may go on past its line
_RUN_IN = re.compile("[。：:！？；，,、]")
# an e-mail address or a web address at a line's start: the value of a label (电子邮箱：) above it
_ADDRESS = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.|^(?:https?://|www\.)")
# a list item's mark: circled and bracketed numbers, bullets, dashes (a “——” item of Chinese prose)
LIST_ITEM = re.compile(r"^(?:[\u2460-\u2473\u2474-\u2487\u2776-\u277f]|[-•●○◆◇■□▪▫★☆·※→＊*]\s*(?=\S)|——)")


class TypedLine(Protocol):
    """A line as typed: its text (ends trimmed), whether it was indented, came after a soft break,
    was centred."""

    @property
    def text(self) -> str: ...

    @property
    def indented(self) -> bool: ...

    @property
    def soft(self) -> bool: ...

    @property
    def centred(self) -> bool: ...


def hand_wrap(lines: Sequence[TypedLine | None], shut: Sequence[bool] = ()) -> float:
    """Return the width from which a line not ending a sentence was broken by hand: four fifths of
    the median width of such lines followed by an unindented one (``None``: a blank line, a table;
    ``shut[i]``: line i takes no line after it, so its width tells nothing)."""
    widths = []
    for index, (line, nxt) in enumerate(zip(lines, lines[1:], strict=False)):
        if line is None or nxt is None or not line.text or not nxt.text or (index < len(shut) and shut[index]):
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


def own_line(text: str, after: str = "") -> bool:
    """Return whether a line starts a paragraph whatever is above it: a heading typed with its number,
    a list item, a 附件 line, a date or the 署名 right above it (``after``: the next line), 抄送 and
    印发, （附注）."""
    if heading_level(text) or LIST_ITEM.match(text) or DATE.match(text) or DATE.match(after):
        return True
    return any(p.match(text) for p in (ATTACHMENT_NOTE, ATTACHMENT_LABEL, CC, PRINTED, NOTE))


def takes_none(text: str, after: TypedLine | None = None) -> bool:
    """Return whether no line may go on this one: it ends in “：” (unless the line ``after`` came
    after a soft break, the same Word paragraph, or is the address the label names, which did not fit:
    “电子邮箱：” / “zdb903@163.com。”), or it is a typed heading with no text run in after it, or a 附件
    line."""
    if text.endswith(("：", ":")):
        return after is None or not (after.soft or _ADDRESS.match(after.text))
    heading = heading_level(text)
    if heading is not None and not _RUN_IN.search(heading[1][:-1]):
        return True
    return bool(ATTACHMENT_NOTE.match(text) or ATTACHMENT_LABEL.match(text))


def paragraphs(
    lines: Sequence[TypedLine | None], starts: Sequence[bool], closed: Sequence[bool] = ()
) -> list[list[int]]:
    """Return the paragraphs the lines make, each as the indices of its lines, by the rule above.

    ``None`` is no line of text (a blank line, a table, a Markdown heading, a comment): a boundary.
    ``starts[i]``: line i starts a paragraph (``own_line``, or what the reader knows, a styled
    heading); ``closed[i]``: no line goes on it (``takes_none``, or a styled heading)."""
    shut = [
        line is not None and ((index < len(closed) and closed[index]) or takes_none(line.text))
        for index, line in enumerate(lines)
    ]
    # the lines' widths tell where the writer broke lines; a line that takes none tells nothing
    wrap = hand_wrap(lines, shut)
    # each paragraph as a chain of lines, each after the first with whether it surely goes on
    chains: list[list[tuple[int, bool]]] = []
    taking = False  # the last chain may take the next line (it starts with a line of text)
    for index, line in enumerate(lines):
        if taking and line is not None and not starts[index]:
            first, (previous, _sure) = chains[-1][0][0], chains[-1][-1]
            last, head = lines[previous], lines[first]
            assert last is not None
            assert head is not None
            # an address under its label (电子邮箱：) goes on it, however wide the label's line
            addressed = last.text.endswith(("：", ":")) and _ADDRESS.match(line.text) and not line.indented
            if addressed or (
                (not shut[previous] or not takes_none(last.text, line))
                and (not shut[first] or not takes_none(head.text, line))
                and joins(last.text, line.text, indented=line.indented, wrap=wrap, soft=line.soft, centred=line.centred)
            ):
                sure = addressed or continues(last.text) or line.text[0] in CLOSING_MARKS or line.soft
                chains[-1].append((index, bool(sure)))
                continue
        chains.append([(index, True)])
        taking = line is not None
    return [paragraph for chain in chains for paragraph in _settle(chain, lines)]


def _settle(chain: list[tuple[int, bool]], lines: Sequence[TypedLine | None]) -> list[list[int]]:
    """Return a chain's paragraphs: one, when it ends a sentence (or a clause, “：”); else the lines
    joined only by their width stay apart (a list typed one item a line, without punctuation: 第一天：……
    / 第二天：……), those joined after “，、”, before a closing mark or after a soft break go on."""
    end = lines[chain[-1][0]]
    # a clause's end, and a Latin sentence's full stop (not one of TERMINAL: “1.” starts an item)
    if end is None or ends_sentence(end.text) or end.text.endswith(("：", ":", ".")):
        return [[index for index, _sure in chain]]
    settled: list[list[int]] = []
    for index, sure in chain:
        if sure and settled:
            settled[-1].append(index)
        else:
            settled.append([index])
    return settled
