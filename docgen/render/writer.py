"""The document model into a .docx: body XML generated per element, the rest from the template.

Every position comes from render/layout.py (one number, one clause).  The body is generated
directly as WordprocessingML, and the template's other parts (styles, settings, footers) are
copied as they are, which is both faster than a docxtpl render and keeps user edits to the
template's styles.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen.model import (
    Attachment,
    Block,
    Bulletin,
    Document,
    Header,
    Heading,
    Imprint,
    Paragraph,
    Picture,
    Table,
    format_date,
)
from docgen.render import docx_xml as x
from docgen.render import layout as L
from docgen.render.estimate import Break, Chunk, PageEstimate, line_count, paginate, text_width
from docgen.render.template import (
    TEMPLATE_NAME,
    Template,
    blank_footers,
    core_properties,
    numbered_footers,
    page_setup,
    zip_parts,
)

LINE = L.LINE_PITCH
TYPE_CHARS = L.CHARS_PER_LINE


def chars(n: float) -> int:
    """Return ``n`` 字 of the body grid in twips."""
    return round(n * L.CHAR)


@dataclass
class Flow:
    """The body being built: its elements, the chunks the page estimate needs, the pictures to embed."""

    elements: list[x.Element] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    pictures: list[tuple[str, bytes]] = field(default_factory=list)  # (relationship id, PNG)
    scale: float = 1.0  # landscape pages hold less: their heights count more against a portrait page

    def add(
        self, element: x.Element, heights: Sequence[int], *, page_break: bool = False, keep_next: bool = False
    ) -> None:
        """Append an element that takes ``heights`` (one per unsplittable piece) on the page."""
        self.elements.append(element)
        heights = [round(h * self.scale) for h in heights]
        for i, height in enumerate(heights):
            last = i == len(heights) - 1
            self.chunks.append(
                Chunk(
                    height, Break.PAGE if page_break and i == 0 else Break.NONE, keep_next=keep_next and last
                )
            )

    def estimate(self) -> PageEstimate:
        """Return where the flow ends on the pages."""
        return paginate(self.chunks, L.TYPE_AREA_HEIGHT)


def _lines(
    width: float,
    first_indent_chars: float = 0,
    left_chars: float = 0,
    right_chars: float = 0,
    before: int = 0,
) -> list[int]:
    available = TYPE_CHARS - left_chars - right_chars
    count = line_count(width, available - first_indent_chars, available)
    return [before + LINE] + [LINE] * (count - 1)


# --- 版头 7.2 ----------------------------------------------------------------------------------


def _mark_geometry(header: Header) -> tuple[float, int]:
    """Return the organ mark's size (pt) and horizontal scale (%) so the widest line fits the type area."""
    size = header.mark_size_pt or L.MARK_DEFAULT_PT
    suffix = 2 if header.with_wenjian else 0
    widest = max(text_width(organ) for organ in header.organs) + suffix
    available_pt = L.TYPE_AREA_WIDTH / L.TWIPS_PER_PT
    natural = widest * size
    if natural <= available_pt:
        return size, 100
    scale = int(available_pt / natural * 100)
    if scale >= L.MARK_MIN_SCALE:
        return size, scale
    return available_pt / (widest * L.MARK_MIN_SCALE / 100), L.MARK_MIN_SCALE


def _mark_run(text: str, header: Header, size: float, scale: int) -> x.Element:
    return x.text_run(
        text,
        x.RunFormat(color=header.mark_color.upper(), scale=scale, size_half_points=round(size * 2)),
    )


def add_header(flow: Flow, header: Header) -> None:
    """Add 份号, 密级, 紧急程度 (7.2.1-7.2.3), the organ mark (7.2.4), the number and 签发人 with the red rule."""
    head_lines = 0
    if header.copy_number:
        flow.add(x.paragraph(x.ParagraphFormat(style="GwHeadItem"), [x.text_run(header.copy_number)]), [LINE])
        head_lines += 1
    if header.secrecy:
        run = x.text_run(header.secrecy.text(), x.RunFormat(style="GwHeiti"))
        flow.add(x.paragraph(x.ParagraphFormat(style="GwHeadItem"), [run]), [LINE])
        head_lines += 1
    if header.urgency:
        run = x.text_run(header.urgency.value, x.RunFormat(style="GwHeiti"))
        flow.add(x.paragraph(x.ParagraphFormat(style="GwHeadItem"), [run]), [LINE])
        head_lines += 1

    size, scale = _mark_geometry(header)
    line = round(size * L.MARK_LINE_FACTOR * L.TWIPS_PER_PT)
    before = max(0, L.MARK_SPACE_BEFORE - head_lines * LINE)
    organs = header.organs
    if len(organs) == 1:
        text = organs[0] + ("文件" if header.with_wenjian else "")
        flow.add(
            x.paragraph(
                x.ParagraphFormat(style="GwMark", before=before, line=line),
                [_mark_run(text, header, size, scale)],
            ),
            [before + line],
        )
    elif not header.with_wenjian:
        for i, organ in enumerate(organs):
            space = before if i == 0 else 0
            p = x.paragraph(
                x.ParagraphFormat(style="GwMark", before=space, line=line, align="distribute"),
                [_mark_run(organ, header, size, scale)],
            )
            flow.add(p, [space + line])
    else:
        flow.add(_joint_mark(header, size, scale, line, before), [before + line * len(organs)])

    number = header.number.text() if header.number else ""
    rule = x.Border(L.RULE_WIDTH_EIGHTHS, L.RED, L.RULE_SPACE_PT)
    number_before = L.NUMBER_SPACE_BEFORE_LINES * LINE
    rule_height = round((L.RULE_SPACE_PT * L.TWIPS_PER_PT) + L.RULE_WIDTH_EIGHTHS * 20 / 8)
    if not header.is_upward:
        p = x.paragraph(
            x.ParagraphFormat(style="GwNumber", before=number_before, bottom_border=rule),
            [x.text_run(number)],
        )
        flow.add(p, [number_before + LINE + rule_height])
        return
    # 7.2.6 上行文: number 居左空一字; 签发人 居右空一字, two names a line, wrapped names aligned.
    name_width = max(text_width(name) for name in header.signers)
    names_start = TYPE_CHARS - 1 - (2 * name_width + 1)
    label_start = names_start - 4  # 签发人：
    tabs = (
        x.Tab(chars(1)),
        x.Tab(chars(label_start)),
        x.Tab(chars(names_start)),
        x.Tab(chars(names_start + name_width + 1)),
    )
    pairs = [header.signers[i : i + 2] for i in range(0, len(header.signers), 2)]
    for index, pair in enumerate(pairs):
        last = index == len(pairs) - 1
        runs = [x.text_run(f"\t{number}" if last else "\t")]
        runs.append(x.text_run("\t签发人：" if index == 0 else "\t\t"))
        for position, name in enumerate(pair):
            if position:
                runs.append(x.text_run("\t"))
            runs.append(x.text_run(name, x.RunFormat(style="GwSignerName")))
        signer_before = number_before if index == 0 else None
        p = x.paragraph(
            x.ParagraphFormat(
                style="GwNumber",
                align="left",
                tabs=tabs,
                before=signer_before,
                bottom_border=rule if last else None,
            ),
            runs,
        )
        flow.add(p, [(signer_before or 0) + LINE + (rule_height if last else 0)])


def _joint_mark(header: Header, size: float, scale: int, line: int, before: int) -> x.Element:
    """Return 联合行文's mark: the organs stacked, 文件 to their right, centred on them (7.2.4)."""
    widest = max(text_width(organ) for organ in header.organs)
    name_width = round(widest * size * scale / 100 * L.TWIPS_PER_PT) + 60
    suffix_width = round(2 * size * scale / 100 * L.TWIPS_PER_PT) + 60
    names = [
        x.paragraph(
            x.ParagraphFormat(style="GwMark", line=line, align="distribute"),
            [_mark_run(o, header, size, scale)],
        )
        for o in header.organs
    ]
    suffix = x.paragraph(
        x.ParagraphFormat(style="GwMark", line=line), [_mark_run("文件", header, size, scale)]
    )
    no_border = {side: x.Border(0) for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
    row = x.table_row(
        [x.table_cell(name_width, names), x.table_cell(suffix_width, [suffix])], cant_split=True
    )
    spacer = x.paragraph(x.ParagraphFormat(style="GwMark", before=before, line=20))
    table = x.table([name_width, suffix_width], [row], borders=no_border, cell_margin=0)
    # the space above the mark goes on an empty paragraph before the table
    container = x.el("w:body")
    container.append(spacer)
    container.append(table)
    return container


# --- 主体 7.3 ----------------------------------------------------------------------------------


def add_title(
    flow: Flow, title: str, style: str = "GwTitle", before_lines: int = L.TITLE_SPACE_BEFORE_LINES
) -> None:
    """Add the 2号小标宋 title, centred, ``before_lines`` blank lines above it (7.3.1)."""
    before = before_lines * LINE
    title_chars = L.TYPE_AREA_WIDTH // (L.TITLE_PT * L.TWIPS_PER_PT)
    heights = [LINE] * sum(math.ceil(max(text_width(line), 1) / title_chars) for line in title.split("\n"))
    heights[0] += before
    flow.add(
        x.paragraph(x.ParagraphFormat(style=style, before=before), [x.text_run(title)]),
        heights,
        keep_next=True,
    )


def add_block(flow: Flow, block: Block, *, keep_next: bool = False) -> None:
    """Add a heading (7.3.3 fonts by level), a paragraph or a table."""
    if isinstance(block, Heading):
        fmt = x.ParagraphFormat(style=f"GwHeading{block.level}", keep_next=not block.run_in or keep_next)
        runs = [x.text_run(block.label + block.text)]
        if block.run_in:
            runs.append(x.text_run(block.run_in, x.RunFormat(style="GwRunIn")))
        width = text_width(block.label + block.text + block.run_in)
        flow.add(x.paragraph(fmt, runs), _lines(width, L.BODY_FIRST_LINE_CHARS), keep_next=not block.run_in)
    elif isinstance(block, Paragraph):
        fmt = x.ParagraphFormat(style="GwBody" if block.indent else "GwAddressee", keep_next=keep_next)
        indent = L.BODY_FIRST_LINE_CHARS if block.indent else 0
        flow.add(
            x.paragraph(fmt, [x.text_run(block.text)]),
            _lines(text_width(block.text), indent),
            keep_next=keep_next,
        )
    elif isinstance(block, Picture):
        add_picture(flow, block)
    else:
        add_table(flow, block)


PICTURE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def add_picture(flow: Flow, picture: Picture) -> None:
    """Add a centred picture on a line of its own (off the grid, so it is not clipped to one line)."""
    number = len(flow.pictures) + 1
    rel_id = f"rIdPicture{number}"
    flow.pictures.append((rel_id, picture.data))
    run = x.picture_run(rel_id, number, picture.width_mm, picture.height_mm, picture.description)
    fmt = x.ParagraphFormat(style="GwBody", align="center", first_line=0, snap_to_grid=False, line=-240)
    height = round(picture.height_mm * L.TWIPS_PER_MM) + LINE
    flow.add(x.paragraph(fmt, [run]), [height])


_CELL_PADDING = 2 * 57 + 100  # cell margins, borders, and slack for Latin glyphs wider than half a 字
# runs a cell should not break: a document number, a number or a Latin word
_UNBREAKABLE = re.compile(r"[^\s〔]{1,8}〔\d{4}〕\d+号|[0-9A-Za-z.,%+\-—]+")


def _column_widths(
    table: Table, size_pt: float, total_width: int = L.TYPE_AREA_WIDTH
) -> tuple[list[int], bool]:
    """Return column widths (twips) filling the type area, and whether every column got its minimum.

    Space is shared in proportion to each column's natural width (its longest cell), but no
    column gets less than its longest unbreakable run (a document number, a number, a Latin
    word) or four characters: columns held at that minimum are fixed and the rest shared
    again among the others.
    """
    char = size_pt * L.TWIPS_PER_PT
    preferred, minimum = [], []
    for col in range(table.columns):
        texts = [row[col] for row in table.rows]
        preferred.append(max(text_width(t) for t in texts) * char + _CELL_PADDING)
        # Latin letters and digits are about 0.6 of a 字 in CJK faces, not the 0.5 of a strict half width
        runs = [text_width(m) * 1.2 for t in texts for m in _UNBREAKABLE.findall(t)]
        cjk = [min(4.0, text_width(t)) for t in texts]
        minimum.append(max([*runs, *cjk, 1.0]) * char + _CELL_PADDING)
    total = float(total_width)
    fits = sum(minimum) <= total
    if sum(preferred) <= total:  # everything fits on one line: share the rest alike
        extra = (total - sum(preferred)) / len(preferred)
        widths_f = [p + extra for p in preferred]
    else:
        fixed: dict[int, float] = {}
        while True:
            free = [i for i in range(len(preferred)) if i not in fixed]
            room = total - sum(fixed.values())
            scale = room / sum(preferred[i] for i in free) if free else 0.0
            short = [i for i in free if preferred[i] * scale < minimum[i]]
            if not short:
                widths_f = [fixed.get(i, preferred[i] * scale) for i in range(len(preferred))]
                break
            for i in short:
                fixed[i] = minimum[i]
        if sum(widths_f) > total:  # even the minimums do not fit: shrink them all alike
            widths_f = [w * total / sum(widths_f) for w in widths_f]
    widths = [int(w) for w in widths_f]
    widths[-1] += total_width - sum(widths)
    return widths, fits


def _given_widths(table: Table) -> list[int]:
    total = sum(table.widths)
    widths = [int(L.TYPE_AREA_WIDTH * w / total) for w in table.widths]
    widths[-1] += L.TYPE_AREA_WIDTH - sum(widths)
    return widths


@dataclass(frozen=True)
class TableLayout:
    """How a table is set: its size, its column widths, and whether it needs landscape pages."""

    size_pt: float
    widths: list[int]
    landscape: bool


def table_layout(table: Table) -> TableLayout:
    """Return a table's layout: 4号, else 小四, else 五号 in portrait; else the same on landscape pages (ch. 8)."""
    if table.widths:
        return TableLayout(L.TABLE_PT, _given_widths(table), False)
    for total, landscape in ((L.TYPE_AREA_WIDTH, False), (L.TYPE_AREA_HEIGHT, True)):
        for size_pt in L.TABLE_SIZES_PT:
            widths, fits = _column_widths(table, size_pt, total)
            if fits:
                return TableLayout(size_pt, widths, landscape)
    return TableLayout(L.TABLE_SIZES_PT[-1], widths, True)


def add_table(flow: Flow, table: Table) -> None:
    """Add a table as wide as the type area, header rows repeated, rows never split."""
    layout = table_layout(table)
    size_pt, widths = layout.size_pt, layout.widths
    line = round(size_pt * L.TABLE_LINE_FACTOR) * L.TWIPS_PER_PT
    run_format = None if size_pt == L.TABLE_PT else x.RunFormat(size_half_points=round(size_pt * 2))
    thin = x.Border(4)
    borders = {side: thin for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
    rows = []
    heights = []
    table_char_twips = size_pt * L.TWIPS_PER_PT
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        style = "GwTableHead" if header else "GwTableText"
        cells = []
        row_lines = 1
        for width, text in zip(widths, row, strict=True):
            per_line = max(1.0, (width - 2 * 57) / table_char_twips)
            lines = max(1, -(-int(text_width(text) * 2) // int(per_line * 2)))
            row_lines = max(row_lines, lines)
            align = None if header or text_width(text) <= per_line else "left"
            fmt = x.ParagraphFormat(style=style, align=align, line=None if run_format is None else line)
            cells.append(x.table_cell(width, [x.paragraph(fmt, [x.text_run(text, run_format)])]))
        minimum = table.min_lines[index] if index < len(table.min_lines) else 0
        rows.append(x.table_row(cells, header=header, min_height=minimum * line))
        heights.append(max(row_lines, minimum) * line + 20)
    flow.add(x.table(widths, rows, borders=borders), heights)


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


def add_blocks(flow: Flow, blocks: Sequence[Block], *, keep_last: bool = False) -> None:
    """Add body blocks; runs of wide tables get landscape pages of their own (a section each run)."""
    marks = landscape_run(blocks)
    in_landscape = False
    for i, block in enumerate(blocks):
        if marks[i] and not in_landscape:
            end_section(flow, page_setup())
            flow.chunks.append(Chunk(0, Break.PAGE))
            flow.scale = L.TYPE_AREA_HEIGHT / L.TYPE_AREA_WIDTH
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
    """End a run of landscape pages: the section mark, then a new page for what follows."""
    section = x.section_properties(landscape_setup(), numbered_footers())
    flow.add(x.paragraph(x.ParagraphFormat(style="GwTableText"), section=section), [0])
    flow.scale = 1.0
    flow.chunks.append(Chunk(0, Break.PAGE))


def landscape_setup() -> x.PageSetup:
    """Return the page of a landscape table (chapter 8): A4 turned, the table head on the binding side.

    Turned so that the portrait page's 订口 (left, 28 mm) is the landscape page's top and its
    天头 (37 mm) the right: the type area is 225 × 156 mm.  LibreOffice and Word keep the footer
    at the landscape page's bottom, so page numbers there are not where chapter 8 puts them,
    and even pages are not turned the other way (their head on the 切口 side).
    """
    portrait = page_setup()
    return x.PageSetup(
        width=L.PAGE_HEIGHT,
        height=L.PAGE_WIDTH,
        top=L.MARGIN_LEFT,
        bottom=L.MARGIN_RIGHT,
        left=L.MARGIN_BOTTOM,
        right=L.MARGIN_TOP,
        header=portrait.header,
        footer=portrait.footer,
        line_pitch=portrait.line_pitch,
    )


def end_section(flow: Flow, setup: x.PageSetup) -> None:
    """End the current section (numbered pages, ``setup``) at the last paragraph of the flow."""
    section = x.section_properties(setup, numbered_footers())
    extra = close_section(flow.elements, section, x.ParagraphFormat(style="GwTableText"))
    if extra is not None:
        flow.add(extra, [0])


def close_section(elements: list[x.Element], section: x.Element, fmt: x.ParagraphFormat) -> x.Element | None:
    """Put ``section`` on the last paragraph of ``elements`` (a section ends with its last paragraph).

    Returns a new empty paragraph (formatted ``fmt``) carrying it when the last element is a table
    or already ends a section; the caller appends it.
    """
    last = elements[-1] if elements else None
    if last is not None and last.tag == x.qn("w:p"):
        ppr = last.find(x.qn("w:pPr"))
        if ppr is None:
            ppr = x.el("w:pPr")
            last.insert(0, ppr)
        if ppr.find(x.qn("w:sectPr")) is None:
            ppr.append(section)
            return None
    return x.paragraph(fmt, section=section)


def add_attachment_note(flow: Flow, titles: Sequence[str]) -> None:
    """Add 附件说明 (7.3.4): 正文下空一行左空二字 "附件："; several are numbered 1. 2.; names hang aligned."""
    if not titles:
        return
    before = L.ATTACHMENT_NOTE_SPACE_BEFORE_LINES * LINE
    if len(titles) == 1:
        left = chars(L.BODY_FIRST_LINE_CHARS + 3)
        fmt = x.ParagraphFormat(
            style="GwAttachmentNote", before=before, left=left, hanging=left - chars(2), keep_next=True
        )
        flow.add(
            x.paragraph(fmt, [x.text_run(f"附件：{titles[0]}")]),
            _lines(text_width(titles[0]), 0, L.BODY_FIRST_LINE_CHARS + 3, before=before),
            keep_next=True,
        )
        return
    name_start = L.BODY_FIRST_LINE_CHARS + 3 + 1  # 附件： then "1."
    for i, title in enumerate(titles, start=1):
        first = i == 1
        line_start = L.BODY_FIRST_LINE_CHARS if first else L.BODY_FIRST_LINE_CHARS + 3
        fmt = x.ParagraphFormat(
            style="GwAttachmentNote",
            before=before if first else None,
            left=chars(name_start),
            hanging=chars(name_start - line_start),
            tabs=(x.Tab(chars(name_start)),),
            keep_next=True,
        )
        text = f"附件：{i}.\t{title}" if first else f"{i}.\t{title}"
        flow.add(
            x.paragraph(fmt, [x.text_run(text)]),
            _lines(text_width(title), 0, name_start, before=before if first else 0),
            keep_next=True,
        )


def add_signature(flow: Flow, doc: Document) -> None:
    """Add 署名 and 成文日期: unsealed per 7.3.5.2, sealed per 7.3.5.1, then the 附注 (7.3.6)."""
    sig = doc.signature
    date_width = text_width(sig.date_text)
    organ_width = max(text_width(o) for o in sig.organs)
    organs_fmt: list[x.ParagraphFormat] = []
    if sig.sealed:
        # 7.3.5.1 date 右空四字; 署名 centred over the date.
        before = L.SEALED_SPACE_BEFORE_LINES * LINE
        right = max(0.0, L.SEALED_DATE_RIGHT_CHARS + (date_width - organ_width) / 2)
        organs_fmt = [
            x.ParagraphFormat(style="GwSignature", before=before, right=chars(right), keep_next=True)
            for _ in sig.organs
        ]
        date_fmt = x.ParagraphFormat(style="GwSignature", right=chars(L.SEALED_DATE_RIGHT_CHARS))
    else:
        # 7.3.5.2 署名 右空二字; date one line down, its first character two to the right of the 署名's.
        before = L.UNSEALED_SPACE_BEFORE_LINES * LINE
        organ_start = TYPE_CHARS - L.UNSEALED_RIGHT_CHARS - organ_width
        if 2 + date_width > organ_width:  # the date is longer: date 右空二字, 署名 moves left
            organ_start = TYPE_CHARS - L.UNSEALED_RIGHT_CHARS - date_width - 2
            date_fmt = x.ParagraphFormat(style="GwSignature", right=chars(L.UNSEALED_RIGHT_CHARS))
        else:
            date_fmt = x.ParagraphFormat(style="GwSignature", align="left", left=chars(organ_start + 2))
        for i, _organ in enumerate(sig.organs):
            organs_fmt.append(
                x.ParagraphFormat(
                    style="GwSignature",
                    align="left",
                    left=chars(organ_start),
                    before=before if i == 0 else None,
                    keep_next=True,
                )
            )
    for organ, fmt in zip(sig.organs, organs_fmt, strict=True):
        flow.add(x.paragraph(fmt, [x.text_run(organ)]), [(fmt.before or 0) + LINE], keep_next=True)
    flow.add(x.paragraph(date_fmt, [x.text_run(sig.date_text)]), [LINE])
    if doc.note_text:
        flow.add(
            x.paragraph(x.ParagraphFormat(style="GwNote"), [x.text_run(doc.note_text)]),
            _lines(text_width(doc.note_text), L.BODY_FIRST_LINE_CHARS),
        )


def add_attachment(flow: Flow, attachment: Attachment) -> None:
    """Add an attachment (7.3.7): new page, label 顶格 in 黑体, title centred on line 3, then its content."""
    flow.add(
        x.paragraph(x.ParagraphFormat(style="GwAttachmentLabel"), [x.text_run(attachment.label)]),
        [LINE],
        page_break=True,
        keep_next=True,
    )
    add_title(
        flow, attachment.title, style="GwAttachmentTitle", before_lines=L.ATTACHMENT_TITLE_SPACE_BEFORE_LINES
    )
    if attachment.blocks and not isinstance(attachment.blocks[0], Table):
        # one blank line between the title and the first paragraph
        flow.add(x.paragraph(x.ParagraphFormat(style="GwBody")), [LINE])
    add_blocks(flow, attachment.blocks)


# --- 版记 7.4 -----------------------------------------------------------------------------------


def imprint_table(imprint: Imprint) -> tuple[x.Element, int]:
    """Return the 版记 as a table floating at the bottom of the type area, and its height (7.4)."""
    side = L.IMPRINT_SIDE_INDENT
    width = L.TYPE_AREA_WIDTH
    note_chars = (width - 2 * side) / side  # 4号 characters per line
    rows: list[tuple[x.Element, int]] = []

    def listing(label: str, organs: str) -> tuple[x.Element, int]:
        text = f"{label}：{organs}。" if not organs.endswith("。") else f"{label}：{organs}"
        fmt = x.ParagraphFormat(style="GwImprint", left=side * 4, hanging=side * 3)
        lines = max(1, -(-int((text_width(text)) * 2) // int(note_chars * 2)))
        return x.paragraph(fmt, [x.text_run(text)]), lines

    if imprint.addressees:
        rows.append(listing("主送", imprint.addressees))
    if imprint.cc:
        rows.append(listing("抄送", "，".join(imprint.cc)))
    printed = x.paragraph(
        x.ParagraphFormat(style="GwImprint", tabs=(x.Tab(width - side, "right"),)),
        [x.text_run(f"{imprint.printed_by}\t{imprint.printed_text}")],
    )
    rows.append((printed, 1))
    outer = x.Border(L.IMPRINT_OUTER_RULE_EIGHTHS)
    inner = x.Border(L.IMPRINT_INNER_RULE_EIGHTHS)
    none = x.Border(0)
    tr = []
    for index, (p, _) in enumerate(rows):
        borders = {"left": none, "right": none}
        borders["top"] = outer if index == 0 else inner
        if imprint.addressees and imprint.cc and index == 1:
            borders["top"] = none  # 7.4.2: no rule between 主送 and 抄送
        borders["bottom"] = outer if index == len(rows) - 1 else none
        tr.append(x.table_row([x.table_cell(width, [p], borders=borders)]))
    height = sum(lines for _, lines in rows) * LINE + 60
    floating = x.FloatAtBottom(L.MARGIN_LEFT)
    return x.table([width], tr, floating=floating, cell_margin=0), height


# --- the whole document -------------------------------------------------------------------------


def build_flow(doc: Document) -> Flow:
    """Return the main flow: 版头, 主体 and attachments (the 版记 is placed afterwards)."""
    flow = Flow()
    add_header(flow, doc.header)
    add_title(flow, doc.title)
    if doc.addressees:
        before = L.ADDRESSEE_SPACE_BEFORE_LINES * LINE
        fmt = x.ParagraphFormat(style="GwAddressee", before=before)
        flow.add(
            x.paragraph(fmt, [x.text_run(doc.addressees)]), _lines(text_width(doc.addressees), before=before)
        )
    add_blocks(flow, doc.body, keep_last=True)
    add_attachment_note(flow, doc.attachment_titles)
    add_signature(flow, doc)
    for attachment in doc.attachments:
        add_attachment(flow, attachment)
    return flow


def move_addressees_if_needed(doc: Document) -> Document:
    """Return ``doc`` with the 主送 moved to the 版记 when it would push the body off page 1 (7.3.2, 7.3.3)."""
    if not doc.addressees or doc.imprint is None:
        return doc
    probe = Flow()
    add_header(probe, doc.header)
    add_title(probe, doc.title)
    used = sum(chunk.height for chunk in probe.chunks)
    addressee_height = len(_lines(text_width(doc.addressees))) * LINE + L.ADDRESSEE_SPACE_BEFORE_LINES * LINE
    if used + addressee_height + 2 * LINE <= L.TYPE_AREA_HEIGHT:
        return doc
    imprint = dataclasses.replace(doc.imprint, addressees=doc.addressees.rstrip("：:"))
    return dataclasses.replace(doc, addressees="", imprint=imprint)


@dataclass(frozen=True)
class Placement:
    """Where the 版记 goes: on the last page, on a new page, or after a blank page (unnumbered)."""

    new_page: bool
    blank_page: bool
    pages: int

    @property
    def name(self) -> str:
        """The key of this placement in PLACEMENTS."""
        return "blank_page" if self.blank_page else "new_page" if self.new_page else "bottom"


def place_imprint(estimate: PageEstimate, imprint_height: int, double_sided: bool) -> Placement:
    """Decide the 版记's page: the last page's bottom if it fits (and is even when double-sided, 7.5)."""
    fits = estimate.remaining(L.TYPE_AREA_HEIGHT) >= imprint_height + LINE
    last_even = estimate.pages % 2 == 0
    if not double_sided:
        return Placement(new_page=not fits, blank_page=False, pages=estimate.pages + (0 if fits else 1))
    if fits and last_even:
        return Placement(False, False, estimate.pages)
    if not last_even:
        return Placement(True, False, estimate.pages + 1)
    return Placement(True, True, estimate.pages + 2)


@dataclass(frozen=True)
class RenderResult:
    """A rendered document: the .docx bytes and the estimated page count."""

    data: bytes
    pages: int


# How the 版记 (or 报尾) may be placed; the estimate picks one, a check on the rendered PDF may
# ask for another (see ``other_placements``).
PLACEMENTS = {
    "bottom": Placement(False, False, 0),  # at the bottom of the body's last page
    "new_page": Placement(True, False, 0),  # on the page after it
    "blank_page": Placement(True, True, 0),  # after an unnumbered blank page
}


def other_placements(tried: str) -> list[str]:
    """Return the placements to try, in order, when ``tried`` put the 版记 on an odd page."""
    return [name for name in ("new_page", "blank_page", "bottom") if name != tried]


def body_elements(
    flow: Flow, tail: tuple[x.Element, int] | None, double_sided: bool, placement_name: str | None = None
) -> tuple[list[x.Element], int]:
    """Return the ``w:body`` children (the last a ``w:sectPr``) and the estimated pages.

    ``tail`` is the 版记 (or a bulletin's 报尾) with its height: it goes at the bottom of the last
    page, or of the next even page, after an unnumbered blank page when needed (7.4.1, 7.5).
    """
    setup = page_setup()
    elements = list(_flatten(flow.elements))
    if tail is None:
        elements.append(x.section_properties(setup, numbered_footers()))
        return elements, flow.estimate().pages
    table, height = tail
    placement = place_imprint(flow.estimate(), height, double_sided)
    if placement_name is not None:  # the renderer's real page break differed from the estimate
        chosen = PLACEMENTS[placement_name]
        placement = Placement(chosen.new_page, chosen.blank_page, placement.pages)
    if placement.blank_page:
        # 7.5: the blank page and the 版记 page carry no page number: they get a section of their own.
        extra = close_section(elements, x.section_properties(setup, numbered_footers()), x.ParagraphFormat())
        if extra is not None:
            elements.append(extra)
        elements.append(x.paragraph(x.ParagraphFormat(style="GwBody")))
        elements.append(x.paragraph(x.ParagraphFormat(style="GwBody", page_break_before=True)))
        elements.append(table)
        elements.append(x.paragraph(x.ParagraphFormat(style="GwBody")))
        elements.append(x.section_properties(setup, blank_footers()))
    else:
        if placement.new_page:
            elements.append(x.paragraph(x.ParagraphFormat(style="GwBody", page_break_before=True)))
        elements.append(table)
        elements.append(x.paragraph(x.ParagraphFormat(style="GwBody")))
        elements.append(x.section_properties(setup, numbered_footers()))
    return elements, placement.pages


def _flatten(elements: list[x.Element]) -> Iterator[x.Element]:
    for element in elements:
        if element.tag == x.qn("w:body"):
            yield from list(element)
        else:
            yield element


def package(
    flow: Flow,
    children: list[x.Element],
    template: Template,
    *,
    title: str,
    subject: str,
    creator: str,
    date: str,
) -> bytes:
    """Return the .docx package: the template's parts, the body, the pictures, the core properties."""
    parts = dict(template.parts)
    parts["word/document.xml"] = x.serialize(x.document(children))
    for index, (rel_id, data) in enumerate(flow.pictures, start=1):
        parts[f"word/media/image{index}.png"] = data
        parts["word/_rels/document.xml.rels"] = x.add_relationship(
            parts["word/_rels/document.xml.rels"], rel_id, PICTURE_REL, f"media/image{index}.png"
        )
    if flow.pictures:
        parts["[Content_Types].xml"] = x.add_default_content_type(
            parts["[Content_Types].xml"], "png", "image/png"
        )
    parts["docProps/core.xml"] = core_properties(
        title=title, subject=subject, creator=creator, created=f"{date}T00:00:00Z"
    )
    return zip_parts(parts)


def document_placement(doc: Document) -> str:
    """Return the name of the placement the estimate picks for a document's 版记."""
    doc = move_addressees_if_needed(doc)
    if doc.imprint is None:
        return "bottom"
    _table, height = imprint_table(doc.imprint)
    return place_imprint(build_flow(doc).estimate(), height, doc.double_sided).name


def render_document(doc: Document, template: Template, placement: str | None = None) -> RenderResult:
    """Return the .docx of ``doc`` built on ``template`` (``placement`` overrides the estimate's)."""
    doc = move_addressees_if_needed(doc)
    flow = build_flow(doc)
    tail = imprint_table(doc.imprint) if doc.imprint else None
    children, pages = body_elements(flow, tail, doc.double_sided, placement)
    data = package(
        flow,
        children,
        template,
        title=doc.title.replace("\n", ""),
        subject=doc.header.number.text() if doc.header.number else "",
        creator="、".join(doc.signature.organs),
        date=doc.signature.date.isoformat(),
    )
    return RenderResult(data, pages)


def bulletin_tail(bulletin: Bulletin) -> tuple[x.Element, int]:
    """Return the 报尾: 报、送、发 lines and the number of copies between rules, at the page bottom."""
    side = L.IMPRINT_SIDE_INDENT
    width = L.TYPE_AREA_WIDTH
    rows = []
    for label, whom in bulletin.distribution:
        fmt = x.ParagraphFormat(style="GwImprint", left=side * 3, hanging=side * 2)
        rows.append(x.paragraph(fmt, [x.text_run(f"{label}：{whom}")]))
    if bulletin.copies:
        fmt = x.ParagraphFormat(style="GwImprint", align="right")
        rows.append(x.paragraph(fmt, [x.text_run(f"（共印{bulletin.copies}份）")]))
    outer = x.Border(L.IMPRINT_OUTER_RULE_EIGHTHS)
    none = x.Border(0)
    trs = []
    for index, p in enumerate(rows):
        borders = {"left": none, "right": none, "top": outer if index == 0 else none}
        borders["bottom"] = outer if index == len(rows) - 1 else none
        trs.append(x.table_row([x.table_cell(width, [p], borders=borders)]))
    note_chars = (width - 2 * side) / side
    lines = sum(max(1, math.ceil(text_width(f"{a}：{b}") / note_chars)) for a, b in bulletin.distribution) + 1
    return x.table([width], trs, floating=x.FloatAtBottom(L.MARGIN_LEFT), cell_margin=0), lines * LINE + 60


def build_bulletin_flow(bulletin: Bulletin) -> Flow:
    """Return the flow of a bulletin: 报头, title, body (the 报尾 is placed afterwards)."""
    flow = Flow()
    size = L.BULLETIN_NAME_PT
    scale = min(100, int(L.TYPE_AREA_WIDTH / (text_width(bulletin.name) * size * L.TWIPS_PER_PT) * 100))
    name = x.text_run(
        bulletin.name, x.RunFormat(color=bulletin.color, scale=scale, size_half_points=round(size * 2))
    )
    before = L.BULLETIN_NAME_SPACE_BEFORE
    line = round(size * L.TWIPS_PER_PT)
    flow.add(
        x.paragraph(x.ParagraphFormat(style="GwMark", before=before, line=line), [name]), [before + line]
    )
    issue_before = LINE
    flow.add(
        x.paragraph(x.ParagraphFormat(style="GwNumber", before=issue_before), [x.text_run(bulletin.issue)]),
        [issue_before + LINE],
    )
    rule = x.Border(L.RULE_WIDTH_EIGHTHS, bulletin.color, L.RULE_SPACE_PT)
    fmt = x.ParagraphFormat(
        style="GwNumber",
        align="left",
        tabs=(x.Tab(L.TYPE_AREA_WIDTH, "right"),),
        bottom_border=rule,
        before=LINE,
    )
    flow.add(
        x.paragraph(fmt, [x.text_run(f"{bulletin.editor}\t{format_date(bulletin.date)}")]), [2 * LINE + 200]
    )
    add_title(flow, bulletin.title)
    flow.add(x.paragraph(x.ParagraphFormat(style="GwBody")), [LINE])
    add_blocks(flow, bulletin.body)
    return flow


def placement_name(bulletin: Bulletin) -> str:
    """Return the name of the placement the estimate picks for a bulletin's 报尾."""
    flow = build_bulletin_flow(bulletin)
    _table, height = bulletin_tail(bulletin)
    return place_imprint(flow.estimate(), height, bulletin.double_sided).name


def render_bulletin(bulletin: Bulletin, template: Template, placement: str | None = None) -> RenderResult:
    """Return the .docx of a bulletin built on ``template`` (``placement`` overrides the estimate's)."""
    flow = build_bulletin_flow(bulletin)
    tail = bulletin_tail(bulletin) if bulletin.distribution or bulletin.copies else None
    children, pages = body_elements(flow, tail, bulletin.double_sided, placement)
    data = package(
        flow,
        children,
        template,
        title=bulletin.title,
        subject=f"{bulletin.name}{bulletin.issue}",
        creator=bulletin.editor,
        date=bulletin.date.isoformat(),
    )
    return RenderResult(data, pages)


def default_template_path(extra: Sequence[Path] = ()) -> Path:
    """Return the general-format template from the first templates folder that has it."""
    from docgen.errors import TemplateNotFoundError
    from docgen.i18n import _
    from docgen.resources import search_path

    folders = search_path("templates", extra)
    for folder in folders:
        candidate = folder / TEMPLATE_NAME
        if candidate.is_file():
            return candidate
    raise TemplateNotFoundError(
        _("template {name} not found; searched: {folders}").format(
            name=TEMPLATE_NAME, folders=", ".join(str(f) for f in folders)
        )
    )
