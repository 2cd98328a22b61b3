"""pages14: the two layout defects the outsider14 clerk found, on the documents the README's commands
make from tests/fixtures/outsider14 (``collect merge --chase`` and ``progress``), in both engines.

1. The 周通报's page 1 was said to end about 5 lines short, 二、 and its lead-in lines gone to page 2
   with the table.  Measured on the fixture: page 1 holds 21 lines and the 22nd cannot take the
   heading with its first line (Build 1), in both engines; the keep chain ties the heading to its
   first line only (the estimate, for 1 to 11 lines left).
2. The 催报通知's 3-row 问题清单 went onto a landscape page: 4 pages for a 3-line notice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from pypdf import PdfReader

from docgen.check.run import check_files
from docgen.cli import main_group
from docgen.convert.pool import ConverterPool
from docgen.layout.breaks import BREAK
from docgen.layout.cellwords import cell_runs, groups
from docgen.layout.flow import Flow
from docgen.layout.tables import table_layout
from docgen.layout.text import add_blocks
from docgen.model import Table
from docgen.model_blocks import Heading, Paragraph

HERE = ROOT / "tests" / "fixtures" / "outsider14"
MM = 72 / 25.4
LINE_PT = 28.95  # the grid's pitch (GB/T 9704 5.2.3: 22 lines in 225 mm)
TYPE_AREA_BOTTOM_PT = 262 * MM


def _run(*args: str) -> Result:
    return CliRunner().invoke(main_group, list(args))


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's ``collect merge … --chase 催报通知.md --letterhead sanmenxia`` of the fixture's forms."""
    out = tmp_path_factory.mktemp("merge")
    result = _run("collect", "merge", str(HERE / "回收"), "--units", str(HERE / "单位.yaml"), "-o",
                  str(out / "汇总.xlsx"), "--chase", str(out / "催报通知.md"), "--letterhead", "sanmenxia")
    assert (out / "催报通知.md").exists(), result.output
    return out


def _pdf(docx: Path, engine: str, pool: ConverterPool | None) -> Path:
    """Return the PDF of ``docx`` made by ``engine`` (Typst: written beside it by the command)."""
    pdf = docx.with_suffix(".pdf")
    if engine == "libreoffice":
        assert pool is not None
        (done,) = pool.convert([(docx, pdf)])
        assert done.error is None, done.error
    assert pdf.exists()
    return pdf


def _no_failures(docx: Path, pdf: Path) -> None:
    (report,) = check_files([docx], rendered={docx: pdf})
    assert [(f.rule.id, f.measured) for f in report.failed] == []


def test_a_file_name_breaks_before_its_extension_not_inside_its_date() -> None:
    """A file name is text: a line may start with its extension's dot; a date inside it stays whole."""
    found = [g.text for g in groups("陕州区谋划储备项目表（10月23日）.xlsx")]
    assert found[-2:] == ["（10月23日）", ".xlsx"]
    assert [g.text for g in groups("渑池县.xlsx")] == ["渑池县", ".xlsx"]
    assert [g.text for g in groups("v1.2.docx")] == ["v1.2.docx"]  # a Latin name is a code: whole
    # the engines are offered the break (U+200B): UAX #14 breaks before no 「.」
    runs, _too_wide = cell_runs("渑池县补报.xlsx", 4.0)
    assert runs[-1] == (".xlsx", False)
    assert runs[-2][0].endswith(BREAK)


def test_the_chase_problem_list_stays_portrait(merged: Path) -> None:
    """The 3-row 问题清单 (its 问题 column 33–68 字) is short in portrait: no landscape page for it."""
    import csv

    with (merged / "催报通知-填报问题清单.csv").open(encoding="utf-8") as f:
        rows = tuple(tuple(r) for r in csv.reader(f))
    assert len(rows) == 4
    layout = table_layout(Table(rows=rows, header_rows=1))
    assert not layout.landscape
    assert sum(layout.widths) == 8845  # the portrait type area, 156 mm


@pytest.mark.parametrize("engine", ["typst", "libreoffice"])
def test_the_chase_notice_takes_two_portrait_pages(
    merged: Path, tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    """Issued, the 催报通知 is 2 portrait pages (notice, then the attachment and the 版记), check passes."""
    for name in ("催报通知.md", "催报通知-填报问题清单.csv"):
        shutil.copy(merged / name, tmp_path / name)
    result = _run("--register", str(tmp_path / "r.sqlite"), "issue", str(tmp_path / "催报通知.md"),
                  "--signer", "张三", "-o", str(tmp_path / "out"), "--engine", engine,
                  *(["--no-pdf"] if engine == "libreoffice" else []))
    assert result.exit_code == 0, result.output
    (docx,) = (tmp_path / "out").glob("*.docx")
    pdf = _pdf(docx, engine, request.getfixturevalue("pool") if engine == "libreoffice" else None)
    pages = PdfReader(pdf).pages
    assert len(pages) == 2
    assert all(float(p.mediabox.width) < float(p.mediabox.height) for p in pages)
    _no_failures(docx, pdf)


def test_a_heading_keeps_its_first_line_and_no_more() -> None:
    """二、, a 2-line 「如下（…）：」 and a 4-line 「第一组（…）：」 over a table: with 2 to 6 lines left
    the heading and the first line(s) fill the page; nothing is pulled to the next page whole."""
    lead = "各单位谋划储备项目完成情况如下（完成率为完成数占目标数的比例）："
    group = ("第一组（目标：入库项目个数100个、入库项目总投资500亿元、亿元以上项目个数400个（陕州区350个）、"
             "亿元以上项目总投资3000亿元（陕州区2700亿元）、新增完成转化项目个数70个）：")
    header = ("单位", "入库项目数", "完成率（%）", "总投资（亿元）", "完成率（%）", "节点进度")
    rows = (header, *((u, "0", "0.00", "0.00", "0.00", "未达到") for u in ("渑池县", "灵宝市", "陕州区")))
    for free in range(1, 7):
        flow = Flow()
        add_blocks(flow, [Paragraph("字" * (28 * (22 - free) - 2))])
        start = len(flow.chunks)
        add_blocks(flow, [Heading(1, "二、", "各单位进展情况"), Paragraph(lead), Paragraph(group),
                          Table(rows=rows, header_rows=1)])
        on_first = sum(1 for page, _top in flow.positions()[start:] if page == 1)
        assert on_first == (0 if free == 1 else free), free


@pytest.mark.parametrize("engine", ["typst", "libreoffice"])
def test_the_bulletin_page_one_is_full(merged: Path, tmp_path: Path, engine: str, request: pytest.FixtureRequest) -> None:
    """The real 周通报: page 1 ends with less room than 二、 and its first line need (two lines)."""
    docx = tmp_path / "周通报.docx"
    result = _run("--register", str(tmp_path / "r.sqlite"), "progress", str(merged / "汇总.xlsx"),
                  "--targets", str(HERE / "目标.yaml"), "--as-of", "2020-10-16", "--letterhead", "sanmenxia",
                  "-o", str(docx), *(["--pdf", "--engine", "typst"] if engine == "typst" else []))
    assert result.exit_code == 0, result.output
    pdf = _pdf(docx, engine, request.getfixturevalue("pool") if engine == "libreoffice" else None)
    xhtml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    # each line's bottom (pt from the page's top), the page number's (— 1 —) left out
    bottoms = [float(y) for y, body in re.findall(r'<line [^>]*yMax="([\d.]+)">(.*?)</line>', xhtml, re.S)
               if "—" not in body]
    free = TYPE_AREA_BOTTOM_PT - max(bottoms)
    assert free < 2 * LINE_PT, free
    page2 = PdfReader(pdf).pages[1].extract_text()
    assert page2.lstrip().startswith("二、各单位进展情况"), page2[:40]
    _no_failures(docx, pdf)
