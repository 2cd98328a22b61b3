"""Every .xlsx docgen writes, read back with openpyxl: numbers numeric with their format, dates as
dates, the header bold and frozen with an autofilter; 四舍五入 pinned from the ledger to the .xlsx."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from openpyxl import Workbook, load_workbook

from docgen.bulletin_manifest import Entry, write_manifest
from docgen.cli import main_group
from docgen.compose.ranking import ranking_rows
from docgen.ledger_template import projects_template, supervision_template
from docgen.load.projects import load_projects
from docgen.rank import ranking_xlsx
from docgen.ranking import rank
from docgen.scoring import IndicatorRule, Rules
from docgen.xlsx_table import TableColumn, workbook_bytes, write_table

SAMPLES = ROOT / "samples" / "ranking"
OFFICE = SAMPLES / "项目台账-办公室格式-2025-05.xlsx"
NUMERIC_FORMATS = {"0", "0.00", "0.00%"}


def assert_header_frozen(sheet: object) -> None:
    assert sheet.freeze_panes == "A2"  # type: ignore[attr-defined]
    assert sheet.auto_filter.ref
    assert sheet.auto_filter.ref.startswith("A1:")
    assert all(cell.font.bold for cell in sheet[1])  # type: ignore[index]


@pytest.fixture(scope="module")
def ranking_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``docgen rank`` as the README shows it, on the office-style sample ledger."""
    folder = tmp_path_factory.mktemp("rank-xlsx")
    result = CliRunner().invoke(
        main_group,
        [
            "--register",
            str(folder / "r.sqlite"),
            "rank",
            str(OFFICE),
            "--month",
            "2025-05",
            "--previous",
            str(SAMPLES / "项目台账-2025-04.xlsx"),
            "--rules",
            str(SAMPLES / "rules.yaml"),
            "--letterhead",
            "zhangzi-zdxmb",
            "-o",
            str(folder / "排名通报.docx"),
            "--xlsx",
            str(folder / "排名.xlsx"),
            "--date",
            "2025-06-05",
        ],
    )
    assert result.exit_code == 0, result.output
    return folder / "排名.xlsx"


def test_the_ranking_xlsx_has_real_numbers_with_formats(ranking_file: Path) -> None:
    sheet = load_workbook(ranking_file).active
    assert_header_frozen(sheet)
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["组别", "排名", "单位"]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 13
    column = {title: index for index, title in enumerate(header)}
    for row in rows:
        assert isinstance(row[column["排名"]].value, int)
        assert row[column["排名"]].number_format == "0"
        score = row[column["得分"]]
        assert isinstance(score.value, (int, float))
        assert score.number_format == "0.00"
        rate = row[column["投资完成率"]]
        if rate.value != "—":
            assert isinstance(rate.value, float)
            assert rate.number_format == "0.00%"
        plan = row[column["年度计划投资（亿元）"]]
        assert isinstance(plan.value, (int, float))
        assert plan.number_format == "0.00"
        assert isinstance(row[column["项目个数"]].value, int)
    assert sheet.column_dimensions["C"].width >= 2 * len("长子经济技术开发区")


def test_the_office_sample_ranks_as_the_clean_ledger(ranking_file: Path) -> None:
    """The office-style sample holds the same projects as 项目台账-2025-05.xlsx: the same ranking."""
    from docgen.load.rules import load_rules

    rules = load_rules(SAMPLES / "rules.yaml")
    clean, _ = load_projects(SAMPLES / "项目台账-2025-05.xlsx", 2025, 5)
    office, problems = load_projects(OFFICE, 2025, 5)
    assert not problems
    tables = [
        {g: ranking_rows(m, rules) for g, m in rank(p, rules, 2025, 5).groups.items()}
        for p in (clean, office)
    ]
    assert tables[0] == tables[1]
    sheet = load_workbook(ranking_file).active
    first = [c.value for c in sheet[2]]
    assert first[2] == tables[0]["乡镇"][0][1]


@pytest.mark.parametrize("make", [projects_template, supervision_template])
def test_ledger_templates_have_formats_and_a_frozen_header(make: object) -> None:
    sheet = load_workbook(io.BytesIO(make())).active  # type: ignore[operator]
    assert_header_frozen(sheet)
    formats = {cell.value: sheet.cell(row=2, column=cell.column).number_format for cell in sheet[1]}
    if "总投资（万元）" in formats:
        assert formats["总投资（万元）"] == "0.00"
        assert formats["累计完成投资（万元）"] == "0.00"
    else:
        assert formats["交办日期"] == "yyyy-mm-dd"
        assert formats["办理时限（工作日）"] == "0"
    assert all(sheet.column_dimensions[c.column_letter].width >= 12 for c in sheet[1])


def test_a_table_keeps_dates_as_dates_and_formula_like_text_inert() -> None:
    book = Workbook()
    columns = [TableColumn("单位"), TableColumn("交办日期", "date"), TableColumn("金额（万元）", "number")]
    write_table(
        book.active,
        columns,
        [['=HYPERLINK("http://x.example","甲")', dt.date(2025, 9, 29), Decimal("12.35")]],
    )
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    text, date, amount = sheet[2]
    assert text.data_type == "s"
    assert text.value.startswith("=HYPERLINK")
    assert isinstance(date.value, dt.datetime)
    assert date.value.date() == dt.date(2025, 9, 29)
    assert date.number_format == "yyyy-mm-dd"
    assert amount.value == 12.35
    assert amount.number_format == "0.00"
    assert_header_frozen(sheet)


def _ledger(path: Path, rows: list[tuple[str, int, int]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）"])
    for unit, plan, done in rows:
        sheet.append([f"{unit}项目", unit, plan * 2, plan, done])
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("plan", "done", "decimals", "shown", "stored"),
    [
        (100000, 12345, 2, "12.35", 12.35),  # score 12.345
        (100000, 125, 2, "0.13", 0.13),  # score 0.125
        (100000, 2500, 0, "3", 3),  # score 2.5
    ],
)
def test_rounding_is_half_up_from_ledger_to_table_to_xlsx(
    tmp_path: Path, plan: int, done: int, decimals: int, shown: str, stored: float
) -> None:
    """四舍五入 on ties, through ledger → score → table → .xlsx: ROUND_HALF_EVEN in ranking.py fails it."""
    rules = Rules(
        indicators=(IndicatorRule("completion_rate", Decimal(100), "ratio", target=Decimal(1)),),
        groups={"乡镇": ("甲镇",)},
        columns=("annual_plan", "completed", "completion_rate"),
        decimals=decimals,
    )
    projects, errors = load_projects(_ledger(tmp_path / "l.xlsx", [("甲镇", plan, done)]), 2025, 5)
    assert not errors
    ranking = rank(projects, rules, 2025, 5)
    (row,) = ranking_rows(ranking.groups["乡镇"], rules)
    assert row[-3] == shown
    sheet = load_workbook(io.BytesIO(ranking_xlsx(ranking, rules))).active
    header = [c.value for c in sheet[1]]
    score = sheet.cell(row=2, column=header.index("得分") + 1)
    assert score.value == stored
    assert score.number_format == ("0.00" if decimals else "0")
    if done == 12345:  # the rate 12.345% too: 0.1235 shown as 12.35%
        rate = sheet.cell(row=2, column=header.index("投资完成率") + 1)
        assert (rate.value, rate.number_format) == (0.1235, "0.00%")
        assert "12.35%" in row


def test_money_in_yi_rounds_half_up_in_the_xlsx(tmp_path: Path) -> None:
    """1250 万元 = 0.125 亿元 → 0.13."""
    rules = Rules(
        indicators=(IndicatorRule("completion_rate", Decimal(100), "ratio", target=Decimal(1)),),
        groups={"乡镇": ("甲镇",)},
        columns=("annual_plan",),
    )
    projects, _ = load_projects(_ledger(tmp_path / "l.xlsx", [("甲镇", 1250, 100)]), 2025, 5)
    ranking = rank(projects, rules, 2025, 5)
    sheet = load_workbook(io.BytesIO(ranking_xlsx(ranking, rules))).active
    assert sheet["D2"].value == 0.13
    assert ranking_rows(ranking.groups["乡镇"], rules)[0][2] == "0.13"


def test_the_ranking_xlsx_opens_in_libreoffice(ranking_file: Path, tmp_path: Path, pool: object) -> None:
    """Converted to PDF through the LibreOffice pool (its UNO worker picks Calc's PDF filter)."""
    from pypdf import PdfReader

    target = tmp_path / "排名.pdf"
    (done,) = pool.convert([(ranking_file, target)])  # type: ignore[attr-defined]
    assert done.error is None, done.error
    text = PdfReader(target).pages[0].extract_text()
    assert "长子经济技术开发区" in text
    assert "乡镇 1 碾张乡 7 29.57" in text  # the 亿元 number shown by Calc with its 0.00 format


def test_the_bulletin_manifest_xlsx_lists_pages_as_numbers(tmp_path: Path) -> None:
    """manifest.xlsx beside manifest.json/.csv: a row per bulletin, 页数 a number, text inert."""
    entries = [
        Entry("甲镇", "甲镇.docx", "ok", "h1", "d1", "甲镇.pdf", "p1", 4),
        Entry("=1+1", "x.docx", "failed", "h2", error="LibreOffice 超时"),
    ]
    write_manifest(tmp_path, "2025年第1期", entries)
    sheet = load_workbook(tmp_path / "manifest.xlsx").active
    assert_header_frozen(sheet)
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["单位", "状态", "页数"]
    first, second = ([c for c in row] for row in sheet.iter_rows(min_row=2))
    assert [c.value for c in first[:5]] == ["甲镇", "已生成", 4, "甲镇.docx", "甲镇.pdf"]
    assert (first[2].data_type, first[2].number_format) == ("n", "0")
    assert second[0].data_type == "s"
    assert second[0].value.lstrip("'") == "=1+1"
    assert [c.value for c in second[1:3]] == ["失败", None]
    assert second[5].value == "LibreOffice 超时"
