"""docgen collect: blank forms out, returned forms filled the way offices fill them, checked and merged.

Every form here is a real .xlsx: written by ``collect forms`` and filled with openpyxl, or made over
by hand with merged two-row headers, the way units send them back.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from openpyxl import Workbook, load_workbook

from docgen.cli import main_group
from docgen.collect.forms import HEADER_ROW, RESERVE, blank_form
from docgen.collect.merge import State, merge_forms
from docgen.collect.units import Unit, load_units
from docgen.errors import DataError
from docgen.load.sheet import read_ledger

SAMPLES = ROOT / "samples" / "collect"
FIRST = HEADER_ROW + 1
UNITS_YAML = """单位:
  - 甲县
  - 名称: 乙县
    别名: [乙]
    联系人: 张三
    电话: 0398-1
  - 丙区
  - 丁区
"""
# the form's columns: 项目名称 建设单位 建设地点 建设性质 所属领域 建设规模及内容 总投资 年度计划投资
# 计划开工时间 计划竣工时间 审批情况 战略性新兴产业 是否开工 责任单位 备注
GOOD: list[tuple[Any, ...]] = [
    (
        "甲县一号项目",
        "甲公司",
        "甲县",
        "新建",
        "生态环保",
        "厂房",
        "35,000",
        "5000",
        "2021年3月",
        "2022.12.31",
        "已备案",
        "是",
        "否",
        None,
        None,
    ),
    (
        "甲县二号项目",
        "甲公司",
        "甲县",
        "续建",
        None,
        "道路",
        "1.2亿元",
        3000,
        dt.date(2021, 4, 1),
        None,
        "已核准",
        "否",
        "是",
        "甲县交通局",
        None,
    ),
]


def run(*args: str) -> Result:
    return CliRunner().invoke(main_group, list(args))


def fill(
    path: Path, unit: str, rows: Sequence[Sequence[Any]], zero: str | None = None, formulas: bool = False
) -> Path:
    """Write ``unit``'s blank form filled with ``rows`` (None leaves a cell empty) to ``path``; text
    starting with = is typed text unless ``formulas``."""
    book = load_workbook(io.BytesIO(blank_form(RESERVE, unit)))
    sheet = book.active
    if zero is not None:
        sheet["F2"] = zero
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row=FIRST + offset, column=column, value=value)
                if isinstance(value, str) and value.startswith("=") and not formulas:
                    cell.data_type = "s"
    book.save(path)
    return path


@pytest.fixture
def units_file(tmp_path: Path) -> Path:
    path = tmp_path / "单位.yaml"
    path.write_text(UNITS_YAML, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh_CN.UTF-8", "汇总项目 2 个，总投资 4.70 亿元。"), ("en_US.UTF-8", "2 projects merged, total investment 470.00 million yuan.")],
)
def test_the_merge_total_is_said_in_the_locales_unit(units_file: Path, tmp_path: Path, lang: str, said: str) -> None:
    """The summary's total: 亿元 in Chinese, million yuan in English (was "4.70 亿元" in English too); the
    汇总 workbook stays Chinese, in 万元, in either locale."""
    back = tmp_path / "回收"
    back.mkdir()
    fill(back / "甲县.xlsx", "甲县", GOOD)
    out = tmp_path / "汇总.xlsx"
    env = {"LANG": lang, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None}
    result = CliRunner().invoke(main_group, ["collect", "merge", str(back), "--units", str(units_file), "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert said in result.output
    if lang.startswith("en"):
        assert "亿元" not in result.output
    header = [c.value for c in load_workbook(out)["汇总"][1]]
    assert "总投资（万元）" in header


def test_forms_out_one_per_unit_with_name_dropdowns_and_protected_header(
    units_file: Path, tmp_path: Path
) -> None:
    result = run("collect", "forms", "--units", str(units_file), "-o", str(tmp_path / "下发"))
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "下发").glob("*.xlsx"))
    assert [f.name for f in files] == sorted(
        f"{u}-重点项目谋划储备基本情况表.xlsx" for u in ("甲县", "乙县", "丙区", "丁区")
    )
    sheet = load_workbook(tmp_path / "下发" / "乙县-重点项目谋划储备基本情况表.xlsx").active
    assert sheet["A2"].value == "填报单位：乙县"
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:4] == ["*项目名称", "*建设单位", "建设地点", "*建设性质"]
    assert sheet.freeze_panes == f"A{FIRST}"
    assert all(c.font.bold and c.comment is not None for c in sheet[HEADER_ROW])
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    assert lists["F2"] == '"是,否"'
    assert lists[f"D{FIRST}:D{FIRST + 1999}"] == '"新建,续建,改扩建,迁建"'  # room for 400 projects and more
    kinds = {dv.type for dv in sheet.data_validations.dataValidation}
    assert {"list", "date", "decimal"} <= kinds
    assert sheet.protection.sheet
    assert sheet["A1"].protection.locked
    assert sheet["A4"].protection.locked
    assert sheet["O2"].protection.locked  # 单位：万元
    assert sheet["H2"].protection.locked  # an empty cell of the unit's row
    assert not sheet["F2"].protection.locked
    # the rows to fill: every column's style is unlocked and formatted (empty cells take it)
    columns = sheet.column_dimensions
    assert all(not columns[letter].protection.locked for letter in "ABCDEFGHIJKLMNO")
    assert columns["G"].number_format == "0.00"
    assert columns["I"].number_format == "yyyy-mm-dd"
    assert columns["A"].number_format == "General"


def test_round_trip_forms_filled_merged_with_missing_and_zero_units(units_file: Path, tmp_path: Path) -> None:
    """forms → filled as offices do (renamed file, numbers as text, 1.2亿元, 合计 row) → merge."""
    back = tmp_path / "回收"
    back.mkdir()
    fill(back / "最终版(1).xlsx", "甲县", [*GOOD, ("合计", None, None, None, None, None, "47000", "8000")])
    fill(back / "乙县零报送.xlsx", "乙县", [], zero="是")
    book = load_workbook(io.BytesIO(blank_form(RESERVE, "丙区")))
    book.active.cell(row=FIRST, column=1, value="1")
    book.active.cell(row=FIRST, column=2, value="无")  # 零报送 written in the table
    book.save(back / "丙区.xlsx")
    out = tmp_path / "汇总.xlsx"
    result = run(
        "collect",
        "merge",
        str(back),
        "--units",
        str(units_file),
        "-o",
        str(out),
        "--chase",
        str(tmp_path / "催报.xlsx"),
    )
    assert result.exit_code == 0, result.output
    assert (
        "应报单位 4 个，读取文件 3 个：已报送 1 个，零报送 2 个，退回修改 0 个，未报送 1 个。"
        in result.output
    )
    assert "汇总项目 2 个，总投资 4.70 亿元。" in result.output
    assert "零报送：乙县、丙区" in result.output
    assert "未报送：丁区" in result.output
    book = load_workbook(out)
    sheet = book["汇总"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [r["总投资（万元）"] for r in rows] == [35000, 12000]
    assert sheet["I2"].data_type == "n"
    assert sheet["I2"].number_format == "0.00"
    assert rows[0]["计划开工时间"] == dt.datetime(2021, 3, 1)
    assert sheet["K2"].is_date
    assert rows[0]["计划竣工时间"] == dt.datetime(2022, 12, 31)
    assert [r["填报单位"] for r in rows] == ["甲县", "甲县"]
    assert [r["责任单位"] for r in rows] == ["甲县", "甲县交通局"]
    assert [(r["来源文件"], r["来源行"]) for r in rows] == [
        ("最终版(1).xlsx", FIRST),
        ("最终版(1).xlsx", FIRST + 1),
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:S3"
    answers = {row[0].value: row[1].value for row in book["报送情况"].iter_rows(min_row=2)}
    assert answers == {"甲县": "已报送", "乙县": "零报送", "丙区": "零报送", "丁区": "未报送"}
    chase = load_workbook(tmp_path / "催报.xlsx").active
    assert [[c.value for c in row] for row in chase.iter_rows(min_row=2)] == [
        ["丁区", "未报送", 0, None, None]
    ]
    assert chase.freeze_panes == "A2"
    assert all(c.font.bold for c in chase[1])
    assert (chase["C2"].data_type, chase["C2"].number_format) == ("n", "0")  # 问题数 a number
    # the merged ledger reads back through the same intake, with the same amounts
    again = read_ledger(out, RESERVE.columns())
    assert [r["total"] for _, r in again.records] == [Decimal(35000), Decimal(12000)]


def test_a_form_made_over_with_title_note_and_two_row_header_is_read_in_its_unit(
    units_file: Path, tmp_path: Path
) -> None:
    """乙县 made its own table: 单位：亿元 in a note, a merged 投资情况 over two columns, numbers as
    full-width text, the unit written by its alias beside 填报单位（盖章）, a file name naming no unit."""
    book = Workbook()
    sheet = book.active
    sheet.append(["2021年谋划储备项目表"])
    sheet.merge_cells("A1:J1")
    sheet.append(["填报单位（盖章）：", "乙", None, None, None, None, None, None, None, "单位：亿元"])
    sheet.append(
        [
            "序号",
            "项目名称",
            "建设单位",
            "建设性质",
            "建设内容及规模",
            "投资情况",
            None,
            "开工时间",
            "审批情况",
            "备注",
        ]
    )
    sheet.append([None, None, None, None, None, "总投资", "年度计划投资"])
    for column in "ABCDEHIJ":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("F3:G3")
    sheet.append(
        [1, "乙县水厂", "乙县水务", "改扩建", "日供水5万吨", "２．５", "0.5", "2021.5", "已审批", None]
    )
    sheet.append([None, "合  计", None, None, None, "2.5", "0.5"])
    path = tmp_path / "附件1.xlsx"
    book.save(path)
    merged = merge_forms([path], load_units(units_file), RESERVE)
    assert merged.errors == []
    # its own table has no 战略性新兴产业 and 是否开工: read as 否, and said (outsider14 #3)
    assert [str(w).split("第 3 行：")[-1] for w in merged.warnings] == [
        "表中没有“战略性新兴产业、是否开工”列：各项目在这一列都按“否”计（通报的占比也如此）；有的项目为“是”时，请该单位加上这一列"
    ]
    assert [
        (p.unit, p.fields["total"], p.fields["annual_plan"], p.fields["start"]) for p in merged.projects
    ] == [("乙县", Decimal("25000.0"), Decimal("5000.0"), dt.date(2021, 5, 1))]


def test_every_problem_of_every_file_reported_at_once_and_only_good_files_merged(
    units_file: Path, tmp_path: Path
) -> None:
    back = tmp_path / "回收"
    back.mkdir()
    fill(back / "甲县.xlsx", "甲县", GOOD)
    fill(
        back / "乙县.xlsx",
        "乙县",
        [
            ("乙县一号", "乙公司", None, "新建项目", None, "厂房", "abc", None, "2021-03-01", None, "待定"),
            (
                "乙县二号",
                "乙公司",
                None,
                "新建",
                None,
                "厂房",
                100,
                200,
                "2021-03-01",
                "2020-01-01",
                "已备案",
            ),
            (" 乙县二号", "乙公司", None, "新建", None, "厂房", 100, None, "2021-03-01", None, "已备案"),
        ],
    )
    fill(back / "丙区.xlsx", "丙区", [], zero="是")
    fill(
        back / "丁区.xlsx",
        "丁区",
        [("丁区一号", None, None, "新建", None, "厂房", 10, None, "2021-03-01", None, "已备案")],
    )
    out = tmp_path / "汇总.xlsx"
    result = run("collect", "merge", str(back), "--units", str(units_file), "-o", str(out))
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("错误：")]
    where = f"乙县.xlsx，工作表 基本情况表，第 {FIRST} 行"
    assert any(where in p and "D（*建设性质）" in p and "“新建项目”" in p for p in problems), problems
    assert any(where in p and "G（*总投资（万元））" in p and "abc" in p for p in problems), problems
    assert any(f"第 {FIRST + 1} 行" in p and "年度计划投资 200 大于总投资 100" in p for p in problems), (
        problems
    )
    assert any(
        f"第 {FIRST + 1} 行" in p and "计划竣工时间 2020-01-01 早于计划开工时间 2021-03-01" in p
        for p in problems
    )
    assert any(where in p and "K（*审批情况）" in p and "“待定”" in p for p in problems), problems
    assert any(f"第 {FIRST + 2} 行" in p and f"与第 {FIRST + 1} 行是同一项目" in p for p in problems), (
        problems
    )
    assert any("丁区.xlsx" in p and "B（*建设单位）" in p and "为空，但必须填写" in p for p in problems), (
        problems
    )
    assert len(problems) == 7
    assert "退回修改：乙县（6）、丁区（1）" in result.output
    book = load_workbook(out)
    assert [row[1].value for row in book["汇总"].iter_rows(min_row=2)] == ["甲县", "甲县"]
    listed = [[c.value for c in row] for row in book["问题清单"].iter_rows(min_row=2)]
    assert len(listed) == 7
    assert listed[1][:5] == ["错误", "乙县.xlsx", "基本情况表", FIRST, "D（*建设性质）"]


@pytest.mark.parametrize(
    ("zero", "rows", "message", "count"),
    [
        ("是", GOOD[:1], "标明零报送，却填了 1 个项目", 1),
        (
            "是",
            [("甲县一号项目", None, None, "新建")],
            "标明零报送，却填了 1 个项目",
            6,
        ),  # + 5 required cells empty
        (None, [], "没有填项目，也没有标明零报送：请填写项目，或在“零报送”处选“是”", 1),
        ("不知道", [], "零报送应填“是”或“否”，而不是“不知道”", 1),
    ],
)
def test_zero_reports_must_say_so_and_mean_it(
    units_file: Path, tmp_path: Path, zero: str | None, rows: list[Any], message: str, count: int
) -> None:
    path = fill(tmp_path / "甲县.xlsx", "甲县", rows, zero=zero)
    merged = merge_forms([path], load_units(units_file), RESERVE)
    assert [e.reason for e in merged.errors][0] == message
    assert len(merged.errors) == count
    assert merged.statuses[0].state is State.FAILED
    assert merged.projects == []


def test_units_are_matched_by_the_name_inside_then_by_the_file_name(units_file: Path, tmp_path: Path) -> None:
    units = load_units(units_file)
    renamed = fill(tmp_path / "丙区.xlsx", "乙县", GOOD[:1])  # a file named after another unit: the form wins
    book = load_workbook(io.BytesIO(blank_form(RESERVE, "")))
    for column, value in enumerate(GOOD[1], start=1):
        if value is not None:
            book.active.cell(row=FIRST, column=column, value=value)
    unnamed = tmp_path / "丁区-报送.xlsx"
    book.save(unnamed)
    stranger = fill(tmp_path / "x.xlsx", "戊镇", GOOD[:1])
    merged = merge_forms([renamed, unnamed, stranger], units, RESERVE)
    assert {s.unit.name: s.state for s in merged.statuses} == {
        "甲县": State.MISSING,
        "乙县": State.REPORTED,
        "丙区": State.MISSING,
        "丁区": State.REPORTED,
    }
    assert [e.reason for e in merged.errors] == [
        "填报单位“戊镇”不在单位名单中：如该单位应当报送，请把它加入单位名单；否则请把这份表移出回收文件夹"
    ]
    assert merged.errors[0].location.line is not None  # the row of the 填报单位 cell
    again = fill(tmp_path / "乙县第二版.xlsx", "乙县", GOOD[1:])
    twice = merge_forms([renamed, again], units, RESERVE)
    assert [e.reason for e in twice.errors] == ["乙县报送了第二份表（第一份：丙区.xlsx）；请把两份表中的项目合为一份表重新报送（其中一份作废的，删去它）"]
    assert twice.statuses[1].state is State.FAILED


def test_the_same_project_from_two_units_is_a_warning_naming_both(units_file: Path, tmp_path: Path) -> None:
    one = fill(tmp_path / "甲县.xlsx", "甲县", GOOD[:1])
    two = fill(tmp_path / "乙县.xlsx", "乙县", [("甲县 一号项目", *GOOD[0][1:])])
    merged = merge_forms([two, one], load_units(units_file), RESERVE)
    assert merged.errors == []
    assert [w.reason for w in merged.warnings] == [f"甲县 一号项目也由甲县报送（甲县.xlsx，第 {FIRST} 行）"]
    assert len(merged.projects) == 2


def test_hostile_files_are_refused_alone_and_formulas_stay_inert(units_file: Path, tmp_path: Path) -> None:
    back = tmp_path / "回收"
    back.mkdir()
    fill(back / "甲县.xlsx", "甲县", [(*GOOD[0][:14], '=HYPERLINK("http://x.invalid","点我")')])
    book = load_workbook(io.BytesIO(blank_form(RESERVE, "乙县")))
    book.active["XFD1048576"] = "x"  # calamine would allocate the whole sheet
    book.save(back / "乙县.xlsx")
    (back / "丙区.xlsx").write_bytes(b"not a zip at all")
    with zipfile.ZipFile(back / "丁区.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))  # compresses 1000x
    (back / "~$甲县.xlsx").write_bytes(b"an Office lock file")
    out = tmp_path / "汇总.xlsx"
    result = run("collect", "merge", str(back), "--units", str(units_file), "-o", str(out))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("错误：")]
    assert len(errors) == 3
    assert any("乙县.xlsx" in e and "超过 docgen 读取的 1000000 个单元格" in e for e in errors), errors
    assert any("丙区.xlsx" in e and "不是 .xlsx 文件" in e for e in errors), errors
    assert any("丁区.xlsx" in e and "可能是 zip 炸弹" in e for e in errors), errors
    assert "退回修改：乙县（1）、丙区（1）、丁区（1）" in result.output
    assert "应报单位 4 个，读取文件 4 个：已报送 1 个" in result.output
    sheet = load_workbook(out)["汇总"]
    note = sheet.cell(row=2, column=17)
    assert note.value == '=HYPERLINK("http://x.invalid","点我")'
    assert note.data_type == "s"
    assert note.quotePrefix


def test_a_formula_cell_is_never_evaluated(units_file: Path, tmp_path: Path) -> None:
    """openpyxl writes a formula without a computed value: a required amount computed by a formula
    is reported as a formula without its result, not run."""
    path = fill(tmp_path / "甲县.xlsx", "甲县", [(*GOOD[0][:6], "=1+1", *GOOD[0][7:])], formulas=True)
    merged = merge_forms([path], load_units(units_file), RESERVE)
    assert [(e.location.column, e.reason[:15]) for e in merged.errors] == [
        ("G（*总投资（万元））", "此单元格的公式没有保存计算结果")
    ]


def test_chase_notice_text_names_missing_and_sent_back_units(units_file: Path, tmp_path: Path) -> None:
    fill(tmp_path / "甲县.xlsx", "甲县", GOOD)
    fill(tmp_path / "乙县.xlsx", "乙县", [])
    notice = tmp_path / "催报.txt"
    result = run(
        "collect",
        "merge",
        str(tmp_path / "甲县.xlsx"),
        str(tmp_path / "乙县.xlsx"),
        "--units",
        str(units_file),
        "--chase",
        str(notice),
        "--deadline",
        "2020-10-09",
        "--date",
        "2020-10-05",
    )
    assert result.exit_code == 1
    text = notice.read_text(encoding="utf-8")
    assert text.startswith("关于催报重点项目谋划储备基本情况表的通知\n\n丙区、丁区、乙县：\n")
    assert "截至目前，丙区、丁区尚未报送重点项目谋划储备基本情况表。请于2020年10月9日前报送" in text
    assert "乙县报送的重点项目谋划储备基本情况表存在填报问题" in text
    source = tmp_path / "催报通知.md"
    common = [
        "collect",
        "merge",
        str(tmp_path / "甲县.xlsx"),
        "--units",
        str(units_file),
        "--chase",
        str(source),
    ]
    refused = run(*common)
    assert refused.exit_code == 2
    assert "--letterhead" in refused.output
    written = run(*common, "--letterhead", "sanmenxia", "--date", "2020-10-05")
    assert written.exit_code == 0, written.output
    head = source.read_text(encoding="utf-8").split("---")[1]
    assert "发文机关: sanmenxia" in head
    assert "成文日期: '2020-10-05'" in head
    assert "主送:\n- 乙县\n- 丙区\n- 丁区" in head
    docx = tmp_path / "催报通知.docx"
    rendered = run("render", str(source), "-o", str(docx))
    assert rendered.exit_code == 0, rendered.output
    from docgen.check.docx_read import load

    text = "\n".join(p.text for p in load(docx.read_bytes()).paragraphs)
    assert "关于催报重点项目谋划储备基本情况表的通知" in text.replace("\n", "")
    assert "乙县，丙区，丁区：" in text
    assert "截至目前，乙县、丙区、丁区尚未报送重点项目谋划储备基本情况表。请尽快报送" in text


def test_a_chase_dated_after_its_deadline_is_refused_in_one_line(units_file: Path, tmp_path: Path) -> None:
    """Outsider 2, item 11: a 催报 dated today asked for the forms 「于2020年10月9日前」, a day past."""
    fill(tmp_path / "甲县.xlsx", "甲县", GOOD)
    for chase, extra in (("催报通知.md", ["--letterhead", "sanmenxia"]), ("催报.txt", [])):
        refused = run(
            "collect", "merge", str(tmp_path / "甲县.xlsx"), "--units", str(units_file), "-o",
            str(tmp_path / "汇总.xlsx"), "--chase", str(tmp_path / chase), *extra,
            "--deadline", "2020-10-09", "--date", "2020-10-10",
        )  # fmt: skip
        assert refused.exit_code == 2
        assert refused.output == (
            "错误：--deadline 2020-10-09 早于催报的日期 2020-10-10（--date，未写时为今天）：催报会要求在已经过去的"
            "日期前报送；请写一个更晚的 --deadline，或者不写（催报就写“尽快报送”）\n"
        )
        assert sorted(p.name for p in tmp_path.iterdir()) == ["单位.yaml", "甲县.xlsx"]  # nothing written
    same_day = run(
        "collect", "merge", str(tmp_path / "甲县.xlsx"), "--units", str(units_file), "--chase",
        str(tmp_path / "催报.txt"), "--deadline", "2020-10-09", "--date", "2020-10-09",
    )  # fmt: skip
    assert same_day.exit_code == 0, same_day.output


def test_a_chase_notice_attaches_the_problems_it_cites(units_file: Path, tmp_path: Path) -> None:
    """Outsider 2, item 11: 「存在填报问题（见问题清单）」 cited a list the notice did not attach."""
    fill(tmp_path / "甲县.xlsx", "甲县", GOOD)
    no_total = (*GOOD[0][:6], None, *GOOD[0][7:])
    fill(tmp_path / "乙县.xlsx", "乙县", [GOOD[1], no_total])
    common = ["collect", "merge", str(tmp_path / "甲县.xlsx"), str(tmp_path / "乙县.xlsx"), "--units", str(units_file)]
    dates = ["--deadline", "2020-10-09", "--date", "2020-10-05"]
    source = tmp_path / "催报通知.md"
    made = run(*common, "--chase", str(source), "--letterhead", "sanmenxia", *dates)
    assert made.exit_code == 1  # 乙县's form has a problem
    listed = tmp_path / "催报通知-填报问题清单.csv"
    assert str(listed) in made.output
    assert listed.read_text(encoding="utf-8").splitlines() == [
        "序号,单位,文件,位置,问题",
        f"1,乙县,乙县.xlsx,工作表 基本情况表，第 {FIRST + 1} 行，第 G（*总投资（万元）） 列,为空，但必须填写",
    ]
    head, body = source.read_text(encoding="utf-8").split("---")[1:]
    assert "附件:\n- 标题: 重点项目谋划储备基本情况表填报问题清单\n  文件: 催报通知-填报问题清单.csv" in head
    assert "乙县报送的重点项目谋划储备基本情况表存在填报问题（见附件），请修改后于2020年10月9日前重新报送" in body
    docx = tmp_path / "催报通知.docx"
    rendered = run("render", str(source), "-o", str(docx))
    assert rendered.exit_code == 0, rendered.output
    from docgen.check.docx_read import load

    document = load(docx.read_bytes())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "附件：重点项目谋划储备基本情况表填报问题清单" in text.replace("\n", "")
    import docx as python_docx

    from docgen.layout.breaks import plain

    cells = [c.text for t in python_docx.Document(str(docx)).tables for row in t.rows for c in row.cells]
    assert "为空，但必须填写" in [plain(c) for c in cells]

    plain = tmp_path / "催报.txt"
    assert run(*common, "--chase", str(plain), *dates).exit_code == 1
    written = plain.read_text(encoding="utf-8")
    assert "存在填报问题（见文后问题清单），请修改后" in written
    assert written.endswith(f"问题清单：\n1. 乙县，乙县.xlsx，工作表 基本情况表，第 {FIRST + 1} 行，第 G（*总投资（万元）） 列：为空，但必须填写\n")
    # with nothing sent back, nothing is cited and nothing attached
    alone = tmp_path / "alone.md"
    assert run(*common[:3], *common[4:], "--chase", str(alone), "--letterhead", "sanmenxia", *dates).exit_code == 0
    alone_text = alone.read_text(encoding="utf-8")
    assert "附件" not in alone_text
    assert "见" not in alone_text


def test_the_samples_name_the_missing_zero_and_sent_back_units(tmp_path: Path) -> None:
    result = run(
        "collect",
        "merge",
        str(SAMPLES / "回收"),
        "--units",
        str(SAMPLES / "单位.yaml"),
        "-o",
        str(tmp_path / "汇总.xlsx"),
    )
    assert result.exit_code == 1
    assert (
        "应报单位 8 个，读取文件 7 个：已报送 4 个，零报送 2 个，退回修改 1 个，未报送 1 个。"
        in result.output
    )
    assert "零报送：义马市、湖滨区" in result.output
    assert "退回修改：陕州区（3）" in result.output
    assert "未报送：卢氏县" in result.output
    assert "汇总项目 9 个，总投资 150.20 亿元。" in result.output


def test_units_file_problems_are_located(tmp_path: Path) -> None:
    path = tmp_path / "单位.yaml"
    path.write_text("单位:\n  - 甲县\n  - 名称: 乙县\n    别名: [甲县]\n", encoding="utf-8")
    result = run("collect", "forms", "--units", str(path), "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "第 3 行" in result.output
    assert "“甲县”同时是甲县和乙县的名称" in result.output
    assert [u.name for u in load_units(SAMPLES / "单位.yaml")][:2] == ["灵宝市", "渑池县"]
    assert Unit("甲县", ("甲",)).keys == {"甲县", "甲"}


def test_a_second_run_into_the_same_folder_skips_what_docgen_wrote(units_file: Path, tmp_path: Path) -> None:
    back = tmp_path / "回收"
    back.mkdir()
    fill(back / "甲县.xlsx", "甲县", GOOD)
    args = ["collect", "merge", str(back), "--units", str(units_file), "-o", str(back / "汇总.xlsx")]
    first = run(*args, "--chase", str(back / "催报.xlsx"))
    second = run(*args, "--chase", str(back / "催报.xlsx"))
    assert first.exit_code == second.exit_code == 0, second.output
    assert "读取文件 1 个" in second.output
    assert "错误" not in second.output


def test_monthly_forms_merge_into_a_ledger_that_rank_reads(tmp_path: Path) -> None:
    """信息月报 (seed 004 §11): forms out to two towns, back, merged; the merged ledger is a 项目台账."""
    from docgen.collect.forms import MONTHLY
    from docgen.load.projects import load_projects

    units = tmp_path / "单位.yaml"
    units.write_text("单位: [城关镇, 丹朱镇, 鲍店镇]\n", encoding="utf-8")
    result = run(
        "collect", "forms", "--units", str(units), "--form", "信息月报", "--as-of", "2025-05-31",
        "-o", str(tmp_path / "下发"),
    )
    assert result.exit_code == 0, result.output
    sent = sorted(p.name for p in (tmp_path / "下发").glob("*.xlsx"))
    assert sent == sorted(f"{u}-2025年5月重点项目建设信息月报表.xlsx" for u in ("城关镇", "丹朱镇", "鲍店镇"))
    back = tmp_path / "回收"
    back.mkdir()
    for unit, rows in {
        "城关镇": [("城关镇污水厂", "城投", "续建", "8000", "3000", "1,250", "是", "主体完工", None, "王某")],
        "丹朱镇": [("丹朱镇物流园", "物流公司", "新建", "2亿元", 6000, 1500, "否", None, "用地未批")],
    }.items():
        book = load_workbook(io.BytesIO(blank_form(MONTHLY, unit)))
        for column, value in enumerate(rows[0], start=1):
            if value is not None:
                book.active.cell(row=FIRST, column=column, value=value)
        book.save(back / f"{unit}5月.xlsx")
    bad = load_workbook(io.BytesIO(blank_form(MONTHLY, "鲍店镇")))
    for column, value in enumerate(("鲍店镇项目", "某公司", None, 100, 50, -5), start=1):
        bad.active.cell(row=FIRST, column=column, value=value)
    bad.save(back / "鲍店镇.xlsx")
    out = tmp_path / "项目台账-2025-05.xlsx"
    merged = run("collect", "merge", str(back), "--units", str(units), "--form", "信息月报", "-o", str(out))
    assert merged.exit_code == 1
    assert "累计完成投资" in merged.output
    assert "金额不能为负数" in merged.output
    projects, problems = load_projects(out, 2025, 5)
    assert problems == []
    assert [(p.unit, p.total, p.annual_plan, p.completed, p.started) for p in projects] == [
        ("城关镇", Decimal(8000), Decimal(3000), Decimal(1250), True),
        ("丹朱镇", Decimal(20000), Decimal(6000), Decimal(1500), False),
    ]
    assert projects[1].problems == "用地未批"
    assert projects[0].leader == "王某"
    ranked = run(
        "--register",
        str(tmp_path / "r.sqlite"),
        "rank",
        str(out),
        "--month",
        "2025-05",
        "--rules",
        str(ROOT / "samples" / "ranking" / "rules.yaml"),
        "--letterhead",
        "zhangzi-zdxmb",
        "-o",
        str(tmp_path / "排名通报.docx"),
        "--date",
        "2025-06-05",
    )
    assert ranked.exit_code == 0, ranked.output


def test_the_merged_projects_become_a_notice_attachment(units_file: Path, tmp_path: Path) -> None:
    fill(tmp_path / "甲县.xlsx", "甲县", GOOD)
    result = run(
        "collect",
        "merge",
        str(tmp_path / "甲县.xlsx"),
        "--units",
        str(units_file),
        "--attachment",
        str(tmp_path / "基本情况表.csv"),
    )
    assert result.exit_code == 0, result.output
    notice = tmp_path / "通知.md"
    notice.write_text(
        "---\n发文机关: sanmenxia\n标题: 关于公布谋划储备项目的通知\n主送: 各县（市、区）重点项目办\n"
        "成文日期: 2020-10-20\n附件:\n  - 标题: 谋划储备项目基本情况表\n    文件: 基本情况表.csv\n---\n"
        "现将谋划储备项目基本情况表印发给你们。\n",
        encoding="utf-8",
    )
    rendered = run("render", str(notice), "-o", str(tmp_path / "通知.docx"))
    assert rendered.exit_code == 0, rendered.output
    from docgen.check.docx_read import load
    from docgen.layout.breaks import plain

    tables = [
        [[plain(c.text) for c in row.cells] for row in t.rows]
        for t in load((tmp_path / "通知.docx").read_bytes()).tables
    ]
    rows = next(t for t in tables if t[0][0] == "序号")
    assert rows[0] == [
        "序号",
        "单位",
        "项目名称",
        "建设性质",
        "建设规模及内容",
        "总投资（万元）",
        "计划开工时间",
        "审批情况",
    ]
    assert rows[1] == ["1", "甲县", "甲县一号项目", "新建", "厂房", "35,000.00", "2021年3月", "已备案"]
    assert rows[2][5:7] == ["12,000.00", "2021年4月"]


def test_notes_under_the_table_and_amounts_written_3_5_yi(units_file: Path, tmp_path: Path) -> None:
    """填表人/联系电话 written under the table are notes, not projects; "3.5亿" is 3.5 亿元."""
    row = (*GOOD[0][:6], "3.5亿", "5000万", *GOOD[0][8:])
    path = fill(
        tmp_path / "甲县.xlsx", "甲县", [row, (), ("填表人：张三", None, None, "联系电话：0398-1234567")]
    )
    merged = merge_forms([path], load_units(units_file), RESERVE)
    assert merged.errors == []
    assert [(p.fields["total"], p.fields["annual_plan"]) for p in merged.projects] == [
        (Decimal("35000.0"), Decimal(5000))
    ]


def test_units_kept_in_an_xlsx_and_the_deadline_in_the_forms(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["填报单位名单"])
    sheet.append(["序号", "单位名称", "别名", "联系人", "联系电话"])
    sheet.append([1, "渑池县", "澠池县、渑池", "李娜", "0398-4861002"])
    sheet.append([2, "灵宝市", None, "王磊", None])
    path = tmp_path / "单位.xlsx"
    book.save(path)
    units = load_units(path)
    assert units == [
        Unit("渑池县", ("澠池县", "渑池"), "李娜", "0398-4861002"),
        Unit("灵宝市", (), "王磊", ""),
    ]
    result = run(
        "collect", "forms", "--units", str(path), "-o", str(tmp_path / "下发"), "--deadline", "2020-09-25"
    )
    assert result.exit_code == 0, result.output
    form = load_workbook(tmp_path / "下发" / "渑池县-重点项目谋划储备基本情况表.xlsx").active
    assert str(form["A3"].value).endswith("请于2020年9月25日前报送。")
    sheet.append([3, "灵宝", "灵宝市"])
    book.save(path)
    with pytest.raises(DataError) as error:
        load_units(path)
    assert "第 5 行" in str(error.value)
    assert "“灵宝市”同时是灵宝市和灵宝的名称" in str(error.value)


def test_a_short_name_without_its_suffix_is_taken_with_a_warning_unless_two_units_share_it(tmp_path: Path) -> None:
    """“鲍店” on 鲍店镇's form: merged as 鲍店镇 with a warning; with 鲍店镇 and 鲍店乡 both listed it is
    an error, and the unit its file names is 退回修改, never 未报送."""
    (tmp_path / "u1.yaml").write_text("单位: [鲍店镇, 石哲镇]\n", encoding="utf-8")
    (tmp_path / "u2.yaml").write_text("单位: [鲍店镇, 鲍店乡]\n", encoding="utf-8")
    form = fill(tmp_path / "鲍店镇-表.xlsx", "鲍店", GOOD[:1])
    merged = merge_forms([form], load_units(tmp_path / "u1.yaml"), RESERVE)
    assert merged.statuses[0].state is State.REPORTED
    assert not merged.errors
    assert [w.reason for w in merged.warnings] == [
        "填报单位写的是“鲍店”，按 鲍店镇 汇总（名单中去掉镇/乡/街道/县后同名的只有这一个单位）；请写全称"
    ]
    both = merge_forms([form], load_units(tmp_path / "u2.yaml"), RESERVE)
    assert [s.state for s in both.statuses] == [State.FAILED, State.MISSING]
    assert "不在单位名单中" in both.errors[0].reason


def test_a_form_stating_another_week_is_sent_back_naming_both_weeks(units_file: Path, tmp_path: Path) -> None:
    """Forms with 请于2025年11月7日前报送 (week 45): one titled 第44周 and one 截至10月31日 are 退回修改,
    naming their week and the week merged; one titled 第45周 is merged."""
    units = load_units(units_file)
    forms = []
    for unit, title in (("甲县", "（2025年第44周）"), ("乙县", "（截至10月31日）"), ("丙区", "（第45周）")):
        book = load_workbook(io.BytesIO(blank_form(RESERVE, unit, deadline=dt.date(2025, 11, 7))))
        book.active["A1"] = RESERVE.title + title
        for column, value in enumerate(GOOD[0], start=1):
            if value is not None:
                book.active.cell(row=FIRST, column=column, value=f"{unit}{value}" if column == 1 else value)
        forms.append(tmp_path / f"{unit}.xlsx")
        book.save(forms[-1])
    merged = merge_forms(forms, units, RESERVE)
    assert [s.state for s in merged.statuses][:3] == [State.FAILED, State.FAILED, State.REPORTED]
    assert [e.reason for e in merged.errors] == [
        "这张表是 2025年第44周 的（标题或文件名如此写），而本次汇总的是 2025年第45周（报送截止11月7日）：请报送本期的表",
        "这张表是 10月31日 的（标题或文件名如此写），而本次汇总的是 2025年第45周（报送截止11月7日）：请报送本期的表",
    ]


def test_a_fill_date_is_not_a_period(units_file: Path, tmp_path: Path) -> None:
    """“填报日期：2025年11月10日” above the header (the Monday after the deadline week) is when the
    form was filled, not the week it is for: the form is merged."""
    book = load_workbook(io.BytesIO(blank_form(RESERVE, "甲县", deadline=dt.date(2025, 11, 7))))
    book.active["J2"] = "填报日期：2025年11月10日"
    for column, value in enumerate(GOOD[0], start=1):
        if value is not None:
            book.active.cell(row=FIRST, column=column, value=value)
    book.save(tmp_path / "甲县.xlsx")
    merged = merge_forms([tmp_path / "甲县.xlsx"], load_units(units_file), RESERVE)
    assert merged.statuses[0].state is State.REPORTED, merged.errors
