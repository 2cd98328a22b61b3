"""纪要格式 (GB/T 9704 10.3): the 纪要标志, the 期号 with office and date over a red rule, the body,
then 出席/请假/列席, and the 版记 of 7.4."""

from __future__ import annotations

from docgen import standard as S
from docgen.layout.estimate import text_width
from docgen.layout.flow import LINE, TYPE_CHARS, Flow, chars, lines
from docgen.layout.general import fit_mark, imprint_tail
from docgen.layout.pages import Tail
from docgen.layout.placed import (
    Align,
    Line,
    Metadata,
    PageNumberStyle,
    ParagraphBlock,
    Role,
    Rule,
    Run,
    RunRole,
    Tab,
    TabKind,
)
from docgen.layout.text import add_blocks
from docgen.minutes_model import Attendance, Minutes
from docgen.model import format_date

ATTENDANCE_LEFT_CHARS = 2  # 10.3: 左空二字
LABEL_CHARS = 3  # "出席：": the names start after the colon
OFFICE_DATE_GAP_CHARS = 1  # the least space between the office and the date on their line


def add_masthead(flow: Flow, doc: Minutes) -> None:
    """Add the 纪要标志 (red 小标宋, centred, 35 mm below the type area top, 10.3), the 期号 two lines
    below it, and the office and date over the red rule (as the 发文字号 and rule of 7.2.5, 7.2.7)."""
    size, scale = fit_mark(text_width(doc.mark), doc.mark_size_pt or S.MARK_DEFAULT_PT)
    line = round(size * S.MARK_LINE_FACTOR * S.TWIPS_PER_PT)
    before = S.MARK_SPACE_BEFORE  # the same place as 7.2.4's mark, measured in LibreOffice
    mark = Run(doc.mark, color=doc.color.upper(), scale=scale, size_pt=size)
    flow.add(ParagraphBlock(Role.MARK, (mark,), space_before=before, line=Line(line)), [before + line])
    issue_before = S.NUMBER_SPACE_BEFORE_LINES * LINE
    flow.add(ParagraphBlock(Role.NUMBER, (Run(doc.issue),), space_before=issue_before), [issue_before + LINE])
    rule = Rule(S.RULE_WIDTH_EIGHTHS, doc.color.upper(), S.RULE_SPACE_PT)
    rule_height = round(S.RULE_SPACE_PT * S.TWIPS_PER_PT + S.RULE_WIDTH_EIGHTHS * 20 / 8)
    office, date = doc.office, format_date(doc.date)
    tabs = (Tab(chars(1)), Tab(S.TYPE_AREA_WIDTH - chars(1), TabKind.RIGHT))
    if office_and_date_fit(office, date):
        joined = ParagraphBlock(
            Role.NUMBER, (Run(f"\t{office}\t{date}"),), align=Align.LEFT, tabs=tabs, bottom_rule=rule
        )
        flow.add(joined, [LINE + rule_height])
        return
    # a long 印发单位 (会议名称+办公室): the office on a line of its own, the date on the next, each whole
    # (on one tabbed line LibreOffice broke the date, Typst the office's name)
    first = ParagraphBlock(Role.NUMBER, (Run(office),), align=Align.LEFT, left=chars(1), right=chars(1))
    flow.add(first, lines(office, 0, 1, 1))
    # the date at a right tab, not with a right indent: LibreOffice draws the rule within the indents
    second = ParagraphBlock(
        Role.NUMBER, (Run(f"\t{date}"),), align=Align.LEFT, tabs=tabs[1:], bottom_rule=rule
    )
    flow.add(second, [LINE + rule_height])


def office_and_date_fit(office: str, date: str) -> bool:
    """Return whether the office and the date fit one line: each 空一字 from its edge, one 字 apart at least."""
    return text_width(office) + OFFICE_DATE_GAP_CHARS + text_width(date) <= TYPE_CHARS - 2


def add_attendance(flow: Flow, attendance: tuple[Attendance, ...]) -> None:
    """Add 出席：/请假：/列席： (10.3): after one empty line, each on a line of its own, 左空二字; the
    label in 3号黑体, the names in 3号仿宋, wrapped lines starting where the names start."""
    left = ATTENDANCE_LEFT_CHARS + LABEL_CHARS
    for index, line in enumerate(a for a in attendance if a.text):
        before = LINE if index == 0 else None
        paragraph = ParagraphBlock(
            Role.BODY_FLUSH,
            (Run(f"{line.label}：", RunRole.EMPHASIS), Run(line.text)),
            # not justified: LibreOffice spread a first line's slack over 出席： too, and its first name
            # started 1.3 mm right of the names wrapped under it (10.3: 回行时与冒号后的首字对齐; forms10 #4)
            align=Align.LEFT,
            space_before=before,
            left=chars(left),
            hanging=chars(LABEL_CHARS),
        )
        flow.add(paragraph, lines(text_width(line.text), 0, left, before=before or 0))


class MinutesFormat:
    """纪要格式 (10.3): no 发文字号, 主送 or 署名; page numbers and the 版记 as the general format's."""

    page_numbers = PageNumberStyle.GBT9704
    first_page_number = True

    def prepare(self, doc: Minutes) -> Minutes:
        """Return the 纪要 as it is."""
        return doc

    def header(self, flow: Flow, doc: Minutes) -> None:
        """Add the mark, the 期号, the office and date over the red rule."""
        add_masthead(flow, doc)

    def main(self, flow: Flow, doc: Minutes) -> None:
        """Add one empty line, the body, then 出席/请假/列席."""
        flow.add(ParagraphBlock(Role.BODY), [LINE])
        # nothing is kept with 出席: 10.3 ties it to no line of the body, and keep-with-next holds a
        # heading to its first line of text only (issue 14 Build 1); keeping the last 议定事项 with it
        # ended 15 of 70 pages before 出席 at 18–19 lines (forms10 #2)
        add_blocks(flow, doc.body)
        add_attendance(flow, doc.attendance)

    def tail(self, doc: Minutes) -> Tail | None:
        """Return the 版记 (7.4), if the 纪要 has one."""
        return imprint_tail(doc.imprint) if doc.imprint else None

    def double_sided(self, doc: Minutes) -> bool:
        """Return the 纪要's 双面印刷."""
        return doc.double_sided

    def metadata(self, doc: Minutes) -> Metadata:
        """Return the mark as title, the 期号 as subject, the office and the date."""
        return Metadata(
            title=doc.mark,
            subject=f"{doc.date.year}年{doc.issue}",
            creator=doc.office,
            date=doc.date.isoformat(),
        )


MINUTES = MinutesFormat()
