"""grid.lines.pdf on a notice whose closing page docgen compressed (corpus n101-062, LibreOffice).

Page 2 of n101-062 holds the body's last lines and the closing at a smaller pitch (layout/closing.py
'compressed': 9.17–9.35 mm); page 1 is running text on the 10.21 mm grid.  The grid's pitch comes
from the pages of running text; the same pages changed into wrong grids still fail.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from test_check import needs_lo

from docgen.check.pdf_pitch import PITCH_MM, body_lines, grid_pitch
from docgen.check.pdf_read import Page, measure
from docgen.check.pdf_rules import check_pdf, without_watermark
from docgen.check.rules import Finding, Judge, Status

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    """Return the measured pages of corpus notice n101-062 as LibreOffice sets it."""
    from docgen.preview import preview
    from docgen.run_resources import RunResources

    folder = tmp_path_factory.mktemp("n101-062")
    generate(101, 63, folder)  # the generator is deterministic: n101-062 as in a run of 100
    target = folder / "n101-062.pdf"
    report = preview([(folder / "n101-062.md", target)], RunResources(), watermark=False, workers=1)
    assert not report.failed, report.failed
    return without_watermark(measure(target))


def _gaps(page: Page) -> list[float]:
    lines = sorted(body_lines(page), key=lambda line: line.em_top)
    return [b.em_top - a.em_top for a, b in zip(lines, lines[1:], strict=False)]


def _pitched(page: Page, pitch: float) -> Page:
    """Return the page with its body lines spaced at ``pitch`` (mm) from its first body line on."""
    body = sorted(body_lines(page), key=lambda line: line.em_top)
    moved = {id(line): replace(line, em_top=body[0].em_top + i * pitch) for i, line in enumerate(body)}
    return replace(page, lines=[moved.get(id(line), line) for line in page.lines])


def _grid_finding(pages: list[Page]) -> Finding:
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True)
    return next(f for f in findings if f.rule.id == "grid.lines.pdf")


@needs_lo
def test_the_notice_has_a_compressed_closing_page(pages: list[Page]) -> None:
    """What the case is about: page 2 at the compressed pitch, with more gaps than page 1."""
    first, second = _gaps(pages[0]), [g for g in _gaps(pages[1]) if g < PITCH_MM * 1.5]
    assert abs(statistics.median(first) - PITCH_MM) < 0.15
    assert len(second) > len(first)
    assert PITCH_MM - 1.2 < statistics.median(second) < PITCH_MM - 0.5  # 9.17–9.35 mm


@needs_lo
def test_a_compressed_closing_page_keeps_the_grid(pages: list[Page]) -> None:
    finding = _grid_finding(pages)
    assert finding.status is Status.PASS, finding.measured
    pitch = grid_pitch(pages)
    assert pitch is not None
    assert abs(pitch - PITCH_MM) < 0.15


@needs_lo
def test_running_text_at_the_compressed_pitch_fails(pages: list[Page]) -> None:
    """Page 1 spaced as page 2: the whole document on a 9.35 mm grid, a wrong one."""
    changed = [_pitched(pages[0], 9.35), *pages[1:]]
    assert _grid_finding(changed).status is Status.FAIL


@needs_lo
def test_a_last_page_squeezed_past_compression_fails(pages: list[Page]) -> None:
    """Page 2 at 8.0 mm: more than a closing page may be compressed (4.8 pt a line)."""
    changed = [pages[0], _pitched(pages[1], 8.0), *pages[2:]]
    finding = _grid_finding(changed)
    assert finding.status is Status.FAIL, finding.measured


@needs_lo
def test_a_one_page_document_compressed_to_keep_its_closing_passes(pages: list[Page]) -> None:
    """The compressed closing page alone, its last line on the 22nd grid line: 7.3.5.5 lets a page's
    行距 be made smaller to keep the 署名 and date on it, and no other page shows the grid (forms10
    #3: a 函 whose 版记 stands alone on page 2 failed at 8.64 mm)."""
    finding = _grid_finding([pages[1]])
    assert finding.status is Status.PASS, finding.measured
    assert "7.3.5.5" in finding.measured, finding.measured


@needs_lo
def test_a_one_page_document_at_the_compressed_pitch_ending_short_fails(pages: list[Page]) -> None:
    """The same page without its last three lines: set closer, yet not filled to the bottom: the
    compressed pitch is the document's grid, a wrong one."""
    body = sorted(body_lines(pages[1]), key=lambda line: line.em_top)
    cut = {id(line) for line in body[-3:]}
    short = replace(pages[1], lines=[line for line in pages[1].lines if id(line) not in cut])
    assert _grid_finding([short]).status is Status.FAIL
