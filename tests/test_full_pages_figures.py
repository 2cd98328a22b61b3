"""pages.full.pdf before a figure (issue 14, Build 1; outsider defect 3): a page may end early before a
picture that does not fit in the room left, and not before one that would have fitted.

Real documents: a notice with a chart-sized PNG laid out by docgen, converted by LibreOffice and
measured on the PDF; the second one given a page break before its small figure, as a hand-edited
.docx would have it.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import docx
from conftest import ROOT
from PIL import Image

from docgen.check.rules import Status
from docgen.check.run import Report, check_files
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.model import Paragraph, Picture
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

SAMPLE = ROOT / "samples" / "notices" / "zhangzi-2020-66.md"
TEXT = (
    "各乡镇、各有关单位要按照全县重点项目建设推进会议的部署，倒排工期、挂图作战，"
    "逐项落实要素保障措施，确保项目按期开工建设并形成实物工作量。"
)


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def _notice(folder: Path, name: str, before: int, height_mm: float) -> Path:
    """Write a notice with ``before`` paragraphs, a 150 mm wide figure ``height_mm`` tall, 4 paragraphs."""
    resources = RunResources()
    doc = compose_notice_file(SAMPLE, resources)
    figure = Picture(_png(600, round(600 * height_mm / 150)), 150, height_mm, "图")
    body = (
        *(Paragraph(f"{n}.{TEXT}") for n in range(1, before + 1)),
        figure,
        *(Paragraph(TEXT) for _ in range(4)),
    )
    doc = dataclasses.replace(doc, body=body, attachments=(), attachment_titles=())
    target = folder / f"{name}.docx"
    target.write_bytes(render_docx(doc, resources.template).data)
    return target


def _full(report: Report) -> tuple[Status, str]:
    (finding,) = [f for f in report.findings if f.rule.id == "pages.full.pdf"]
    return finding.status, finding.measured


def _checked(pool: ConverterPool, path: Path) -> Report:
    (outcome,) = pool.convert([(path, path.with_suffix(".pdf"))])
    assert outcome.error is None, outcome.error
    (report,) = check_files([path.with_suffix(".pdf")], render=False)
    return report


def test_a_page_may_end_early_before_a_figure_that_does_not_fit(tmp_path: Path, pool: ConverterPool) -> None:
    # 110 mm of figure (about 20 lines) after page 3's 13 lines: LibreOffice moves it to page 4
    source = _notice(tmp_path, "tall", 14, 110)
    report = _checked(pool, source)
    status, measured = _full(report)
    assert status is Status.PASS, measured


def test_a_page_ending_early_before_a_figure_that_would_have_fitted_fails(
    tmp_path: Path, pool: ConverterPool
) -> None:
    source = _notice(tmp_path, "small", 14, 30)
    document = docx.Document(str(source))
    (holder,) = [p for p in document.paragraphs if p._p.xpath(".//w:drawing")]
    holder.paragraph_format.page_break_before = True  # a hand-made break: 30 mm would fit under page 3's text
    document.save(str(source))
    report = _checked(pool, source)
    status, measured = _full(report)
    assert status is Status.FAIL, measured
    assert measured == "第 3 页：13 行"  # page 3 ends early; the 30 mm figure heads page 4


def test_the_progress_report_with_its_chart_fills_its_pages(tmp_path: Path, pool: ConverterPool) -> None:
    # outsider defect 3: page 2 held 18 lines and the chart that did not fit went to page 3
    from click.testing import CliRunner

    from docgen.cli import main_group

    pools = ROOT / "samples" / "progress"
    target = tmp_path / "通报.docx"
    done = CliRunner().invoke(main_group, [
        "--register", str(tmp_path / "r.sqlite"), "progress", str(pools / "项目库-2020-10-16.xlsx"),
        "--targets", str(pools / "目标.yaml"), "--as-of", "2020-10-16", "--letterhead", "zhangzi-zdxmb",
        "-o", str(target),
    ])
    assert done.exit_code == 0, done.output
    status, measured = _full(_checked(pool, target))
    assert status is Status.PASS, measured
