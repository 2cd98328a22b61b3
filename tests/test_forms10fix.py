"""forms10fix: the layout side of the forms10 defects (tests/fixtures/forms10/DEFECTS.md), measured on
real PDFs where ``docgen check`` cannot say it yet."""

from __future__ import annotations

from pathlib import Path

from typst_helpers import text_difference

from docgen import standard as S
from docgen.check.pdf_pages import lines_used, text_lines
from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import without_watermark
from docgen.preview import Engine, preview
from docgen.run_resources import RunResources

HERE = Path(__file__).resolve().parent / "fixtures" / "forms10"


def test_a_minutes_page_before_its_attendance_leaves_only_the_empty_line(tmp_path: Path) -> None:
    """forms10 #2 (gen10 seed 10 minutes 10): the last 议定事项 is no longer kept with 出席 (10.3 ties
    nothing to it; keep-with-next holds a heading to its first line only, issue 14 Build 1): page 2
    ends at line 21, before the one empty line 10.3 puts above 出席 (18 lines before), and page 3
    opens with 出席 on its first line (the empty line is not carried to the page top)."""
    pdf = tmp_path / "纪要.pdf"
    report = preview([(HERE / "纪要-页末空行.md", pdf)], RunResources(), watermark=False, workers=1, engine=Engine.TYPST)
    assert not report.failed, report.failed
    pages = without_watermark(measure(pdf))
    starts = [i for i, page in enumerate(pages) if text_lines(page) and text_lines(page)[0].text.startswith("出席")]
    assert starts, [text_lines(p)[0].text[:8] for p in pages if text_lines(p)]
    before = pages[starts[0] - 1]
    body = [line for line in text_lines(before) if abs(line.size - S.BODY_PT) < 0.3]
    assert lines_used(before, body[-1]) >= S.LINES_PER_PAGE - 1, lines_used(before, body[-1])
    first = text_lines(pages[starts[0]])[0]
    assert lines_used(pages[starts[0]], first) == 1, first.em_top


def test_the_letters_mark_is_in_the_layouts_text(tmp_path: Path) -> None:
    """forms10 #8: placed_chars counts the 信函's mark, drawn in a page-anchored text box: the layout's
    text and the Typst PDF's are the same characters (all 70 letters reported the mark “extra”)."""
    from docgen.emit.typst.compile import render_pdf
    from docgen.notices import compose_source

    doc, _remarks = compose_source(HERE / "函-签发人.md", RunResources())
    rendered = render_pdf(doc)
    pdf = tmp_path / "函.pdf"
    pdf.write_bytes(rendered.pdf)
    missing, extra = text_difference(rendered.placed, measure(pdf))
    assert not missing, missing
    assert not extra, extra
