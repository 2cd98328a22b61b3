"""``check.pdf_read.measure``: how characters drawn on a page become lines of text."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import without_watermark

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def test_a_diagonal_watermark_glyph_on_a_text_baseline_is_not_part_of_that_line(tmp_path: Path) -> None:
    """A preview's 样稿 is drawn askew at 100 pt; one of its glyphs whose origin falls on a table
    cell's baseline was read into the cell's text (「综合样体项目」, corpus n101-049 p12: colours.pdf
    failed on a grey 「样」 in a black line)."""
    path = tmp_path / "askew.pdf"
    canvas = Canvas(str(path))
    baseline = 150 * mm
    canvas.setFont(FONT, 10.5)
    canvas.drawString(40 * mm, baseline, "综合体项目")
    canvas.saveState()
    canvas.setFillColorRGB(0.8, 0.8, 0.8)
    canvas.translate(60 * mm, baseline)
    canvas.rotate(45)
    canvas.setFont(FONT, 100)
    canvas.drawString(0, 0, "样")
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    (page,) = measure(path)
    assert sorted(line.text for line in page.lines) == ["样", "综合体项目"]
    (kept,) = without_watermark([page])
    assert [line.text for line in kept.lines] == ["综合体项目"]
