"""A figure that does not fit goes to the next page with the line introducing it, and the layout's
estimate puts what follows a figure where LibreOffice and Typst put it (issue 14, Build 1; outsider
defect 3: ``docgen progress`` on the sample pool, page 2 ended 4 lines short before the chart).

The sample 进展通报 made as the command makes it (progress, compose, layout), set by LibreOffice and
by Typst, measured by ``docgen check``'s own reader and rules.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT

from docgen.check.pdf_pages import text_lines, type_area
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf
from docgen.check.rules import Judge, Status
from docgen.compose.progress import progress_report
from docgen.emit.docx.emit import render_docx
from docgen.emit.typst.compile import render_pdf
from docgen.layout import general
from docgen.layout.closing import Piece
from docgen.layout.flow import Flow
from docgen.layout.placed import ParagraphBlock, Run
from docgen.load.pool import load_pool
from docgen.load.targets import load_targets
from docgen.model import Document, DocumentNumber
from docgen.progress.compute import progress
from docgen.run_resources import RunResources

SAMPLES = ROOT / "samples" / "progress"
AS_OF = dt.date(2020, 10, 16)
LEAD_IN = "各单位入库项目个数完成率如下图："
AFTER = "各单位占比指标完成情况如下："


def _report() -> Document:
    """Return the 进展通报 of the sample pool at 2020-10-16 (docgen progress … --as-of 2020-10-16)."""
    resources = RunResources()
    projects, _problems = load_pool(SAMPLES / "项目库-2020-10-16.xlsx")
    result = progress(projects, load_targets(SAMPLES / "目标.yaml"), AS_OF, None, "周", None)
    letterhead = resources.letterhead("zhangzi-zdxmb")
    number = DocumentNumber(letterhead.code, 2020, 1)
    return progress_report(resources.env, result, letterhead, number, AS_OF, letterhead.subordinates)


def _pages(engine: str, folder: Path, request: pytest.FixtureRequest) -> list[Page]:
    doc = _report()
    pdf = folder / "progress.pdf"
    if engine == "typst":
        pdf.write_bytes(render_pdf(doc).pdf)
    else:
        docx = folder / "progress.docx"
        docx.write_bytes(render_docx(doc, RunResources().template).data)
        (outcome,) = request.getfixturevalue("pool").convert([(docx, pdf)])
        assert outcome.error is None
    return measure(pdf)


def _estimated(doc: Document, text: str) -> tuple[int, float]:
    """Return the estimated page and top (mm in the type area) of the paragraph starting ``text``."""
    from docgen import standard as S
    from docgen.layout import lay_out

    found: list[tuple[int, float]] = []
    original = general.add_closing

    def spy(flow: Flow, pieces: list[Piece]) -> str:
        positions = flow.positions()
        for block, (first, _count) in zip(flow.blocks, flow.spans, strict=True):
            runs = block.runs if isinstance(block, ParagraphBlock) else ()
            if "".join(r.text for r in runs if isinstance(r, Run)).startswith(text):
                page, top = positions[first]
                found.append((page, top / S.TWIPS_PER_MM))
        return original(flow, pieces)

    general.add_closing = spy  # type: ignore[assignment]
    try:
        lay_out(doc)
    finally:
        general.add_closing = original
    (place,) = found
    return place


@pytest.mark.parametrize("engine", ["libreoffice", "typst"])
def test_the_chart_goes_over_with_its_lead_in_and_the_estimate_follows_it(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pages = _pages(engine, tmp_path, request)
    (index,) = [i for i, page in enumerate(pages) if page.images]
    chart_page = pages[index]
    lines = text_lines(chart_page)
    # 「……如下图：」 was left alone at the foot of page 2; now it heads the chart's page
    assert lines[0].text == LEAD_IN
    assert lines[0].em_bottom <= chart_page.images[0].top
    assert all(line.text != LEAD_IN for line in text_lines(pages[index - 1]))
    # the estimate puts the line after the chart where the pages have it (it put it a line lower:
    # a figure's line counted the picture and a line more)
    after = next(line for line in lines if line.text == AFTER)
    page, top = _estimated(_report(), AFTER)
    assert page == chart_page.number
    slot_top = after.em_top - (lines[0].em_top - type_area(chart_page).top)
    assert top == pytest.approx(slot_top - type_area(chart_page).top, abs=1.0)
    judge = Judge([])
    check_pdf(pages, judge, text_rules=True, double_sided=True)
    failed = [(f.rule.id, f.measured) for f in judge.findings if f.status is Status.FAIL]
    assert [f for f in failed if f[0] != "pages.even.pdf"] == []
