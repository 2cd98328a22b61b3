"""docgen check's tables.words.pdf: a word split across a table cell's lines although it fits its
column (issue 14 Build 4 and Done-when "check catches each defect, reproduced on purpose";
docgen/check/pdf_cellwords.py).

Real documents: the 督查通报 of tests/fixtures/outsider13 (``supervise --overdue``), whose 项目名称
cell LibreOffice once set 「长子县农产品冷|链物流园项目」 (outsider13 DEFECTS), typeset by LibreOffice
and by Typst; the same .docx with Word's default cell margins (108 twips, the layout counts 57) to
reproduce that break on purpose; corpus seed 14's n14-037, whose row continued on page 10 reads
「然资|源局」 alone (资源 fits) and 「县自然资源局」 in full (自然资源, wider than its column, breaks).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from docgen.check.pdf_cells import cells
from docgen.check.pdf_cellwords import _continued, _key, _rooms, _text, split_words
from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import check_pdf, without_watermark
from docgen.check.rules import Finding, Judge, Status
from docgen.cli import main_group
from docgen.convert.pool import ConverterPool

OUTSIDER = ROOT / "tests" / "fixtures" / "outsider13"
NAME = "长子县农产品冷链物流园项目"


def test_a_line_end_inside_a_word_that_fits_is_found_and_one_between_words_is_not() -> None:
    widths = [3.7] * len(NAME)  # 五号: 3.7 mm a 字
    room = 8 * 3.7 + 0.3  # 8 字 and a little
    assert split_words(NAME, widths, [7], room) == {7: ("冷链", pytest.approx(7.4))}  # 冷|链
    assert split_words(NAME, widths, [8], room) == {}  # 冷链|物流园
    assert split_words(NAME, widths, [7], 1.9 * 3.7) == {}  # a column narrower than 冷链: it may break
    # what may not break off the word counts with it: 「施工，」 is wider than 施工
    text = "主体施工，为认真"
    assert split_words(text, [3.7] * len(text), [3], 2.5 * 3.7) == {}
    assert split_words(text, [3.7] * len(text), [3], 3.2 * 3.7) == {3: ("施工", pytest.approx(11.1))}


def _findings(pdf: Path) -> dict[str, Finding]:
    found: list[Finding] = []
    check_pdf(without_watermark(measure(pdf)), Judge(found), text_rules=True, double_sided=False)
    return {f.rule.id: f for f in found}


def _name_lines(pdf: Path) -> list[str]:
    """Return the lines of the 项目名称 cell that holds 长子县…, as the PDF sets them."""
    for page in without_watermark(measure(pdf)):
        for cell in cells(page):
            if "".join(line.text for line in cell.lines).replace(" ", "") == NAME:
                return [line.text.replace(" ", "") for line in cell.lines]
    raise AssertionError("no cell holds " + NAME)


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 督查通报 .docx that ``supervise --overdue`` makes after the notices (outsider13's run)."""
    folder = tmp_path_factory.mktemp("supervise")
    base = ["--register", str(folder / "r.sqlite"), "supervise", str(OUTSIDER / "督办台账.xlsx")]
    base += ["--letterhead", "zhangzi-zdxmb", "--out", str(folder / "o")]
    for extra in ([], ["--overdue", "--as-of", "2025-10-20"]):
        result = CliRunner().invoke(main_group, [*base, *extra])
        assert result.exit_code == 0, result.output
    (docx,) = (folder / "o").glob("*督查通报.docx")
    return docx


def test_libreoffice_keeps_the_name_whole_and_check_passes(
    report_docx: Path, pool: ConverterPool, tmp_path: Path
) -> None:
    (outcome,) = pool.convert([(report_docx, tmp_path / "r.pdf")])
    assert outcome.error is None, outcome.error
    assert _name_lines(outcome.target) == ["长子县农产品冷链", "物流园项目"]
    finding = _findings(outcome.target)["tables.words.pdf"]
    assert finding.status is Status.PASS, finding.measured
    assert re.match(r"\d+ ", finding.measured)


def _word_margins(docx: Path, target: Path) -> Path:
    """Return a copy of ``docx`` whose tables' cell margins are Word's default (108 twips) instead of
    the 57 the layout counted its lines in."""
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                wider = re.sub(
                    r'<w:(left|right) w:w="57" w:type="dxa"/>', r'<w:\1 w:w="108" w:type="dxa"/>', text
                )
                assert wider != text
                data = wider.encode("utf-8")
            out.writestr(item, data)
    return target


def test_check_catches_the_name_broken_inside_a_word_on_purpose(
    report_docx: Path, pool: ConverterPool, tmp_path: Path
) -> None:
    """Outsider13's picture reproduced: with 102 twips less room the held 「物流园」 no longer decides
    the line end, 「冷链」 (plain text) does not fit and LibreOffice ends the line after 冷."""
    docx = _word_margins(report_docx, tmp_path / "margins.docx")
    (outcome,) = pool.convert([(docx, tmp_path / "margins.pdf")])
    assert outcome.error is None, outcome.error
    assert _name_lines(outcome.target)[0] == "长子县农产品冷"
    finding = _findings(outcome.target)["tables.words.pdf"]
    assert finding.status is Status.FAIL
    assert "「冷链」" in finding.measured, finding.measured
    # (the table moves to page 2: its rows are taller than the layout counted them)
    assert re.search(r"第 \d+ 页第 2 行第 3 列", finding.where), finding.where
    # and docgen check of that .docx (docgen's: its app.xml says so) with this rendering fails it
    from docgen.check.run import check_files

    (report,) = check_files([docx], rendered={docx: outcome.target}, double_sided=False)
    (checked,) = [f for f in report.findings if f.rule.id == "tables.words.pdf"]
    assert checked.status is Status.FAIL, checked.measured
    assert "「冷链」" in checked.measured, checked.measured


def test_typst_keeps_the_name_whole_and_check_passes(tmp_path: Path) -> None:
    from docgen.emit.typst.compile import missing_fonts

    if missing_fonts():
        pytest.skip("the fonts Typst needs are not installed")
    base = ["--register", str(tmp_path / "r.sqlite"), "supervise", str(OUTSIDER / "督办台账.xlsx")]
    base += ["--letterhead", "zhangzi-zdxmb", "--out", str(tmp_path / "o")]
    for extra in ([], ["--overdue", "--as-of", "2025-10-20", "--pdf", "--engine", "typst"]):
        result = CliRunner().invoke(main_group, [*base, *extra])
        assert result.exit_code == 0, result.output
    (pdf,) = (tmp_path / "o").glob("*督查通报.pdf")
    assert _name_lines(pdf) == ["长子县农产品冷链", "物流园项目"]
    finding = _findings(pdf)["tables.words.pdf"]
    assert finding.status is Status.PASS, finding.measured


def test_a_row_continued_on_the_next_page_is_read_with_its_start(tmp_path: Path, pool: ConverterPool) -> None:
    """n14-037 (corpus seed 14): 「县自」 at page 9's foot, 「然资|源局」 on page 10.  Alone the page-10
    cell splits 资源, which fits its 2-字 column; read after page 9's it splits 自然资源, which does
    not (the layout breaks it and preview names it): no fault."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    from generate import generate

    from docgen.preview import preview
    from docgen.run_resources import RunResources

    generate(14, 38, tmp_path)  # deterministic: n14-037 as in a run of 60
    source, target = tmp_path / "n14-037.md", tmp_path / "n14-037.pdf"
    report = preview([(source, target)], RunResources(), watermark=False, workers=1)
    assert not report.failed, report.failed
    (result,) = report.results
    assert any("自然资源" in warning for warning in result.warnings), result.warnings
    pages = without_watermark(measure(target))
    by_page = [cells(page) for page in pages]
    rooms = _rooms([cell for found in by_page for cell in found])
    alone, both = [], []
    for index, found in enumerate(by_page):
        continued = _continued(found, by_page[index - 1]) if index else {}
        for cell in found:
            text, widths, ends = _text(cell)
            split = split_words(text, widths, ends, rooms[_key(cell)])
            if split and id(cell) in continued:
                alone.append((cell.page, text, split))
                head = _text(continued[id(cell)])
                both.append(
                    split_words(
                        head[0] + text,
                        [*head[1], *widths],
                        [len(head[0]) + e for e in split],
                        rooms[_key(cell)],
                    )
                )
    assert [(page, text, {e: w for e, (w, _width) in split.items()}) for page, text, split in alone] == [
        (10, "然资源局", {2: "资源"})
    ]
    assert [{e: w for e, (w, _width) in split.items()} for split in both] == [{}]
    finding = _findings(target)["tables.words.pdf"]
    assert finding.status is Status.PASS, finding.measured


def test_a_word_document_splitting_header_words_is_told_not_failed() -> None:
    """tests/fixtures/foreign's c03 (built as Word users build it, its LibreOffice PDF checked in):
    its header splits 「一季度完成投|资（万元）」 and 「是否入|库」, as Word and LibreOffice break Chinese
    anywhere and GB/T 9704 allows: not docgen's, so tables.words.pdf does not apply and says what it
    found; the same PDF judged as docgen's fails."""
    from docgen.check.pdf_cellwords import check_cell_words, docx_by_docgen, pdf_by_docgen
    from docgen.check.run import check_files

    docx = ROOT / "tests" / "fixtures" / "foreign" / "c03_notice_table_inline.docx"
    pdf = docx.with_suffix(".pdf")
    assert not docx_by_docgen(docx)
    assert not pdf_by_docgen(pdf)
    (report,) = check_files([docx], rendered={docx: pdf})
    (finding,) = [f for f in report.findings if f.rule.id == "tables.words.pdf"]
    assert finding.status is Status.NOT_APPLICABLE
    assert "「投资」" in finding.measured, finding.measured
    assert "「入库」" in finding.measured, finding.measured
    found: list[Finding] = []
    check_cell_words([cells(page) for page in without_watermark(measure(pdf))], Judge(found))
    assert [f.status for f in found] == [Status.FAIL]


def test_a_word_glued_to_a_date_counts_with_the_whole_date() -> None:
    """Corpus seed 1501 n1501-003: 「2026年1月14日|前将问」 in a column of 22.7 mm (五号, 3.7 mm a 字).
    The date (held whole: tables.tokens.pdf) with 前 is 28.1 mm, wider than the column, so the layout
    breaks 日|前 and says so; 「14日前」 alone (what a number is glued to) would fit and was reported."""
    text = "要于2026年1月14日前将问"
    widths = [1.9 if ch.isdigit() else 3.7 for ch in text]
    end = text.index("前")
    assert split_words(text, widths, [end], 22.7) == {}
    # in a column wide enough for the date and 前, the same break is a fault
    assert split_words(text, widths, [end], 40.0) == {end: ("日前", pytest.approx(28.1))}
