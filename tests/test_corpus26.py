"""Defects corpus26 found running the notice corpus on fresh seeds (2612–2615): inputs kept in
tests/fixtures/corpus26/."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.check.pdf_pages import text_lines
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Judge, Status
from docgen.layout import lay_out
from docgen.layout.placed import ParagraphBlock, Role, TableBlock
from docgen.notices import compose_notice_file, render_notice_file
from docgen.run_resources import RunResources

CASES = Path(__file__).resolve().parent / "fixtures" / "corpus26"
HEADING_LANDSCAPE = CASES / "heading-landscape.md"


def _sections(source: Path) -> list[tuple[str, list[object]]]:
    placed = lay_out(compose_notice_file(source, RunResources()))
    return [(s.page.orientation.name, list(s.blocks)) for s in placed.sections]


def _text(block: object) -> str:
    assert isinstance(block, ParagraphBlock)
    return "".join(getattr(run, "text", "") for run in block.runs)


def test_a_heading_opening_a_landscape_table_goes_on_its_landscape_page() -> None:
    """n2615-028: 「（三）准备部署阶段（……）」 then a table too wide for portrait: the heading stayed
    at the foot of the portrait page and its table opened the landscape page after it
    (headings.kept.pdf).  The heading opens the landscape section now; the （二） before it, a
    heading with its text run in, stays in portrait."""
    [(first, before), (turned, landscape), (last, _after)] = _sections(HEADING_LANDSCAPE)
    assert (first, turned, last) == ("PORTRAIT", "LANDSCAPE", "PORTRAIT")
    heading, table = landscape[:2]
    assert isinstance(heading, ParagraphBlock)
    assert heading.role is Role.HEADING_2
    assert _text(heading).startswith("（三）准备部署阶段")
    assert isinstance(table, TableBlock)
    assert _text(before[-1]).startswith("（二）实行清单管理。")


def test_headings_in_a_row_go_with_the_landscape_table(tmp_path: Path) -> None:
    """一、 then （一） then the table: both headings open the landscape page; the paragraph before
    them stays in portrait."""
    text = HEADING_LANDSCAPE.read_text(encoding="utf-8")
    start, end = text.index("# 总体要求"), text.index("## 准备部署阶段")
    source = tmp_path / "n.md"
    source.write_text(text[:start] + "各单位要高度重视。\n# 总体要求\n" + text[end:], encoding="utf-8")
    [(_p, before), (turned, landscape), _rest] = _sections(source)
    assert turned == "LANDSCAPE"
    assert [b.role for b in landscape[:2]] == [Role.HEADING_1, Role.HEADING_2]  # type: ignore[attr-defined]
    assert isinstance(landscape[2], TableBlock)
    assert _text(before[-1]) == "各单位要高度重视。"


def _judged(pages: list[Page]) -> Status:
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True, double_sided=True)
    [finding] = [f for f in judge.findings if f.rule.id == "headings.kept.pdf"]
    return finding.status


def _table_page_start(pages: list[Page]) -> str:
    [page] = [p for p in pages if p.landscape]
    return "".join(line.text for line in text_lines(page))[:9]


def test_libreoffice_sets_the_heading_over_its_table(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    docx, pdf = tmp_path / "n.docx", tmp_path / "n.pdf"
    docx.write_bytes(render_notice_file(HEADING_LANDSCAPE, RunResources()).data)
    (outcome,) = request.getfixturevalue("pool").convert([(docx, pdf)])
    assert outcome.error is None
    pages = measure(pdf)
    assert _table_page_start(pages) == "（三）准备部署阶段"
    assert _judged(pages) is not Status.FAIL


def test_typst_sets_the_heading_over_its_table(tmp_path: Path) -> None:
    from docgen.emit.typst.compile import render_pdf

    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(render_pdf(compose_notice_file(HEADING_LANDSCAPE, RunResources())).pdf)
    pages = measure(pdf)
    assert _table_page_start(pages) == "（三）准备部署阶段"
    assert _judged(pages) is not Status.FAIL


def test_a_row_s_start_at_a_page_s_foot_is_read_with_its_rest(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """n2615-040 (corpus seed 2615): 附件1's 备注 column is 2 字 wide; 「市重点项目」 breaks 市重|点项|目
    (重点项目 is wider than the column: the layout's last resort, preview names it).  Row 4 starts
    at page 5's foot, 「市重|点项」, and goes on with 「目」 on page 6: read alone it split 重点, which
    fits (tables.words.pdf failed), read with its rest it splits 重点项目, as row 1 on one page."""
    import sys

    from conftest import ROOT

    from docgen.check.pdf_cells import cells
    from docgen.check.pdf_cellwords import _continued, _key, _rooms, _text, split_words
    from docgen.check.pdf_rules import without_watermark
    from docgen.preview import preview

    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    from generate import generate

    request.getfixturevalue("pool")  # LibreOffice, as preview uses it
    generate(2615, 41, tmp_path)  # deterministic: n2615-040 as in a run of 100
    source, target = tmp_path / "n2615-040.md", tmp_path / "n2615-040.pdf"
    report = preview([(source, target)], RunResources(), watermark=False, workers=1)
    assert not report.failed, report.failed
    (result,) = report.results
    assert any("重点项目" in warning for warning in result.warnings), result.warnings
    pages = without_watermark(measure(target))
    by_page = [cells(page) for page in pages]
    rooms = _rooms([cell for found in by_page for cell in found])
    alone, whole = [], []
    for index in range(len(by_page) - 1):
        for first, last in _continued(by_page[index + 1], by_page[index]).items():
            text, widths, ends = _text(last)
            split = split_words(text, widths, ends, rooms[_key(last)])
            if not split:
                continue
            alone.append((last.page, text, {e: w for e, (w, _width) in split.items()}))
            [rest] = [c for c in by_page[index + 1] if id(c) == first]
            tail, tail_widths, _ends = _text(rest)
            whole.append(split_words(text + tail, [*widths, *tail_widths], list(split), rooms[_key(last)]))
    assert alone == [(5, "市重点项", {2: "重点"})]
    assert whole == [{}]
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True, double_sided=True)
    [finding] = [f for f in judge.findings if f.rule.id == "tables.words.pdf"]
    assert finding.status is Status.PASS, finding.measured


def test_table_rows_are_not_the_running_text(tmp_path: Path) -> None:
    """n2617-016 (corpus seed 2617): two 5-column tables, 146 rows of 五号 whose 项目名称 starts
    11.0 mm into the type area — two 字 of 三号 (11.3 mm) within 0.6 mm — against 36 lines of body
    text.  grid.chars.pdf took 五号 for the running text's size and judged table rows as 29–34 字
    lines (failed under both engines); rows crossed by a table's rules are left out of that count."""
    import sys

    from conftest import ROOT

    from docgen.check.pdf_chars import _sequence, running_size
    from docgen.check.pdf_rules import without_watermark
    from docgen.emit.typst.compile import render_pdf

    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    from generate import generate

    generate(2617, 17, tmp_path)  # deterministic: n2617-016 as in a run of 100
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(render_pdf(compose_notice_file(tmp_path / "n2617-016.md", RunResources())).pdf)
    pages = without_watermark(measure(pdf))
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True, double_sided=True)
    [finding] = [f for f in judge.findings if f.rule.id == "grid.chars.pdf"]
    assert finding.status is Status.PASS, finding.measured
    lines = _sequence(pages, 0)
    assert running_size(lines) == 16.0
    assert sum(getattr(p, "ruled", False) and abs(p.line.size - 10.5) < 0.3 for p in lines) > 100


def _n2618_059(folder: Path) -> Path:
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    from generate import generate

    generate(2618, 60, folder)  # deterministic: n2618-059 as in a run of 100
    return folder / "n2618-059.md"


def test_a_kept_heading_over_a_table_that_does_not_fit_breaks_the_page(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """n2618-059 (corpus seed 2618): 「（一）集中攻坚阶段」 at page 2's foot, kept with a table whose
    header fitted under it (2 twips over) and whose first row did not.  LibreOffice kept the heading
    with the header alone, drew the header and the first row's first line at the page's foot
    (263 mm) and printed none of the six rows (text.lost, page.margins.pdf).  The heading now breaks
    the page: it, the header and every row open page 3, under LibreOffice as under Typst."""
    from docgen.emit.typst.compile import render_pdf

    source = _n2618_059(tmp_path)
    docx, pdf = tmp_path / "n.docx", tmp_path / "n.pdf"
    docx.write_bytes(render_notice_file(source, RunResources()).data)
    (outcome,) = request.getfixturevalue("pool").convert([(docx, pdf)])
    assert outcome.error is None
    typst = tmp_path / "t.pdf"
    typst.write_bytes(render_pdf(compose_notice_file(source, RunResources())).pdf)
    for made in (pdf, typst):
        pages = measure(made)
        third = "".join(line.text for line in text_lines(pages[2])).replace(" ", "")
        assert third.startswith("（一）集中攻坚阶段"), third[:20]
        for name in ("城乡供水一体化一期", "灵宝市城区集中供热", "5G基站建设建设项目"):
            assert name in third, (made.name, name)
        judge = Judge([])
        check_pdf(pages, judge, text_rules=True, double_sided=True)
        failed = [f.rule.id for f in judge.findings if f.status is Status.FAIL]
        assert "page.margins.pdf" not in failed, failed
    placed = lay_out(compose_notice_file(source, RunResources()))
    [heading] = [
        b
        for s in placed.sections
        for b in s.blocks
        if isinstance(b, ParagraphBlock) and _text(b).startswith("（一）集中攻坚阶段")
    ]
    assert heading.page_break_before
