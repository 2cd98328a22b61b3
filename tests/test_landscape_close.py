"""The empty paragraph that closes a landscape section after a table (layout/flow.py ``end_section``)
counts no height in the page estimate; under a table that fills its landscape page, does LibreOffice
set it on a page of its own (a blank page, issue 14 Done-when)?  Audit14 leftover 2, measured.

A notice whose 12-column attachment table fills three landscape pages, the last to 6.8 mm above the
type area's foot: less than the paragraph's line (表格文字, exactly 440 twips, 7.8 mm).  LibreOffice
sets no page for it (its DOCX import drops an empty paragraph that only carries the section break
after a table), so 0 is what it takes and the estimate is right: no blank page, pages.blank.pdf
passes.  The same paragraph with text in it goes onto a landscape page of its own, which shows the
table left it no room.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from docgen.check.pdf_pages import is_blank
from docgen.check.pdf_read import MM_PER_PT, Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Finding, Judge, Status
from docgen.convert.pool import ConverterPool
from docgen.notices import render_notice_file
from docgen.run_resources import RunResources

HEAD = "序号,项目名称,建设单位,建设地点,建设性质,建设规模及内容,总投资,年度计划投资,计划开工,计划竣工,审批情况,责任单位"
ROW = "{i},长子县农产品冷链物流项目,县农业农村局,丹朱镇,新建,冷库及配套设施,1.2,0.8,2025年3月,2025年12月,已批复,县农业农村局"
ROWS = 22  # three landscape pages, the last filled as the first two
NOTICE = """---
发文机关: zhangzi
发文字号: 5
标题: 关于报送重点项目进展情况的通知
主送: 各乡镇人民政府
成文日期: 2025-01-19
双面印刷: false
附件:
  - 标题: 重点项目基本情况表
    文件: t.csv
---
请按附件报送。
"""
LINE_MM = 440 / 20 * MM_PER_PT  # the closing paragraph's line: 表格文字, exactly 440 twips
CLOSING = re.compile(r'(<w:p><w:pPr><w:pStyle w:val="GwTableText"/><w:sectPr>.*?</w:sectPr></w:pPr>)</w:p>', re.S)


def _table_feet(pdf: Path) -> dict[int, float]:
    """Return each landscape page's lowest rule (mm from the top): its table's foot."""
    with pdfplumber.open(pdf) as document:
        return {
            number: max(r["bottom"] for r in [*page.rects, *page.lines]) * MM_PER_PT
            for number, page in enumerate(document.pages, start=1)
            if page.width > page.height and (page.rects or page.lines)
        }


def _blank(pdf: Path) -> Finding:
    found: list[Finding] = []
    check_pdf(measure(pdf), Judge(found), text_rules=True, double_sided=False)
    (finding,) = [f for f in found if f.rule.id == "pages.blank.pdf"]
    return finding


@pytest.fixture(scope="module")
def docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("close")
    rows = "\n".join(ROW.format(i=i) for i in range(1, ROWS + 1))
    (folder / "t.csv").write_text(f"{HEAD}\n{rows}\n", encoding="utf-8")
    (folder / "n.md").write_text(NOTICE, encoding="utf-8")
    path = folder / "n.docx"
    path.write_bytes(render_notice_file(folder / "n.md", RunResources()).data)
    return path


def _foot_room(docx: Path) -> float:
    """Return the landscape type area's foot (mm from the page's top) as the .docx sets it."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    (bottom,) = set(re.findall(r'w:orient="landscape"/><w:pgMar [^>]*w:bottom="(\d+)"', xml))
    return 210 - int(bottom) / 20 * MM_PER_PT


@pytest.fixture(scope="module")
def pdf(docx: Path, pool: ConverterPool) -> Path:
    (outcome,) = pool.convert([(docx, docx.with_suffix(".pdf"))])
    assert outcome.error is None, outcome.error
    return outcome.target


def test_the_empty_closing_paragraph_takes_no_page_under_a_full_landscape_table(docx: Path, pdf: Path) -> None:
    feet = _table_feet(pdf)
    assert sorted(feet) == [2, 3, 4]
    foot = _foot_room(docx)
    assert 0 < foot - feet[4] < LINE_MM  # the closing paragraph's line does not fit under the table
    pages = measure(pdf)
    assert len(pages) == 5  # body, three landscape pages, the 版记's portrait page
    assert not [p.number for p in pages if is_blank(p)]
    assert _blank(pdf).status is Status.PASS


def _new_page(pages: list[Page]) -> Finding:
    found: list[Finding] = []
    check_pdf(pages, Judge(found), text_rules=True, double_sided=False)
    (finding,) = [f for f in found if f.rule.id == "attachments.new_page.pdf"]
    return finding


def test_a_landscape_attachment_is_judged_starting_its_page(pdf: Path) -> None:
    """attachments.new_page.pdf read the portrait type area only: 「附件」 28 mm from a landscape page's
    top was above it, and the rule said "no attachments".  Now it passes; with a line of body text
    above the label (page 1's, moved there), it fails on page 2."""
    pages = measure(pdf)
    assert _new_page(pages).status is Status.PASS
    second = pages[1]
    label = next(line for line in second.lines if line.text.strip() == "附件")
    body = next(line for line in pages[0].lines if line.text.startswith("请按附件"))
    above = dataclasses.replace(body, em_top=label.em_top, x0=label.x0)  # the type area's first line
    lowered = dataclasses.replace(label, em_top=label.em_top + 12)
    lines = [above, *(lowered if line is label else line for line in second.lines)]
    finding = _new_page([pages[0], dataclasses.replace(second, lines=lines), *pages[2:]])
    assert finding.status is Status.FAIL, finding.measured
    assert "p2" in finding.measured, finding.measured


def test_the_same_paragraph_with_text_would_take_a_page(docx: Path, pool: ConverterPool, tmp_path: Path) -> None:
    """What the empty paragraph is spared: with a character in it, LibreOffice sets it on a fifth
    landscape page of its own."""
    marked = tmp_path / "marked.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(marked, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text, count = CLOSING.subn(r"\1<w:r><w:t>X</w:t></w:r></w:p>", data.decode("utf-8"), 1)
                assert count == 1
                data = text.encode("utf-8")
            out.writestr(item, data)
    (outcome,) = pool.convert([(marked, tmp_path / "marked.pdf")])
    assert outcome.error is None, outcome.error
    pages = measure(outcome.target)
    assert len(pages) == 6
    with pdfplumber.open(outcome.target) as document:
        fifth = document.pages[4]
        assert fifth.width > fifth.height
        assert fifth.extract_text().strip().startswith("X")
