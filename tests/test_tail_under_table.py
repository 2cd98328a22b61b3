"""The 版记 goes under a table that ends the last page when it fits there (layout/pages.IMPRINT_SLACK):
no blank page before it (7.5; check: pages.blank.pdf).

Corpus notice n101-049 (seed 101, double-sided): its last attachment, a portrait table, ends page 12
with 14.7 mm left (the estimate; 15.0 measured); the 版记 is 11.3 mm.  With the half line of slack
kept under running text (避头尾 may carry a character to a line more) it went after a blank page 13,
on page 14.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docgen.convert.pool import ConverterPool

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from generate import write_notice  # noqa: E402


def test_the_tail_fits_under_a_table_ending_the_last_page(tmp_path: Path, pool: ConverterPool) -> None:
    from docgen.check.pdf_read import measure
    from docgen.check.pdf_rules import check_pdf
    from docgen.check.rules import Finding, Judge, Status
    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    knobs = write_notice(101, 49, tmp_path)
    assert knobs.double_sided
    docx = tmp_path / "n101-049.docx"
    docx.write_bytes(render_notice_file(tmp_path / "n101-049.md", RunResources()).data)
    (outcome,) = pool.convert([(docx, tmp_path / "n101-049.pdf")])
    assert outcome.error is None
    pages = measure(tmp_path / "n101-049.pdf")
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True, double_sided=True)
    verdicts = {f.rule.id: f.status for f in findings}
    assert len(pages) == 12
    for rule in ("pages.blank.pdf", "pages.even.pdf", "imprint.page.pdf", "imprint.position.pdf"):
        assert verdicts[rule] == Status.PASS, rule
