"""A table whose header fits at a page's foot but not with its first row starts on the next page
(layout/aftertable.table_on_next_page): LibreOffice 7.4 lost the rows of such a table.

Corpus notice n2027-097 (seed 2027): a body table of 6 rows after a paragraph ending page 2 with
20.7 mm left; header 20.5 mm, first row 13.6 mm.  LibreOffice drew the header and the first row's
first line at the foot of page 2, that line at 263 mm (page.margins.pdf), and rows 2–6 on no page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docgen.convert.pool import ConverterPool

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from generate import write_notice  # noqa: E402


def test_every_row_of_a_table_starting_at_a_page_foot_is_on_a_page(tmp_path: Path, pool: ConverterPool) -> None:
    from docgen.check.pdf_read import measure
    from docgen.check.pdf_rules import check_pdf
    from docgen.check.rules import Finding, Judge, Status
    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    write_notice(2027, 97, tmp_path)
    docx = tmp_path / "n2027-097.docx"
    docx.write_bytes(render_notice_file(tmp_path / "n2027-097.md", RunResources()).data)
    (outcome,) = pool.convert([(docx, tmp_path / "n2027-097.pdf")])
    assert outcome.error is None
    pages = measure(tmp_path / "n2027-097.pdf")
    source = (tmp_path / "n2027-097.md").read_text(encoding="utf-8")
    table = [line.split("|")[4].strip() for line in source.splitlines() if line.startswith("| ") and "|---" not in line]
    figures = table[1:7]  # the first table's 累计完成投资 column, one figure a row
    assert len(figures) == 6
    texts = ["".join(line.text for line in page.lines) for page in pages]
    for figure in figures:
        assert any(figure in text for text in texts), figure
    assert any("431707" in text for text in texts[2:3])  # row 2 on page 3 with its table
    findings: list[Finding] = []
    check_pdf(pages, Judge(findings), text_rules=True)
    verdicts = {f.rule.id: f.status for f in findings}
    assert verdicts["page.margins.pdf"] == Status.PASS
