"""The placed document into Typst source: the same ``PlacedDocument`` the .docx emitter gets.

Nothing here decides where anything goes: positions, indents, breaks and the 版记's placement come
from layout (``docgen.layout``); each role looks as the .docx template's style of the same name
(``styles.py``).  All syntax is made by ``markup.py``.  Lengths: twips in, points out.

What the .docx leaves to the renderer is written out here: every line is exactly its line height
(28.95 pt on the body grid), the em box centred in it; a paragraph border becomes a rule drawn
below the paragraph; tab stops become columns; page numbers are placed on the page (7.5).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from docgen import standard as S
from docgen.emit.typst import markup as m
from docgen.emit.typst.fonts import face
from docgen.emit.typst.styles import PAGE_NUMBER_FONT, PAGE_NUMBER_PT, ROLE_STYLES, RUN_FONTS, RoleStyle
from docgen.layout import metrics
from docgen.layout.bookmarks import bookmark
from docgen.layout.breaks import JOIN, MARKS
from docgen.layout.estimate import body_char_width, wide
from docgen.layout.letter import TEXT_TOP_IN_LINE
from docgen.layout.placed import (
    Align,
    Block,
    Borders,
    Cell,
    InlinePicture,
    LineRule,
    Metadata,
    Orientation,
    PageLine,
    PageNumbers,
    PageSetup,
    ParagraphBlock,
    PlacedDocument,
    Placement,
    Role,
    Row,
    Rule,
    Run,
    RunRole,
    Section,
    TabKind,
    TableBlock,
)

MM_PER_TWIP = 25.4 / 1440
# The calibration docgen.standard adds to the space above the organ mark for LibreOffice, whose
# em box stands that much above the top of the mark's exact line box.  Typst keeps the layout's
# space and raises the mark's em box as much inside its line: the em top is at 72 mm and the
# line box, so the 发文字号 and everything after it, where LibreOffice has them (measured: the
# body 1.2 mm higher otherwise, and a page-1 line check counted as missing).
MARK_CALIBRATION = S.MARK_SPACE_BEFORE - S.mm(S.MARK_TOP_BELOW_TYPE_AREA_MM)
# A 信函's mark box stands where layout puts it for LibreOffice (layout/letter.py MARK_BOX_OFFSET
# below 30 mm); in Typst the mark's em box is centred in its line and raised by MARK_CALIBRATION,
# so the box goes this much higher for the em top to be at 30 mm (measured on Typst's PDF)
LETTER_BOX_CALIBRATION = 14  # twips: the em top at 30.24 mm without it
# The line under a 信函's upper double line: layout puts its em top 7/8 字 below the line, counting
# LibreOffice's em top 3.3 mm below the top of an exact line (letter.TEXT_TOP_IN_LINE); Typst
# centres the em box in the line (2.3 mm below its top), so it is lowered by the difference
LETTER_TEXT_DROP = TEXT_TOP_IN_LINE - (S.LINE_PITCH - S.BODY_PT * S.TWIPS_PER_PT) / 2


def _pt(twips: int | float) -> float:
    return twips / S.TWIPS_PER_PT


def _style(run: Run, role: RoleStyle) -> m.TextStyle:
    return _style_of(run.role, run.size_pt, run.color, run.scale, role)


@lru_cache(maxsize=256)
def _style_of(
    run_role: RunRole | None, size_pt: float | None, color: str | None, scale: int | None, role: RoleStyle
) -> m.TextStyle:
    """Return the style of a run (its own face, size, colour, scale; else its paragraph role's)."""
    font = RUN_FONTS[run_role] if run_role is not None else role.font
    return m.TextStyle(
        face=face(font),
        size_pt=size_pt if size_pt is not None else role.size_pt,
        tracking_pt=role.tracking_pt,
        color=color if color is not None else role.color,
        scale=scale if scale is not None else 100,
    )


def _runs(
    runs: tuple[Run | InlinePicture, ...],
    role: RoleStyle,
    spread: bool,
    centred: bool = False,
    inherited: m.TextStyle | None = None,
) -> str:
    out = []
    for run in runs if spread else _joined(runs, role):
        if isinstance(run, InlinePicture):
            out.append(m.picture(run.data, run.width_mm, run.height_mm, run.description, centred=centred))
        else:
            out.append(m.text(run.text, _style(run, role), spread=spread, inherited=inherited))
    return (m.SPREAD if spread else "").join(out)  # spread: between runs as between characters


def _joined(runs: tuple[Run | InlinePicture, ...], role: RoleStyle) -> list[Run | InlinePicture]:
    """Return the runs with the closing marks that start a run moved to the end of the run before
    it, and the opening marks that end a run to the start of the run after it, where the two look
    alike: a mark is boxed with its word only within a run (``markup.guard_marks``).

    The layout cuts a paragraph into runs that differ only in what Typst does not use (the
    spacing LibreOffice spreads a line's slack with, estimate_spacing.py): a closing mark starting
    a run was boxed alone and Typst ended a line before it (corpus n14-000 「同比增长118.1%」, then
    「；督办事项」 on the next line; LibreOffice and the estimate carry 「118.1%；」 together).  Only
    the marks move: a whole run joined to a 汉字 before it would be shaped as Han text and lose the
    Latin kerning it has alone (「5G」 0.09 mm wider, measured).  A held run (word joiners) is boxed
    whole and keeps its marks.
    """
    out: list[Run | InlinePicture] = []
    for run in runs:
        last = out[-1] if out else None
        if (
            isinstance(run, Run)
            and isinstance(last, Run)
            and JOIN not in run.text + last.text
            and _style(run, role) == _style(last, role)
        ):
            head = len(run.text) - len(run.text.lstrip(_CLOSING))
            if head:
                last = out[-1] = dataclasses.replace(last, text=last.text + run.text[:head])
                run = dataclasses.replace(run, text=run.text[head:])
                if not run.text:
                    continue
            tail = len(last.text) - len(last.text.rstrip(_OPENING))
            if tail:
                run = dataclasses.replace(run, text=last.text[-tail:] + run.text)
                if tail < len(last.text):
                    out[-1] = dataclasses.replace(last, text=last.text[:-tail])
                else:
                    out.pop()
        out.append(run)
    return out


_CLOSING = "".join(m.CLOSERS)
_OPENING = "".join(m.OPENERS)


def _shared_style(runs: tuple[Run | InlinePicture, ...], role: RoleStyle) -> m.TextStyle | None:
    """Return the style every run of a paragraph has, set once for the paragraph; None if they
    differ, if one is scaled, or if it holds a picture (whose place is measured in the size of the
    text around the paragraph)."""
    styles = {_style(run, role) for run in runs if isinstance(run, Run)}
    if len(styles) != 1 or any(isinstance(run, InlinePicture) for run in runs):
        return None
    (style,) = styles
    return style if style.scale == 100 else None


def _split_at_tabs(runs: tuple[Run | InlinePicture, ...]) -> list[list[Run | InlinePicture]]:
    """Return the runs between tabs: segment k starts at the k-th tab stop."""
    segments: list[list[Run | InlinePicture]] = [[]]
    for run in runs:
        if isinstance(run, InlinePicture):
            segments[-1].append(run)
            continue
        for index, part in enumerate(run.text.split("\t")):
            if index:
                segments.append([])
            if part:
                segments[-1].append(Run(part, run.role, run.color, run.scale, run.size_pt))
    return segments


def _tabbed(
    block: ParagraphBlock, role: RoleStyle, x0: int, x1: int, inherited: m.TextStyle | None = None
) -> str:
    """Return a paragraph's runs with each segment at its tab stop, as columns from ``x0`` to ``x1``.

    Tab stops are measured from the type area's left edge; the line starts at ``x0`` and ends at
    ``x1`` (twips from the same edge).  Left stops: a segment starts at the first stop past the
    end of the one before it; the last segment takes the rest of the line and wraps within it (an
    attachment's name wraps aligned with its first character, 7.3.4).  A right stop: the segment
    after it ends there.
    """
    segments = _split_at_tabs(block.runs)
    texts = [_runs(tuple(s), role, False, block.centre_vertically, inherited) for s in segments]
    stops = sorted(block.tabs, key=lambda tab: tab.pos)
    right = next((tab for tab in stops if tab.kind is TabKind.RIGHT), None)
    if right is not None:
        body = m.columns(["".join(texts[:-1]), texts[-1]], [None, None], ["left", "right"], last_auto=True)
        return m.padded(body, right_pt=_pt(max(0, x1 - right.pos)))
    # a tab goes to the first stop past the text before it (as Word does), the text measured as
    # LibreOffice sets it: on the grid, "附件：1." reached the names' stop exactly (half a 字 for "1"
    # and ".", 0.78 字 set) and the names followed "1." 1.1 mm left of LibreOffice's (outsider6 #8)
    edges = [x0]
    for segment in segments[:-1]:
        width = sum(body_char_width(ch) for run in segment if isinstance(run, Run) for ch in run.text)
        end = edges[-1] + round(width * S.CHAR)
        stop = next((tab.pos for tab in stops if tab.pos > end), None)
        if stop is None:
            break
        edges.append(stop)
    widths: list[float | None] = [_pt(b - a) for a, b in zip(edges, edges[1:], strict=False)]
    widths.append(None)
    cells = texts[: len(widths) - 1] + ["".join(texts[len(widths) - 1 :])]
    # a line centred on a picture (a 令's 职务 beside its 签名章): every column on the row's middle
    aligns = ["left + horizon" if block.centre_vertically else "left"] * len(widths)
    return m.columns(cells, widths, aligns)


_ALIGN = {
    Align.LEFT: "left",
    Align.CENTER: "center",
    Align.RIGHT: "right",
    Align.BOTH: "justify",
    Align.DISTRIBUTE: "justify",
}


def _align(align: Align) -> str:
    return _ALIGN[align]


def paragraph(
    block: ParagraphBlock,
    *,
    first_in_section: bool,
    last_in_section: bool,
    lower: float = 0.0,
    alone: bool = False,
) -> str:
    """Return a paragraph: space and page break before it, the paragraph, the rule below it
    (``lower``: its text this many twips lower in its lines; ``alone``: all its container holds,
    ``markup.paragraph``'s ``bare``)."""
    role = ROLE_STYLES[block.role]
    out = []
    if (block.page_break_before or role.page_break_before) and not first_in_section:
        out.append(m.page_break())
    if block.space_before:
        out.append(m.space(_pt(block.space_before)))
    line: float | None = role.line_pt
    if block.line is not None:
        line = _pt(block.line.value) if block.line.rule is LineRule.EXACT else None
    sizes = [r.size_pt for r in block.runs if isinstance(r, Run) and r.size_pt is not None]
    size = max(sizes, default=role.size_pt)
    if not block.runs:
        if block.role is not Role.PLAIN and line:
            # an empty paragraph is an empty line; one that only ends a section takes no room at a page end
            out.append(m.empty_line(line, weak=last_in_section))
    else:
        left = block.left if block.left is not None else round(role.left_pt * S.TWIPS_PER_PT)
        right = block.right if block.right is not None else round(role.right_pt * S.TWIPS_PER_PT)
        hanging = block.hanging or 0
        first_line = block.first_line if block.first_line is not None else round(role.first_line_pt * 20)
        align = block.align if block.align is not None else role.align
        # a spread paragraph keeps each character's own style: set once, the characters of two
        # runs meeting with no space between would be one text and tracked between them
        shared = None if align is Align.DISTRIBUTE else _shared_style(block.runs, role)
        if block.tabs:
            # the columns carry the indents: the block starts where the first line does
            left = left - hanging if hanging else left + first_line
            hanging = first_line = 0
            body = _tabbed(block, role, left, S.TYPE_AREA_WIDTH - right, shared)
        else:
            body = _runs(block.runs, role, align is Align.DISTRIBUTE, inherited=shared)
        fmt = m.ParagraphFormat(
            size_pt=size,
            line_pt=line,
            align=_align(align),
            left_pt=_pt(left),
            right_pt=_pt(right),
            first_line_pt=_pt(first_line),
            hanging_pt=_pt(hanging),
            sticky=block.keep_with_next,
            raise_pt=_pt(MARK_CALIBRATION) if block.role is Role.MARK else -_pt(lower),
            style=shared,
            before=m.bookmark(*mark) if (mark := bookmark(block)) else "",  # 一、/（一）: print9 #4
        )
        ruled = block.bottom_rule is not None and block.bottom_rule.width_eighths > 0
        out.append(m.paragraph(body, fmt, columns=bool(block.tabs), bare=alone and not out and not ruled))
    if block.bottom_rule is not None and block.bottom_rule.width_eighths:
        rule = block.bottom_rule
        out.append(m.rule_below(rule.space_pt, rule.width_eighths / 8, rule.color))
    return "".join(out)


# --- tables ----------------------------------------------------------------------------------


def _side(rule: Rule | None) -> m.Stroke | None:
    if rule is None or rule.width_eighths == 0:
        return None
    return m.Stroke(rule.width_eighths / 8, rule.color)


def _first(*rules: Rule | None) -> Rule | None:
    return next((r for r in rules if r is not None), None)


# What a cell's text must leave free of its width for the cell to be surely one line in Typst: its
# width is counted from above (``_widest``), this covers the sums' rounding
ONE_LINE_SPARE_PT = 0.5


def _widest(text: str, size_pt: float, font: str) -> float:
    """Return a width ``text`` is surely no wider than in Typst, in points: a full-width character
    a 字 (Typst may compress a mark, never widen it), another one its face's advance (metrics, the
    faces the mapping gives Typst too), or a 字 where that is not known; no kerning taken off."""
    table = metrics.advances(font) or {}
    width = 0.0
    for ch in text:
        if ch in MARKS:  # word joiners and zero-width spaces: no advance
            continue
        width += 1.0 if wide(ch) else min(1.0, table.get(ord(ch), 1.0))
    return width * size_pt


def _one_line(cell: Cell, margin: int) -> float | None:
    """Return the height of the cell's content, in points, where it is surely one line (or none):
    None where it may take more (``markup.table`` then leaves its row for Typst to measure)."""
    if len(cell.paragraphs) != 1:
        return None
    block = cell.paragraphs[0]
    role = ROLE_STYLES[block.role]
    line: float | None = role.line_pt
    if block.line is not None:
        line = _pt(block.line.value) if block.line.rule is LineRule.EXACT else None
    if block.tabs or block.drawings or block.space_before or block.bottom_rule:
        return None
    if line is None or block.page_break_before or role.page_break_before:
        return None
    if not block.runs:  # as ``paragraph`` sets it: an empty line, or nothing
        return line if block.role is not Role.PLAIN else 0.0
    runs = [r for r in block.runs if isinstance(r, Run)]
    if len(runs) != len(block.runs) or any(r.spacing > 0 or r.scale or r.raise_pt or not r.text for r in runs):
        return None
    left = block.left if block.left is not None else round(role.left_pt * S.TWIPS_PER_PT)
    right = block.right if block.right is not None else round(role.right_pt * S.TWIPS_PER_PT)
    first = block.first_line if block.first_line is not None else round(role.first_line_pt * 20)
    hanging = block.hanging or 0  # then the first line starts that much left of the others, unindented
    start = left - hanging if hanging else left + max(0, first)
    width_pt = sum(
        _widest(r.text, r.size_pt or role.size_pt, RUN_FONTS.get(r.role, role.font) if r.role else role.font)
        + len(r.text) * max(0.0, role.tracking_pt)
        for r in runs
    )
    room_pt = _pt(cell.width - 2 * margin - start - right)
    return line if width_pt <= room_pt - ONE_LINE_SPARE_PT else None


def _cell(
    cell: Cell,
    table: Borders,
    row: int,
    col: int,
    rows: int,
    cols: int,
    split: bool,
    min_height: int,
    margin: int = 0,
) -> m.TableCell:
    own = cell.borders or Borders()
    alone = len(cell.paragraphs) == 1
    body = "".join(
        paragraph(p, first_in_section=False, last_in_section=False, alone=alone) for p in cell.paragraphs
    )
    last_row, last_col = row + cell.rows - 1, col + cell.columns - 1  # a merged cell's far edges
    return m.TableCell(
        body=body,
        top=_side(_first(own.top, table.top if row == 0 else table.inside_h)),
        bottom=_side(_first(own.bottom, table.bottom if last_row == rows - 1 else table.inside_h)),
        left=_side(_first(own.left, table.left if col == 0 else table.inside_v)),
        right=_side(_first(own.right, table.right if last_col == cols - 1 else table.inside_v)),
        v_center=cell.v_center,
        breakable=split,
        min_height_pt=_pt(min_height),
        colspan=cell.columns,
        rowspan=cell.rows,
        one_line_pt=_one_line(cell, margin),
    )


def _grid_cells(row: Row) -> list[tuple[int, Cell]]:
    """Return the row's cells with the grid column each starts at, without the places under a cell
    merged down from above (Typst's rowspan covers them)."""
    placed, col = [], 0
    for cell in row.cells:
        if not cell.merged:
            placed.append((col, cell))
        col += cell.columns
    return placed


def table(block: TableBlock, room: int | None = None) -> str:
    """Return a table: fixed column widths, header rows repeated, rows kept whole unless told
    (``room``: the width it is centred in, twips)."""
    borders = block.borders or Borders()
    count = len(block.rows)
    made = [
        [
            _cell(
                cell,
                borders,
                r,
                c,
                count,
                sum(x.columns for x in row.cells),
                not row.cant_split,
                row.min_height,
                block.cell_margin,
            )
            for c, cell in _grid_cells(row)
        ]
        for r, row in enumerate(block.rows)
    ]
    headers = 0
    while headers < count and block.rows[headers].header:
        headers += 1
    source = m.table(
        [_pt(w) for w in block.widths],
        made[:headers],
        made[headers:],
        _pt(block.cell_margin),
        centred=block.anchor is None,
        room_pt=None if room is None else _pt(room),
    )
    return source


def block_source(
    block: Block, *, first: bool, last: bool, page: PageSetup, even: bool | None = None, fresh: bool = False
) -> str:
    """Return one block of a section.

    ``even``: the 版记 is placed by Typst where the text ends (True: on an even page, 7.5); None:
    where layout put it.  ``fresh``: nothing but empty lines comes before it in its section, which
    starts a page (``markup.tail``).
    """
    if isinstance(block, ParagraphBlock):
        if not block.drawings:
            return paragraph(block, first_in_section=first, last_in_section=last)
        text = paragraph(block, first_in_section=first, last_in_section=last, lower=LETTER_TEXT_DROP)
        return drawings(block, page) + text
    if block.anchor is None:
        return table(block, page.width - page.left - page.right)
    dx = _pt(block.anchor.x_from_page - page.left)
    if even is None:  # 7.4.1: the 版记's last rule on the type area's bottom edge
        return m.at_bottom(table(block), dx)
    return m.tail(table(block), dx, _pt(page.height - page.bottom), double_sided=even, fresh=fresh)


def drawings(block: ParagraphBlock, page: PageSetup) -> str:
    """Return what the paragraph places on its page outside the flow (a 信函's mark and double lines,
    10.1), at their places measured from the paper's corner."""
    out = []
    for drawing in block.drawings:
        dx, dy = _pt(drawing.x - page.left), _pt(drawing.y - page.top)
        if isinstance(drawing, PageLine):
            line = m.page_line(_pt(drawing.length), drawing.width_eighths / 8, drawing.color)
            out.append(m.on_page(line, dx, dy))
        else:
            body = paragraph(drawing.paragraph, first_in_section=True, last_in_section=False)
            box = m.page_box(_pt(drawing.width), _pt(drawing.height), body)
            out.append(m.on_page(box, dx, dy - _pt(LETTER_BOX_CALIBRATION)))
    return "".join(out)


def _page(setup: PageSetup, numbers: PageNumbers) -> m.PageFormat:
    numbering = None
    if numbers in (PageNumbers.NUMBERED, PageNumbers.FIRST_UNNUMBERED):
        style = m.TextStyle(face(PAGE_NUMBER_FONT), PAGE_NUMBER_PT)
        side = _pt(S.PAGE_NUMBER_SIDE_INDENT)
        if setup.orientation is Orientation.LANDSCAPE:
            # ch. 8: the sheet is a portrait page turned (its 版心 bottom edge on the left); the
            # number stays 7 mm below that edge, on the side it has on the portrait page
            top = setup.left * MM_PER_TWIP - S.PAGE_NUMBER_BELOW_TYPE_AREA_MM
            numbering = m.PageNumbers(style, top_mm=top, side_pt=side, turned=True)
        else:
            top = (setup.height - setup.bottom) * MM_PER_TWIP + S.PAGE_NUMBER_BELOW_TYPE_AREA_MM
            numbering = m.PageNumbers(style, top_mm=top, side_pt=side)
    return m.PageFormat(
        width_mm=setup.width * MM_PER_TWIP,
        height_mm=setup.height * MM_PER_TWIP,
        top_mm=setup.top * MM_PER_TWIP,
        bottom_mm=setup.bottom * MM_PER_TWIP,
        left_mm=setup.left * MM_PER_TWIP,
        right_mm=setup.right * MM_PER_TWIP,
        numbers=numbering,
    )


def _empty(blocks: tuple[Block, ...]) -> bool:
    """Return whether ``blocks`` put nothing on the page: empty lines only (a section opened for the
    版记 after landscape pages starts with one, layout/pages.py ``plan_pages``)."""
    return all(
        isinstance(b, ParagraphBlock) and not b.runs and not b.drawings and not b.page_break_before
        for b in blocks
    )


def section_source(section: Section, even: bool | None = None) -> str:
    """Return a section: its pages' setup and numbers, and its blocks (``even``: see ``block_source``)."""
    count = len(section.blocks)
    first = m.unnumbered_page() if section.numbers is PageNumbers.FIRST_UNNUMBERED else ""
    body = first + "".join(
        block_source(
            block,
            first=i == 0,
            last=i == count - 1,
            page=section.page,
            even=even,
            fresh=_empty(section.blocks[:i]),
        )
        for i, block in enumerate(section.blocks)
    )
    return m.section(_page(section.page, section.numbers), body)


def emit_typst(placed: PlacedDocument, *, watermark: str = "", metadata: Metadata | None = None) -> str:
    """Return the Typst source of a placed document.

    A document laid out with its 版记 at the bottom of the last page (``Placement.BOTTOM``) leaves
    the 版记's page to Typst (``markup.tail``): it goes where the text really ends, on an even page
    when printed double-sided, with no estimate and no second run.  ``watermark``: a preview's mark
    (样稿), drawn by Typst on every page; ``metadata``: the PDF's, if not the layout's.
    """
    meta = metadata or placed.metadata
    year, month, day = (int(part) for part in meta.date.split("-"))
    even = placed.even_pages if placed.placement is Placement.BOTTOM else None
    body = "".join(section_source(section, even) for section in placed.sections)
    mark = m.Watermark(watermark, face(S.FONT_KAITI)) if watermark else None
    return m.document(meta.title, meta.creator, meta.subject, (year, month, day), body, watermark=mark)
