"""Line breaks the layout intends, told to LibreOffice in the text (issue 14 c): dates, numbers,
文号 and codes held together in table cells, joints where a last-resort table may break, a break
after a full-width mark before a digit; the text a reader copies from the PDF unchanged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import render
from pypdf import PdfReader

from docgen.check.pdf_read import measure
from docgen.check.pdf_rules import check_pdf, without_watermark
from docgen.check.rules import Finding, Judge, Status
from docgen.convert.pool import ConverterPool
from docgen.layout.breaks import BREAK, JOIN, body_text, plain, table_runs

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from generate import write_notice  # noqa: E402


def _shown(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    return [(text.replace(JOIN, "^").replace(BREAK, "|"), whole) for text, whole in pieces]


def test_a_date_a_code_and_a_document_number_are_held_together() -> None:
    assert _shown(table_runs("于2025年7月4日完成")) == [("于", False), ("2025^年^7^月^4^日", True), ("完成", False)]
    assert _shown(table_runs("DB-2025-357")) == [("DB^-^2025^-^357", True)]
    assert _shown(table_runs("伊自然资规〔2023〕120号")) == [("伊^自^然^资^规^〔^2023^〕^120^号", True)]


def test_at_the_last_resort_they_break_at_their_joints_and_nowhere_else() -> None:
    assert _shown(table_runs("2025年7月4日", joints=True)) == [("2025^年|7^月|4^日", True)]
    assert _shown(table_runs("伊自然资规〔2023〕120号", joints=True)) == [("伊^自^然^资^规|〔^2023^〕|120^号", True)]
    assert _shown(table_runs("0398-28129737", joints=True)) == [("0398^-|28129737", True)]


def test_numbers_and_plain_text_are_left_as_they_are() -> None:
    # a line does not break inside 20,026.20, -0.84 or XM20250043 anyway: no marks, one run
    for text in ("合计20,026.20万元", "-0.84", "XM20250043", "施工许可办理中", ""):
        assert table_runs(text) == [(text, False)]


def test_running_text_may_break_after_a_full_width_mark_before_a_digit() -> None:
    assert body_text("金融工具支持，2025年力争") == f"金融工具支持，{BREAK}2025年力争"
    assert body_text("（41.67%）6.48个百分点") == f"（41.67%）{BREAK}6.48个百分点"
    assert body_text("长子政办发〔2020〕66号") == "长子政办发〔2020〕66号"  # a 文号 stays whole
    assert plain(body_text("支持，2025年，A级")) == "支持，2025年，A级"


def _pdf(tmp_path: Path, pool: ConverterPool, index: int) -> Path:
    source = tmp_path / "src"
    write_notice(14, index, source)
    docx = tmp_path / f"n{index}.docx"
    docx.write_bytes(render(source / f"n14-{index:03d}.md"))
    outcome = pool.convert([(docx, tmp_path / f"n{index}.pdf")])[0]
    assert outcome.error is None, outcome.error
    return outcome.target


def _verdicts(pdf: Path) -> dict[str, Finding]:
    findings: list[Finding] = []
    check_pdf(without_watermark(measure(pdf)), Judge(findings), text_rules=True)
    return {f.rule.id: f for f in findings}


@pytest.mark.parametrize("index", [15])
def test_libreoffice_breaks_a_last_resort_table_only_at_joints(
    tmp_path: Path, pool: ConverterPool, index: int
) -> None:
    # corpus notice n14-015: a 14-column table of dates, 文号 and phone numbers, too wide even in
    # 小五 on a landscape page; LibreOffice set 「2025年7|月4日」 and 「伊自然资规|〔2023〕120|号」
    pdf = _pdf(tmp_path, pool, index)
    verdict = _verdicts(pdf)["tables.tokens.pdf"]
    assert verdict.status is Status.PASS, verdict.measured
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert JOIN not in text  # what a reader copies is unchanged
    assert BREAK not in text
    assert "伊自然资规" in text


def test_libreoffice_ends_a_line_after_a_comma_before_a_year(tmp_path: Path, pool: ConverterPool) -> None:
    # corpus notice n14-034: a line of 25 字 「…金融工具支」 before 「持，2025年」
    pdf = _pdf(tmp_path, pool, 34)
    verdict = _verdicts(pdf)["grid.chars.pdf"]
    assert verdict.status is Status.PASS, verdict.measured
    lines = [line for page in PdfReader(pdf).pages for line in page.extract_text().split("\n")]
    assert any(line.endswith("金融工具支持，") for line in lines)
