"""A notice's 版记 goes on the body's last page when it fits there with layout/pages.IMPRINT_SLACK to
spare, and Typst (which measures the room itself, emit/typst/emit.TAIL_SPARE) decides as the estimate
does (7.4.1, 7.5).

Corpus notice n202-002 (seed 202, single-sided, 抄送 and 印发: a 版记 of 1218 twips) ends its last
page with 8115 twips between the last line's grid line and layout/pages.TAIL_FOOT; a paragraph of
exact height added after its body leaves the 版记 ``d`` twips beyond its height.  Real LibreOffice
(the session's pool) and real Typst: LibreOffice keeps the 版记 on page 9 with d = 15 and moves it to
page 10 with 14 (the measurement IMPRINT_SLACK rests on; 24 and 23 when the room was counted to the
type area's bottom, 9 twips lower); the estimate asks d >= 39, and the two engines follow it.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from docgen.check.pdf_pages import find_imprint
from docgen.check.pdf_read import measure
from docgen.convert.pool import ConverterPool
from docgen.emit.docx.emit import emit_docx
from docgen.emit.typst.compile import compile_pdf
from docgen.emit.typst.emit import emit_typst
from docgen.layout import Placement, lay_out_as
from docgen.layout.flow import Flow
from docgen.layout.general import GENERAL, GeneralFormat
from docgen.layout.pages import IMPRINT_SLACK, TAIL_FOOT
from docgen.layout.placed import Line, ParagraphBlock, PlacedDocument, Role
from docgen.model import Document
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from generate import write_notice  # noqa: E402

ROOM, TAIL = 8115, 1218  # the estimate's, for n202-002


class _Spaced(GeneralFormat):
    """The general format with a paragraph of exact height after everything before the 版记."""

    def __init__(self, height: int) -> None:
        self.height = height

    def main(self, flow: Flow, doc: Document) -> None:
        """Add the body, then the paragraph."""
        super().main(flow, doc)
        flow.add(ParagraphBlock(Role.BODY, on_grid=False, line=Line(self.height)), [self.height])


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory) -> Document:
    """Return corpus notice n202-002, checked to be as the numbers above say."""
    folder = tmp_path_factory.mktemp("n202")
    knobs = write_notice(202, 2, folder)
    assert knobs.cc
    assert not knobs.double_sided
    doc = compose_notice_file(folder / "n202-002.md", RunResources())
    flow = Flow()
    GENERAL.header(flow, doc)
    GENERAL.main(flow, doc)
    tail = GENERAL.tail(doc)
    assert tail is not None
    estimate = flow.estimate()
    assert (estimate.pages, estimate.remaining(TAIL_FOOT), tail.height) == (9, ROOM, TAIL)
    return doc


def _libreoffice(placed: PlacedDocument, pdf: Path, pool: ConverterPool) -> tuple[int, int | None]:
    """Return LibreOffice's page count of ``placed`` and the page its 版记 is on."""
    docx = pdf.with_suffix(".docx")
    docx.write_bytes(emit_docx(placed, RunResources().template))
    (outcome,) = pool.convert([(docx, pdf)])
    assert outcome.error is None
    pages = measure(pdf)
    imprint = find_imprint(pages)
    return len(pages), None if imprint is None else imprint.page.number


def _typst(doc: Document, spare: int) -> int:
    """Return Typst's page count, the 版记 placed by Typst (as the publish pipeline has it: from BOTTOM)."""
    placed = lay_out_as(_Spaced(ROOM - TAIL - spare), doc, Placement.BOTTOM)
    return len(PdfReader(io.BytesIO(compile_pdf(emit_typst(placed)))).pages)


def test_libreoffice_keeps_the_imprint_with_15_twips_beyond_its_height(
    notice: Document, pool: ConverterPool, tmp_path: Path
) -> None:
    """The 版记 forced to the bottom: on page 9 with 15 twips to spare, on a page 10 of its own with 14."""
    assert IMPRINT_SLACK >= 15
    for spare, expected in ((15, (9, 9)), (14, (10, 10))):
        placed = lay_out_as(_Spaced(ROOM - TAIL - spare), notice, Placement.BOTTOM)
        assert _libreoffice(placed, tmp_path / f"forced-{spare}.pdf", pool) == expected, spare


@pytest.mark.parametrize(("spare", "placement", "pages"), [(39, Placement.BOTTOM, 9), (38, Placement.NEW_PAGE, 10)])
def test_both_engines_place_the_imprint_as_the_estimate_does(
    notice: Document, pool: ConverterPool, tmp_path: Path, spare: int, placement: Placement, pages: int
) -> None:
    """Just inside the slack: the 版记 on page 9 under both engines; just outside: on page 10 under both."""
    assert IMPRINT_SLACK == 39
    placed = lay_out_as(_Spaced(ROOM - TAIL - spare), notice)
    assert (placed.placement, placed.pages) == (placement, pages)
    assert _libreoffice(placed, tmp_path / f"n202-002-{spare}.pdf", pool) == (pages, pages)
    assert _typst(notice, spare) == pages
