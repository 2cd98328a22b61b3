"""简报 (not a format of GB/T 9704; domain.md §4): 报头, title, body, and the 报尾 of 报、送、发 lines."""

from __future__ import annotations

import math

from docgen import standard as S
from docgen.layout.estimate import text_width
from docgen.layout.flow import LINE, Flow
from docgen.layout.pages import Tail
from docgen.layout.placed import (
    NO_RULE,
    Align,
    AtBottom,
    Borders,
    Cell,
    Line,
    Metadata,
    PageNumberStyle,
    ParagraphBlock,
    Role,
    Row,
    Rule,
    Run,
    Tab,
    TabKind,
    TableBlock,
    TableRole,
)
from docgen.layout.text import add_blocks, add_title
from docgen.model import Bulletin, format_date


def add_masthead(flow: Flow, bulletin: Bulletin) -> None:
    """Add the 报头: the name in red, 第N期 under it, 编印单位 left and the date right above a red rule."""
    size = S.BULLETIN_NAME_PT
    scale = min(100, int(S.TYPE_AREA_WIDTH / (text_width(bulletin.name) * size * S.TWIPS_PER_PT) * 100))
    name = Run(bulletin.name, color=bulletin.color, scale=scale, size_pt=size)
    before = S.BULLETIN_NAME_SPACE_BEFORE
    line = round(size * S.TWIPS_PER_PT)
    flow.add(ParagraphBlock(Role.MARK, (name,), space_before=before, line=Line(line)), [before + line])
    issue_before = LINE
    flow.add(
        ParagraphBlock(Role.NUMBER, (Run(bulletin.issue),), space_before=issue_before), [issue_before + LINE]
    )
    rule = Rule(S.RULE_WIDTH_EIGHTHS, bulletin.color, S.RULE_SPACE_PT)
    editor = ParagraphBlock(
        Role.NUMBER,
        (Run(f"{bulletin.editor}\t{format_date(bulletin.date)}"),),
        align=Align.LEFT,
        tabs=(Tab(S.TYPE_AREA_WIDTH, TabKind.RIGHT),),
        bottom_rule=rule,
        space_before=LINE,
    )
    # the 报头 ends on a grid line: the title under it (two blank lines above it) starts on the 11th
    # line of page 1 in LibreOffice and in Typst (its first line's glyphs at 400.7 and 401.4 pt from
    # the page's top, the grid's 11th line at 394.4); the editor's line counted 2 lines + 200 twips
    # put the estimate 0.24 line below both, and a table whose header and first row fit under
    # 「各项目进展情况如下」 went to page 2 (3 of the 13 sample 简报 ended page 1 two lines short)
    used = flow.estimate().last_page_used
    flow.add(editor, [math.ceil((used + 2 * LINE) / LINE) * LINE - used])


def bulletin_tail(bulletin: Bulletin) -> Tail:
    """Return the 报尾: 报、送、发 lines and the number of copies between rules, at the page bottom."""
    side = S.IMPRINT_SIDE_INDENT
    width = S.TYPE_AREA_WIDTH
    paragraphs = [
        ParagraphBlock(Role.IMPRINT, (Run(f"{label}：{whom}"),), left=side * 3, hanging=side * 2)
        for label, whom in bulletin.distribution
    ]
    if bulletin.copies:
        paragraphs.append(
            ParagraphBlock(Role.IMPRINT, (Run(f"（共印{bulletin.copies}份）"),), align=Align.RIGHT)
        )
    outer = Rule(S.IMPRINT_OUTER_RULE_EIGHTHS)
    rows = []
    for index, paragraph in enumerate(paragraphs):
        borders = Borders(
            top=outer if index == 0 else NO_RULE,
            left=NO_RULE,
            bottom=outer if index == len(paragraphs) - 1 else NO_RULE,
            right=NO_RULE,
        )
        rows.append(Row((Cell(width, (paragraph,), borders=borders),)))
    note_chars = (width - 2 * side) / side
    count = sum(max(1, math.ceil(text_width(f"{a}：{b}") / note_chars)) for a, b in bulletin.distribution)
    # the copies line counted only when it is printed: a line counted always made the 报尾 of a
    # 2-page bulletin with 1.7 lines to spare "not fit", and LibreOffice's copy 4 pages (a blank
    # page 3) where Typst, placing the 报尾 where it really fits, made 2 (bench/engines.py)
    count += bool(bulletin.copies)
    table = TableBlock(TableRole.TAIL, (width,), tuple(rows), cell_margin=0, anchor=AtBottom(S.MARGIN_LEFT))
    # the rows, their two 1 pt rules and the 1 pt anchor paragraph (pages.tail_anchor)
    return Tail(table, count * LINE + 60, slack=TAIL_SLACK)


# The room the 报尾 needs beyond its height (``bulletin_tail``) under the body's last line, in twips,
# counted to pages.TAIL_FOOT.  Measured in LibreOffice by setting a paragraph of exact height between
# the body and the 报尾 of bench/bulletin.py's 单位027 and 单位046 (3 lines, 1797 twips) and 单位030 with
# a copies line (4 lines, 2376): the 报尾 stayed on the page with 1806 and 2385 twips of room to the
# type area's bottom, went to the next with 1805 and 2384: with room counted to TAIL_FOOT (the body
# starts 9 twips under the type area's top), LibreOffice takes the height and nothing more (单位027
# probed again so: 1797 twips of room stays, 1796 goes).  Over that
# ledger's 100 bulletins the estimate's room on the body's last page is LibreOffice's within 1 twip
# (the bottom of the last line's grid line, 1.78 mm under its characters, against ``Flow.estimate``);
# a table's rows may be set up to 0.3 mm (17 twips) taller than estimated (seed 101's n101-049,
# pages.IMPRINT_SLACK): 0 + 17 and 10 to spare, 27 (the 36 of a sixteenth of a line counted to the
# type area's bottom: no placement moved).  The half line once kept for the 版记 under free text held
# the 报尾 of 单位027 and 单位070 off page 2, where it fitted by 126 twips (2.2 mm): LibreOffice printed a
# blank page 3 and the 报尾 on page 4, Typst (placing it where it really fits) 2 pages.
TAIL_SLACK = 27


class BulletinFormat:
    """简报: the 报头, a title, the body; the 报尾 at the bottom of the last (even) page."""

    page_numbers = PageNumberStyle.GBT9704
    first_page_number = True

    def prepare(self, doc: Bulletin) -> Bulletin:
        """Return the bulletin as it is."""
        return doc

    def header(self, flow: Flow, doc: Bulletin) -> None:
        """Add the 报头."""
        add_masthead(flow, doc)

    def main(self, flow: Flow, doc: Bulletin) -> None:
        """Add the title, a blank line and the body."""
        add_title(flow, doc.title)
        flow.add(ParagraphBlock(Role.BODY), [LINE])
        add_blocks(flow, doc.body)

    def tail(self, doc: Bulletin) -> Tail | None:
        """Return the 报尾, if there is a distribution or a number of copies."""
        return bulletin_tail(doc) if doc.distribution or doc.copies else None

    def double_sided(self, doc: Bulletin) -> bool:
        """Return the bulletin's 双面印刷."""
        return doc.double_sided

    def metadata(self, doc: Bulletin) -> Metadata:
        """Return title, name and 期号, 编印单位 and date."""
        return Metadata(
            title=doc.title, subject=f"{doc.name}{doc.issue}", creator=doc.editor, date=doc.date.isoformat()
        )


BULLETIN = BulletinFormat()
