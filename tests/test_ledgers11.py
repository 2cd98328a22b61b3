"""Ledgers as county offices keep them (tests/fixtures/ledgers11/make11.py), read as the ledger commands
read them; each test is one defect of tests/fixtures/ledgers11/DEFECTS.md (strict xfail until fixed)."""

from __future__ import annotations

import random
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import load_script

from docgen.errors import DataError, DataWarning
from docgen.load.pool import load_pool
from docgen.load.projects import load_month
from docgen.load.supervision import load_supervision

# loaded by path: tests/fixtures/drafts11 has a make11.py too (one module name, two files)
make11 = load_script(Path(__file__).resolve().parent / "fixtures" / "ledgers11" / "make11.py")


def made(tmp_path: Path, maker: Any) -> tuple[Path, dict[str, Any]]:
    """Return the one ledger ``maker`` writes into ``tmp_path`` and its truth."""
    truth = maker(tmp_path, random.Random(11))
    (path,) = [p for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".csv", ".xlsm", ".xls")]
    return path, truth


def meant(truth: dict[str, Any]) -> dict[str, tuple[str, Decimal, Decimal, Decimal]]:
    """Return the projects the office meant: name → unit, 总投资, 年度计划, 累计完成 (万元)."""
    return {
        p["name"]: (p["unit"], Decimal(p["total"]), Decimal(p["plan"]), Decimal(p["done"])) for p in truth["projects"]
    }


def read(path: Path) -> tuple[dict[str, tuple[str, Decimal, Decimal, Decimal]], list[DataError]]:
    """Return the projects docgen reads from ``path`` for 2025-05 and its problems."""
    month = load_month(path, 2025, 5)
    return {p.name: (p.unit, p.total, p.annual_plan, p.completed) for p in month.projects}, month.problems


def test_town_subtotal_and_county_total_rows_are_not_projects(tmp_path: Path) -> None:
    """丹朱镇小计 (责任单位 merged down over it) and 全县合计 (merged A:C) are totals, not projects: rank
    issued 19 projects and 177.13 亿元 for 12 projects and 59.04 亿元."""
    path, truth = made(tmp_path, make11.p15_town_subtotals)
    projects, problems = read(path)
    assert projects == meant(truth)
    assert problems == []


def test_a_sheet_per_town_is_not_read_as_the_first_town(tmp_path: Path) -> None:
    """A workbook with a sheet per town: reading only 丹朱镇's sheet ranks 2 of 12 projects, silently."""
    path, _truth = made(tmp_path, make11.p14_sheet_per_town)
    with pytest.raises(DataError) as caught:  # docgen reads one sheet: it says so, naming them
        read(path)
    assert "丹朱镇、鲍店镇、石哲镇" in str(caught.value)


def test_a_pool_with_a_sheet_per_county_is_not_read_as_the_first_county(tmp_path: Path) -> None:
    """progress: a 项目库 with a sheet per county reported 灵宝市, 陕州区, 义马市 with no projects."""
    path, _truth = made(tmp_path, make11.pool01_counties)
    with pytest.raises(DataError) as caught:
        load_pool(path)
    assert "渑池县、灵宝市、陕州区、义马市" in str(caught.value)


def test_a_summary_sheet_beside_the_town_sheets_is_read(tmp_path: Path) -> None:
    """汇总 before a sheet per town: the 汇总 is the ledger, the town sheets its parts."""
    from openpyxl import load_workbook

    path, truth = made(tmp_path, make11.p14_sheet_per_town)
    wb = load_workbook(path)
    summary = wb.create_sheet("汇总", 0)
    make11.plain_header(summary)
    for n, p in enumerate(truth["projects"]):
        summary.append([n + 1, p["name"], p["unit"], float(p["total"]), float(p["plan"]), float(p["done"])])
    wb.save(path)
    projects, problems = read(path)
    assert projects == meant(truth)
    assert problems == []


def test_a_problem_ending_in_heji_is_no_total(tmp_path: Path) -> None:
    """存在问题 “资金缺口合计” is a project's problem, not a total row: the project is read."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "1-5月完成投资（万元）", "存在问题"])
    ws.append(["长子县物流园项目", "丹朱镇", 3000, 1000, 400, "资金缺口合计"])
    wb.save(tmp_path / "台账.xlsx")
    projects, problems = read(tmp_path / "台账.xlsx")
    assert list(projects) == ["长子县物流园项目"]
    assert problems == []


def test_group_heading_rows_are_not_projects(tmp_path: Path) -> None:
    """一、续建项目（6个） merged across the table and （一）产业项目 in 项目名称 head groups of projects."""
    path, truth = made(tmp_path, make11.p03_groups)
    projects, problems = read(path)
    assert problems == []
    assert projects == meant(truth)


def test_group_heading_rows_of_a_supervision_ledger_are_not_items(tmp_path: Path) -> None:
    """一、市级督办事项 merged across the 督办台账 heads its items (3 errors a heading before)."""
    path, _truth = made(tmp_path, make11.s03_merged_groups)
    _items, problems = load_supervision(path)
    assert [p.location.line for p in problems if p.location.line in (3, 8)] == []


def test_numbered_note_lines_under_the_table_are_notes(tmp_path: Path) -> None:
    """注：1.…, then 2.… and 3.… on their own rows: the whole note, not two records with no name."""
    path, truth = made(tmp_path, make11.p04_notes)
    projects, problems = read(path)
    assert problems == []
    assert projects == meant(truth)


def test_a_filled_by_row_under_the_table_is_a_note(tmp_path: Path) -> None:
    """填报单位：县重点项目办 … 审核人：… 填报日期：… under the 督办台账 is no item."""
    path, truth = made(tmp_path, make11.s03_merged_groups)
    items, problems = load_supervision(path)
    assert [p for p in problems if p.location.line == 14] == []


def test_a_header_of_three_rows_is_read(tmp_path: Path) -> None:
    """投资情况（万元） / 2025年 / 年度计划投资, 1-5月完成投资: a header merged over three rows."""
    path, truth = made(tmp_path, make11.p05_three_row_header)
    projects, problems = read(path)
    assert projects == meant(truth)
    assert [p for p in problems if not isinstance(p, DataWarning)] == []


def test_the_ledger_on_the_third_sheet_is_found(tmp_path: Path) -> None:
    """填报说明 and 指标解释 before the 项目台账 sheet: rank has no --sheet, so it must find the ledger."""
    path, truth = made(tmp_path, make11.p08_third_sheet)
    projects, problems = read(path)
    assert projects == meant(truth)
    assert problems == []


def test_a_macro_enabled_workbook_is_read(tmp_path: Path) -> None:
    """.xlsm is an .xlsx with macros (LibreOffice's “Excel 2007-365 (macro-enabled)”): read, never run."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    rows = make11.projects(random.Random(11))
    xlsx = tmp_path / "宏.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    make11.plain_header(ws)
    for n, p in enumerate(rows):
        ws.append([n + 1, p["name"], p["unit"], float(p["total"]), float(p["plan"]), float(p["done"])])
    wb.save(xlsx)
    out = tmp_path / "out"
    out.mkdir()
    xlsm = make11.convert(xlsx, "xlsm:Calc MS Excel 2007 VBA XML", out)
    assert xlsm.suffix == ".xlsm"
    projects, problems = read(xlsm)
    assert projects == meant(make11.truth("projects", rows))
    assert problems == []


def test_dates_in_chinese_numerals_and_with_a_time_are_read(tmp_path: Path) -> None:
    """二〇二五年十月十五日 and 2025-10-16 08:30 typed in 交办日期, as 成文日期 accepts the first."""
    path, truth = made(tmp_path, make11.s01_dates)
    items, problems = load_supervision(path)
    assert problems == []
    assert {i.project: i.assigned.isoformat() for i in items} == {i["project"]: i["assigned"] for i in truth["items"]}


def test_dashes_for_nothing_done_read_as_zero(tmp_path: Path) -> None:
    """—, -, / and 无 in 1-5月完成投资 of projects not yet started mean 0 (a blank cell stays an error)."""
    path, truth = made(tmp_path, make11.p02_dash_zero)
    projects, problems = read(path)
    assert [p.location.line for p in problems] == [9]  # the blank one
    wanted = {k: v for k, v in meant(truth).items() if k in projects or v[3] != 0}
    assert len(projects) == 11
    assert all(projects[k] == wanted[k] for k in projects)


def test_two_tables_on_one_sheet_are_read_as_one(tmp_path: Path) -> None:
    """表1 续建, 表2 新开工 on one sheet, each with its title, 单位：万元 and the same header."""
    path, truth = made(tmp_path, make11.p07_two_tables)
    projects, problems = read(path)
    assert problems == []
    assert projects == meant(truth)


def test_a_second_table_in_another_unit_is_refused(tmp_path: Path) -> None:
    """表2 under 单位：亿元 below a 万元 table: its figures would be read as 万元; refused at its row."""
    from openpyxl import load_workbook

    path, _truth = made(tmp_path, make11.p07_two_tables)
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws["F12"] = "单位：亿元"
    wb.save(path)
    with pytest.raises(DataError) as caught:
        read(path)
    assert "第 12 行" in str(caught.value)
    assert "单位：亿元" in str(caught.value)


def test_a_bad_date_is_quoted_as_the_cell_holds_it(tmp_path: Path) -> None:
    """The refusal quotes “２０２５年１０月” in full-width digits, as the user sees the cell (not 2025年10月)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["项目名称", "责任单位", "存在问题", "交办日期", "办理时限（工作日）"])
    ws.append(["长子县物流园项目", "丹朱镇", "用地手续滞后", "２０２５年１０月", 10])
    wb.save(tmp_path / "督办台账.xlsx")
    _items, problems = load_supervision(tmp_path / "督办台账.xlsx")
    assert len(problems) == 1
    assert "“２０２５年１０月”" in str(problems[0])
