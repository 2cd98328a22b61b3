"""The text shared by every format: titles (7.3.1), headings and paragraphs (7.3.3), pictures, tables.

Runs of tables too wide for the page go on landscape pages of their own (ch. 8), a section each run.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from functools import lru_cache

from docgen import standard as S
from docgen.i18n import _, joined
from docgen.layout.aftertable import after_table, release_heading, table_on_next_page
from docgen.layout.bodyhold import hold_numbers
from docgen.layout.breaks import body_text
from docgen.layout.estimate_spacing import Piece, spaced_pieces
from docgen.layout.flow import LINE, PAGE, TYPE_CHARS, Flow, lines
from docgen.layout.pages import landscape, portrait
from docgen.layout.placed import (
    Align,
    InlinePicture,
    Line,
    LineRule,
    Orientation,
    PageNumbers,
    ParagraphBlock,
    Role,
    Run,
    RunRole,
)
from docgen.layout.tables import TableLayout, shared_layouts, split_words, table_layout, table_pieces
from docgen.layout.titles import TITLE_LINE_CHARS, break_title, title_width
from docgen.model import Block, Heading, Paragraph, Picture, Table


def add_title(
    flow: Flow,
    title: str,
    role: Role = Role.TITLE,
    before_lines: int = S.TITLE_SPACE_BEFORE_LINES,
    chars: float = TITLE_LINE_CHARS,
) -> None:
    """Add the 2号小标宋 title, centred, ``before_lines`` blank lines above it (7.3.1).

    A title too long for one line of ``chars`` (a landscape page's is wider) is broken into a 梯形 or
    菱形 between words (``titles.py``) unless the source gives its lines with ``\\n``; the lines are one
    paragraph with line breaks.
    """
    before = before_lines * LINE
    title = break_title(title, chars)
    lines_of = (math.ceil(max(title_width(line), 1) / chars) for line in title.split("\n"))
    heights = [LINE] * sum(lines_of)
    heights[0] += before
    flow.add(ParagraphBlock(role, (Run(title),), space_before=before), heights, keep_next=True)


_HEADING_FACES = {1: S.FONT_HEITI, 2: S.FONT_KAITI}


@lru_cache(maxsize=2048)  # measured on 20 corpus notices: 681 paragraphs spaced, 546 of them different
def _spaced_pieces(text: str, first_line_chars: float, head: tuple[int, str] | None) -> tuple[Piece, ...]:
    return tuple(spaced_pieces(text, first_line_chars, head=head))


def _spaced_runs(
    runs: Sequence[Run], first_line_chars: float, head: tuple[int, str] | None = None
) -> tuple[Run, ...]:
    """Return ``runs`` cut where the run spacing of their justified lines changes (``spaced_pieces``
    on their joined text; ``head``: a heading's own text and face), each piece keeping its run's
    role and hold (``whole``: a number held by layout/bodyhold.py)."""
    pieces = _spaced_pieces("".join(r.text for r in runs), first_line_chars, head)
    spaced: list[Run] = []
    at, index, offset = 0, 0, 0  # offset: where runs[index] starts in the joined text
    for piece in pieces:
        end = at + len(piece.text)
        while at < end:
            run = runs[index]
            stop = min(end, offset + len(run.text))
            # a line left short ends with a line break (layout/short_lines.py)
            newline = "\n" if piece.break_after and stop == end else ""
            spaced.append(
                dataclasses.replace(run, text=run.text[at - offset : stop - offset] + newline, spacing=piece.extra)
            )
            at = stop
            if at == offset + len(run.text):
                offset += len(run.text)
                index += 1
    return tuple(spaced) or tuple(runs)


def add_block(
    flow: Flow,
    block: Block,
    *,
    keep_next: bool = False,
    following: Block | None = None,
    portrait_lines: bool = True,
    layout: TableLayout | None = None,
) -> None:
    """Add a heading (7.3.3 fonts by level), a paragraph, a picture or a table (``following``: the
    block after it, which decides whether a heading opens text of its own).

    ``portrait_lines``: a paragraph's lines are the portrait type area's 28 字, as the estimate
    breaks them (its justified lines' slack is then taken as run spacing, ``spaced_pieces``).
    ``layout``: a table's layout shared with the tables of its kind (``shared_layouts``)."""
    if isinstance(block, Heading):
        face = _HEADING_FACES.get(block.level, S.FONT_FANGSONG)  # 7.3.3: 一、 黑体, （一） 楷体
        runs = [Run(body_text(block.label + block.text))]
        if block.run_in:
            runs.append(Run(body_text(block.run_in), RunRole.RUN_IN))
        runs = list(hold_numbers(runs, TYPE_CHARS - S.BODY_FIRST_LINE_CHARS, TYPE_CHARS, face))  # issue 14
        heading_text = "".join(r.text for r in runs if r.role is not RunRole.RUN_IN)
        head = (len(heading_text), face)
        # measured before the spacing, as a paragraph is (its short lines' breaks are no text)
        heights = lines("".join(r.text for r in runs), S.BODY_FIRST_LINE_CHARS, head=head)
        if portrait_lines:
            runs = list(_spaced_runs(runs, TYPE_CHARS - S.BODY_FIRST_LINE_CHARS, head))
        # a heading stays with the first line of what follows it, and no further: a one-line
        # heading keeps with the next paragraph (a 六、 followed by （一） stays with it, and that
        # with its first line of text); a heading that is itself a paragraph of text ("1.各乡镇要……。"
        # over several lines) is text, and chaining such items moved whole groups to the next page.
        # A heading followed by one of its own level or a higher one opens no text of its own (a
        # list of one-line items: （一）投资完成情况。（二）项目开工情况。): it is kept with nothing
        # (tests/fixtures/outsider/quirks.md: five typed headings in a row went over together,
        # page 1 ended 5 lines short)
        opens = not isinstance(following, Heading) or following.level > block.level
        keep = (not block.run_in and len(heights) == 1 and opens) or keep_next
        paragraph = ParagraphBlock(Role.heading(block.level), tuple(runs), keep_with_next=keep)
        flow.add(*after_table(flow, paragraph, heights), keep_next=keep)
    elif isinstance(block, Paragraph):
        role = Role.BODY if block.indent else Role.BODY_FLUSH
        indent = S.BODY_FIRST_LINE_CHARS if block.indent else 0
        held = hold_numbers([Run(body_text(block.text))], TYPE_CHARS - indent, TYPE_CHARS)
        spaced = _spaced_runs(held, TYPE_CHARS - indent) if portrait_lines else held
        paragraph = ParagraphBlock(role, spaced, keep_with_next=keep_next)
        heights = lines("".join(r.text for r in held), indent)
        flow.add(*after_table(flow, paragraph, heights), keep_next=keep_next)
    elif isinstance(block, Picture):
        add_picture(flow, block)
    else:
        layout = layout or table_layout(block)
        if layout.joints_broken:
            flow.notes.append(
                _(
                    "a table of {columns} columns (first column 「{head}」) is too wide even in 小五 on a "
                    "landscape page: dates, document numbers and phone numbers in it may break at 年, 月, 〔 and -, "
                    "and dates written 2025.12.28 or 2025/12/28 after their year and month"
                ).format(columns=block.columns, head=block.rows[0][0])
            )
        split = split_words(block, layout)
        if split:  # every one named (n14-037 named 5 of 19: 自然资源, broken in 县自|然资|源局, went unsaid)
            flow.notes.append(
                _(
                    "a table of {columns} columns (first column 「{head}」): words wider than their column "
                    "break inside: {words}"
                ).format(columns=block.columns, head=block.rows[0][0], words=joined(split))
            )
        placed, heights, taller = table_pieces(block, layout)
        tall = [str(i - block.header_rows + 1) for i in taller]
        if tall:  # rows taller than a page split there (tables._split_tall_rows); a landscape row of 6 lines may, unsaid
            flow.notes.append(
                _(
                    "a table of {columns} columns (first column 「{head}」): body row {rows} is taller than a page "
                    "and continues on the next page under the header repeated"
                ).format(columns=block.columns, head=block.rows[0][0], rows=joined(tall))
            )
        release_heading(flow, heights)
        if block.header_rows:
            table_on_next_page(flow, heights)
        # the header rows (one piece, table_block) repeat on each page the table runs on to
        flow.add(placed, heights, repeat=heights[0] if block.header_rows else 0)


# What a picture's line takes beyond the picture in LibreOffice: nothing, on the body of 12738 twips
# (standard.GRID_BODY_HEIGHT).  Measured (branch figure12) with a lead-in on line n + 1 of a page and
# a 150 mm wide figure of (12738 - (n + 1) × 579 - e) twips under it, n = 2, 8, 13, 18: e = 0 and
# more stayed, e = -1 and less went to the next page (its height counted in whole twips, as the
# .docx's EMU give it); the picture's top is the lead-in line's bottom, a second picture right under
# it starts at its bottom (gap 0.00 mm), and the lines under a 50.0–50.8 mm picture start at its
# bottom, not at the next grid line.  (The 22 twips before were calibrated against the type area's
# 12756 twips: 81.6 mm stayed, 81.8 went, under a line ending 8106 twips down the body.)
FIGURE_EXTRA = 0


def fitted(width_mm: float, height_mm: float, captioned: bool) -> tuple[float, float]:
    """Return a writer's picture size fitted to the type area: 156 mm wide at most, a page high at most
    (its caption's line beside it), its line (FIGURE_EXTRA included) whole lines of the grid (the
    nearest number, fewer when that would be too wide), so the text under it stays on the grid."""
    scale = min(1.0, S.TYPE_AREA_WIDTH_MM / width_mm)
    width_mm, height_mm = width_mm * scale, height_mm * scale
    most = S.LINES_PER_PAGE - (1 if captioned else 0)
    taken = (height_mm * S.TWIPS_PER_MM + FIGURE_EXTRA) / S.LINE_PITCH
    for count in (min(max(round(taken), 1), most), min(max(math.floor(taken), 1), most)):
        high = (count * S.LINE_PITCH - FIGURE_EXTRA) / S.TWIPS_PER_MM
        if width_mm * high / height_mm <= S.TYPE_AREA_WIDTH_MM + 0.01:
            return width_mm * high / height_mm, high
    return width_mm, height_mm  # a strip lower than a line and as wide as the page: kept as it is


def add_picture(flow: Flow, picture: Picture) -> None:
    """Add a centred picture on a line of its own (off the grid, so it is not clipped to one line);
    a writer's picture (``fit``) fitted to the type area on whole lines, its caption centred under it."""
    if picture.fit:
        width_mm, height_mm = fitted(picture.width_mm, picture.height_mm, bool(picture.caption))
        picture = dataclasses.replace(picture, width_mm=width_mm, height_mm=height_mm)
    run = InlinePicture(picture.data, picture.width_mm, picture.height_mm, picture.description)
    paragraph = ParagraphBlock(
        Role.BODY,
        (run,),
        align=Align.CENTER,
        first_line=0,
        on_grid=False,
        line=Line(240, LineRule.AUTO),
    )
    # the picture's line is as high as the picture (FIGURE_EXTRA); the estimate added a line of
    # 10.2 mm, and so put every block after a figure a line lower than the pages have it
    captioned = bool(picture.caption)
    paragraph = dataclasses.replace(paragraph, keep_with_next=captioned)
    flow.add(paragraph, [round(picture.height_mm * S.TWIPS_PER_MM) + FIGURE_EXTRA], keep_next=captioned)
    if captioned:  # 图1 …: a short line centred right under its picture, on the grid, kept with it
        caption = ParagraphBlock(Role.BODY_FLUSH, (Run(body_text(picture.caption)),), align=Align.CENTER)
        flow.add(caption, lines(picture.caption, 0))


_UNIT_LINE = re.compile(r"^\s*单位\s*[:：]")


def introduces(block: Block) -> bool:
    """Return whether ``block`` is a short line introducing what follows (「如下图：」, 「第一组：」)."""
    return isinstance(block, Paragraph) and block.text.endswith(("：", ":")) and len(block.text) < 30


def _opens(block: Block, following: Block) -> bool:
    """Return whether ``block`` is a heading (no run-in text) whose section opens with ``following``."""
    return (
        isinstance(block, Heading)
        and not block.run_in
        and (not isinstance(following, Heading) or following.level > block.level)
    )


def landscape_run(blocks: Sequence[Block]) -> list[bool]:
    """Mark the blocks that go on landscape pages: wide tables, the caption line right before each
    and the headings opening it (a （三） then its table: the heading stood alone at the foot of the
    portrait page before, its table on the next, corpus26 n2615-028)."""
    marks = [isinstance(b, Table) and table_layout(b).landscape for b in blocks]
    # backwards: a caption goes with the 单位：万元 line that goes with the table (outsider26 #7: the
    # attachment's label and title were left alone on a portrait page before its landscape table)
    for i in range(len(blocks) - 1, 0, -1):
        table = isinstance(blocks[i], Table)
        if marks[i] and (table or _unit_line(blocks[i])):
            marks[i - 1] = marks[i - 1] or introduces(blocks[i - 1]) or (table and _unit_line(blocks[i - 1]))
    for i in range(len(blocks) - 1, 0, -1):  # backwards: 三、 then （一） then the table go together
        if marks[i] and not marks[i - 1] and _opens(blocks[i - 1], blocks[i]):
            marks[i - 1] = True
    return marks


def _unit_line(block: Block) -> bool:
    """Return whether ``block`` is the 单位：万元 line an attachment's table brings above it."""
    return isinstance(block, Paragraph) and not block.indent and bool(_UNIT_LINE.match(block.text))


def _one_line(block: Block) -> bool:
    """Return whether the paragraph ``block`` takes one line (LibreOffice moves a kept paragraph whole)."""
    assert isinstance(block, Paragraph)
    return len(lines(block.text, S.BODY_FIRST_LINE_CHARS if block.indent else 0)) == 1


# a line that ends a sentence (。！？) is text, not a label: it may stay at the page's foot
SENTENCE_END = ("。", "！", "？", "!", "?")


def leads_in(block: Block, following: Block | None) -> bool:
    """Return whether ``block`` is a one-line paragraph leading in to the picture ``following`` it,
    kept with it: a line ending with ： (「如下图：」), or a short label with no 。 and no sentence end
    (「附件1（可选）」, 「图表如下」), which was left alone at a page's foot when the picture went on."""
    if not isinstance(following, Picture) or not isinstance(block, Paragraph) or not _one_line(block):
        return False
    text = block.text.strip()
    return introduces(block) or ("。" not in text and not text.endswith(SENTENCE_END))


def open_landscape(flow: Flow) -> bool:
    """Begin a run of landscape pages (ch. 8): close the portrait section; what follows starts a new
    page.  Right after a run of landscape pages (an attachment opening with a wide table after one
    ending with one), that run's section goes on instead, and True is returned: the caller breaks
    the page.  Closing the empty portrait section between them printed a blank numbered page the
    estimate did not count (seed 14: n14-037 and n14-047, the 版记 on an odd page)."""
    continued = bool(
        not flow.blocks and flow.sections and flow.sections[-1].page.orientation is Orientation.LANDSCAPE
    )
    if continued:
        flow.reopen()
    else:
        flow.end_section(portrait(), PageNumbers.NUMBERED, Role.TABLE_TEXT)
        flow.page_break()
    # a landscape page has no line grid (emit/docx/template.py): LibreOffice fills its whole 8845
    # twips of type area (tables10, n202-032: 442.25 pt of rows in 442.25), counted as a portrait PAGE
    flow.scale = PAGE / S.TYPE_AREA_WIDTH
    return continued


def add_blocks(
    flow: Flow, blocks: Sequence[Block], *, keep_last: bool = False, in_landscape: bool = False
) -> None:
    """Add body blocks; runs of wide tables get landscape pages of their own (a section each run).

    ``in_landscape``: a run of landscape pages is open already (an attachment whose table is
    wide starts on its landscape page, label and title included).
    """
    marks = landscape_run(blocks)
    # tables of one kind (the same header) share one size and column widths (in portrait)
    tables = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Table)]
    shared = {tables[n][0]: layout for n, layout in shared_layouts([t for _i, t in tables]).items()}
    for i, block in enumerate(blocks):
        if marks[i] and not in_landscape:
            open_landscape(flow)
            in_landscape = True
        elif not marks[i] and in_landscape:
            close_landscape(flow)
            in_landscape = False
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        # on landscape pages, a line introducing a table stays with it (in portrait, LibreOffice would
        # move the whole table with it, leaving the page half empty); a line introducing a figure
        # stays with it on any page: the figure cannot split and goes to the next page whole, and
        # 「如下图：」 was left alone at the foot of the page before (docgen progress's chart)
        caption = (in_landscape and isinstance(following, Table)) or leads_in(block, following)
        add_block(
            flow,
            block,
            keep_next=caption or (keep_last and following is None),
            following=following,
            portrait_lines=not in_landscape,
            layout=shared.get(i),
        )
    if in_landscape:
        close_landscape(flow)


def close_landscape(flow: Flow) -> None:
    """End a run of landscape pages (it ends with a table: an empty paragraph ends the section); a new page follows."""
    flow.end_section(landscape(), PageNumbers.NUMBERED, Role.TABLE_TEXT)
    flow.scale = 1.0
    flow.page_break()
