"""Defects corpus14 found running the notice corpus on new seeds (3101–3104) and the ledger commands
on new-seed ledgers; the inputs are the seeded generator's, kept in tests/fixtures/corpus14/cases/
(``make_cases.py``; README.md there says what each is)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from docgen.check.pdf_pages import is_blank, text_lines
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Judge, Status
from docgen.layout import lay_out
from docgen.layout.placed import ParagraphBlock, Role, TableBlock
from docgen.notices import compose_notice_file, render_notice_file
from docgen.run_resources import RunResources

CASES = Path(__file__).resolve().parent / "fixtures" / "corpus14" / "cases"
TWO_LANDSCAPE = CASES / "n3104-013.md"


def _blank_failure(pages: list[Page]) -> str | None:
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True, double_sided=True)
    found = [f for f in judge.findings if f.rule.id == "pages.blank.pdf"]
    return next((f.measured for f in found if f.status is Status.FAIL), None)


def test_no_empty_paragraph_between_two_landscape_attachments() -> None:
    """n3104-013: 附件1 and 附件2 open with wide tables and share one landscape section; the empty
    paragraph that closed the section after 附件1's table stayed in it when 附件2 reopened it, and
    under a table filling page 8 LibreOffice set it on a page of its own, then broke the page for
    附件2: page 9 blank.  Now 附件2's label follows the table directly."""
    placed = lay_out(compose_notice_file(TWO_LANDSCAPE, RunResources()))
    (landscape,) = [s for s in placed.sections if s.page.orientation.name == "LANDSCAPE"]
    blocks = landscape.blocks
    tables = [i for i, b in enumerate(blocks) if isinstance(b, TableBlock)]
    assert len(tables) == 2
    after = blocks[tables[0] + 1]
    assert isinstance(after, ParagraphBlock)
    assert after.role is Role.ATTACHMENT_LABEL, after
    # the section still ends with the paragraph that holds its end (after 附件2's table)
    assert isinstance(blocks[-1], ParagraphBlock)
    assert blocks[-1].role is Role.TABLE_TEXT


def test_libreoffice_sets_no_blank_page_between_landscape_attachments(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The same notice through LibreOffice: no page with nothing but its page number, and 附件2
    starts the page after 附件1's table ends, as Typst sets it (page 9)."""
    docx, pdf = tmp_path / "n.docx", tmp_path / "n.pdf"
    docx.write_bytes(render_notice_file(TWO_LANDSCAPE, RunResources()).data)
    (outcome,) = request.getfixturevalue("pool").convert([(docx, pdf)])
    assert outcome.error is None
    pages = measure(pdf)
    assert not [p.number for p in pages if is_blank(p)]
    starts = {p.number: "".join(line.text for line in text_lines(p))[:3] for p in pages}
    assert starts[9] == "附件2", starts
    assert _blank_failure(pages) is None


def test_check_names_a_blank_page_inside_the_document(tmp_path: Path) -> None:
    """pages.blank.pdf judged only the page before the 版记: a blank page between attachments passed.
    The Typst PDF of n3104-013 with its page 9 emptied (what LibreOffice printed) fails, naming it."""
    from docgen.emit.typst.compile import render_pdf

    path = tmp_path / "n.pdf"
    path.write_bytes(render_pdf(compose_notice_file(TWO_LANDSCAPE, RunResources())).pdf)
    pages = measure(path)
    assert _blank_failure(pages) is None
    ninth = pages[8]
    kept = [line for line in ninth.lines if line not in text_lines(ninth)]  # its page number
    emptied = replace(ninth, lines=kept, rules=[], images=[], vertical=[])
    assert is_blank(emptied)
    failure = _blank_failure([*pages[:8], emptied, *pages[9:]])
    assert failure is not None
    assert "第 9 页" in failure, failure


def test_overdue_bulletin_addressees_in_the_body_order_joined_by_dunhao(tmp_path: Path) -> None:
    """ledgers11 s01 (seed 3111) through ``supervise --overdue``: the 督查通报's 主送 read
    「丹朱镇，大堡头镇，慈林镇，石哲镇，长子经济技术开发区，鲍店镇：」 — sorted by code point, joined by
    commas — while its body lists 丹朱镇2项，大堡头镇2项，石哲镇2项，鲍店镇2项 ….  Peers of a 主送 are
    joined by 顿号 (seed 003: 各省辖市人民政府、济源示范区管委会、…), in the body's order."""
    import datetime as dt

    from openpyxl import Workbook

    from docgen.check.docx_read import load
    from docgen.register import Register
    from docgen.supervise import supervise

    book = Workbook()
    sheet = book.active
    sheet.append(["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限（工作日）", "状态"])
    units = ["鲍店镇", "鲍店镇", "丹朱镇", "长子经济技术开发区", "鲍店镇", "丹朱镇"]
    for n, unit in enumerate(units, start=1):
        sheet.append([f"DB-{n}", f"项目{n}", unit, "资金不足", dt.date(2025, 9, 1), 5, "未办结"])
    book.save(tmp_path / "台账.xlsx")
    with Register.open(tmp_path / "r.sqlite") as register:
        report = supervise(
            tmp_path / "台账.xlsx",
            "zhangzi-zdxmb",
            tmp_path / "out",
            RunResources(),
            register,
            overdue=True,
            as_of=dt.date(2025, 12, 31),
        )
    bulletin = load(next(p for _n, p in report.written if "督查通报" in p.name).read_bytes())
    texts = [p.text for p in bulletin.paragraphs]
    assert "鲍店镇、丹朱镇、长子经济技术开发区：" in texts, texts[:12]
    assert any("其中鲍店镇3项，丹朱镇2项，长子经济技术开发区1项" in t for t in texts), texts[:12]
