"""Table rows given their height in the Typst source (``tables._one_line``, ``markup._row_heights``):
only rows whose every cell is surely one line, and then every character stands where Typst put it
when it measured the rows itself.  Real Typst, real PDFs; no mocks."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from docgen.emit.typst.compile import compile_pdf
from docgen.emit.typst.emit import emit_typst
from docgen.emit.typst.tables import _one_line
from docgen.layout import Placement, lay_out
from docgen.layout.placed import Cell, Line, ParagraphBlock, Role, Run
from docgen.notices import compose_notice_file
from docgen.run_resources import RunResources

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "samples" / "notices").glob("*.md")) + sorted((ROOT / "samples" / "tables").glob("*.md"))
ROWS = re.compile(r", rows: \([^()]*\)")


def _characters(pdf: bytes) -> list[list[tuple[str, float, float]]]:
    """Return each page's characters with their origin in points."""
    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            text = page.get_textpage()
            chars = []
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                if char and not char.isspace():
                    left, bottom, _right, _top = text.get_charbox(index, loose=False)
                    chars.append((char, left, bottom))
            pages.append(chars)
            text.close()
            page.close()
    finally:
        document.close()
    return pages


def test_rows_given_their_height_keep_every_character_where_typst_measured_it() -> None:
    resources = RunResources()
    given = 0
    for path in SOURCES:
        source = emit_typst(lay_out(compose_notice_file(path, resources), Placement.BOTTOM))
        if not ROWS.search(source):
            continue
        given += sum(m.count("pt") for m in ROWS.findall(source))
        fixed, measured = _characters(compile_pdf(source)), _characters(compile_pdf(ROWS.sub("", source)))
        assert len(fixed) == len(measured), path.name
        for number, (ours, typsts) in enumerate(zip(fixed, measured, strict=True), 1):
            assert [c for c, _x, _y in ours] == [c for c, _x, _y in typsts], (path.name, number)
            moved = max((abs(a[1] - b[1]) + abs(a[2] - b[2]) for a, b in zip(ours, typsts, strict=True)), default=0)
            assert moved < 0.01, (path.name, number, moved)  # points
    assert given >= 10  # rows given their height (投资计划通知.md: 16 of its 33)


def _cell(text: str, width: int) -> Cell:
    runs = (Run(text, size_pt=12),) if text else ()
    return Cell(width, (ParagraphBlock(Role.TABLE_TEXT, runs, line=Line(380)),))


@pytest.mark.parametrize(
    ("text", "width", "height"),
    [
        ("序号", 624, 19.0),  # 2 字 of 12 pt (小四) in 31.2 pt less the margins: 1.5 pt to spare
        ("项目名称项目名称", 624, None),  # wraps
        ("10,386.00", 1369, 19.0),  # the face's own digit advances
        ("WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", 1369, None),  # Latin letters counted from above
        ("", 624, 19.0),  # an empty cell is an empty line
    ],
)
def test_a_cell_has_a_height_only_where_it_is_surely_one_line(text: str, width: int, height: float | None) -> None:
    assert _one_line(_cell(text, width), 57) == height
