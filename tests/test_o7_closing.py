"""A long 附件说明 breaks between its names instead of carrying the body to the next page (outsider7 #4,
GB/T 9704 7.3.4 / 7.3.5.5; layout/closing_names.py).

Before: the closing was kept whole with the body's last line, so 20 names took 一、 and its paragraph
to page 3 (page 2 kept 8 of 22 lines), and 11 names under a one-line body took the body to page 2
(page 1 kept 5 lines in Typst).  Now the names go over a page end one by one, the last one stays
with the 署名 and the date, and every page before the 署名's is full.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from docgen import standard as S
from docgen.check.pdf_pages import lines_used, text_lines, type_area
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Judge, Status
from docgen.emit.typst.compile import render_pdf
from docgen.layout.closing import Piece, add_closing
from docgen.layout.flow import LINE, Flow, lines
from docgen.layout.placed import ParagraphBlock, Role, Run
from docgen.notices import compose_notice_file, render_notice_file
from docgen.run_resources import RunResources

SENTENCE = "按照工作安排，各单位要落实责任，确保各项任务按期完成，形成工作合力。"  # 2 lines


def _names(count: int) -> list[Piece]:
    """Return a 附件说明 of ``count`` one-line names, kept together as general.attachment_note keeps them."""
    first = ParagraphBlock(Role.ATTACHMENT_NOTE, (Run("附件：1.甲"),), space_before=LINE, keep_with_next=True)
    return [Piece(first, (2 * LINE,), keep_next=True)] + [
        Piece(ParagraphBlock(Role.ATTACHMENT_NOTE, (Run(f"{i}.乙"),), keep_with_next=True), (LINE,), True)
        for i in range(2, count + 1)
    ]


def _signature(sealed: bool) -> list[Piece]:
    before = (2 if sealed else 1) * LINE
    organ = ParagraphBlock(Role.SIGNATURE, (Run("某某县重点项目办公室"),), space_before=before, keep_with_next=True)
    date = ParagraphBlock(Role.SIGNATURE, (Run("2025年6月6日"),))
    return [Piece(organ, (before + LINE,), keep_next=True), Piece(date, (LINE,))]


def _flow(paragraphs: int, last_lines: int) -> Flow:
    """Return a body of ``paragraphs`` two-line paragraphs and a last one of ``last_lines`` lines."""
    flow = Flow()
    for _ in range(paragraphs):
        flow.add(ParagraphBlock(Role.BODY, (Run(SENTENCE),)), lines(SENTENCE, S.BODY_FIRST_LINE_CHARS))
    text = "短" * (S.CHARS_PER_LINE * last_lines - 6)
    flow.add(
        ParagraphBlock(Role.BODY, (Run(text),), keep_with_next=True),
        lines(text, S.BODY_FIRST_LINE_CHARS),
        keep_next=True,
    )
    return flow


def _page_bottoms(flow: Flow) -> dict[int, int]:
    """Return where each estimated page's last chunk ends."""
    bottoms: Counter[int] = Counter()
    for chunk, (page, top) in zip(flow.chunks, flow.positions(), strict=True):
        bottoms[page] = max(bottoms[page], top + chunk.height)
    return dict(bottoms)


def test_twenty_names_break_under_the_body_and_the_last_stays_with_the_signature() -> None:
    # 19 lines of body (nine paragraphs and a one-line one) leave 3: the closing (21 names, 署名,
    # date: 26 lines) is higher than a page.  Names 1–2 stay under the body, page 1 full
    flow = _flow(9, 1)
    assert add_closing(flow, [*_names(20), *_signature(sealed=False)]) == "broken"
    positions = flow.positions()
    first_chunk = [flow.spans[i][0] for i in range(len(flow.blocks))]
    pages = [positions[c][0] for c in first_chunk]
    assert pages[:10] == [1] * 10  # the body stays whole on page 1
    assert pages[10:12] == [1, 1]  # 附件：1. and 2. under it
    assert pages[12:] == [2] * 20  # 3.–20., the 署名 and the date
    assert _page_bottoms(flow)[1] > S.TYPE_AREA_HEIGHT - LINE
    notes = [b for b in flow.blocks if isinstance(b, ParagraphBlock) and b.role is Role.ATTACHMENT_NOTE]
    assert [n.keep_with_next for n in notes] == [False] * 19 + [True]


@pytest.mark.parametrize("sealed", [False, True])
def test_no_page_before_the_signature_ends_short_but_for_the_signature_and_it_is_never_alone(
    sealed: bool,
) -> None:
    # every body of 1–49 lines under 2–25 names: the estimate's pages before the 署名's are full to
    # within a line, but the page right before the last name when that name, the 署名 and the date
    # do not fit under it (and its names are too many to space: closing_names._spaced); those three
    # share a page.  Before: 'kept' and 'carried' left 1717 pages 2 to 20 lines short
    short = []
    for paragraphs in range(25):
        for last_lines in (1, 2, 3):
            for count in range(2, 26):
                flow = _flow(paragraphs, last_lines)
                remedy = add_closing(flow, [*_names(count), *_signature(sealed)])
                assert remedy not in ("kept", "carried", "filled"), (paragraphs, last_lines, count, remedy)
                positions = flow.positions()
                tail = [flow.spans[i][0] for i in range(len(flow.blocks) - 3, len(flow.blocks))]
                tail_page = positions[tail[0]][0]
                assert {positions[c][0] for c in tail} == {tail_page}, (paragraphs, last_lines, count, remedy)
                tail_height = sum(flow.chunks[c].height for c in range(tail[0], len(flow.chunks)))
                bottoms = _page_bottoms(flow)
                for page in range(1, max(bottoms)):
                    left = S.TYPE_AREA_HEIGHT - bottoms[page]
                    if left < LINE + LINE // 2:
                        continue
                    if page == tail_page - 1 and left < tail_height:
                        continue  # the last name, 署名 and date did not fit: they go over together
                    short.append((paragraphs, last_lines, count, remedy, page))
    assert short == []


# ---- through LibreOffice and Typst --------------------------------------------------------------------

ELEVEN = "\n".join(("附件：" if i == 1 else "") + f"{i}.第{i}批观摩项目汇总表" for i in range(1, 12))


def _eleven_names(folder: Path) -> Path:
    """Write a notice of one body line and a typed 附件说明 of 11 names (the other helper's report)."""
    source = folder / "十一个附件.md"
    source.write_text(
        "---\n发文机关: zhangzi-zdxmb\n发文字号: 长重点〔2025〕9号\n标题: 关于开展观摩活动的通知\n"
        "主送: 各乡镇人民政府\n成文日期: 2025-10-09\n---\n"
        f"请各单位于10月20日前报送。联系电话：0355-8212345。\n\n{ELEVEN}\n",
        encoding="utf-8",
    )
    return source


def _failed(pages: list[Page]) -> list[str]:
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True, double_sided=True)
    return [f.rule.id for f in judge.findings if f.status is Status.FAIL]


@pytest.mark.parametrize("engine", ["libreoffice", "typst"])
def test_eleven_names_under_a_one_line_body_leave_the_body_and_a_full_page_1(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    source = _eleven_names(tmp_path)
    pdf = tmp_path / "十一个附件.pdf"
    if engine == "libreoffice":
        docx = tmp_path / "十一个附件.docx"
        docx.write_bytes(render_notice_file(source, RunResources()).data)
        (outcome,) = request.getfixturevalue("pool").convert([(docx, pdf)])
        assert outcome.error is None
    else:
        pdf.write_bytes(render_pdf(compose_notice_file(source, RunResources())).pdf)
    first, second = measure(pdf)[:2]
    body = [line for line in text_lines(first) if line.em_top < type_area(first).bottom]
    assert any(line.text.startswith("请各单位于10月20日前报送") for line in body)  # was on page 2
    assert lines_used(first, body[-1]) == S.LINES_PER_PAGE  # was: the body went to page 2 with the names
    texts = [line.text for line in text_lines(second)]
    assert texts[0].startswith("8.")  # names 1.–7. on page 1
    assert any(t.startswith("11.") for t in texts)
    assert "长子县重点项目办公室" in texts
    assert [rule for rule in _failed(measure(pdf)) if rule != "pages.even.pdf"] == []
