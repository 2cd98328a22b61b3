"""forms10: defects found by running 纪要, 信函, 命令, 督办通知书 and 排名通报 made by an office user's hand
(tests/fixtures/forms10/gen10.py, ledgers10.py; DEFECTS.md) through the real pipeline and ``docgen check``.

Each test holds one small input from the run and fails today (xfail strict, DEFECTS.md #N): it passes,
and must be unmarked, once the defect is mended."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docgen.check.formats import judge_format_pdf
from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import check_pdf, without_watermark
from docgen.check.rules import Finding, Judge, Status
from docgen.preview import Engine, preview
from docgen.run_resources import RunResources

HERE = Path(__file__).resolve().parent / "fixtures" / "forms10"


def _failed(source: str, tmp_path: Path, engine: Engine) -> dict[str, str]:
    """Return the rules ``docgen check`` fails on the PDF ``engine`` makes of the fixture ``source``
    (rule id → what it measured), double-sided as the sources are."""
    pdf = tmp_path / f"{Path(source).stem}.pdf"
    report = preview([(HERE / source, pdf)], RunResources(), watermark=False, workers=1, engine=engine)
    assert not report.failed, report.failed
    pages = without_watermark(measure(pdf))
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True, double_sided=True)
    judge_format_pdf(pages, findings, text_rules=True, double_sided=True)
    return {f.rule.id: f.measured for f in findings if f.status is Status.FAIL}


def _libreoffice() -> None:
    from docgen.convert.oneshot import soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh)")


def test_a_two_page_letter_keeps_its_imprint_on_page_two_in_libreoffice(tmp_path: Path) -> None:
    """gen10 seed 11 letter 03: Typst prints the 函 on 2 pages, 抄送 at the foot of page 2; LibreOffice
    prints 4: page 3 blank, 抄送 alone on page 4 (pages.blank.pdf: 版记高 5 mm，第 2 页尚余 11 mm)."""
    _libreoffice()
    failed = _failed("函-空白页.md", tmp_path, Engine.LIBREOFFICE)
    assert "pages.blank.pdf" not in failed, failed


def test_a_letter_whose_one_body_page_is_compressed_passes_grid_lines(tmp_path: Path) -> None:
    """gen10 seed 10 letter 00: the closing is kept on the 信函's only body page by a smaller 行距
    (7.3.5.5, layout/closing.py: 493 twips), the 版记 alone on page 2; check measures that page's
    pitch as the grid's (8.64 mm) and fails grid.lines.pdf on docgen's own 函, both engines."""
    failed = _failed("函-压缩行距.md", tmp_path, Engine.TYPST)
    assert "grid.lines.pdf" not in failed, failed


def test_a_minutes_page_before_its_attendance_is_full(tmp_path: Path) -> None:
    """gen10 seed 10 minutes 10: page 2 ends on line 21, its 22nd the empty line 10.3 puts before
    出席 on page 3 (once 18 lines, the last 议定事项 kept with 出席; forms10fix): pages.full.pdf failed
    “第 2 页：21 行” until it knew that line (pages10)."""
    failed = _failed("纪要-页末空行.md", tmp_path, Engine.TYPST)
    assert "pages.full.pdf" not in failed, failed


def test_attendance_names_wrap_under_the_first_name_in_libreoffice(tmp_path: Path) -> None:
    """gen10 seed 10 minutes 09: a 出席 list of 40 names (with ·): LibreOffice justifies the first line
    and the first name starts at 57.1 mm while the lines under it start at 55.8 mm (10.3: 回行时与冒号
    后的首字对齐); Typst's PDF passes."""
    _libreoffice()
    failed = _failed("纪要-出席回行.md", tmp_path, Engine.LIBREOFFICE)
    assert "minutes.attendance.pdf" not in failed, failed


def test_a_refused_row_does_not_make_a_right_total_row_wrong(tmp_path: Path) -> None:
    """ledgers10.projects(negative=True): one row's 1-5月完成投资 is -120 (refused, rightly); the 合计
    row, which counts it, is then reported as not the sum of the rows (run_ledgers10, seed 12: 95202.81
    against 95322.81 万元): two messages for one mistake, the second sending the clerk to a right 合计."""
    sys.path.insert(0, str(HERE))
    from ledgers10 import projects

    from docgen.load.projects import load_projects

    ledger = projects(tmp_path / "台账-负数.xlsx", 10, "万元", negative=True)
    _, problems = load_projects(ledger, 2025, 5)
    said = [str(p) for p in problems]
    assert any("负数" in p for p in said), said
    assert not any("合计行" in p for p in said), said


def test_a_signer_written_in_a_letter_is_printed_or_warned_of() -> None:
    """gen10 seed 10 letter 02 writes ``签发人: 刘春生`` (as a 上行文 notice would): the 函 neither prints it
    nor says that it was left out (no warning, not in the .docx)."""
    import io
    import zipfile

    from docgen.emit.docx.emit import emit_docx
    from docgen.layout import lay_out
    from docgen.notices import compose_source

    resources = RunResources()
    doc, remarks = compose_source(HERE / "函-签发人.md", resources)
    docx = emit_docx(lay_out(doc), resources.template)
    printed = "刘春生" in zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    warned = any("签发人" in r.text for r in remarks)
    assert printed or warned, [r.text for r in remarks]
