"""collect12: columns a unit added to its returned 基本情况表 are named, not dropped without a word.

The forms are the blank forms ``collect forms`` writes for tests/fixtures/formats12/单位.yaml, filled
by that folder's make_returned.py (南漳镇 added 项目类别 in the middle and 联系人 at the end) or here
with openpyxl, the way units fill them.  An added column is named once per unit merged, in the
summary, as a warning and in the 汇总.xlsx; one added but left empty is not named.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from docgen.cli import main_group

FIXTURES = ROOT / "tests" / "fixtures" / "formats12"
UNITS = FIXTURES / "单位.yaml"
FORM = "{unit}-重点项目谋划储备基本情况表.xlsx"
HEADER = 4  # the blank form's header row; projects from row 5
NANZHANG = "南漳镇（南漳镇-重点项目谋划储备基本情况表.xlsx）：表中多出的列未汇总：项目类别、联系人"
CHINESE = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def _project(name: str, total: int) -> tuple[Any, ...]:
    return (name, "长子县城投公司", "丹朱镇", "新建", "乡村振兴", "新建厂房", total, 1000,
            dt.date(2025, 8, 1), dt.date(2026, 12, 31), "已备案", "否", "否", None, None)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blank forms of ``collect forms`` for the formats12 units."""
    folder = tmp_path_factory.mktemp("collect12") / "下发"
    result = CliRunner().invoke(
        main_group, ["collect", "forms", "--units", str(UNITS), "--deadline", "2025-06-27", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def returned(blank: Path) -> Path:
    """The forms make_returned.py writes from the blank forms."""
    spec = importlib.util.spec_from_file_location("make_returned12", FIXTURES / "make_returned.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = blank.parent / "回收"
    module.main(blank, out)
    return out


def _merge(*args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(main_group, ["collect", "merge", *args, "--units", str(UNITS)], env=env or CHINESE)


def _filled(blank: Path, unit: str, out: Path, rows: list[tuple[Any, ...]]) -> tuple[Path, Worksheet, Any]:
    book = load_workbook(blank / FORM.format(unit=unit))
    sheet = book.active
    for r, row in enumerate(rows, start=HEADER + 1):
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, value)
    return out / FORM.format(unit=unit), sheet, book


def _answers(ledger: Path) -> dict[str, dict[Any, Any]]:
    rows = list(load_workbook(ledger)["报送情况"].iter_rows(values_only=True))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_nanzhangs_two_added_columns_are_named_once_and_its_project_is_merged(returned: Path, tmp_path: Path) -> None:
    back = tmp_path / "回收"
    back.mkdir()
    for unit in ("南漳镇", "丹朱镇"):
        shutil.copy(returned / FORM.format(unit=unit), back)
    ledger = tmp_path / "汇总.xlsx"
    result = _merge(str(back), "-o", str(ledger))
    assert result.exit_code == 0, result.output  # a warning: the merge succeeds
    lines = result.output.splitlines()
    assert lines.count(NANZHANG) == 1
    warnings = [line for line in lines if line.startswith("警告：") and "多出的列" in line]
    assert len(warnings) == 1
    assert "南漳镇-重点项目谋划储备基本情况表.xlsx，工作表 基本情况表，第 4 行" in warnings[0]
    assert "E（项目类别）、Q（联系人）" in warnings[0]
    assert not any("丹朱镇" in line and "多出的列" in line for line in lines)  # its 填表人 line is no column

    book = load_workbook(ledger)
    rows = list(book["汇总"].iter_rows(values_only=True))
    nanzhang = [dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[1] == "南漳镇"]
    assert [(p["项目名称"], p["所属领域"], p["总投资（万元）"]) for p in nanzhang] == [
        ("南漳镇现代农业产业示范园", "乡村振兴", 15000)
    ]
    assert "项目类别" not in rows[0]
    assert "联系人" not in rows[0]
    answers = _answers(ledger)
    assert answers["南漳镇"]["多出的列（未汇总）"] == "项目类别、联系人"
    assert answers["丹朱镇"]["多出的列（未汇总）"] is None
    problems = [row for row in book["问题清单"].iter_rows(min_row=2, values_only=True)]
    assert [(row[0], row[1], row[3]) for row in problems] == [("警告", "南漳镇-重点项目谋划储备基本情况表.xlsx", 4)]
    assert "E（项目类别）、Q（联系人）" in problems[0][5]


def test_the_summary_names_them_in_english_and_the_ledger_stays_chinese(returned: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "汇总.xlsx"
    english = {**CHINESE, "LANG": "en_US.UTF-8"}
    result = _merge(str(returned / FORM.format(unit="南漳镇")), "-o", str(ledger), env=english)
    assert result.exit_code == 0, result.output
    assert (
        "南漳镇 (南漳镇-重点项目谋划储备基本情况表.xlsx): columns added to the form are not merged: 项目类别, 联系人"
        in result.output.splitlines()
    )
    assert "Warning: " in result.output
    assert "E (项目类别), Q (联系人)" in result.output
    assert "多出的列" not in result.output
    assert _answers(ledger)["南漳镇"]["多出的列（未汇总）"] == "项目类别、联系人"
    problem = next(load_workbook(ledger)["问题清单"].iter_rows(min_row=2, values_only=True))
    assert problem[5].startswith("表中多出的列未汇总：E（项目类别）、Q（联系人）")


def test_an_added_column_left_empty_is_not_named_one_with_a_value_is(blank: Path, tmp_path: Path) -> None:
    """丹朱镇 adds 项目类别 (left empty) and 联系人 (filled in one row of two); 鲍店镇 adds 联系人 and
    leaves it empty, with a 填表人 line under the table reaching into it; 慈林镇 writes a remark in a
    column without a header and numbers its rows in an added 序号 column."""
    back = tmp_path / "回收"
    back.mkdir()
    path, sheet, book = _filled(blank, "丹朱镇", back, [_project("丹朱镇一号项目", 5000), _project("丹朱镇二号项目", 6000)])
    sheet.cell(HEADER, 16, "项目类别")
    sheet.cell(HEADER, 17, "联系人")
    sheet.cell(HEADER + 2, 17, "马超")
    book.save(path)
    path, sheet, book = _filled(blank, "鲍店镇", back, [_project("鲍店镇一号项目", 7000)])
    sheet.cell(HEADER, 16, "联系人")
    sheet.cell(HEADER + 3, 1, "填表人：朱红霞")
    sheet.cell(HEADER + 3, 16, "联系电话：0355-8211002")
    book.save(path)
    path, sheet, book = _filled(blank, "慈林镇", back, [_project("慈林镇一号项目", 8000)])
    sheet.insert_cols(1)
    sheet.cell(HEADER, 1, "序号")
    sheet.cell(HEADER + 1, 1, 1)
    sheet.cell(HEADER + 1, 18, "待县里定")
    book.save(path)

    ledger = tmp_path / "汇总.xlsx"
    result = _merge(str(back), "-o", str(ledger))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "丹朱镇（丹朱镇-重点项目谋划储备基本情况表.xlsx）：表中多出的列未汇总：联系人" in lines
    assert "慈林镇（慈林镇-重点项目谋划储备基本情况表.xlsx）：表中多出的列未汇总：第 R 列（无表头）" in lines
    assert not any("鲍店镇" in line for line in lines)
    assert not any("项目类别" in line or "序号" in line for line in lines)
    assert any(line.startswith("警告：") and "Q（联系人）" in line for line in lines)
    answers = _answers(ledger)
    assert answers["丹朱镇"]["多出的列（未汇总）"] == "联系人"
    assert answers["鲍店镇"]["多出的列（未汇总）"] is None
    assert answers["慈林镇"]["多出的列（未汇总）"] == "第 R 列（无表头）"
    assert {a["报送情况"] for u, a in answers.items() if u in ("丹朱镇", "鲍店镇", "慈林镇")} == {"已报送"}


def test_a_form_sent_back_or_saved_twice_names_its_added_columns_once_or_not_at_all(
    blank: Path, tmp_path: Path
) -> None:
    """石哲镇's form with an added 联系人 is sent back (年度计划投资 above 总投资): its problems are what
    it is told, nothing was merged; 丹朱镇's form saved twice is read once, its column named once."""
    back = tmp_path / "回收"
    back.mkdir()
    bad = _project("石哲镇一号项目", 5000)
    path, sheet, book = _filled(blank, "石哲镇", back, [(*bad[:7], 9000, *bad[8:])])
    sheet.cell(HEADER, 16, "联系人")
    sheet.cell(HEADER + 1, 16, "何建国")
    book.save(path)
    path, sheet, book = _filled(blank, "丹朱镇", back, [_project("丹朱镇一号项目", 5000)])
    sheet.cell(HEADER, 16, "联系人")
    sheet.cell(HEADER + 1, 16, "马超")
    book.save(path)
    shutil.copy(path, back / "丹朱镇-重点项目谋划储备基本情况表(1).xlsx")

    result = _merge(str(back))
    assert result.exit_code == 1, result.output  # 石哲镇's error
    added = [line for line in result.output.splitlines() if "多出的列" in line]
    # the form read is the first by name, (1) sorting before .xlsx
    assert added[-1] == "丹朱镇（丹朱镇-重点项目谋划储备基本情况表(1).xlsx）：表中多出的列未汇总：联系人"
    assert len(added) == 2  # the warning and the summary line, of 丹朱镇 only
    assert not any("石哲镇" in line for line in added)
    assert "退回修改：石哲镇（1）" in result.output
