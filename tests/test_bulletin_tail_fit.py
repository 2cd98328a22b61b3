"""A bulletin's 报尾 goes on the body's last page when LibreOffice fits it there (layout/bulletin.TAIL_SLACK),
and ``docgen check`` fails a blank page left before a 报尾 that would have fitted (pages.blank.pdf).

Real LibreOffice (the session's pool) and real Typst, on units of bench/bulletin.py's synthetic ledger
(rng 7): 单位027 and 单位070 end page 2 with 34.1 mm under the last line's grid line, where the 报尾
(31.7 mm with its anchor) fits by 2.4 mm; the anchor slack of half a line held it off page 2, and
LibreOffice's copy had a blank page 3 and the 报尾 on page 4 (Typst's: 2 pages).  单位003 ends page 2
with 31.3 mm, 0.4 mm short: its blank page is needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader
from test_typst_bulletins import _bulletins, _pages

from docgen.check.pdf_pages import is_blank
from docgen.check.pdf_read import measure
from docgen.check.rules import Finding, Status
from docgen.check.run import check_files
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import emit_docx
from docgen.layout import Placement, lay_out
from docgen.publish.pipeline import Engine, Publication, publish
from docgen.run_resources import RunResources

HEAD = ["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）", "形象进度", "存在问题"]
# bench/bulletin.py's ledger (--count 100), these units' rows as it writes them
ROWS = [
    ("单位003项目0", "单位003", 17592, 5864, 2021.05, "主体施工", None),
    ("单位003项目1", "单位003", 69030, 23010, 10070.72, "主体施工", None),
    ("单位003项目2", "单位003", 15891, 5297, 375.24, "主体施工", None),
    ("单位003项目3", "单位003", 68748, 22916, 2089.73, "主体施工", None),
    ("单位027项目0", "单位027", 46632, 15544, 3196.2, "主体施工", "资金到位率偏低"),
    ("单位027项目1", "单位027", 140445, 46815, 20472.5, "主体施工", None),
    ("单位027项目2", "单位027", 69831, 23277, 13713.16, "主体施工", "资金到位率偏低"),
    ("单位027项目3", "单位027", 4302, 1434, 60.85, "主体施工", "资金到位率偏低"),
    ("单位070项目0", "单位070", 14379, 4793, 2395.65, "主体施工", "资金到位率偏低"),
    ("单位070项目1", "单位070", 51087, 17029, 1622.19, "主体施工", "资金到位率偏低"),
    ("单位070项目2", "单位070", 55563, 18521, 10057.59, "主体施工", None),
    ("单位070项目3", "单位070", 51468, 17156, 5169.63, "主体施工", "资金到位率偏低"),
]


def _ledger(folder: Path, units: set[str]) -> Path:
    """Write a ledger of ``units``' rows for 2025-05; return its path."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2025-05"
    sheet.append(HEAD)
    for row in ROWS:
        if row[1] in units:
            sheet.append(list(row))
    path = folder / "ledger.xlsx"
    book.save(path)
    return path


def _blank_finding(docx: Path, pdf: Path) -> tuple[Finding, list[str]]:
    """Return check's pages.blank.pdf finding on ``pdf`` (rendered from ``docx``) and every rule failed."""
    (report,) = check_files([docx], rendered={docx: pdf})
    (blank,) = [f for f in report.findings if f.rule.id == "pages.blank.pdf"]
    return blank, [f.rule.id for f in report.findings if f.status is Status.FAIL]


def test_a_tail_that_fits_by_2_mm_goes_on_page_2_under_both_engines(pool: ConverterPool, tmp_path: Path) -> None:
    """单位027 and 单位070: 2 pages from LibreOffice as from Typst, the 报尾 on page 2, check clean."""
    bulletins = _bulletins(_ledger(tmp_path, {"单位027", "单位070"}))
    assert {unit: lay_out(b).placement for unit, b in bulletins.items()} == {
        "单位027": Placement.BOTTOM,
        "单位070": Placement.BOTTOM,
    }
    assert _pages(bulletins, tmp_path, Engine.TYPST, None) == {"单位027": 2, "单位070": 2}
    items = [
        Publication(b, tmp_path / f"{unit}.docx", tmp_path / f"{unit}.pdf", watermark=False)
        for unit, b in bulletins.items()
    ]
    results = publish(items, RunResources().template, pool.convert)
    assert [r.error for r in results] == [None, None]
    for item in items:
        assert item.docx is not None
        assert item.pdf is not None
        assert len(PdfReader(item.pdf).pages) == 2, item.pdf.name
        blank, failed = _blank_finding(item.docx, item.pdf)
        assert not failed, (item.pdf.name, failed)
        assert blank.status is Status.PASS


def test_check_fails_a_blank_page_before_a_tail_that_fitted_and_passes_one_that_did_not(
    pool: ConverterPool, tmp_path: Path
) -> None:
    """单位027 laid out as before (the 报尾 after a blank page 3) fails pages.blank.pdf with 34 mm free
    for a 31 mm 报尾; 单位003, 4 pages as well, passes: 31.3 mm free is 0.4 mm short of what it needs."""
    bulletins = _bulletins(_ledger(tmp_path, {"单位003", "单位027"}))
    assert lay_out(bulletins["单位003"]).placement is Placement.BLANK_PAGE  # as the estimate decides
    template = RunResources().template
    made = {}
    for unit in bulletins:
        docx = tmp_path / f"{unit}.docx"
        docx.write_bytes(emit_docx(lay_out(bulletins[unit], Placement.BLANK_PAGE), template))
        made[unit] = (docx, tmp_path / f"{unit}.pdf")
    assert [c.error for c in pool.convert(list(made.values()))] == [None, None]
    for _docx, pdf in made.values():
        pages = measure(pdf)
        assert len(pages) == 4, pdf.name
        assert is_blank(pages[2]), pdf.name
    blank, failed = _blank_finding(*made["单位027"])
    assert blank.status is Status.FAIL
    assert failed == ["pages.blank.pdf"]
    assert blank.where == "第 3 页"
    # 30.97 mm between the 报尾's rules' middles; 262.0 - (226.06 + 1.78) = 34.2 mm under page 2's last line
    height, room = (float(x) for x in re.findall(r"(\d+\.\d) mm", blank.measured))
    assert height == pytest.approx(31.0, abs=0.15), blank.measured
    assert room == pytest.approx(34.2, abs=0.15), blank.measured
    blank, failed = _blank_finding(*made["单位003"])
    assert blank.status is Status.PASS, blank.measured
    assert not failed, failed
