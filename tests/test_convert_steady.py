"""The same .docx converted again gives the same pages (convert/uno_worker.paginate_afresh).

Corpus notice n47-028 converted 8 times under load (a load of 9–14 on 2 cores): 1 conversion moved a
line from page 2 to page 3 and left page 5 at 21 lines, when the worker paginated afresh by switching
to web layout and back — how far LibreOffice's background layout had got between the UNO calls
decided the pages.  Saved and loaded again, the document gives the same pages every time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docgen import standard as S
from docgen.convert.pool import ConverterPool

REPEATS = 6  # on both workers of the pool at once: each conversion runs beside another


def _page_lines(pdf: Path) -> list[list[str]]:
    """Return each page's lines of text, top to bottom."""
    from docgen.check.pdf_pages import text_lines
    from docgen.check.pdf_read import measure

    return [[line.text for line in text_lines(page)] for page in measure(pdf)]


def test_a_docx_converted_again_gives_the_same_full_pages(tmp_path: Path, pool: ConverterPool) -> None:
    from docgen.check.pdf_pages import lines_used, text_lines, type_area
    from docgen.check.pdf_read import measure
    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    sys.path.insert(0, str(Path(__file__).parent / "corpus"))
    from generate import write_notice

    write_notice(47, 28, tmp_path)
    docx = tmp_path / "n47-028.docx"
    docx.write_bytes(render_notice_file(tmp_path / "n47-028.md", RunResources()).data)
    outcomes = pool.convert([(docx, tmp_path / f"n47-028-{i}.pdf") for i in range(REPEATS)])
    assert all(outcome.error is None for outcome in outcomes)
    first = _page_lines(outcomes[0].target)
    for outcome in outcomes[1:]:
        assert _page_lines(outcome.target) == first, outcome.target.name
    for number in (2, 5):  # the pages the unsteady conversion left short
        page = measure(outcomes[0].target)[number - 1]
        body = [line for line in text_lines(page) if line.em_top < type_area(page).bottom]
        assert lines_used(page, body[-1]) == S.LINES_PER_PAGE, number
