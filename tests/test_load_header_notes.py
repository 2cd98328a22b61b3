"""The ledger intake as outsider 3b met it: notes in header brackets, a missing column's message,
formula cells whose cached value is an error, lists in English messages (DEFECTS_B 1, 2, 3, 8)."""

from __future__ import annotations

import csv
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.errors import DataError, DataWarning
from docgen.i18n import use_language
from docgen.load.cells import to_text
from docgen.load.projects import load_projects
from docgen.load.sheet import Column, read_ledger
from docgen.load.supervision import load_supervision

PROJECT_HEADER = ["项目名称（全称）", "责任单位（盖章）", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）"]
PROJECTS = [
    ["丹朱镇光伏储能项目", "丹朱镇", 12000, 3000, 1200],
    ["鲍店镇农产品冷链项目", "鲍店镇", 8000, 2000, 900],
    ["石哲镇污水处理厂", "石哲镇", 5000, 1500, 600],
]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    """Write a .csv as a clerk saves one from Excel (UTF-8 with BOM)."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _supervision(path: Path, header: list[str]) -> Path:
    rows = [["长子县重点项目督办台账", *[""] * (len(header) - 1)], header]
    values = {
        "督办编号": "DB-2026-001", "项目名称": "丹朱镇光伏储能项目", "责任单位": "丹朱镇人民政府",
        "存在问题": "土地手续未办结", "交办日期": "2026.11.3", "办理时限": "15个工作日", "状态": "未办结",
    }  # fmt: skip
    rows.append([next((v for k, v in values.items() if h.startswith(k)), "") for h in header])
    return _csv(path, rows)


def test_notes_in_brackets_in_a_supervision_ledger_header_are_read_past(tmp_path: Path) -> None:
    """Before: “缺少列 项目名称（也接受：项目、项目名）…”, the ledger refused whole."""
    header = ["督办编号", "项目名称（全称）", "责任单位（盖章）", "存在问题（具体描述）", "交办日期（年月日）",
              "办理时限（工作日）", "状态（未办结/已办结）"]  # fmt: skip
    items, errors = load_supervision(_supervision(tmp_path / "督办台账.csv", header))
    assert errors == []
    (item,) = items
    assert (item.project, item.unit, item.problems) == ("丹朱镇光伏储能项目", "丹朱镇人民政府", "土地手续未办结")
    assert (item.assigned.isoformat(), item.limit_days, item.row) == ("2026-11-03", 15, 3)


def test_notes_in_a_project_ledger_header_are_read_past_and_its_amount_unit_kept(tmp_path: Path) -> None:
    """（全称）and（盖章）are notes; （亿元）is the column's unit: 1.2 亿元 is read as 12000 万元."""
    book = Workbook()
    book.active.append(["长子县重点项目台账"])
    book.active.append([h.replace("总投资（万元）", "总投资（亿元）") for h in PROJECT_HEADER])
    for row in PROJECTS:
        book.active.append([row[0], row[1], row[2] / 10000, *row[3:]])
    book.save(tmp_path / "台账.xlsx")
    projects, problems = load_projects(tmp_path / "台账.xlsx", 2026, 11)
    assert [p for p in problems if not isinstance(p, DataWarning)] == []
    assert [(p.name, p.unit, p.total) for p in projects] == [(r[0], r[1], Decimal(r[2])) for r in PROJECTS]


def test_a_missing_column_is_named_with_the_headers_found_on_that_row(tmp_path: Path) -> None:
    """The clerk sees at once what was typed instead (问题及困难 for 存在问题)."""
    header = ["督办编号", "项目名称", "责任单位", "问题及困难", "交办日期", "办理时限", "状态"]
    path = _supervision(tmp_path / "督办台账.csv", header)
    with pytest.raises(DataError) as raised:
        load_supervision(path)
    assert str(raised.value) == (
        f"{path}，第 2 行：缺少列 存在问题（也接受：问题、问题描述）；"
        "表头这一行为：督办编号、项目名称、责任单位、问题及困难、交办日期、办理时限、状态"
    )
    with use_language("en"), pytest.raises(DataError) as raised:
        load_supervision(path)
    assert str(raised.value).endswith(
        "missing column 存在问题 (also accepted: 问题, 问题描述); "
        "the header row reads: 督办编号, 项目名称, 责任单位, 问题及困难, 交办日期, 办理时限, 状态"
    )


def test_a_required_column_without_synonyms_is_named_without_an_empty_list(tmp_path: Path) -> None:
    """Before: “缺少列 审批情况（也接受：-）”."""
    path = _csv(tmp_path / "表.csv", [["项目名称", "建设内容"], ["甲项目", "厂房"]])
    columns = (
        Column("name", ("项目名称", "项目"), to_text),
        Column("content", ("建设内容",), to_text),
        Column("approval", ("审批情况",), to_text),
    )
    with pytest.raises(DataError) as raised:
        read_ledger(path, columns)
    assert str(raised.value) == f"{path}，第 1 行：缺少列 审批情况；表头这一行为：项目名称、建设内容"
    assert "也接受" not in str(raised.value)


def _excel_error_cell(path: Path, cell: str, formula: str, error: str) -> None:
    """Rewrite ``cell`` of the first sheet as Excel saves a formula whose cached value is an error:
    ``<c r="C4" t="e"><f>…</f><v>#DIV/0!</v></c>`` (openpyxl writes formulas without a value)."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    pattern = rf'<c r="{cell}"[^>]*>.*?</c>'
    assert re.search(pattern, sheet), sheet
    sheet = re.sub(pattern, f'<c r="{cell}" t="e"><f>{formula}</f><v>{error}</v></c>', sheet, count=1)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_a_formula_whose_cached_value_is_an_error_is_named_with_what_to_do(tmp_path: Path) -> None:
    """Before: “不是数字：“#DIV/0!”；请写成 1234.5…”: the clerk looked for a typing error."""
    book = Workbook()
    sheet = book.active
    sheet.title = "11月"
    sheet.append(PROJECT_HEADER)
    for row in PROJECTS:
        sheet.append(row)
    sheet["C3"] = "=D3/0"
    sheet["E4"] = "#N/A"  # typed: an error value without a formula
    book.save(tmp_path / "台账.xlsx")
    _excel_error_cell(tmp_path / "台账.xlsx", "C3", "D3/0", "#DIV/0!")
    projects, problems = load_projects(tmp_path / "台账.xlsx", 2026, 11)
    assert [p.name for p in projects] == ["丹朱镇光伏储能项目"]
    formula, typed = (str(p) for p in problems if not isinstance(p, DataWarning))
    assert formula.endswith(
        "工作表 11月，第 3 行，第 C（总投资（万元）） 列：该单元格的公式计算结果为错误值 #DIV/0!：请修改公式，或直接填写数字"
    )
    assert typed.endswith("工作表 11月，第 4 行，第 E（累计完成投资（万元）） 列：该单元格是错误值 #N/A：请填写数字")
    with use_language("en"):
        problems = load_projects(tmp_path / "台账.xlsx", 2026, 11)[1]
    assert "the formula in this cell gives the error #DIV/0!: mend the formula, or type the number" in str(problems[0])


def test_a_formula_error_in_a_text_column_asks_for_the_value(tmp_path: Path) -> None:
    """A 项目名称 given by a formula (=Sheet2!A1 whose sheet was deleted): #REF! is not a name."""
    book = Workbook()
    book.active.append(PROJECT_HEADER)
    book.active.append(PROJECTS[0])
    book.active["A2"] = "=Sheet2!A1"
    book.save(tmp_path / "台账.xlsx")
    _excel_error_cell(tmp_path / "台账.xlsx", "A2", "#REF!A1", "#REF!")
    projects, problems = load_projects(tmp_path / "台账.xlsx", 2026, 11)
    assert projects == []
    assert str(problems[0]).endswith("该单元格的公式计算结果为错误值 #REF!：请修改公式，或直接填写内容")


def test_lists_in_english_messages_are_joined_with_commas(tmp_path: Path) -> None:
    """Before: “use 未办结、办理中、已办结、已解除” in English."""
    header = ["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限", "状态"]
    path = _supervision(tmp_path / "督办台账.csv", header)
    path.write_text(path.read_text(encoding="utf-8-sig").replace("未办结", "在办"), encoding="utf-8")
    with use_language("en"):
        _items, (error,) = load_supervision(path)
    assert "use 未办结, 办理中, 已办结, 已解除" in str(error)
    _items, (error,) = load_supervision(path)
    assert "未办结、办理中、已办结、已解除" in str(error)


def test_a_time_unit_in_brackets_is_not_a_note(tmp_path: Path) -> None:
    """办理时限（天） counts calendar days; read as 办理时限 its 15 would be 15 working days: it is named, not guessed."""
    header = ["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限（天）", "状态"]
    with pytest.raises(DataError, match=r"缺少列 办理时限（工作日）（也接受：办理时限、.*）；表头这一行为：.*、办理时限（天）、状态$"):
        load_supervision(_supervision(tmp_path / "督办台账.csv", header))


def test_a_town_that_deleted_the_approval_column_is_shown_its_header(tmp_path: Path) -> None:
    """The outsider's case: 审批情况 (required, no synonyms) deleted from docgen's own blank form."""
    from openpyxl import load_workbook

    from docgen.collect.forms import RESERVE, blank_form
    from docgen.collect.returned import read_returned

    path = tmp_path / "丹朱镇.xlsx"
    path.write_bytes(blank_form(RESERVE, "丹朱镇"))
    book = load_workbook(path)
    assert book.active["K4"].value == "*审批情况"
    book.active.delete_cols(11)
    book.save(path)
    with pytest.raises(DataError) as raised:
        read_returned(path, RESERVE)
    assert str(raised.value).startswith(f"{path}，工作表 基本情况表，第 4 行：缺少列 审批情况；表头这一行为：*项目名称、")
    assert "也接受" not in str(raised.value)
