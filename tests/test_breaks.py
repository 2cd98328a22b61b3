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
from docgen.layout.breaks import BREAK, JOIN, body_text, held, plain, table_runs
from docgen.layout.cellwords import cell_runs

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from generate import write_notice  # noqa: E402


def _shown(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    return [(text.replace(JOIN, "^").replace(BREAK, "|"), whole) for text, whole in pieces]


def test_a_date_a_code_and_a_document_number_are_held_together() -> None:
    assert _shown(table_runs("于2025年7月4日完成")) == [
        ("于", False),
        ("2025^年^7^月^4^日", True),
        ("完成", False),
    ]
    assert _shown(table_runs("DB-2025-357")) == [("DB^-^2025^-^357", True)]
    assert _shown(table_runs("伊自然资规〔2023〕120号")) == [("伊^自^然^资^规^〔^2023^〕^120^号", True)]


def test_at_the_last_resort_they_break_at_their_joints_and_nowhere_else() -> None:
    assert _shown(table_runs("2025年7月4日", joints=True)) == [("2025^年|7^月|4^日", True)]
    assert _shown(table_runs("伊自然资规〔2023〕120号", joints=True)) == [
        ("伊^自^然^资^规|〔^2023^〕|120^号", True)
    ]
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


def _pdf(tmp_path: Path, pool: ConverterPool, index: int, seed: int = 14) -> Path:
    source = tmp_path / "src"
    write_notice(seed, index, source)
    docx = tmp_path / f"n{index}.docx"
    docx.write_bytes(render(source / f"n{seed}-{index:03d}.md"))
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


def test_a_cell_offers_libreoffice_the_joints_between_its_held_runs() -> None:
    # each piece between joints is its own held run; the zero-width space between them is the break
    runs, _ = cell_runs("三政重点办〔2025〕150号", 5.04, joints=True)
    assert _shown(runs) == [("三^政^重^点^办|", True), ("〔^2025^〕|", True), ("150^号", True)]
    runs, _ = cell_runs("2025年10月20日", 5.04, joints=True)
    assert _shown(runs) == [("2025^年|", True), ("10^月|", True), ("20^日", True)]
    assert cell_runs("三政重点办〔2025〕150号", 5.04)[0] == [(held("三政重点办〔2025〕150号"), True)]


def test_libreoffice_breaks_a_document_number_at_its_joints_not_inside(tmp_path: Path, pool: ConverterPool) -> None:
    # corpus notice n101-044 (seed 101), p8 column 文号 (5.04 字, 小五 landscape): the .docx held
    # 〔^2025^〕 and 150^号 as two zxx runs with no break between them, so LibreOffice found none at
    # 〕|150 and broke the run where it would not fit: 「三政重点办|〔|2025〕150|号」, 22 cells
    pdf = _pdf(tmp_path, pool, 44, seed=101)
    verdict = _verdicts(pdf)["tables.tokens.pdf"]
    assert verdict.status is Status.PASS, verdict.measured
    # the cells' lines as pypdf reads them, one word each: 〔 and 号 never alone, the plan's lines there
    words = {word for page in PdfReader(pdf).pages for word in page.extract_text().split()}
    assert "〔" not in words
    assert "号" not in words
    assert {"三政重点办", "〔2025〕", "150号"} <= words


def test_libreoffice_ends_a_line_after_a_comma_before_a_year(tmp_path: Path, pool: ConverterPool) -> None:
    # corpus notice n14-034: a line of 25 字 「…金融工具支」 before 「持，2025年」
    pdf = _pdf(tmp_path, pool, 34)
    verdict = _verdicts(pdf)["grid.chars.pdf"]
    assert verdict.status is Status.PASS, verdict.measured
    lines = [line for page in PdfReader(pdf).pages for line in page.extract_text().split("\n")]
    assert any(line.endswith("金融工具支持，") for line in lines)


# Mixed lines of the corpus (seed 14) whose justified first lines showed the widest gaps before a
# digit run (「对接会不少于|3」 1.33 pt, 「每月|17日前」 0.52 pt with no slack spread over the 汉字).
MIXED = (
    "定期开展银企对接活动，全年组织对接会不少于3次；县重点项目办将每周调度一次项目进展情况，每月17日前在全县通报。",
    "省级以上重点项目142个，完成投资165.10亿元，同比增长101.7%；推广EPC总承包和PPP模式，运用BIM技术加强施工管理。",
    "1.项目单位要倒排工期、挂图作战，确保2025年10月26日前实现主体完工，截至9月底累计完成投资199.99亿元。",
    "今年共安排2021年度项目811个，联系地址B区811房间。",
)


def _chinese_latin_gaps(pdf: Path) -> tuple[list[float], list[float]]:
    """Return the room before each digit or Latin letter that follows a 汉字 in the body, less the
    line's share of justification (the median room between two 汉字 when positive), for lines
    reaching the type area's right edge (justified) and for the others (paragraph ends)."""
    import statistics

    import pdfplumber

    from docgen import standard as S
    from docgen.check.pdf_read import MM_PER_PT

    right = (S.MARGIN_LEFT_MM + S.TYPE_AREA_WIDTH_MM) / MM_PER_PT
    justified: list[float] = []
    ragged: list[float] = []
    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[0].chars if abs(c["size"] - 16) < 0.5]
    rows: dict[int, list[dict]] = {}  # type: ignore[type-arg]
    for char in chars:
        rows.setdefault(round(char["top"]), []).append(char)
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        gaps = [b["x0"] - a["x1"] for a, b in zip(row, row[1:], strict=False)]
        han = [i for i, c in enumerate(row[:-1]) if "\u4e00" <= c["text"] <= "\u9fff"]
        between = [gaps[i] for i in han if "\u4e00" <= row[i + 1]["text"] <= "\u9fff"]
        share = max(0.0, statistics.median(between)) if between else 0.0
        found = [
            gaps[i] - share for i in han if row[i + 1]["text"].isascii() and row[i + 1]["text"].isalnum()
        ]
        (justified if row[-1]["x1"] > right - 3 else ragged).extend(found)
    return justified, ragged


def test_no_gap_before_digits_on_lines_libreoffice_does_not_justify_and_under_a_share_on_others(
    tmp_path: Path, pool: ConverterPool
) -> None:
    """Issue 14 (7): on a paragraph's last line (not justified) a digit or Latin run follows a 汉字
    with under 0.5 pt between them.  On a justified line LibreOffice gives the run's edge what its
    justification leaves over (KNOWN_DEFECTS in test_corpus: up to 1.33 pt on seed 14); measured
    here to stay under 1.5 pt — Writer's own spacing between scripts (4.4 pt) is off."""
    from conftest import MINIMAL_FRONT

    from docgen.notices import render_notice_file
    from docgen.run_resources import RunResources

    source = tmp_path / "mixed.md"
    source.write_text(f"---\n{MINIMAL_FRONT}\n---\n" + "\n".join(MIXED) + "\n", encoding="utf-8")
    docx = tmp_path / "mixed.docx"
    docx.write_bytes(render_notice_file(source, RunResources()).data)
    (outcome,) = pool.convert([(docx, tmp_path / "mixed.pdf")])
    assert outcome.error is None, outcome.error
    justified, ragged = _chinese_latin_gaps(outcome.target)
    assert len(justified) >= 4, justified
    assert len(ragged) >= 2, ragged
    assert max(ragged) < 0.5, ragged
    assert max(justified) < 1.5, justified
