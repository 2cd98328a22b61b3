"""The Typst engine's pages: landscape tables (ch. 8), the 版记's even page, forms' row heights, and
every character of the layout on the pages — on the samples and on notices of the layout corpus.

Real Typst, real PDFs measured by ``docgen check``'s own reader and rules; no LibreOffice.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest
from conftest import ROOT, sample_paths
from typst_helpers import text_difference

from docgen import standard as S
from docgen.check.pdf_pages import find_imprint, is_page_number
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Judge, Status
from docgen.emit.typst.compile import render_pdf
from docgen.layout.placed import PlacedDocument
from docgen.model import Attachment, Document, Table
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(ROOT / "tests" / "corpus"))
from generate import generate  # noqa: E402

# Notices of the corpus (seed 14) that show each case: 3 a joint mark (联合行文) wider than the
# type area, centred over it; 4 a two-page landscape table, 9 five landscape pages, 11 ends on a
# full even page (its 版记 after a blank page), 7 and 15 have the 版记 after landscape pages.
CORPUS = (3, 4, 7, 9, 11, 15)
# What the Typst engine does not yet meet; every other measured rule must pass.  None left:
# sanmenxia, 9 and 11 (pages left short with the 署名) pass since the 7.3.5.5 closing
# (layout/closing.py).
KNOWN: dict[str, set[str]] = {}


@dataclasses.dataclass(frozen=True)
class Made:
    name: str
    doc: Document
    placed: PlacedDocument
    pages: list[Page]


def _make(folder: Path, name: str, doc: Document) -> Made:
    result = render_pdf(doc)
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(result.pdf)
    return Made(name, doc, result.placed, measure(pdf))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Made]:
    folder = tmp_path_factory.mktemp("typst-pages")
    generate(14, max(CORPUS) + 1, folder / "corpus")
    resources = RunResources()
    sources = [*sample_paths(), *(folder / "corpus" / f"n14-{i:03d}.md" for i in CORPUS)]
    return {s.stem: _make(folder, s.stem, compose_notice_file(s, resources)) for s in sources}


def _failed(made: Made) -> set[str]:
    judge = Judge([])
    check_pdf(made.pages, judge, text_rules=True, double_sided=made.doc.double_sided)
    return {f.rule.id for f in judge.findings if f.status is Status.FAIL}


def test_docgen_check_passes(made: dict[str, Made]) -> None:
    """Every measured rule of ``docgen check`` passes on samples and corpus notices, page_numbers.landscape included."""
    failed = {item.name: _failed(item) for item in made.values()}
    assert {name: rules for name, rules in failed.items() if rules} == KNOWN


def test_every_character_of_the_layout_is_on_the_pages(made: dict[str, Made]) -> None:
    """The PDF's characters are the layout's, one for one (a table's repeated header rows aside)."""
    for item in made.values():
        missing, extra = text_difference(item.placed, item.pages)
        assert not missing, (item.name, missing)
        assert not extra, (item.name, extra)


def test_landscape_pages_keep_the_portrait_page_number_place(made: dict[str, Made]) -> None:
    """ch. 8: on a landscape page the number is turned, left of the type area, odd at its bottom end, even at its top."""
    seen = 0
    for item in made.values():
        for page in item.pages:
            if not page.landscape:
                continue
            seen += 1
            (number,) = [v for v in page.vertical if v.text.strip() == f"— {page.number} —"]
            assert not number.upward
            assert number.x1 == pytest.approx(S.MARGIN_BOTTOM_MM - S.PAGE_NUMBER_BELOW_TYPE_AREA_MM, abs=0.5)
            one = S.PAGE_NUMBER_PT * 25.4 / 72
            if page.number % 2:
                assert number.bottom == pytest.approx(S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM - one, abs=0.5)
            else:
                assert number.top == pytest.approx(S.MARGIN_LEFT_MM + one, abs=0.5)
            assert not any(is_page_number(line) for line in page.lines), (item.name, page.number)
    assert seen >= 6  # landscape pages seen (9 on seed 14 since tables are sized from their content)


def test_a_landscape_table_repeats_its_header_on_every_page(made: dict[str, Made]) -> None:
    """A table running over landscape pages starts each with its header row."""
    item = made["n14-009"]
    landscape = [p for p in item.pages if p.landscape]
    assert len(landscape) >= 2
    for page in landscape:
        lines = sorted(page.lines, key=lambda line: line.em_top)
        assert any("序号" in line.text for line in lines[:6]), page.number  # after 附件N and title


def test_imprint_on_the_last_page_which_is_even(made: dict[str, Made]) -> None:
    """7.4.1, 7.5: Typst puts the 版记 where the text ends, on an even page when printed on both
    sides (n14-003 is one-sided: 9 pages), with no second run."""
    for item in made.values():
        imprint = find_imprint(item.pages)
        assert imprint is not None, item.name
        assert imprint.page.number == len(item.pages), item.name
        assert len(item.pages) % 2 == 0 or not item.doc.double_sided, item.name
        assert not imprint.page.landscape


def test_blank_page_before_the_imprint_and_neither_numbered(made: dict[str, Made]) -> None:
    """7.5: the last page full and even: a blank page, then the 版记's page, neither numbered."""
    pages = made["n14-011"].pages
    blank, last = pages[-2], pages[-1]
    assert not blank.lines
    assert not blank.rules
    assert not any(is_page_number(line) for line in last.lines)
    assert any(is_page_number(line) for line in pages[-3].lines)


def test_a_forms_rows_keep_their_writing_room(tmp_path: Path) -> None:
    """A form's row is at least its given lines high (the 督办 reply form's 4 lines for 解决办法)."""
    doc = compose_notice_file(sample_paths()[0], RunResources())
    rows = (("督办编号", "1"), ("解决办法", ""), ("责任人", ""))
    form = Table(rows=rows, header_rows=0, widths=(5, 11), min_lines=(1, 4, 1))
    doc = dataclasses.replace(doc, attachments=(Attachment("附件", "挂牌督办回执", (form,)),))
    item = _make(tmp_path, "form", doc)
    page = next(p for p in item.pages if any("解决办法" in line.text for line in p.lines))
    across = sorted({round(r.top, 1) for r in page.rules if r.length > 100 and r.top < 260})
    heights = [b - a for a, b in zip(across, across[1:], strict=False)]
    line_mm = S.TABLE_LINE / S.TWIPS_PER_MM
    assert heights[1] >= 4 * line_mm - 0.3
    assert heights[0] < 2 * line_mm
    assert heights[2] < 2 * line_mm


def test_preview_watermark_and_metadata_drawn_by_typst(tmp_path: Path) -> None:
    """A preview's 样稿 is on every page, drawn by Typst (large, turned); check reads past it; the
    PDF says its title, number and organ without a pass through pypdf."""
    from pypdf import PdfReader

    from docgen.preview import preview
    from docgen.publish.pipeline import Engine

    source = sample_paths()[0]
    target = tmp_path / "out.pdf"
    report = preview([(source, target)], RunResources(), engine=Engine.TYPST)
    assert not report.failed
    pages = measure(target)
    for page in pages:
        marks = [line for line in page.lines if line.text in ("样", "稿")]
        assert sorted(line.text for line in marks) == ["样", "稿"], page.number
        assert all(line.size > 60 for line in marks)
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True)
    assert not [f.rule.id for f in judge.findings if f.status is Status.FAIL]
    doc = compose_notice_file(source, RunResources())
    info = PdfReader(target).metadata
    assert info is not None
    assert info.title == doc.title.replace("\n", "")
    assert doc.header.number is not None
    assert info.subject == doc.header.number.text()
    assert info.author == "、".join(doc.signature.organs)


def test_the_number_line_keeps_the_layouts_distance_below_the_mark(made: dict[str, Made]) -> None:
    """7.2.5: the 发文字号 two lines below the mark; the mark's em box at 72 mm but its line box where
    LibreOffice's is (the calibration is inside the line, not above it): the number's em top is
    the mark's em bottom + the calibration + two 28.95 pt lines + the half-leading of its own line."""
    for name in ("henan-2020-4", "n14-003"):
        lines = made[name].pages[0].lines
        marks = [line for line in lines if line.size > S.BODY_PT + 1 and line.em_top < 100]
        number = next(line for line in lines if "〔" in line.text and line.em_top > marks[-1].em_top)
        pitch = S.LINE_PITCH / S.TWIPS_PER_MM
        calibration = (S.MARK_SPACE_BEFORE - S.mm(S.MARK_TOP_BELOW_TYPE_AREA_MM)) / S.TWIPS_PER_MM
        half_leading = (pitch - S.BODY_PT * 25.4 / 72) / 2
        expected = marks[-1].em_bottom + calibration + 2 * pitch + half_leading
        assert number.em_top == pytest.approx(expected, abs=0.3), name


def test_issue_with_typst_records_the_pdf_typst_made(tmp_path: Path) -> None:
    """``issue --engine typst``: the number taken, the .docx and Typst's PDF written and recorded with
    their hashes, no 样稿 on an issued PDF, the number and title in its metadata."""
    from conftest import MINIMAL_FRONT
    from pypdf import PdfReader

    from docgen.issue import issue_notice
    from docgen.publish.pipeline import Engine
    from docgen.register import Register, sha256_file

    front = MINIMAL_FRONT.replace("伊重点项目办〔2020〕13号", "auto").strip()
    source = tmp_path / "notice.md"
    source.write_text(f"---\n{front}\n---\n" + "正文段落，说明工作要求。" * 40 + "\n", encoding="utf-8")
    with Register.open(tmp_path / "r.sqlite") as reg:
        result = issue_notice(
            source, "王建国", RunResources(), reg, out_dir=tmp_path / "out", engine=Engine.TYPST
        )
        (row,) = reg.rows()
        assert reg.check() == []
    assert result.pdf is not None
    reader = PdfReader(result.pdf)
    assert reader.metadata is not None
    assert reader.metadata.get("/Creator", "").startswith("Typst")
    assert reader.metadata.subject == result.number
    pages = measure(result.pdf)
    assert not any(line.text in ("样", "稿") for page in pages for line in page.lines)
    assert len(pages) == result.pages
    assert len(pages) % 2 == 0
    recorded = {Path(o["path"]).name: o["sha256"] for o in row.outputs}
    assert recorded == {p.name: sha256_file(p) for p in (result.docx, result.pdf)}


def test_a_later_even_page_round_typesets_the_placement_it_asks_for() -> None:
    """The pipeline's first Typst pass lets Typst place the 版记 (laid out at the bottom); a later
    round of the even-page sequence typesets the placement it asks for (here: a new page)."""
    from docgen.layout import Placement, lay_out
    from docgen.publish.pipeline import Engine, Publication, Published, _typeset, page_count

    doc = compose_notice_file(sample_paths()[2], RunResources())  # 4 pages, the 版记 on the last
    item = Publication(doc, None, Path("x.pdf"), engine=Engine.TYPST, watermark=False)
    asked = Published(item, placed=lay_out(doc, Placement.NEW_PAGE))
    own = Published(item, placed=lay_out(doc, Placement.NEW_PAGE))
    _typeset([asked])
    _typeset([own], own_tail=True)
    assert page_count(own.pdf_data) == 4
    assert (
        page_count(asked.pdf_data) == 5
    )  # the 版记 alone on a page after the text (not even: the round's check)
