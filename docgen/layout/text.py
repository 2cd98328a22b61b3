"""The text shared by every format: titles (7.3.1), headings and paragraphs (7.3.3), pictures, tables.

Runs of tables too wide for the page go on landscape pages of their own (ch. 8), a section each run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from docgen import standard as S
from docgen.i18n import _
from docgen.layout.bodyhold import hold_numbers
from docgen.layout.breaks import body_text
from docgen.layout.flow import LINE, TYPE_CHARS, Flow, lines
from docgen.layout.pages import landscape, portrait
from docgen.layout.placed import (
    Align,
    InlinePicture,
    Line,
    LineRule,
    PageNumbers,
    ParagraphBlock,
    Role,
    Run,
    RunRole,
)
from docgen.layout.tables import split_words, table_block, table_layout
from docgen.layout.titles import TITLE_LINE_CHARS, break_title, title_width
from docgen.model import Block, Heading, Paragraph, Picture, Table


def add_title(
    flow: Flow, title: str, role: Role = Role.TITLE, before_lines: int = S.TITLE_SPACE_BEFORE_LINES
) -> None:
    """Add the 2号小标宋 title, centred, ``before_lines`` blank lines above it (7.3.1).

    A title too long for one line is broken into a 梯形 or 菱形 between words (``titles.py``) unless
    the source gives its lines with ``\\n``; the lines are one paragraph with line breaks.
    """
    before = before_lines * LINE
    title = break_title(title)
    lines_of = (math.ceil(max(title_width(line), 1) / TITLE_LINE_CHARS) for line in title.split("\n"))
    heights = [LINE] * sum(lines_of)
    heights[0] += before
    flow.add(ParagraphBlock(role, (Run(title),), space_before=before), heights, keep_next=True)


_HEADING_FACES = {1: S.FONT_HEITI, 2: S.FONT_KAITI}


def add_block(flow: Flow, block: Block, *, keep_next: bool = False) -> None:
    """Add a heading (7.3.3 fonts by level), a paragraph, a picture or a table."""
    if isinstance(block, Heading):
        runs = [Run(body_text(block.label + block.text))]
        if block.run_in:
            runs.append(Run(body_text(block.run_in), RunRole.RUN_IN))
        face = _HEADING_FACES.get(block.level, S.FONT_FANGSONG)  # 7.3.3: 一、 黑体, （一） 楷体
        runs = list(hold_numbers(runs, TYPE_CHARS - S.BODY_FIRST_LINE_CHARS, TYPE_CHARS, face))  # issue 14
        heading_text = "".join(r.text for r in runs if r.role is not RunRole.RUN_IN)
        head = (len(heading_text), face)
        heights = lines("".join(r.text for r in runs), S.BODY_FIRST_LINE_CHARS, head=head)
        # a heading stays with the first line of what follows it, and no further: a one-line
        # heading keeps with the next paragraph (a 六、 followed by （一） stays with it, and that
        # with its first line of text); a heading that is itself a paragraph of text ("1.各乡镇要……。"
        # over several lines) is text, and chaining such items moved whole groups to the next page
        keep = (not block.run_in and len(heights) == 1) or keep_next
        paragraph = ParagraphBlock(Role.heading(block.level), tuple(runs), keep_with_next=keep)
        flow.add(paragraph, heights, keep_next=keep)
    elif isinstance(block, Paragraph):
        role = Role.BODY if block.indent else Role.BODY_FLUSH
        indent = S.BODY_FIRST_LINE_CHARS if block.indent else 0
        held = hold_numbers([Run(body_text(block.text))], TYPE_CHARS - indent, TYPE_CHARS)
        flow.add(
            ParagraphBlock(role, held, keep_with_next=keep_next),
            lines("".join(r.text for r in held), indent),
            keep_next=keep_next,
        )
    elif isinstance(block, Picture):
        add_picture(flow, block)
    else:
        layout = table_layout(block)
        if layout.joints_broken:
            flow.notes.append(
                _(
                    "a table of {columns} columns (first column 「{head}」) is too wide even in 小五 on a "
                    "landscape page: dates, document numbers and phone numbers in it may break at 年, 月, 〔 and -"
                ).format(columns=block.columns, head=block.rows[0][0])
            )
        split = split_words(block, layout)
        if split:
            flow.notes.append(
                _(
                    "a table of {columns} columns (first column 「{head}」): words wider than their column "
                    "break inside: {words}"
                ).format(columns=block.columns, head=block.rows[0][0], words="、".join(split[:5]))
            )
        placed, heights = table_block(block, layout)
        # the header rows (one piece, table_block) repeat on each page the table runs on to
        flow.add(placed, heights, repeat=heights[0] if block.header_rows else 0)


def add_picture(flow: Flow, picture: Picture) -> None:
    """Add a centred picture on a line of its own (off the grid, so it is not clipped to one line)."""
    run = InlinePicture(picture.data, picture.width_mm, picture.height_mm, picture.description)
    paragraph = ParagraphBlock(
        Role.BODY,
        (run,),
        align=Align.CENTER,
        first_line=0,
        on_grid=False,
        line=Line(240, LineRule.AUTO),
    )
    height = round(picture.height_mm * S.TWIPS_PER_MM) + LINE
    flow.add(paragraph, [height])


def landscape_run(blocks: Sequence[Block]) -> list[bool]:
    """Mark the blocks that go on landscape pages: wide tables and the caption line right before each."""
    marks = [isinstance(b, Table) and table_layout(b).landscape for b in blocks]
    for i in range(1, len(blocks)):
        previous = blocks[i - 1]
        if (
            marks[i]
            and isinstance(previous, Paragraph)
            and previous.text.endswith(("：", ":"))
            and len(previous.text) < 30
        ):
            marks[i - 1] = True
    return marks


def open_landscape(flow: Flow) -> None:
    """Begin a run of landscape pages (ch. 8): close the portrait section; what follows starts a new page."""
    flow.end_section(portrait(), PageNumbers.NUMBERED, Role.TABLE_TEXT)
    flow.page_break()
    flow.scale = S.TYPE_AREA_HEIGHT / S.TYPE_AREA_WIDTH


def add_blocks(
    flow: Flow, blocks: Sequence[Block], *, keep_last: bool = False, in_landscape: bool = False
) -> None:
    """Add body blocks; runs of wide tables get landscape pages of their own (a section each run).

    ``in_landscape``: a run of landscape pages is open already (an attachment whose table is
    wide starts on its landscape page, label and title included).
    """
    marks = landscape_run(blocks)
    for i, block in enumerate(blocks):
        if marks[i] and not in_landscape:
            open_landscape(flow)
            in_landscape = True
        elif not marks[i] and in_landscape:
            close_landscape(flow)
            in_landscape = False
        # on landscape pages, a line introducing a table stays with it (in portrait, LibreOffice would
        # move the whole table with it, leaving the page half empty)
        caption = in_landscape and i + 1 < len(blocks) and isinstance(blocks[i + 1], Table)
        add_block(flow, block, keep_next=caption or (keep_last and i == len(blocks) - 1))
    if in_landscape:
        close_landscape(flow)


def close_landscape(flow: Flow) -> None:
    """End a run of landscape pages (it ends with a table: an empty paragraph ends the section); a new page follows."""
    flow.end_section(landscape(), PageNumbers.NUMBERED, Role.TABLE_TEXT)
    flow.scale = 1.0
    flow.page_break()
