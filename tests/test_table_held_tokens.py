"""A date, number, 文号 or code inside a word of a table cell keeps its column at least as wide as
itself (layout/columns.py: a word too wide for its column breaks between its characters, the date
in it held whole).

Corpus notice n7-019 (seed 7): a 14-column table whose 形象进度 cells hold 「各责任单位要于2025年11月3日前
将……」; the segmenter makes 「2025年11月3日前」 one word.  Its column's least width was one 汉字, the
table fitted 小五 on a landscape page with words broken, and LibreOffice broke the date held by word
joiners in a column 2.1 字 wide: 「202|5年1|1月3|日」 (tables.tokens.pdf).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docgen.convert.pool import ConverterPool
from docgen.layout.breaks import UNBREAKABLE
from docgen.layout.cellwords import run_width
from docgen.layout.columns import grid, least_piece, units
from docgen.model import Table

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from generate import write_notice  # noqa: E402

CELL = "前期手续办理中，各责任单位要于2025年11月3日前将月"


def test_a_date_inside_a_word_sets_the_least_width() -> None:
    (date,) = (m.group() for m in UNBREAKABLE.finditer(CELL) if "年" in m.group())
    assert least_piece(units(CELL)) >= run_width(date)
    assert least_piece(units(CELL, joints=True)) < run_width(date)  # at its joints: 2025年|11月|3日前
    table = Table(rows=(("序号", "形象进度"), ("1", CELL)), header_rows=1)
    assert grid(table).minimum[1] >= run_width(date)


def test_no_date_breaks_in_a_table_of_words_too_wide(tmp_path: Path, pool: ConverterPool) -> None:
    from docgen.check.pdf_read import measure
    from docgen.check.pdf_rules import check_pdf
    from docgen.check.rules import Finding, Judge, Status
    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    write_notice(7, 19, tmp_path)
    docx = tmp_path / "n7-019.docx"
    docx.write_bytes(render_notice_file(tmp_path / "n7-019.md", RunResources()).data)
    (outcome,) = pool.convert([(docx, tmp_path / "n7-019.pdf")])
    assert outcome.error is None
    findings: list[Finding] = []
    check_pdf(measure(tmp_path / "n7-019.pdf"), Judge(findings), text_rules=True)
    (tokens,) = [f for f in findings if f.rule.id == "tables.tokens.pdf"]
    assert tokens.status == Status.PASS, tokens
