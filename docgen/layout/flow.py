"""The flow being laid out: blocks in sections, and beside them what the page estimate needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from docgen import standard as S
from docgen.layout.estimate import Break, Chunk, PageEstimate, count_lines, line_count, paginate, place
from docgen.layout.placed import Block, PageNumbers, PageSetup, ParagraphBlock, Role, Section

LINE = S.LINE_PITCH
TYPE_CHARS = S.CHARS_PER_LINE
# What a portrait page holds: the 22 grid lines LibreOffice cuts its body to (standard.py), not the
# 12756 twips of the type area; a landscape page's heights are scaled to it (``Flow.scale``).
PAGE = S.GRID_BODY_HEIGHT


def chars(n: float) -> int:
    """Return ``n`` 字 of the body grid in twips."""
    return round(n * S.CHAR)


def lines(
    text: str | float,
    first_indent_chars: float = 0,
    left_chars: float = 0,
    right_chars: float = 0,
    before: int = 0,
    head: tuple[int, str] | None = None,
) -> list[int]:
    """Return the heights of the lines a body paragraph takes, ``before`` on the first.

    ``text`` is the paragraph's text (broken as LibreOffice breaks it) or its width in 字; ``head``
    the length and face of its first characters when not the body's (a heading's).
    """
    available = TYPE_CHARS - left_chars - right_chars
    if isinstance(text, str):
        count = count_lines(text, available - first_indent_chars, available, head)
    else:
        count = line_count(text, available - first_indent_chars, available)
    return [before + LINE] + [LINE] * (count - 1)


@dataclass
class Flow:
    """The document being laid out: closed sections, the open section's blocks, the estimate's chunks."""

    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # of the open section
    chunks: list[Chunk] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # each open block's first chunk and count
    scale: float = 1.0  # landscape pages hold less: their heights count more against a portrait page
    notes: list[str] = field(default_factory=list)  # what the layout had to give up (PlacedDocument.notes)
    closed_spans: list[tuple[int, int]] = field(default_factory=list)  # the section closed last's spans
    closed_filled: bool = False  # end_section added an empty paragraph to end the section closed last

    def add(
        self,
        block: Block,
        heights: Sequence[int],
        *,
        page_break: bool = False,
        keep_next: bool = False,
        repeat: int = 0,
    ) -> None:
        """Append a block that takes ``heights`` (one per unsplittable piece) on the page; ``repeat``:
        the height repeated above each piece after the first that starts a page (a table's header)."""
        self.blocks.append(block)
        self.spans.append((len(self.chunks), len(heights)))
        heights = [round(h * self.scale) for h in heights]
        repeat = round(repeat * self.scale)
        for i, height in enumerate(heights):
            last = i == len(heights) - 1
            self.chunks.append(
                Chunk(
                    height,
                    Break.PAGE if page_break and i == 0 else Break.NONE,
                    # a table's header stays with its first row: no page ends under a header alone
                    keep_next=(keep_next and last) or (bool(repeat) and i == 0 and not last),
                    repeat=repeat if i else 0,
                )
            )

    def page_break(self) -> None:
        """Tell the estimate that what follows starts a new page."""
        self.chunks.append(Chunk(0, Break.PAGE))

    def estimate(self) -> PageEstimate:
        """Return where the flow ends on the pages."""
        return paginate(self.chunks, PAGE)

    def positions(self) -> list[tuple[int, int]]:
        """Return each chunk's estimated page (from 1) and top on it (twips)."""
        return place(self.chunks, PAGE)

    def replace(self, index: int, block: ParagraphBlock, heights: Sequence[int]) -> None:
        """Put ``block`` in place of the open section's block ``index``, its chunks taking ``heights``."""
        first, count = self.spans[index]
        if len(heights) != count:
            raise ValueError(f"block {index} has {count} chunks, not {len(heights)}")
        self.blocks[index] = block
        for offset, height in enumerate(heights):
            chunk = self.chunks[first + offset]
            self.chunks[first + offset] = Chunk(height, chunk.brk, chunk.keep_next, chunk.repeat)

    def end_section(self, page: PageSetup, numbers: PageNumbers, filler: Role) -> None:
        """Close the open section (``page``, ``numbers``); what follows starts a new page.

        A section ends with a paragraph: when the open section is empty or ends with a table, an
        empty paragraph of role ``filler`` (no height) is added to end it.
        """
        self.closed_filled = not self.blocks or not isinstance(self.blocks[-1], ParagraphBlock)
        if self.closed_filled:
            self.add(ParagraphBlock(filler), [0])
        self.sections.append(Section(page, numbers, tuple(self.blocks)))
        self.closed_spans = self.spans
        self.blocks = []
        self.spans = []

    def reopen(self) -> Section:
        """Reopen the section closed last, nothing having been added since; return it as it was.

        The empty paragraph ``end_section`` added to end it goes: it counted no height, but under a
        table that filled the page LibreOffice set it on a page of its own, and the page break
        after it left that page blank (corpus n3104-013: a blank landscape page between 附件1's
        table and 附件2, the page count right only by chance)."""
        if self.blocks:
            raise ValueError("a section is open")
        section = self.sections.pop()
        self.blocks = list(section.blocks)
        self.spans = list(self.closed_spans)
        if self.closed_filled:
            self.blocks.pop()
            first, _count = self.spans.pop()
            del self.chunks[first]
            self.closed_filled = False
        return section

    def finish(self, page: PageSetup, numbers: PageNumbers) -> tuple[Section, ...]:
        """Close the last section and return all of them."""
        self.sections.append(Section(page, numbers, tuple(self.blocks)))
        self.blocks = []
        self.spans = []
        return tuple(self.sections)
