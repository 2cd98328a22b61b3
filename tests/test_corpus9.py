"""Defects found by corpus9 (tests/fixtures/corpus9/DEFECTS.md): the corpus generator run with seeds
no test uses (202, 303) and a second generator of shapes it never makes (tests/fixtures/corpus9/gen9.py).

Each test makes ONE small notice of tests/fixtures/corpus9/cases/ through the real pipeline
(``docgen.preview.preview``, Typst: no LibreOffice needed, every defect here is the same with both
engines unless said) and asserts what issue 14's Done-when asks; each is expected to fail until its
defect is fixed (``xfail(strict=True)``: a fix makes it pass, and strict makes that a failure, so the
marker is removed with the fix).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "corpus9" / "cases"
sys.path.insert(0, str(ROOT / "tests"))

from test_corpus import measure_notice  # noqa: E402

from docgen.check.pdf_read import measure  # noqa: E402
from docgen.check.pdf_rules import check_pdf, without_watermark  # noqa: E402
from docgen.check.rules import Finding, Judge, Status  # noqa: E402


def typeset(name: str, folder: Path) -> Path:
    """Return the PDF Typst makes of case ``name`` (the real preview pipeline, no watermark)."""
    from docgen.preview import Engine, preview
    from docgen.run_resources import RunResources

    pdf = folder / f"{name}.pdf"
    report = preview([(CASES / f"{name}.md", pdf)], RunResources(), watermark=False, workers=1, engine=Engine.TYPST)
    assert not report.failed, report.failed
    return pdf


def failed_rules(pdf: Path, double_sided: bool) -> dict[str, str]:
    """Return {rule id: measured} of the rules ``docgen check`` fails on ``pdf``."""
    findings: list[Finding] = []
    check_pdf(without_watermark(measure(pdf)), Judge(findings), text_rules=True, double_sided=double_sided)
    return {f.rule.id: f.measured for f in findings if f.status is Status.FAIL}


def test_one_column_table_keeps_every_row(tmp_path: Path) -> None:
    """A .csv attachment of one column (项目名称 and 4 names) prints its header and all 4 rows (fixed:
    load/attachment_table.office_table took every row with one filled cell for a title row above
    the table and dropped all but the last, silently; a one-cell title row needs a 2+ column table)."""
    import pdfplumber

    pdf = typeset("one-column", tmp_path)
    with pdfplumber.open(pdf) as document:
        text = "".join("".join((page.extract_text() or "").split()) for page in document.pages)
    rows = (CASES / "attachments" / "one-column.csv").read_text(encoding="utf-8").split()
    assert [row for row in rows if row not in text] == []


def test_page_before_a_heading_and_the_closing_is_full(tmp_path: Path) -> None:
    """n202-024 (seed 202): a last 一、 heading with only the contact line under it, then the closing;
    page 3 ends at 18 lines (pages.full.pdf) with LibreOffice and Typst alike: layout/closing.py
    carries the heading, the contact line and the closing over and cannot fill the page they leave
    (its text there is 2 paragraphs: the spacing would exceed MAX_GAP), nor carry the last lines
    of the paragraph before the heading with them."""
    pdf = typeset("short-page", tmp_path)
    assert "pages.full.pdf" not in failed_rules(pdf, double_sided=True)


def test_short_notice_spaced_down_passes_grid_lines(tmp_path: Path) -> None:
    """A one-page body whose closing cannot follow its last line: layout/closing.py spaces page 1
    down (7.3.5.5 allows 行距 to be adjusted, closing.py's "filled"), and docgen check's
    grid.lines.pdf, measuring the fullest page, calls the document's grid 9 lines at 14.11 mm — the
    check judging the one page 7.3.5.5 lets differ (both engines)."""
    pdf = typeset("filled-page", tmp_path)
    failed = failed_rules(pdf, double_sided=False)
    assert "grid.lines.pdf" not in failed, failed.get("grid.lines.pdf")


def test_typst_line_holds_at_most_28_zi(tmp_path: Path) -> None:
    """Typst sets 「2.省级以上重点项目120个，完成投资111.11亿元，同比增长」 on one line: 28.5 字 as the
    issue counts them (a half-width character ½), 28.0 by the glyphs' advances; LibreOffice and the
    layout's estimate end it before 「长」 (n202-001 page 4: grid.chars.pdf fails on Typst's PDF only)."""
    pdf = typeset("typst-line", tmp_path)
    measured = measure_notice("typst-line", str(pdf), False)
    assert [d for d in measured.defects if d.kind == "grid.chars.pdf"] == []


def test_libreoffice_splits_a_run_in_item_at_the_page_foot(tmp_path: Path) -> None:
    """n303-028 (seed 303): LibreOffice ended page 3 at 21 lines and started page 4 with the whole
    two-line run-in item 「（2）加快5G基站、充电桩等新型基础设施建设，全年新建5G基站89个；」, which
    Typst splits (22 lines, 14 pages against LibreOffice's 15); the .docx gives the paragraph no
    keep (GwHeading4, widowControl 0).  Fixed: the .odt copy uno_worker.paginate_afresh reloads
    said 105 paragraphs on 15 pages, and Writer began a page every 7 (forget_statistics); the
    pages are now those of the layout (pages.full.pdf no longer excuses the page either:
    check/pdf_pages._leading_headings, tests/test_runin10.py)."""
    from docgen.check.pdf_pages import lines_used, text_lines
    from docgen.convert.oneshot import soffice_path
    from docgen.preview import Engine, preview
    from docgen.run_resources import RunResources

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh)")
    pdf = tmp_path / "runin-split.pdf"
    report = preview(
        [(CASES / "runin-split.md", pdf)], RunResources(), watermark=False, workers=1, engine=Engine.LIBREOFFICE
    )
    assert not report.failed, report.failed
    pages = without_watermark(measure(pdf))
    assert len(pages) == 14  # the layout's estimate and Typst's (15 when page 3 and 11 ended short)
    # each item's first line ends a full page (page 3; 10, the old page 11, in the shorter run)
    for item in ("（2）加快5G基站", "（二）做好信息报送"):
        (page,) = [page for page in pages if text_lines(page) and text_lines(page)[-1].text.startswith(item)]
        assert lines_used(page, text_lines(page)[-1]) == 22, item
    assert text_lines(pages[3])[0].text.startswith("5G基站89个")
    assert "pages.full.pdf" not in failed_rules(pdf, double_sided=False)


def test_typst_breaks_a_long_url_filling_its_lines(tmp_path: Path) -> None:
    """A URL longer than a line (80 characters, 填报 links are common): Typst breaks it only at its
    「.」 and 「?」, so one line holds 「html?」 alone (3 字, grid.chars.pdf); LibreOffice fills each
    line and breaks inside the URL (no defect).  In a notice with a long 主送 page 1 ended a line
    short too (pages.full.pdf).  docgen/emit/typst/markup.py: the URL's break opportunities."""
    pdf = typeset("long-url", tmp_path)
    measured = measure_notice("long-url", str(pdf), False)
    assert [d for d in measured.defects if d.kind == "grid.chars.pdf"] == []
