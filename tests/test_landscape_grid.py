"""The landscape table pages of chapter 8 (outsider6 #1): the .docx's landscape section has no line
grid and its footer stays in the bottom margin, so LibreOffice fills the whole 156 mm type area
with rows as the layout and Typst do.

With ``w:docGrid w:type="lines"`` LibreOffice cut the landscape body to 15 whole lines of 28.95 pt
(153.2 mm, ending 181.2 mm from the top), one row of 19.9 mm fewer a page: the outsider6 notice
(a 40-row 17-column table) took 8 landscape pages, not 7, and 13 pages in all (the 版记 alone on
an odd page).  With the portrait pages' footer distance (22.2 mm) the footer's 4号 line reached
1.2 mm into the 26 mm bottom margin's type area and LibreOffice ended the body at 182.9 mm: seed
14's n14-009 printed 11 pages (a 27 mm row ending at 183.7 mm moved on).  Real LibreOffice and
real Typst on outsider6's 通知-宽表.md and seed 14's n14-009."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT
from helpers import load_script

from docgen import standard as S
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import render_docx
from docgen.emit.typst.compile import render_pdf
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from generate import generate  # noqa: E402

MM = 25.4 / 72
TOP = S.MARGIN_LEFT / S.TWIPS_PER_MM  # the landscape type area's top: the portrait 订口, 28 mm
BOTTOM = (S.PAGE_WIDTH - S.MARGIN_RIGHT) / S.TWIPS_PER_MM  # its bottom: 184 mm
PITCH = S.LINE_PITCH / S.TWIPS_PER_MM  # 28.95 pt = 10.21 mm
GRID_BOTTOM = TOP + 15 * PITCH  # where a gridded landscape body ended in LibreOffice: 181.2 mm


@dataclass(frozen=True)
class Landscape:
    """A landscape page: its number, lowest table line and first text lines (glyph tops, mm)."""

    number: int
    lowest: float
    tops: list[tuple[float, str]]


@dataclass(frozen=True)
class Printed:
    """A PDF's page count and its landscape pages."""

    pages: int
    landscape: list[Landscape]


def _measure(pdf_path: Path) -> Printed:
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if page.width < page.height:
                continue
            rules = [line["top"] for line in page.lines if abs(line["top"] - line["bottom"]) < 0.5]
            rules += [rect["top"] for rect in page.rects if rect["height"] < 1.5]
            lines: dict[int, list[dict[str, object]]] = {}
            for word in page.extract_words():
                lines.setdefault(round(float(word["top"])), []).append(word)
            tops = [
                (float(words[0]["top"]) * MM, "".join(str(w["text"]) for w in words))  # type: ignore[arg-type]
                for _, words in sorted(lines.items())
            ]
            pages.append(Landscape(number, max(rules) * MM, tops))
        return Printed(len(pdf.pages), pages)


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory, pool: ConverterPool) -> tuple[int, Printed, Printed]:
    """Return outsider6's 通知-宽表.md: the layout's page count, LibreOffice's PDF of its .docx, Typst's PDF."""
    folder = tmp_path_factory.mktemp("wide")
    script = folder / "make_inputs.py"
    shutil.copy(ROOT / "tests" / "fixtures" / "outsider6" / "make_inputs.py", script)
    load_script(script)
    doc = compose_notice_file(folder / "src" / "通知-宽表.md", RunResources())
    rendered = render_docx(doc, RunResources().template)
    docx = folder / "wide.docx"
    docx.write_bytes(rendered.data)
    (outcome,) = pool.convert([(docx, folder / "wide.pdf")])
    assert outcome.error is None, outcome.error
    typst = folder / "typst.pdf"
    typst.write_bytes(render_pdf(doc).pdf)
    return rendered.pages, _measure(outcome.target), _measure(typst)


def test_libreoffice_prints_the_pages_the_layout_placed(wide: tuple[int, Printed, Printed]) -> None:
    """12 pages (the 版记 on the back of page 11), 7 of them landscape, as the layout and Typst
    place them; before: 13 pages, 8 landscape, the last holding row 40 alone."""
    estimated, office, typst = wide
    assert (office.pages, len(office.landscape)) == (typst.pages, len(typst.landscape)) == (estimated, 7)
    assert estimated % 2 == 0


def test_full_landscape_pages_use_the_whole_type_area(wide: tuple[int, Printed, Printed]) -> None:
    """The table's lowest line on each landscape page within 0.5 mm of Typst's; on the pages it
    continues on (rows only, not the last) below where 15 grid lines end (181.2 mm) and inside the
    type area (184 mm).  Before: 163.5 mm (6 rows of 19.9 mm), Typst 182.6 mm (7 rows)."""
    _, office, typst = wide
    for ours, theirs in zip(office.landscape, typst.landscape, strict=True):
        assert abs(ours.lowest - theirs.lowest) < 0.5, (ours.number, ours.lowest, theirs.lowest)
    for ours in office.landscape[1:-1]:
        assert GRID_BOTTOM < ours.lowest <= BOTTOM + 0.2, (ours.number, ours.lowest)


def test_attachment_label_and_title_stay_on_lines_one_and_three(wide: tuple[int, Printed, Printed]) -> None:
    """附件1 on the first line of the landscape type area, its title on the third (7.3.7 as on a
    portrait page): glyph tops inside those lines of 28.95 pt from 28 mm, in both engines."""
    _, office, typst = wide
    for printed in (office, typst):
        first = printed.landscape[0]
        (label_top, label), (title_top, title) = first.tops[:2]
        assert label == "附件1", first.tops[:2]
        assert TOP < label_top < TOP + PITCH / 2, label_top
        assert title.startswith("2025年全县重点项目建设进展情况表"), title
        assert TOP + 2 * PITCH < title_top < TOP + 2.5 * PITCH, title_top


def test_a_row_ending_near_the_type_area_bottom_stays_on_its_page(
    tmp_path: Path, pool: ConverterPool
) -> None:
    """Seed 14's n14-009 (double-sided, two landscape tables): its second table's page ends with a
    row of 27 mm at 183.7 mm, 0.3 mm above the type area's bottom.  LibreOffice keeps it there, as
    Typst and the layout do: 10 pages, 3 landscape.  Before: 11 pages (the row alone on page 10,
    the 版记 on odd page 11)."""
    generate(14, 10, tmp_path)
    doc = compose_notice_file(tmp_path / "n14-009.md", RunResources())
    rendered = render_docx(doc, RunResources().template)
    docx = tmp_path / "n14-009.docx"
    docx.write_bytes(rendered.data)
    (outcome,) = pool.convert([(docx, tmp_path / "n14-009.pdf")])
    assert outcome.error is None, outcome.error
    office = _measure(outcome.target)
    assert (office.pages, len(office.landscape)) == (rendered.pages, 3) == (10, 3)
    assert 183 < office.landscape[-1].lowest <= BOTTOM + 0.2, office.landscape[-1].lowest


def _texts(pdf_path: Path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_a_tail_after_landscape_pages_on_an_odd_page_goes_after_a_blank_page(
    tmp_path: Path, pool: ConverterPool
) -> None:
    """Seed 14's n14-030 (double-sided): its attachment's landscape pages end on page 6, so the
    版记 cannot go on page 7: page 7 is left blank and the 版记 goes on page 8, neither numbered
    (7.5), 8 pages as the layout says.  Before: the layout chose a new page but the section after
    the landscape pages was that page already: the 版记 on odd page 7, 7 pages (check:
    pages.even.pdf; 7 of seed 14's 33 notices with landscape pages)."""
    generate(14, 31, tmp_path)
    doc = compose_notice_file(tmp_path / "n14-030.md", RunResources())
    rendered = render_docx(doc, RunResources().template)
    docx = tmp_path / "n14-030.docx"
    docx.write_bytes(rendered.data)
    (outcome,) = pool.convert([(docx, tmp_path / "n14-030.pdf")])
    assert outcome.error is None, outcome.error
    texts = _texts(outcome.target)
    assert len(texts) == rendered.pages == 8
    assert texts[6].strip() == "", texts[6]
    assert "抄送" in texts[7], texts[7]
    assert "印发" in texts[7], texts[7]
    assert "— 8 —" not in texts[7], texts[7]


def test_two_landscape_attachments_in_a_row_leave_no_blank_page_between(
    tmp_path: Path, pool: ConverterPool
) -> None:
    """Seed 14's n14-047: 附件2 and 附件3 both wide tables.  附件3 starts on the landscape page after
    附件2's last, in both engines, and the pages are the layout's 10 (the 版记 on page 10).  Before:
    an empty portrait section between them printed a numbered blank page 8 the layout did not
    count: LibreOffice 11 pages (版记 on odd page 11), Typst 12."""
    generate(14, 48, tmp_path)
    doc = compose_notice_file(tmp_path / "n14-047.md", RunResources())
    rendered = render_docx(doc, RunResources().template)
    docx = tmp_path / "n14-047.docx"
    docx.write_bytes(rendered.data)
    (outcome,) = pool.convert([(docx, tmp_path / "n14-047.pdf")])
    assert outcome.error is None, outcome.error
    typst = tmp_path / "typst.pdf"
    typst.write_bytes(render_pdf(doc).pdf)
    for pdf in (outcome.target, typst):
        printed, texts = _measure(pdf), _texts(pdf)
        assert printed.pages == rendered.pages == 10, (pdf.name, printed.pages)
        numbers = [landscape.number for landscape in printed.landscape]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), (pdf.name, numbers)
        assert [page for page, text in enumerate(texts, 1) if "附件" in text[:8]] == [5, 6, 8], pdf.name
        assert "抄送" in texts[9], texts[9]
