"""PDF cases for ``docgen check``: a measured PDF drawn again (with one thing broken) by reportlab.

``draw(pages, path)`` draws what ``docgen.check.pdf_read.measure`` found — every line of text at its
baseline, size and colour, every rule, every picture as a grey box, turned page numbers — so a case
is docgen's own LibreOffice rendering with one measured thing changed, and nothing else.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from docgen.check.pdf_read import Line, Page, VerticalText

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
# a line whose fonts name "heading" is drawn in another face, as a 黑体 heading stands apart from
# the 仿宋 body (headings.kept.pdf tells a heading alone on its line by its face)
# (AR PL UKai, the 楷体 stand-in scripts/setup.sh installs: a TrueType face whose text reads back)
HEADING_FONT = "UKaiHeading"
pdfmetrics.registerFont(TTFont(HEADING_FONT, "/usr/share/fonts/truetype/arphic/ukai.ttc", subfontIndex=0))


def _advances(line: Line) -> list[float]:
    if len(line.advances) == len(line.text):
        return list(line.advances)
    return [pdfmetrics.stringWidth(ch, FONT, 1) or 0.5 for ch in line.text]


def _line(canvas: Canvas, line: Line, height: float) -> None:
    """Draw a line's characters at their measured left edges (a line across table cells keeps its
    cells), or spread from x0 to x1 when the edges are not known, at its baseline."""
    size = line.size
    baseline = height - (line.em_top * mm + 0.88 * size)
    advances = [a * size for a in _advances(line)]
    natural = sum(advances)
    stretch = ((line.x1 - line.x0) * mm - natural) / max(len(advances) - 1, 1) if len(advances) > 1 else 0.0
    colour = next(iter(line.colors), (0.0, 0.0, 0.0))
    canvas.setFillColorRGB(*colour[:3])
    x = line.x0 * mm
    # edges left behind by a case that moved the line (x0 changed, starts not) are not used
    known = len(line.starts) == len(line.text) and bool(line.starts) and abs(line.starts[0] - line.x0) < 0.5
    starts = [start * mm for start in line.starts] if known else None
    font = HEADING_FONT if "heading" in line.fonts else FONT
    for index, (ch, advance) in enumerate(zip(line.text, advances, strict=True)):
        if starts is not None:
            x = starts[index]
        canvas.setFont(font, size)
        # each character is scaled to its measured advance, so widths read back as they were
        drawn = pdfmetrics.stringWidth(ch, font, size) or advance
        canvas.saveState()
        canvas.translate(x, baseline)
        canvas.scale(advance / drawn if drawn else 1, 1)
        canvas.drawString(0, 0, ch)
        canvas.restoreState()
        x += advance + stretch


def _vertical(canvas: Canvas, text: VerticalText, height: float, size: float = 14) -> None:
    """Draw a page number turned to read downwards, its top towards x1."""
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.translate(text.x1 * mm - 0.88 * size, height - text.top * mm)
    canvas.rotate(-90)
    canvas.setFont(FONT, size)
    canvas.drawString(0, 0, text.text)
    canvas.restoreState()


def draw(pages: list[Page], path: Path, producer: str | None = None) -> Path:
    """Draw ``pages`` into a PDF at ``path`` (``producer``: its /Producer, e.g. docgen's, whose
    promises check judges on docgen's documents only: tables.words.pdf)."""
    canvas = Canvas(str(path))
    if producer is not None:
        canvas.setProducer(producer)
    for page in pages:
        width, height = page.width * mm, page.height * mm
        canvas.setPageSize((width, height))
        for line in page.lines:
            _line(canvas, line, height)
        for rule in page.rules:
            canvas.setStrokeColorRGB(*rule.color[:3])
            canvas.setLineWidth(rule.width_pt or 0.5)
            if rule.bottom > rule.top + 0.5:
                canvas.rect(
                    rule.x0 * mm, height - rule.bottom * mm, rule.length * mm, (rule.bottom - rule.top) * mm
                )
            else:
                canvas.line(rule.x0 * mm, height - rule.top * mm, rule.x1 * mm, height - rule.top * mm)
        for box in page.images:
            canvas.setFillColorRGB(0.8, 0.8, 0.8)
            canvas.rect(
                box.x0 * mm,
                height - box.bottom * mm,
                (box.x1 - box.x0) * mm,
                (box.bottom - box.top) * mm,
                0,
                1,
            )
        for text in page.vertical:
            _vertical(canvas, text, height)
        canvas.showPage()
    canvas.save()
    return path


def renumber(pages: list[Page]) -> list[Page]:
    """Return the pages numbered 1, 2, … in their new order (their printed page numbers unchanged)."""
    return [replace(page, number=index) for index, page in enumerate(pages, start=1)]


def moved(line: Line, *, down: float = 0.0, right: float = 0.0) -> Line:
    """Return the line moved by millimetres."""
    return replace(
        line,
        em_top=line.em_top + down,
        x0=line.x0 + right,
        x1=line.x1 + right,
        starts=tuple(start + right for start in line.starts),
    )
