"""Positions measured on the PDF that LibreOffice 7.4 (the reference renderer) makes of our .docx.

All documents of this module are converted once, by one soffice process, at the start.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import MINIMAL_FRONT, sample_paths

from docgen import standard as S
from docgen.check.docx_read import load
from docgen.check.pdf_read import Line, Page, measure
from docgen.convert.oneshot import soffice_path
from docgen.convert.pool import ConverterPool
from docgen.notices import render_notice_file
from docgen.run_resources import RunResources

pytestmark = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice is not installed (scripts/setup.sh)"
)

PAGE_NUMBER_TOP = S.MARGIN_TOP_MM + S.TYPE_AREA_HEIGHT_MM + S.PAGE_NUMBER_BELOW_TYPE_AREA_MM  # 269 mm
TYPE_LEFT = S.MARGIN_LEFT_MM
TYPE_RIGHT = S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM
TYPE_BOTTOM = S.MARGIN_TOP_MM + S.TYPE_AREA_HEIGHT_MM
ONE_CHAR_14PT = 14 * 25.4 / 72


@dataclass(frozen=True)
class Rendered:
    """A document rendered and converted: its estimate and its measured pages."""

    name: str
    estimated_pages: int
    pages: list[Page]
    double_sided: bool
    blank_page: bool


LINE = "按照工作安排，各单位要落实责任，确保各项任务按期完成，形成工作合力。"


def _extra_sources(folder: Path) -> dict[str, str]:
    """Notices made for layout cases the samples do not reach."""
    sources = {
        "single-sided": MINIMAL_FRONT + "双面印刷: false\n",
    }
    # bodies ending near the bottom of page 2 (a blank page may be needed) and of page 3
    for count in (*range(12, 18), *range(24, 30)):
        sources[f"full-{count}"] = MINIMAL_FRONT
    sources["landscape"] = MINIMAL_FRONT
    return sources


def _landscape_body() -> str:
    """A body with a table too wide for the portrait page, long enough for three landscape pages."""
    head = "| " + " | ".join(f"第{i}列日期" for i in range(12)) + " |\n|" + "---|" * 12 + "\n"
    row = "| " + " | ".join(["2025年11月14日"] * 12) + " |\n"
    return "正文。\n\n" + head + row * 45 + "\n正文完。\n"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, pool: ConverterPool) -> dict[str, Rendered]:
    folder = tmp_path_factory.mktemp("pdf")
    jobs: list[tuple[str, Path, bool]] = [(p.stem, p, True) for p in sample_paths()]
    for name, front in _extra_sources(folder).items():
        body = "\n".join([LINE] * int(name.split("-")[1])) if name.startswith("full-") else "正文。"
        if name == "landscape":
            body = _landscape_body()
        source = folder / f"{name}.md"
        source.write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")
        jobs.append((name, source, "双面印刷: false" not in front))
    docx_files, estimates, blank = [], {}, {}
    for name, source, _double in jobs:
        result = render_notice_file(source, RunResources())
        target = folder / f"{name}.docx"
        target.write_bytes(result.data)
        docx_files.append(target)
        estimates[name] = result.pages
        blank[name] = len(load(result.data).sections) == 2  # the blank page and the 版记 page are a section
    outcomes = pool.convert([(d, folder / "pdf" / f"{d.stem}.pdf") for d in docx_files])
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    pdfs = [o.target for o in outcomes]
    return {
        name: Rendered(name, estimates[name], measure(pdf), double, blank[name])
        for (name, _source, double), pdf in zip(jobs, pdfs, strict=True)
    }


def test_page_count_matches_the_estimate(rendered: dict[str, Rendered]) -> None:
    for doc in rendered.values():
        assert len(doc.pages) == doc.estimated_pages, doc.name


def test_organ_mark_top_is_35_mm_below_the_type_area(rendered: dict[str, Rendered]) -> None:
    """7.2.4: the mark's em top 72 mm from the paper top (37 + 35), ±1 mm."""
    for doc in rendered.values():
        mark = max(doc.pages[0].lines, key=lambda line: line.size)
        assert mark.em_top == pytest.approx(S.MARGIN_TOP_MM + S.MARK_TOP_BELOW_TYPE_AREA_MM, abs=1), doc.name
        assert mark.x0 >= TYPE_LEFT - 0.5
        assert mark.x1 <= TYPE_RIGHT + 0.5


def test_red_rule_is_as_wide_as_the_type_area_and_4_mm_below_the_number(
    rendered: dict[str, Rendered],
) -> None:
    """7.2.7: the red rule 156 mm wide, 4 mm ±1 below the number's em bottom."""
    for doc in rendered.values():
        page = doc.pages[0]
        red = [r for r in page.rules if r.color[:3] == (1.0, 0.0, 0.0)]
        assert red, doc.name
        rule = red[0]
        assert rule.length == pytest.approx(S.TYPE_AREA_WIDTH_MM, abs=1)
        number = max(
            (line for line in page.lines if re.search(r"〔\d{4}〕", line.text)), key=lambda line: line.em_top
        )
        assert rule.top - number.em_bottom == pytest.approx(S.RULE_GAP_MM, abs=1), doc.name


def _page_number(page: Page) -> str | None:
    numbers = [line for line in page.lines if re.fullmatch(r"— ?\d+ ?—", line.text)]
    return numbers[0].text if numbers else None


def test_page_numbers_below_the_type_area_on_the_outer_side(rendered: dict[str, Rendered]) -> None:
    """7.5: "— N —" with its em top 7 mm below the type area; odd pages right, even pages left, one 字 in."""
    for doc in rendered.values():
        for page in doc.pages:
            numbers = [line for line in page.lines if re.fullmatch(r"— ?\d+ ?—", line.text)]
            if not numbers:
                continue
            number = numbers[0]
            assert int(re.sub(r"\D", "", number.text)) == page.number
            assert number.em_top == pytest.approx(PAGE_NUMBER_TOP, abs=1), (doc.name, page.number)
            if page.number % 2:
                assert number.x1 == pytest.approx(TYPE_RIGHT - ONE_CHAR_14PT, abs=1)
            else:
                assert number.x0 == pytest.approx(TYPE_LEFT + ONE_CHAR_14PT, abs=1)


def _body_lines(page: Page) -> list[Line]:
    return [
        line
        for line in page.lines
        if abs(line.size - S.BODY_PT) < 0.01 and S.MARGIN_TOP_MM - 1 < line.em_top < TYPE_BOTTOM
    ]


PITCH_MM = S.LINE_PITCH / 20 * 25.4 / 72


def test_body_lines_sit_on_a_grid_of_22_lines(rendered: dict[str, Rendered]) -> None:
    """5.2.3: 22 lines per page filling the type area: every body line on the 28.95 pt grid.

    7.3.5.5: a page whose last line went over with the 署名 (三门峡 page 5) spaces its paragraphs
    apart instead, by at most half a line each, its lines on the pitch inside a paragraph and its
    last line at the bottom: at most one such page a document, and it is full.
    """
    full_pages = 0
    spaced_pages = []
    for name in ("sanmenxia-2020-15", "henan-2020-4", "zhangzi-2020-66"):
        for page in rendered[name].pages[1:-1]:
            lines = _body_lines(page)
            gaps = [(b.em_top - a.em_top) / PITCH_MM for a, b in zip(lines, lines[1:], strict=False)]
            off_grid = [g for g in gaps if abs(g - round(g)) >= 0.05]
            if off_grid:
                spaced_pages.append((name, page.number))
                assert all(1 < g <= 1.5 for g in off_grid), (name, page.number, off_grid)
                assert TYPE_BOTTOM - lines[-1].em_bottom < PITCH_MM, (name, page.number)
                full_pages += 1
                continue
            first = lines[0].em_top
            slots = [(line.em_top - first) / PITCH_MM for line in lines]
            assert round(slots[-1]) <= S.LINES_PER_PAGE - 1
            if round(slots[-1]) == S.LINES_PER_PAGE - 1 and len(lines) == S.LINES_PER_PAGE:
                full_pages += 1
    assert spaced_pages == [("sanmenxia-2020-15", 5)]
    assert full_pages >= 7


def test_the_page_before_the_signature_is_full_and_the_signature_page_carries_text(
    rendered: dict[str, Rendered],
) -> None:
    """7.3.5.5 (issue 14 Build 1): 三门峡's last paragraph no longer goes whole with the 署名 (page 5
    ended at 18 lines): page 5 is full to its last line and page 6 opens with the body's last line."""
    pages = rendered["sanmenxia-2020-15"].pages
    page5, page6 = pages[4], pages[5]
    assert TYPE_BOTTOM - _body_lines(page5)[-1].em_bottom < PITCH_MM
    first, *rest = _body_lines(page6)
    assert first.text.endswith("一律问责。")
    assert any("三门峡市人民政府重点项目建设办公室" in line.text for line in rest)


def test_full_lines_hold_28_characters(rendered: dict[str, Rendered]) -> None:
    """5.2.3: 28 字 a line; a line continuing its paragraph is shorter only by 避头尾 or before an
    unbreakable Latin or number run (the counting rule of docgen/check/pdf_chars.py, judged on
    every rendered document)."""
    from docgen.check.pdf_chars import check_chars
    from docgen.check.rules import Judge, Status

    header_bottom = S.MARGIN_TOP_MM + 80  # below the red rule of page 1 in every document here
    judged = 0
    for doc in rendered.values():
        judge = Judge([])
        check_chars(doc.pages, judge, header_bottom=header_bottom, declared_grid=None)
        (finding,) = [f for f in judge.findings if f.rule.id == "grid.chars.pdf"]
        assert finding.status is not Status.FAIL, (doc.name, finding.measured)
        judged += finding.status is Status.PASS
    assert judged >= 10


def test_imprint_ends_on_the_type_area_bottom_of_an_even_page(rendered: dict[str, Rendered]) -> None:
    """7.4.1 last rule on the 版心 bottom of the last page; 7.5 that page is even when printing double-sided."""
    for doc in rendered.values():
        last = doc.pages[-1]
        black = [r for r in last.rules if r.color[:3] != (1.0, 0.0, 0.0) and r.length > 150]
        assert black, doc.name
        assert max(r.top for r in black) == pytest.approx(TYPE_BOTTOM, abs=1), doc.name
        assert {round(r.width_pt, 2) for r in black} <= {1.0, 0.75}
        if doc.double_sided:
            assert len(doc.pages) % 2 == 0, doc.name
        printed = [line for line in last.lines if line.text.endswith("印发")]
        assert printed
        assert abs(printed[0].size - S.NOTE_PT) < 0.01


def test_single_sided_keeps_the_imprint_on_the_last_text_page(rendered: dict[str, Rendered]) -> None:
    assert len(rendered["single-sided"].pages) == 1


def test_blank_page_before_the_imprint_page_and_neither_numbered(rendered: dict[str, Rendered]) -> None:
    """7.5: when the 版记 needs a page of its own after an even page, a blank page comes first; both unnumbered."""
    cases = [doc for doc in rendered.values() if doc.blank_page]
    assert cases, "no body length produced the blank page"
    for doc in cases:
        blank, imprint = doc.pages[-2], doc.pages[-1]
        assert not blank.lines, doc.name
        assert _page_number(imprint) is None, doc.name
        assert all(_page_number(page) is not None for page in doc.pages[:-2])


def test_the_imprint_never_overflows_its_page(rendered: dict[str, Rendered]) -> None:
    """Bodies that end near a page bottom: the 版记 stays on the last page, with nothing after it."""
    for doc in rendered.values():
        last = doc.pages[-1]
        rule_tops = [r.top for r in last.rules if r.length > 150 and r.color[:3] != (1.0, 0.0, 0.0)]
        body = [line for line in _body_lines(last)]
        assert all(line.em_bottom < min(rule_tops) for line in body), doc.name


def test_no_punctuation_hangs_past_the_type_area(rendered: dict[str, Rendered]) -> None:
    """5.2.1: text stays inside the 156 mm type area (w:overflowPunct=1; with 0 "，" hangs to 190 mm)."""
    for doc in rendered.values():
        for page in doc.pages:
            for line in _body_lines(page):
                assert line.x1 <= TYPE_RIGHT + 0.6, (doc.name, page.number, line.text[-4:], line.x1)


def test_no_extra_space_between_chinese_and_latin_or_digits(tmp_path: Path, pool: ConverterPool) -> None:
    """Issue 14 (7): "安排2021年", "B区811房间" set on the grid like any character (LibreOffice's
    own Chinese–Latin spacing is off: its DOCX import ignores w:autoSpaceDE/DN, the UNO worker sets it)."""
    import pdfplumber

    source = tmp_path / "mixed.md"
    body = "今年共安排2021年度项目811个，联系地址B区811房间，电子邮箱abc@163.com，共3项。"
    source.write_text(f"---\n{MINIMAL_FRONT}\n---\n{body}\n", encoding="utf-8")
    docx = tmp_path / "mixed.docx"
    docx.write_bytes(render_notice_file(source, RunResources()).data)
    (outcome,) = pool.convert([(docx, tmp_path / "mixed.pdf")])
    assert outcome.error is None, outcome.error
    with pdfplumber.open(outcome.target) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["size"] > 15]  # the 三号 body
    body_chars = sorted(
        (c for c in chars if abs(c["top"] - min(x["top"] for x in chars if x["text"] == "今")) < 2),
        key=lambda c: c["x0"],
    )

    def cjk(text: str) -> bool:
        return unicodedata.east_asian_width(text) in ("W", "F")

    mixed: list[float] = []
    for left, right in zip(body_chars, body_chars[1:], strict=False):
        gap = right["x0"] - left["x1"]
        if cjk(left["text"]) != cjk(right["text"]):
            mixed.append(gap)
    assert len(mixed) >= 6, body_chars  # 排|2021|年, 目|811|个, 址|B|区 …
    assert max(mixed) < 0.5, mixed  # pt (the bound); it was about 4.4 pt before


def test_landscape_page_numbers_sit_where_portrait_pages_have_them(rendered: dict[str, Rendered]) -> None:
    """Ch. 8 with 7.5: turned back to portrait, a landscape page's number is 7 mm below the type
    area, 右空一字 on odd pages and 左空一字 on even ones: on the landscape page it reads downwards
    in the strip left of the type area, its glyph tops at x 28 mm, an odd page's ending one 字
    above the type area's bottom (y 184 mm), an even page's starting one 字 below its top (28 mm)."""
    pages = rendered["landscape"].pages
    landscape = [page for page in pages if page.width > page.height]
    assert {page.number % 2 for page in landscape} == {0, 1}
    for page in landscape:
        (number,) = [v for v in page.vertical if re.fullmatch(r"— \d+ —", v.text.strip())]
        assert number.text.strip() == f"— {page.number} —"
        assert not number.upward
        assert number.x1 == pytest.approx(S.MARGIN_BOTTOM_MM - S.PAGE_NUMBER_BELOW_TYPE_AREA_MM, abs=0.5)
        if page.number % 2:
            assert number.bottom == pytest.approx(210 - S.MARGIN_RIGHT_MM - ONE_CHAR_14PT, abs=0.5)
        else:
            assert number.top == pytest.approx(S.MARGIN_LEFT_MM + ONE_CHAR_14PT, abs=0.5)
        assert not [line for line in page.lines if re.fullmatch(r"— \d+ —", line.text.strip())]
