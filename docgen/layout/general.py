"""通用格式 (GB/T 9704 ch. 7): 版头, 主体 with 附件说明, 署名, 附注 and 附件, and the 版记."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from docgen import standard as S
from docgen.layout.breaks import body_text
from docgen.layout.closing import Piece, add_closing
from docgen.layout.estimate import text_width
from docgen.layout.flow import LINE, PAGE, TYPE_CHARS, Flow, chars, lines
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
    RunRole,
    Tab,
    TabKind,
    TableBlock,
    TableRole,
)
from docgen.layout.short_lines import drop_trailing_breaks
from docgen.layout.tablewidth import TableTooWide
from docgen.layout.text import add_blocks, add_title, landscape_run, open_landscape
from docgen.layout.titles import LANDSCAPE_TITLE_CHARS, TITLE_LINE_CHARS
from docgen.model import Attachment, Document, Header, Imprint, Table

# --- 版头 7.2 ----------------------------------------------------------------------------------


def mark_geometry(header: Header) -> tuple[float, int]:
    """Return the organ mark's size (pt) and horizontal scale (%) so the widest line fits the type area."""
    suffix = 2 if header.with_wenjian else 0
    widest = max(text_width(organ) for organ in header.organs) + suffix
    return fit_mark(widest, header.mark_size_pt or S.MARK_DEFAULT_PT)


def fit_mark(widest: float, size: float) -> tuple[float, int]:
    """Return a mark's size (pt) and scale (%) so that ``widest`` 字 at ``size`` fit the type area."""
    available_pt = S.TYPE_AREA_WIDTH / S.TWIPS_PER_PT
    natural = widest * size
    if natural <= available_pt:
        return size, 100
    scale = int(available_pt / natural * 100)
    if scale >= S.MARK_MIN_SCALE:
        return size, scale
    # rounded down to the half point a .docx can hold: a size a hair over (26.015 pt for a 34-字 纪要
    # mark) made the line 0.01 pt too wide and Typst left “要” on a line of its own
    size = math.floor(available_pt / (widest * S.MARK_MIN_SCALE / 100) * 2) / 2
    return size, S.MARK_MIN_SCALE


def _mark_run(text: str, header: Header, size: float, scale: int) -> Run:
    return Run(text, color=header.mark_color.upper(), scale=scale, size_pt=size)


# what the red rule under the 发文字号 adds to its line (7.2.7): its distance and width
RULE_HEIGHT = round((S.RULE_SPACE_PT * S.TWIPS_PER_PT) + S.RULE_WIDTH_EIGHTHS * 20 / 8)


def add_header(flow: Flow, header: Header) -> None:
    """Add 份号, 密级, 紧急程度 (7.2.1-7.2.3), the organ mark (7.2.4), the number and 签发人 with the red rule.

    With the office's own 版头 (issue 19 c) the blocks are the same — the emitter puts the office's in
    place of the mark and moves 份号/密级 and the number lines into it — but the estimate counts the
    height that 版头 takes, measured from the office's .docx when it was loaded."""
    office = header.office_template
    if office is None:
        _standard_header(flow, header)
        return
    built = Flow()
    _standard_header(built, header)
    heights = [sum(c.height for c in built.chunks[first : first + count]) for first, count in built.spans]
    roles = [getattr(block, "role", None) for block in built.blocks]
    items = roles.count(Role.HEAD_ITEM)
    numbers = tuple(h for h, role in zip(heights, roles, strict=True) if role is Role.NUMBER)
    total = office.height(
        items, LINE, numbers, header.is_upward, S.NUMBER_SPACE_BEFORE_LINES * LINE, RULE_HEIGHT
    )
    # The 版头 takes ``total`` twips of the body, and the body's lines of 579 follow it (LibreOffice
    # cuts the body to 22 lines of 579, 12738 twips: standard.GRID_BODY_HEIGHT), so it is counted as
    # it is.  It was scaled by 12738 / 12756 (about 5 twips less), from when LibreOffice was taken to
    # divide the type area into 22 lines of 579.8.  Measured (branch figure12: the ten cases of
    # tests/test_office_pages.py, page 1's last run of body lines, its mean offset against a page 2
    # line's): LibreOffice's last line on page 1 sits 0.00–0.06 mm from the estimate's under the table
    # and the hand-spaced 版头 (0.06–0.10 mm scaled), 0.50–0.53 mm lower under the paragraph 版头
    # (0.62–0.66) and 0.56 mm higher under the text box (0.46–0.47): those two were the error of
    # the heights measured from the office's .docx (load/office_height.py), not of the grid.
    # precision13 mended them (an inline emblem's spacing of docgen's 3号 仿宋; a text box's anchor
    # paragraph as its own line, the box a line of spacing more): all ten within 0.06 mm
    # (tests/test_office_pages.py).
    mark_height = total - items * LINE
    for block, role in zip(built.blocks, roles, strict=True):
        if role is Role.HEAD_ITEM:
            flow.add(block, [LINE])
        elif role is Role.MARK:  # the office's 版头 with the number lines in it, on the mark's chunk
            flow.add(block, [mark_height])
            mark_height = 0
        else:
            flow.add(block, [0])


def _standard_header(flow: Flow, header: Header) -> None:
    """Add the 版头 of 7.2 as docgen lays it out."""
    head_lines = 0
    if header.copy_number:
        flow.add(ParagraphBlock(Role.HEAD_ITEM, (Run(header.copy_number),)), [LINE])
        head_lines += 1
    if header.secrecy:
        flow.add(ParagraphBlock(Role.HEAD_ITEM, (Run(header.secrecy.text(), RunRole.EMPHASIS),)), [LINE])
        head_lines += 1
    if header.urgency:
        flow.add(ParagraphBlock(Role.HEAD_ITEM, (Run(header.urgency.value, RunRole.EMPHASIS),)), [LINE])
        head_lines += 1

    size, scale = mark_geometry(header)
    line = round(size * S.MARK_LINE_FACTOR * S.TWIPS_PER_PT)
    before = max(0, S.MARK_SPACE_BEFORE - head_lines * LINE)
    organs = header.organs
    if len(organs) == 1:
        text = organs[0] + ("文件" if header.with_wenjian else "")
        mark = ParagraphBlock(
            Role.MARK, (_mark_run(text, header, size, scale),), space_before=before, line=Line(line)
        )
        flow.add(mark, [before + line])
    elif not header.with_wenjian:
        for i, organ in enumerate(organs):
            space = before if i == 0 else 0
            mark = ParagraphBlock(
                Role.MARK,
                (_mark_run(organ, header, size, scale),),
                space_before=space,
                line=Line(line),
                align=Align.DISTRIBUTE,
            )
            flow.add(mark, [space + line])
    else:
        # the space above the mark goes on an empty paragraph before the table
        flow.add(ParagraphBlock(Role.MARK, space_before=before, line=Line(20)), [before + line * len(organs)])
        flow.add(_joint_mark(header, size, scale, line), [])

    number = header.number.text() if header.number else ""
    rule = Rule(S.RULE_WIDTH_EIGHTHS, S.RED, S.RULE_SPACE_PT)
    number_before = S.NUMBER_SPACE_BEFORE_LINES * LINE
    rule_height = RULE_HEIGHT
    if not header.is_upward:
        paragraph = ParagraphBlock(Role.NUMBER, (Run(number),), space_before=number_before, bottom_rule=rule)
        flow.add(paragraph, [number_before + LINE + rule_height])
        return
    # 7.2.6 上行文: number 居左空一字; 签发人 居右空一字, two names a line, wrapped names aligned.
    name_width = max(text_width(name) for name in header.signers)
    names_start = TYPE_CHARS - 1 - (2 * name_width + 1)
    label_start = names_start - 4  # 签发人：
    tabs = (
        Tab(chars(1)),
        Tab(chars(label_start)),
        Tab(chars(names_start)),
        Tab(chars(names_start + name_width + 1)),
    )
    pairs = [header.signers[i : i + 2] for i in range(0, len(header.signers), 2)]
    for index, pair in enumerate(pairs):
        last = index == len(pairs) - 1
        runs = [Run(f"\t{number}" if last else "\t")]
        runs.append(Run("\t签发人：" if index == 0 else "\t\t"))
        for position, name in enumerate(pair):
            if position:
                runs.append(Run("\t"))
            runs.append(Run(name, RunRole.SIGNER_NAME))
        signer_before = number_before if index == 0 else None
        paragraph = ParagraphBlock(
            Role.NUMBER,
            tuple(runs),
            align=Align.LEFT,
            tabs=tabs,
            space_before=signer_before,
            bottom_rule=rule if last else None,
        )
        flow.add(paragraph, [(signer_before or 0) + LINE + (rule_height if last else 0)])


def _joint_mark(header: Header, size: float, scale: int, line: int) -> TableBlock:
    """Return 联合行文's mark: the organs stacked, 文件 to their right, centred on them (7.2.4)."""
    widest = max(text_width(organ) for organ in header.organs)
    name_width = round(widest * size * scale / 100 * S.TWIPS_PER_PT) + 60
    suffix_width = round(2 * size * scale / 100 * S.TWIPS_PER_PT) + 60
    names = tuple(
        ParagraphBlock(
            Role.MARK, (_mark_run(o, header, size, scale),), line=Line(line), align=Align.DISTRIBUTE
        )
        for o in header.organs
    )
    suffix = ParagraphBlock(Role.MARK, (_mark_run("文件", header, size, scale),), line=Line(line))
    row = Row((Cell(name_width, names), Cell(suffix_width, (suffix,))), cant_split=True)
    return TableBlock(
        TableRole.MARK, (name_width, suffix_width), (row,), borders=Borders.all(NO_RULE), cell_margin=0
    )


# --- 主体 7.3 ----------------------------------------------------------------------------------


def attachment_note(titles: Sequence[str]) -> list[Piece]:
    """Return 附件说明 (7.3.4): 正文下空一行左空二字 "附件："; several are numbered 1. 2.; names hang aligned."""
    if not titles:
        return []
    before = S.ATTACHMENT_NOTE_SPACE_BEFORE_LINES * LINE
    if len(titles) == 1:
        left = chars(S.BODY_FIRST_LINE_CHARS + 3)
        paragraph = ParagraphBlock(
            Role.ATTACHMENT_NOTE,
            (Run(f"附件：{titles[0]}"),),
            space_before=before,
            left=left,
            hanging=left - chars(2),
            keep_with_next=True,
        )
        heights = lines(titles[0], 0, S.BODY_FIRST_LINE_CHARS + 3, before=before)
        return [Piece(paragraph, tuple(heights), keep_next=True)]
    pieces = []
    # 附件： then the number: the names' stop is as far in as the widest number reaches, in whole 字
    # (the grid's), so that all names start at one place (7.3.4): "10." is 1.5 字 and ran past a
    # stop one 字 after 附件：, its name 3.7 mm right of the others' (LibreOffice's next default stop)
    widest = math.ceil(max(text_width(f"{i}.") for i in range(1, len(titles) + 1)))
    name_start = S.BODY_FIRST_LINE_CHARS + 3 + widest
    for i, title in enumerate(titles, start=1):
        first = i == 1
        line_start = S.BODY_FIRST_LINE_CHARS if first else S.BODY_FIRST_LINE_CHARS + 3
        text = f"附件：{i}.\t{title}" if first else f"{i}.\t{title}"
        paragraph = ParagraphBlock(
            Role.ATTACHMENT_NOTE,
            (Run(text),),
            space_before=before if first else None,
            left=chars(name_start),
            hanging=chars(name_start - line_start),
            tabs=(Tab(chars(name_start)),),
            keep_with_next=True,
        )
        heights = lines(title, 0, name_start, before=before if first else 0)
        pieces.append(Piece(paragraph, tuple(heights), keep_next=True))
    return pieces


def signature(doc: Document) -> list[Piece]:
    """Return 署名 and 成文日期: unsealed per 7.3.5.2, sealed per 7.3.5.1."""
    sig = doc.signature
    date_width = text_width(sig.date_text)
    organ_width = max(text_width(o) for o in sig.organs)
    organs: list[ParagraphBlock] = []
    if sig.sealed:
        # 7.3.5.1 date 右空四字; 署名 centred over the date.
        before = S.SEALED_SPACE_BEFORE_LINES * LINE
        right = max(0.0, S.SEALED_DATE_RIGHT_CHARS + (date_width - organ_width) / 2)
        organs = [
            ParagraphBlock(
                Role.SIGNATURE, (Run(organ),), space_before=before, right=chars(right), keep_with_next=True
            )
            for organ in sig.organs
        ]
        date = ParagraphBlock(Role.SIGNATURE, (Run(sig.date_text),), right=chars(S.SEALED_DATE_RIGHT_CHARS))
    else:
        # 7.3.5.2 署名 右空二字; date one line down, its first character two to the right of the 署名's.
        before = S.UNSEALED_SPACE_BEFORE_LINES * LINE
        organ_start = TYPE_CHARS - S.UNSEALED_RIGHT_CHARS - organ_width
        if 2 + date_width > organ_width:  # the date is longer: date 右空二字, 署名 moves left
            organ_start = TYPE_CHARS - S.UNSEALED_RIGHT_CHARS - date_width - 2
            date = ParagraphBlock(Role.SIGNATURE, (Run(sig.date_text),), right=chars(S.UNSEALED_RIGHT_CHARS))
        else:
            date = ParagraphBlock(
                Role.SIGNATURE, (Run(sig.date_text),), align=Align.LEFT, left=chars(organ_start + 2)
            )
        for i, organ in enumerate(sig.organs):
            organs.append(
                ParagraphBlock(
                    Role.SIGNATURE,
                    (Run(organ),),
                    align=Align.LEFT,
                    left=chars(organ_start),
                    space_before=before if i == 0 else None,
                    keep_with_next=True,
                )
            )
    pieces = [Piece(p, ((p.space_before or 0) + LINE,), keep_next=True) for p in organs]
    return [*pieces, Piece(date, (LINE,))]


def add_note(flow: Flow, doc: Document) -> None:
    """Add the 附注 (7.3.6) under the 成文日期, if the document has one."""
    if doc.note_text:
        flow.add(
            # a line may end after 「邮箱：」 before the address, as in the body: Typst broke 「电子邮|箱」
            # (formats12 #3)
            ParagraphBlock(Role.NOTE, (Run(body_text(doc.note_text)),)),
            lines(doc.note_text, S.BODY_FIRST_LINE_CHARS),
        )


def add_attachment(flow: Flow, attachment: Attachment) -> None:
    """Add an attachment (7.3.7): new page, label 顶格 in 黑体, title centred on line 3, then its content.

    An attachment that opens with a landscape table starts on its landscape page: "附件N" and the
    title stay on the page where the table starts (not alone on a portrait page before it).
    A table too wide to be read is refused naming the attachment (``TableTooWide``).
    """
    try:
        _add_attachment(flow, attachment)
    except TableTooWide as error:
        raise error.in_attachment(attachment.label, attachment.title) from None


def _add_attachment(flow: Flow, attachment: Attachment) -> None:
    landscape_first = bool(attachment.blocks) and landscape_run(attachment.blocks)[0]
    # on the landscape pages of the attachment before: the label breaks the page, not a new section
    continued = landscape_first and open_landscape(flow)
    flow.add(
        ParagraphBlock(Role.ATTACHMENT_LABEL, (Run(attachment.label),)),
        [LINE],
        page_break=not landscape_first or continued,
        keep_next=True,
    )
    # on its landscape page the title has the page's width (outsider26 #16: 22 字 broken in two on 225 mm)
    chars = LANDSCAPE_TITLE_CHARS if landscape_first else TITLE_LINE_CHARS
    add_title(flow, attachment.title, Role.ATTACHMENT_TITLE, S.ATTACHMENT_TITLE_SPACE_BEFORE_LINES, chars)
    if attachment.blocks and not isinstance(attachment.blocks[0], Table):
        # one blank line between the title and the first paragraph
        flow.add(ParagraphBlock(Role.BODY), [LINE])
    add_blocks(flow, attachment.blocks, in_landscape=landscape_first)


# --- 版记 7.4 -----------------------------------------------------------------------------------


def imprint_tail(imprint: Imprint) -> Tail:
    """Return the 版记 as a table anchored at the bottom of the type area, and its height (7.4)."""
    side = S.IMPRINT_SIDE_INDENT
    width = S.TYPE_AREA_WIDTH
    note_chars = (width - 2 * side) / side  # 4号 characters per line
    rows: list[tuple[ParagraphBlock, int]] = []

    def listing(label: str, organs: str) -> tuple[ParagraphBlock, int]:
        text = f"{label}：{organs}。" if not organs.endswith("。") else f"{label}：{organs}"
        count = max(1, -(-int((text_width(text)) * 2) // int(note_chars * 2)))
        return ParagraphBlock(Role.IMPRINT, (Run(text),), left=side * 4, hanging=side * 3), count

    if imprint.addressees:
        rows.append(listing("主送", imprint.addressees))
    if imprint.cc:
        rows.append(listing("抄送", "，".join(imprint.cc)))
    printed = ParagraphBlock(
        Role.IMPRINT,
        (Run(f"{imprint.printed_by}\t{imprint.printed_text}"),),
        tabs=(Tab(width - side, TabKind.RIGHT),),
    )
    rows.append((printed, 1))
    outer = Rule(S.IMPRINT_OUTER_RULE_EIGHTHS)
    inner = Rule(S.IMPRINT_INNER_RULE_EIGHTHS)
    table_rows = []
    for index, (paragraph, _) in enumerate(rows):
        top = outer if index == 0 else inner
        if imprint.addressees and imprint.cc and index == 1:
            top = NO_RULE  # 7.4.2: no rule between 主送 and 抄送
        bottom = outer if index == len(rows) - 1 else NO_RULE
        borders = Borders(top=top, left=NO_RULE, bottom=bottom, right=NO_RULE)
        table_rows.append(Row((Cell(width, (paragraph,), borders=borders),)))
    height = sum(count for _, count in rows) * LINE + 60
    table = TableBlock(
        TableRole.TAIL, (width,), tuple(table_rows), cell_margin=0, anchor=AtBottom(S.MARGIN_LEFT)
    )
    return Tail(table, height)


# --- the format ---------------------------------------------------------------------------------


def move_addressees_if_needed(doc: Document) -> Document:
    """Return ``doc`` with the 主送 moved to the 版记 when it would push the body off page 1 (7.3.2, 7.3.3)."""
    if not doc.addressees or doc.imprint is None:
        return doc
    probe = Flow()
    add_header(probe, doc.header)
    add_title(probe, doc.title)
    used = sum(chunk.height for chunk in probe.chunks)
    addressee_height = len(lines(doc.addressees)) * LINE + S.ADDRESSEE_SPACE_BEFORE_LINES * LINE
    if used + addressee_height + 2 * LINE <= PAGE:
        return doc
    imprint = dataclasses.replace(doc.imprint, addressees=doc.addressees.rstrip("：:"))
    return dataclasses.replace(doc, addressees="", imprint=imprint)


def _line_under_title(flow: Flow, index: int) -> None:
    """Put the body one blank line under the title when no 主送 stands between them (none, or moved
    to the 版记 by 7.3.2): the line the 主送 would have had above it."""
    if index >= len(flow.blocks) or index >= len(flow.spans):
        return
    block = flow.blocks[index]
    if not isinstance(block, ParagraphBlock) or block.space_before:
        return
    first, count = flow.spans[index]
    before = S.ADDRESSEE_SPACE_BEFORE_LINES * LINE
    heights = [flow.chunks[first + i].height + (before if i == 0 else 0) for i in range(count)]
    flow.replace(index, dataclasses.replace(block, space_before=before), heights)


class GeneralFormat:
    """通用格式: the 版头 of 7.2, the 主体 of 7.3, the 版记 of 7.4, page numbers of 7.5."""

    page_numbers = PageNumberStyle.GBT9704
    first_page_number = True

    def prepare(self, doc: Document) -> Document:
        """Move the 主送 into the 版记 when it would push the body off page 1."""
        return move_addressees_if_needed(doc)

    def header(self, flow: Flow, doc: Document) -> None:
        """Add the 版头 (7.2)."""
        add_header(flow, doc.header)

    def main(self, flow: Flow, doc: Document) -> None:
        """Add the 主体 (7.3): title, 主送, body, 附件说明, 署名, 附注, then each 附件 on a new page."""
        add_title(flow, doc.title)
        if doc.addressees:
            before = S.ADDRESSEE_SPACE_BEFORE_LINES * LINE
            flow.add(
                ParagraphBlock(Role.ADDRESSEE, (Run(doc.addressees),), space_before=before),
                lines(doc.addressees, before=before),
            )
        start = len(flow.blocks)
        add_blocks(flow, doc.body, keep_last=True)
        if not doc.addressees:
            _line_under_title(flow, start)
        # 7.3.5.5: the closing stays with the body's last line, 行距 adjusted where it does not fit
        add_closing(flow, [*attachment_note(doc.attachment_titles), *signature(doc)])
        drop_trailing_breaks(flow, start)  # a line left short ending the closing's distributed head
        add_note(flow, doc)
        for attachment in doc.attachments:
            add_attachment(flow, attachment)

    def tail(self, doc: Document) -> Tail | None:
        """Return the 版记 (7.4), if the document has one."""
        return imprint_tail(doc.imprint) if doc.imprint else None

    def double_sided(self, doc: Document) -> bool:
        """Return the document's 双面印刷."""
        return doc.double_sided

    def metadata(self, doc: Document) -> Metadata:
        """Return title, 发文字号, 发文机关 and 成文日期."""
        return Metadata(
            title=doc.title.replace("\n", ""),
            subject=doc.header.number.text() if doc.header.number else "",
            creator="、".join(doc.signature.organs),
            date=doc.signature.date.isoformat(),
        )


GENERAL = GeneralFormat()
