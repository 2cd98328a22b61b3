"""The closing (附件说明, 署名, 成文日期) kept with the body's last line on full pages (7.3.5.5), and the
estimate's line breaking that decides it (issue 14, Build 1)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from docgen import standard as S
from docgen.convert.pool import ConverterPool
from docgen.layout.closing import MAX_GAP, MAX_SHRINK, Piece, add_closing
from docgen.layout.estimate import count_lines, first_line_length
from docgen.layout.flow import LINE, Flow, lines
from docgen.layout.placed import Align, Line, ParagraphBlock, Role, Run

SENTENCE = "按照工作安排，各单位要落实责任，确保各项任务按期完成，形成工作合力。"  # 33 字


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # LibreOffice's lines on 三门峡 page 3/4 (measured): 8, not the 7 a width of 0.5 字 a digit gave
        (
            "2.义马市、卢氏县、湖滨区、示范区、开发区：谋划入库项目个数（含亿元以下项目）80个；"
            "谋划入库项目总投资350亿元；入库亿元以上项目个数60个；入库亿元以上项目总投资200亿元；"
            "入库亿元以上项目中已完成项目立项备案（核准、审批）项目个数占比70%；入库20亿元以上项目"
            "个数占比30%；入库20亿元以上项目总投资占比30%；入库战略新兴产业项目个数占比50%；"
            "储备亿元以上项目开工率50%；新增完成转化项目个数70个。",
            8,
        ),
        # "1600亿。" does not fit the first line's end: 2 lines (measured), not 1
        ("（4）开发区谋划储备200个亿元以上项目，总投资1600亿。", 2),
        ("分三个阶段进行：", 1),
        ("字" * 26, 1),
        ("字" * 27, 2),
        # a closing mark never starts a line: the character before it goes along
        ("字" * 25 + "，" + "字" * 5, 2),
    ],
)
def test_body_lines_are_broken_as_libreoffice_breaks_them(text: str, count: int) -> None:
    assert count_lines(text, S.CHARS_PER_LINE - S.BODY_FIRST_LINE_CHARS, S.CHARS_PER_LINE) == count


def test_a_latin_run_longer_than_a_line_goes_on_over_the_next_lines() -> None:
    assert count_lines("x" * 120, 26, 28) == 3


def _body(flow: Flow, count: int) -> None:
    """Add ``count`` body paragraphs of SENTENCE (2 lines each) as the body's end, the last kept."""
    for i in range(count):
        last = i == count - 1
        paragraph = ParagraphBlock(Role.BODY, (Run(SENTENCE),), keep_with_next=last)
        flow.add(paragraph, lines(SENTENCE, S.BODY_FIRST_LINE_CHARS), keep_next=last)


def _closing(sealed: bool = False) -> list[Piece]:
    before = (2 if sealed else 1) * LINE
    organ = ParagraphBlock(
        Role.SIGNATURE, (Run("某某县重点项目办公室"),), space_before=before, keep_with_next=True
    )
    date = ParagraphBlock(Role.SIGNATURE, (Run("2025年6月6日"),))
    return [Piece(organ, (before + LINE,), keep_next=True), Piece(date, (LINE,))]


def _signature_page(flow: Flow) -> tuple[int, int]:
    """Return the estimated page of the 署名 and of the body's last line."""
    positions = flow.positions()
    signature = next(i for i, b in enumerate(flow.blocks) if getattr(b, "role", None) is Role.SIGNATURE)
    body_last = flow.spans[signature - 1][0] + flow.spans[signature - 1][1] - 1
    return positions[flow.spans[signature][0]][0], positions[body_last][0]


def test_a_closing_that_fits_is_left_as_it_is() -> None:
    flow = Flow()
    _body(flow, 5)  # 10 lines
    assert add_closing(flow, _closing()) == "fits"
    assert all(b.on_grid is None for b in flow.blocks if isinstance(b, ParagraphBlock))


def test_a_closing_a_little_too_tall_has_its_blank_lines_halved() -> None:
    # 20 lines of body leave 2: the unsealed closing needs 3 (空一行, 署名, 日期), squeezed 2.5 -> not;
    # 19 lines (one of them a short paragraph) leave 3: the sealed one needs 4, squeezed 3
    flow = Flow()
    _body(flow, 9)
    flow.add(ParagraphBlock(Role.BODY, (Run("短句。"),)), [LINE])
    assert add_closing(flow, _closing(sealed=True)) == "squeezed"
    organ = next(b for b in flow.blocks if isinstance(b, ParagraphBlock) and b.role is Role.SIGNATURE)
    assert organ.space_before == LINE
    assert organ.on_grid is False
    signature_page, body_page = _signature_page(flow)
    assert signature_page == body_page == 1
    assert flow.estimate().pages == 1


def test_a_closing_that_cannot_fit_takes_body_lines_to_the_next_page_and_this_one_stays_full() -> None:
    # 22 lines of body (2-line paragraphs) fill page 1: the closing goes to page 2 with the last
    # paragraph (both its lines: LibreOffice does not leave a first line alone at a page's bottom),
    # and the paragraphs left on page 1 are spaced apart down to its bottom (7.3.5.5: 行距 adjusted)
    flow = Flow()
    _body(flow, 11)
    assert add_closing(flow, _closing()) == "stretched"
    signature_page, body_page = _signature_page(flow)
    assert signature_page == body_page == 2
    body = [b for b in flow.blocks if isinstance(b, ParagraphBlock) and b.role is Role.BODY]
    # the first paragraph of the page gets no space above it, the next nine share the two lines
    assert body[0].space_before is None
    assert body[0].on_grid is None
    gaps = {b.space_before for b in body[1:10]}
    assert len(gaps) == 1
    gap = gaps.pop()
    assert gap is not None
    assert 0 < gap <= MAX_GAP
    assert all(b.on_grid is False and b.line == Line(LINE) for b in body[1:10])
    # page 1 holds 20 lines and 9 gaps and is full: the last paragraph's first line does not fit
    assert 20 * LINE + 9 * gap <= S.TYPE_AREA_HEIGHT < 21 * LINE + 9 * gap
    assert body[-1].on_grid is None
    assert not body[-1].keep_with_next


def test_a_paragraph_of_three_lines_or_more_leaves_its_first_lines_on_the_full_page() -> None:
    flow = Flow()
    _body(flow, 9)  # 18 lines
    _long_last(flow, 4)  # lines 19-22
    assert add_closing(flow, _closing()) == "stretched"
    positions = flow.positions()
    first, count = flow.spans[-3]
    assert [positions[c][0] for c in range(first, first + count)] == [1, 1, 1, 2]


def _notes(count: int) -> list[Piece]:
    """Return a 附件说明 of ``count`` lines (the first with its blank line above), kept together."""
    note = ParagraphBlock(Role.ATTACHMENT_NOTE, (Run("附件：1.甲"),), space_before=LINE, keep_with_next=True)
    return [Piece(note, (2 * LINE,), keep_next=True)] + [
        Piece(ParagraphBlock(Role.ATTACHMENT_NOTE, (Run(f"{i}.乙"),), keep_with_next=True), (LINE,), True)
        for i in range(2, count + 1)
    ]


def test_a_closing_half_a_line_too_tall_compresses_its_page() -> None:
    # 16 lines of body leave 6; the closing (附件说明 of 3 lines, sealed 署名, date) needs 9, squeezed
    # 6.5: the page's lines get a smaller pitch (7.3.5.5: 行距) and everything stays on page 1, where
    # stretching would have to spread 15 lines over 22
    flow = Flow()
    _body(flow, 8)
    assert add_closing(flow, [*_notes(3), *_closing(sealed=True)]) == "compressed"
    signature_page, body_page = _signature_page(flow)
    assert signature_page == body_page == 1
    assert flow.estimate().pages == 1
    body = [b for b in flow.blocks if isinstance(b, ParagraphBlock) and b.role is Role.BODY]
    pitches = {b.line for b in body}
    assert len(pitches) == 1
    pitch = pitches.pop()
    assert pitch is not None
    assert LINE - MAX_SHRINK <= pitch.value < LINE
    assert all(b.on_grid is False for b in body)
    # the closing's blank lines are halved as well, and the whole fits the type area
    assert sum(chunk.height for chunk in flow.chunks) <= S.TYPE_AREA_HEIGHT


def test_a_compressed_page_never_holds_more_than_22_lines_of_text() -> None:
    # 20 lines of body and a closing of three lines of text (附件说明, 署名, date) would be 23 lines
    # on one page: not compressed (the grid is 22 lines, 7.3.3); stretching moves a line over instead
    flow = Flow()
    _body(flow, 10)
    assert add_closing(flow, [*_notes(1), *_closing()]) != "compressed"
    assert all(
        b.line is None or b.line.value >= LINE
        for b in flow.blocks
        if isinstance(b, ParagraphBlock) and b.role is Role.BODY
    )


def _text(block: ParagraphBlock) -> str:
    return "".join(r.text for r in block.runs if isinstance(r, Run))


def test_a_closing_that_fits_no_other_way_takes_only_the_last_line_along() -> None:
    # 16 lines of body and a closing of 10 lines: no squeeze fits, stretching 15 lines over 22 is
    # too much, compressing 16 lines to take 2 more is more than MAX_SHRINK a line.  The last
    # paragraph is made two: its first line stays on page 1 (justified to the right edge), its
    # last line goes to page 2 with the closing, kept with it (page 1 ends one line short, not two).
    # The 附件说明 is one name and the 署名 five organs (unsealed): several names would break between
    # them instead (test_o7_closing)
    flow = Flow()
    _body(flow, 8)
    note = ParagraphBlock(Role.ATTACHMENT_NOTE, (Run("附件：甲"),), space_before=LINE, keep_with_next=True)
    organs = [
        ParagraphBlock(Role.SIGNATURE, (Run(f"某某局{i}"),), space_before=LINE if i == 0 else None, keep_with_next=True)
        for i in range(5)
    ]
    date = ParagraphBlock(Role.SIGNATURE, (Run("2025年6月6日"),))
    closing = [
        Piece(note, (2 * LINE,), keep_next=True),
        *(Piece(organ, ((organ.space_before or 0) + LINE,), keep_next=True) for organ in organs),
        Piece(date, (LINE,)),
    ]
    assert add_closing(flow, closing) == "carried"
    assert all(b.line is None for b in flow.blocks if isinstance(b, ParagraphBlock) and b.role is Role.BODY)
    head, rest = flow.blocks[7], flow.blocks[8]
    assert isinstance(head, ParagraphBlock)
    assert isinstance(rest, ParagraphBlock)
    assert _text(head) + _text(rest) == SENTENCE
    assert _text(head) == SENTENCE[: first_line_length(SENTENCE, S.CHARS_PER_LINE - S.BODY_FIRST_LINE_CHARS)]
    assert head.align is Align.DISTRIBUTE
    assert not head.keep_with_next
    assert rest.first_line == 0
    assert rest.keep_with_next
    positions = flow.positions()
    assert positions[flow.spans[7][0]][0] == 1
    assert positions[flow.spans[8][0]][0] == 2
    signature_page, body_page = _signature_page(flow)
    assert signature_page == body_page == 2


def test_a_one_line_last_paragraph_stays_and_the_names_break() -> None:
    # as above with a last paragraph of one line: nothing to split; rather than move it with the
    # closing (page 1 five lines short), the 附件说明 breaks between names (7.3.4): page 1 full
    flow = Flow()
    _body(flow, 8)
    flow.add(ParagraphBlock(Role.BODY, (Run("短句。"),), keep_with_next=True), [LINE], keep_next=True)
    assert add_closing(flow, [*_notes(5), *_closing(sealed=True)]) == "broken"
    positions = flow.positions()
    pages = [positions[flow.spans[i][0]][0] for i in range(len(flow.blocks))]
    assert pages == [1] * 9 + [1, 1, 1, 1, 2, 2, 2]  # body, names 1–4 | name 5, 署名, date
    assert sum(flow.chunks[c].height for c in range(len(flow.chunks)) if positions[c][0] == 1) == 22 * LINE


def _long_last(flow: Flow, lines_count: int) -> ParagraphBlock:
    paragraph = ParagraphBlock(Role.BODY, (Run("长" * (28 * lines_count - 4)),), keep_with_next=True)
    flow.add(paragraph, [LINE] * lines_count, keep_next=True)
    return paragraph


def test_a_last_paragraph_going_over_the_page_end_carries_the_closing_unkept() -> None:
    # 20 lines, then a 4-line paragraph: 2 lines on page 1, 2 on page 2 with the closing; kept with
    # it, LibreOffice would move the paragraph whole and leave page 1 at 20 lines
    flow = Flow()
    _body(flow, 10)
    _long_last(flow, 4)
    assert add_closing(flow, _closing()) == "split"
    last = flow.blocks[-3]
    assert isinstance(last, ParagraphBlock)
    assert not last.keep_with_next


def test_one_line_over_the_page_end_takes_the_paragraph_over_and_spaces_the_page() -> None:
    # 21 lines, then a 2-line paragraph: one line over.  A line less in LibreOffice would leave the
    # 署名 alone, kept LibreOffice would move it whole leaving page 1 short: so page 1 is spaced
    # apart and the paragraph goes over whole, the closing after it
    flow = Flow()
    _body(flow, 10)
    flow.add(ParagraphBlock(Role.BODY, (Run("短句。"),)), [LINE])
    _long_last(flow, 2)
    assert add_closing(flow, _closing()) == "stretched"
    positions = flow.positions()
    first, count = flow.spans[-3]
    assert [positions[c][0] for c in range(first, first + count)] == [2, 2]
    last = flow.blocks[-3]
    assert isinstance(last, ParagraphBlock)
    assert not last.keep_with_next


CONTACT = "联系人：胡建华，联系电话：\u200b0398-28124160，电子邮箱：\u200bycxzdxmb@126.com。"


def test_a_last_paragraph_with_only_its_first_line_on_the_full_page_is_made_two() -> None:
    # 18 lines (six paragraphs of three), then the contact line of two lines: the closing does not
    # fit under it, compressed the page would hold 23 lines of text, moving it whole needs more
    # than half a line a gap.  So its second line goes over and the page is spaced; LibreOffice
    # would move the paragraph whole rather than leave its first line alone at the bottom, so the
    # first line becomes a paragraph of its own (justified out to the right edge as before) and
    # the rest one without indent, kept with the closing
    flow = Flow()
    for _ in range(6):
        flow.add(
            ParagraphBlock(Role.BODY, (Run(SENTENCE * 2),)), lines(SENTENCE * 2, S.BODY_FIRST_LINE_CHARS)
        )
    assert len(flow.chunks) == 18
    contact = ParagraphBlock(Role.BODY, (Run(CONTACT),), keep_with_next=True)
    flow.add(contact, lines(CONTACT, S.BODY_FIRST_LINE_CHARS), keep_next=True)
    assert add_closing(flow, [*_notes(1), *_closing()]) == "stretched"
    head, rest = flow.blocks[-5], flow.blocks[-4]
    assert isinstance(head, ParagraphBlock)
    assert isinstance(rest, ParagraphBlock)
    assert "".join(r.text for r in head.runs if isinstance(r, Run)) == CONTACT[: CONTACT.index("ycx") - 1]
    assert "".join(r.text for r in rest.runs if isinstance(r, Run)) == "ycxzdxmb@126.com。"
    assert head.align is Align.DISTRIBUTE
    assert not head.keep_with_next
    assert rest.first_line == 0
    assert rest.keep_with_next
    assert rest.role is Role.BODY
    positions = flow.positions()
    assert positions[flow.spans[-5][0]][0] == 1
    assert positions[flow.spans[-4][0]][0] == 2
    signature_page, body_page = _signature_page(flow)
    assert signature_page == body_page == 2


@pytest.mark.parametrize(
    ("text", "length"),
    [
        # LibreOffice breaks at the zero-width space before the e-mail address (measured, n14-025)
        (CONTACT, CONTACT.index("ycx") - 1),
        ("将项目建设情况纳入年度目标责任考核，考核结果作为评先评优的重要依据。", 26),
        # a closing mark never starts a line: the 26th 字 goes over with the "，" after it
        ("字" * 26 + "，" + "字" * 5, 25),
        ("字" * 10, None),
    ],
)
def test_the_first_line_ends_where_libreoffice_ends_it(text: str, length: int | None) -> None:
    assert first_line_length(text, S.CHARS_PER_LINE - S.BODY_FIRST_LINE_CHARS) == length


def test_invisible_break_marks_take_no_room_on_the_line() -> None:
    # 26 字 on the first line whatever zero-width spaces and word joiners sit between them
    assert count_lines("字" * 13 + "\u200b\u2060" * 6 + "字" * 13, 26, 28) == 1


def test_docx_check_reads_a_paragraph_split_at_a_page_end_as_one(tmp_path: Path) -> None:
    """The corpus notice n14-025 ends page 2 with its contact line's first line: docgen made it a
    paragraph of its own, distributed to the right edge, and the rest a flush one.  `docgen check`
    on the .docx takes the flush paragraph for the same paragraph going on (body.format: indented
    2 字 once), not for a body paragraph without its indent."""
    import sys

    from docgen.check.run import check_files
    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    sys.path.insert(0, str(Path(__file__).parent / "corpus"))
    from generate import write_notice

    write_notice(14, 25, tmp_path)
    docx = tmp_path / "n14-025.docx"
    docx.write_bytes(render_notice_file(tmp_path / "n14-025.md", RunResources()).data)
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert re.search(r'<w:jc w:val="distribute"/>.{0,200}联系人：胡建华', xml)
    assert '<w:ind w:firstLine="0"/></w:pPr><w:r><w:t>ycxzdxmb@126.com。' in xml
    (report,) = check_files([docx], render=False)
    assert "body.format" not in {f.rule.id for f in report.failed}


def test_libreoffice_paginates_afresh_after_the_chinese_latin_spacing_is_turned_off(
    tmp_path: Path, pool: ConverterPool
) -> None:
    """Corpus notice n14-056: its first paragraph holds EPC, PPP, BIM and dates.  LibreOffice lays
    the .docx out with its own Chinese–Latin spacing on (6 lines), the worker then turns it off (5
    lines); laid out again only where it changed, Writer left 「将项目建设情况……」 (two lines,
    keep off, widows/orphans 0) whole on page 2 and page 1 at 19 lines.  Paginated afresh
    (uno_worker.paginate_afresh) page 1 is full and ends with that paragraph's first line."""
    import sys

    from docgen.check.pdf_pages import lines_used, text_lines, type_area
    from docgen.check.pdf_read import measure
    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    sys.path.insert(0, str(Path(__file__).parent / "corpus"))
    from generate import write_notice

    write_notice(14, 56, tmp_path)
    docx = tmp_path / "n14-056.docx"
    docx.write_bytes(render_notice_file(tmp_path / "n14-056.md", RunResources()).data)
    (outcome,) = pool.convert([(docx, tmp_path / "n14-056.pdf")])
    assert outcome.error is None
    first, second = measure(tmp_path / "n14-056.pdf")[:2]
    body = [line for line in text_lines(first) if line.em_top < type_area(first).bottom]
    assert body[-1].text.startswith("将项目建设情况")
    assert lines_used(first, body[-1]) == S.LINES_PER_PAGE
    assert text_lines(second)[0].text.startswith("评优的重要依据")


def test_a_joint_notice_keeps_body_text_on_page_1_and_with_its_signatures(
    tmp_path: Path, pool: ConverterPool
) -> None:
    """tests/fixtures/outsider/joint.md: one body paragraph of three lines, two sealed signatures,
    the long 主送 moved to the 版记.  The closing fits under no line of page 1; the whole paragraph
    used to go with it, leaving page 1 without 正文 (7.3.2).  Now its last line alone goes along
    ("carried"): page 1 shows its first two lines, page 2 starts with the third, then the 署名."""
    from docgen.check.pdf_pages import text_lines, type_area
    from docgen.check.pdf_read import measure
    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    source = Path(__file__).parent / "fixtures" / "outsider" / "joint.md"
    docx = tmp_path / "joint.docx"
    docx.write_bytes(render_notice_file(source, RunResources()).data)
    (outcome,) = pool.convert([(docx, tmp_path / "joint.pdf")])
    assert outcome.error is None
    first, second = measure(tmp_path / "joint.pdf")[:2]
    page_1 = [line.text for line in text_lines(first) if line.em_top < type_area(first).bottom]
    page_2 = [line.text for line in text_lines(second)]
    assert page_1[-2].startswith("为进一步加快重点项目建设")
    assert page_2[0].startswith("细则》印发给你们")
    assert page_2[1].startswith("长子县人民政府办公室")


def test_a_contact_line_split_for_the_closing_passes_the_full_pages_check(
    tmp_path: Path, pool: ConverterPool
) -> None:
    """Corpus notice n14-002: its contact line (two lines, on lines 19–20 of page 5) and a closing of
    三门峡's 附件说明, 署名 and date: no squeeze, stretch or compression fits it.  The line's second
    half goes to page 6 with the closing ("carried"), its first stays on page 5 (was: both went,
    page 5 ended at 18 lines); check's pages.full.pdf takes the page before a closing that carries
    one line for one that may end short (check/pdf_pages._closing_first)."""
    import sys

    from docgen.check.pdf_pages import text_lines
    from docgen.check.pdf_read import measure
    from docgen.check.run import check_files
    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    sys.path.insert(0, str(Path(__file__).parent / "corpus"))
    from generate import write_notice

    write_notice(14, 2, tmp_path)
    docx = tmp_path / "n14-002.docx"
    docx.write_bytes(render_notice_file(tmp_path / "n14-002.md", RunResources()).data)
    (outcome,) = pool.convert([(docx, tmp_path / "n14-002.pdf")])
    assert outcome.error is None
    pages = measure(tmp_path / "n14-002.pdf")
    assert text_lines(pages[4])[-1].text.startswith("联系人：")
    assert text_lines(pages[5])[0].text.startswith("zhangzixian_zdxmb2025@")
    (report,) = check_files([outcome.target], render=False)
    assert [(f.rule.id, f.measured) for f in report.failed] == []


def test_a_table_ending_the_body_keeps_its_repeated_header_when_unkept() -> None:
    """A body ending with a table split over pages: releasing its last row from the closing
    (closing._unkeep) keeps the header height repeated above that row on a new page (Chunk.repeat)."""
    from docgen.layout.closing import _unkeep

    flow = Flow()
    flow.add(ParagraphBlock(Role.BODY), [LINE] * 2)
    flow.add(ParagraphBlock(Role.BODY), [700, 600, 600, 600], keep_next=True, repeat=700)
    _unkeep(flow, 1)
    last = flow.chunks[-1]
    assert not last.keep_next
    assert last.repeat == 700
