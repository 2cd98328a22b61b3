"""信函格式 (GB/T 9704 10.1): the mark 30 mm from the paper top and two red double lines, drawn on
the first page outside the flow; 份号/密级/紧急 and the 发文字号 under the upper line; the 主体 of
the general format; a 版记 without 印发机关, 印发日期 and rules; no page number on the first page."""

from __future__ import annotations

from docgen import standard as S
from docgen.layout.estimate import text_width
from docgen.layout.flow import LINE, Flow
from docgen.layout.general import GENERAL, fit_mark, move_addressees_if_needed
from docgen.layout.pages import Tail
from docgen.layout.placed import (
    NO_RULE,
    Align,
    AtBottom,
    Borders,
    Cell,
    Line,
    Metadata,
    PageLine,
    PageNumberStyle,
    PageText,
    ParagraphBlock,
    Role,
    Row,
    Run,
    RunRole,
    Tab,
    TabKind,
    TableBlock,
    TableRole,
)
from docgen.letter_model import Letter

THICK = round(S.LETTER_THICK_EIGHTHS / 8 * S.TWIPS_PER_PT)  # twips
THIN = round(S.LETTER_THIN_EIGHTHS / 8 * S.TWIPS_PER_PT)
PAIR = round(THICK / 2 + S.LETTER_LINES_GAP_PT * S.TWIPS_PER_PT + THIN / 2)  # centre to centre
LINE_X = S.mm((S.PAGE_WIDTH_MM - S.LETTER_LINE_LENGTH_MM) / 2)
LINE_LENGTH = S.mm(S.LETTER_LINE_LENGTH_MM)
# calibrated in LibreOffice 7.4: a text box's exact line starts above its em box, like the general
# mark's (MARK_SPACE_BEFORE; 45 twips put the em top at 29.7 mm, 61 at 30.0); a 3号 line of the
# grid's height (28.95 pt, exact) has its em top 3.3 mm below the line's top
MARK_BOX_OFFSET = 61
TEXT_TOP_IN_LINE = 188
# The 信函's 版记 has no rules (10.1) and 7.4 gives it no line height: its 4号 lines take the body's
# leading scaled to 4号 (579 × 14/16 twips), not a grid line.  On the grid a one-line 版记 needed more
# than the one line a full page leaves, under the 20-twip anchor paragraph (pages.tail_anchor):
# LibreOffice 7.4 put 函-空白页's 抄送 on page 2 at exact 560 twips, on page 3 at 579 (forms10 #1).
IMPRINT_LINE = LINE * S.NOTE_PT // S.BODY_PT
ANCHOR_LINE = 20  # the anchor paragraph under the floating 版记 (pages.tail_anchor)


def _mark(doc: Letter) -> tuple[PageText, int]:
    """Return the mark (10.1: the 主办机关's name only, no 文件) and its em bottom, twips from the paper top."""
    header = doc.header
    organ = header.organs[0]
    size, scale = fit_mark(text_width(organ), header.mark_size_pt or S.MARK_DEFAULT_PT)
    height = round(size * S.MARK_LINE_FACTOR * S.TWIPS_PER_PT)
    run = Run(organ, color=header.mark_color.upper(), scale=scale, size_pt=size)
    paragraph = ParagraphBlock(Role.MARK, (run,), line=Line(height), align=Align.CENTER, on_grid=False)
    top = S.mm(S.LETTER_MARK_TOP_MM)
    box = PageText(S.MARGIN_LEFT, top + MARK_BOX_OFFSET, S.TYPE_AREA_WIDTH, height + 60, paragraph)
    return box, top + height


def _double_lines(doc: Letter, mark_bottom: int) -> tuple[tuple[PageLine, ...], int]:
    """Return the two red double lines (10.1) and the upper one's lower edge, twips from the paper top."""
    color = doc.header.mark_color.upper()
    upper_thick = mark_bottom + S.mm(S.LETTER_LINE_BELOW_MARK_MM) + THICK // 2  # 上粗下细
    upper_thin = upper_thick + PAIR
    lower_thick = S.PAGE_HEIGHT - S.mm(S.LETTER_LINE_ABOVE_BOTTOM_MM) - THICK // 2  # 上细下粗
    lower_thin = lower_thick - PAIR
    lines = tuple(
        PageLine(LINE_X, y, LINE_LENGTH, eighths, color)
        for y, eighths in (
            (upper_thick, S.LETTER_THICK_EIGHTHS),
            (upper_thin, S.LETTER_THIN_EIGHTHS),
            (lower_thin, S.LETTER_THIN_EIGHTHS),
            (lower_thick, S.LETTER_THICK_EIGHTHS),
        )
    )
    return lines, upper_thin + THIN // 2


def add_letter_head(flow: Flow, doc: Letter) -> None:
    """Add the first page's drawings and the 份号/密级/紧急 (left) and 发文字号 (right) lines, 7/8 字
    below the upper double line (10.1)."""
    mark, mark_bottom = _mark(doc)
    lines, line_bottom = _double_lines(doc, mark_bottom)
    header = doc.header
    left: list[Run] = []
    if header.copy_number:
        left.append(Run(header.copy_number))
    if header.secrecy:
        left.append(Run(header.secrecy.text(), RunRole.EMPHASIS))
    if header.urgency:
        left.append(Run(header.urgency.value, RunRole.EMPHASIS))
    number = header.number.text() if header.number else ""
    text_top = line_bottom + round(S.LETTER_TEXT_GAP_PT * S.TWIPS_PER_PT)
    before = text_top - S.MARGIN_TOP - TEXT_TOP_IN_LINE
    tabs = (Tab(S.TYPE_AREA_WIDTH, TabKind.RIGHT),)
    first = [left[0]] if left else []
    paragraph = ParagraphBlock(
        Role.NUMBER,
        (*first, Run(f"\t{number}")),
        align=Align.LEFT,
        tabs=tabs,
        space_before=before,
        line=Line(LINE),
        on_grid=False,
        drawings=(mark, *lines),
    )
    flow.add(paragraph, [before + LINE])
    for run in left[1:]:
        flow.add(ParagraphBlock(Role.HEAD_ITEM, (run,), line=Line(LINE), on_grid=False), [LINE])


def letter_tail(doc: Letter) -> Tail | None:
    """Return the 版记 of a 信函 (10.1): 主送 (moved there) and 抄送, without 印发 and without rules."""
    imprint = doc.imprint
    if imprint is None:
        return None
    side = S.IMPRINT_SIDE_INDENT
    width = S.TYPE_AREA_WIDTH
    note_chars = (width - 2 * side) / side
    rows = []
    count = 0
    for label, organs in (("主送", imprint.addressees), ("抄送", "，".join(imprint.cc))):
        if not organs:
            continue
        text = f"{label}：{organs}" if organs.endswith("。") else f"{label}：{organs}。"
        count += max(1, -(-int(text_width(text) * 2) // int(note_chars * 2)))
        paragraph = ParagraphBlock(
            Role.IMPRINT,
            (Run(text),),
            left=side * 4,
            hanging=side * 3,
            line=Line(IMPRINT_LINE),
            on_grid=False,
        )
        rows.append(Row((Cell(width, (paragraph,), borders=Borders.all(NO_RULE)),)))
    if not rows:
        return None
    table = TableBlock(TableRole.TAIL, (width,), tuple(rows), cell_margin=0, anchor=AtBottom(S.MARGIN_LEFT))
    # No slack: a line LibreOffice sets longer than the estimate puts the 版记 on an odd page, and the
    # pipeline lays out again with the next placement; half a line's slack sent a 版记 that fitted
    # the one line left after a blank page (forms10 #1)
    return Tail(table, count * IMPRINT_LINE + ANCHOR_LINE, slack=0)


class LetterFormat:
    """信函格式 (10.1)."""

    page_numbers = PageNumberStyle.GBT9704
    first_page_number = False  # 10.1: 首页不显示页码

    def prepare(self, doc: Letter) -> Letter:
        """Move the 主送 into the 版记 when it would push the body off page 1."""
        moved = move_addressees_if_needed(doc)
        assert isinstance(moved, Letter)  # dataclasses.replace keeps the type
        return moved

    def header(self, flow: Flow, doc: Letter) -> None:
        """Add the first page's mark and double lines, 份号/密级/紧急 and the 发文字号."""
        add_letter_head(flow, doc)

    def main(self, flow: Flow, doc: Letter) -> None:
        """Add the 主体 as the general format does (the title two lines below the 发文字号)."""
        GENERAL.main(flow, doc)

    def tail(self, doc: Letter) -> Tail | None:
        """Return the 版记 without 印发 and rules, if there is a 主送 or 抄送 for it."""
        return letter_tail(doc)

    def double_sided(self, doc: Letter) -> bool:
        """Return the document's 双面印刷."""
        return doc.double_sided

    def metadata(self, doc: Letter) -> Metadata:
        """Return title, 发文字号, 发文机关 and 成文日期."""
        return GENERAL.metadata(doc)


LETTER = LetterFormat()
