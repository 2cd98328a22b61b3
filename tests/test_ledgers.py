"""Ledger intake as offices keep their ledgers: each quirk read from a real .xlsx gives the clean records."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from openpyxl import Workbook

from docgen.errors import DataError, DataWarning
from docgen.load.projects import load_projects
from docgen.load.rules import load_rules
from docgen.load.supervision import load_supervision
from docgen.ranking import rank
from docgen.records import ProjectRow

RULES = load_rules(ROOT / "samples" / "ranking" / "rules.yaml")
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")

# (项目名称, 责任单位, 总投资, 年度计划投资, 累计完成投资 in 万元, 计划新开工, 是否开工, 形象进度)
PROJECTS = [
    ("城关镇标准厂房建设项目", "城关镇", "52000", "12000", "4630.5", "是", "是", "主体完工"),
    ("城关镇污水管网改造项目", "城关镇", "8600.25", "3000", "1210", "否", "是", "管网铺设"),
    ("城关镇农贸市场提升项目", "城关镇", "1500", "800", "0", "是", "否", "前期"),
    ("丹朱镇物流园项目", "丹朱镇", "120000", "30000", "15234.75", "否", "是", "基础完工"),
    ("丹朱镇光伏发电项目", "丹朱镇", "36000", "20000", "9876", "是", "是", "设备安装"),
    ("鲍店镇冷链仓储项目", "鲍店镇", "18000", "6000", "2500.5", "是", "是", "结构封顶"),
    ("鲍店镇道路提升项目", "鲍店镇", "4200", "4200", "1234.56", "否", "是", "路基完成"),
    (
        "长子经济技术开发区孵化园项目",
        "长子经济技术开发区",
        "250000",
        "60000",
        "31234.5",
        "否",
        "是",
        "主体施工",
    ),
]
HEADER = [
    "项目名称",
    "责任单位",
    "总投资",
    "年度计划投资",
    "累计完成投资",
    "计划新开工",
    "是否开工",
    "形象进度",
]
MONEY = (2, 3, 4)


def clean_ledger(path: Path) -> Path:
    """The ledger as docgen's template has it: one header row with units, numbers as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.append([f"{h}（万元）" if i in MONEY else h for i, h in enumerate(HEADER)])
    for row in PROJECTS:
        sheet.append([float(v) if i in MONEY else v for i, v in enumerate(row)])
    book.save(path)
    return path


def _amount(text: str, unit: str, style: str) -> Any:
    """An amount in ``unit`` written as a number, as text with separators, or in full-width digits."""
    value = Decimal(text) / {"万元": 1, "亿元": 10000, "元": Decimal("0.0001")}[unit]
    plain = format(value.normalize(), "f")
    if style == "number":
        return float(plain)
    whole, _dot, fraction = plain.partition(".")
    grouped = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    return grouped if style == "grouped" else grouped.translate(FULL_WIDTH)


def office_ledger(
    path: Path,
    *,
    unit: str = "万元",
    note: bool = True,
    title: bool = True,
    two_rows: bool = True,
    total: str | None = "bottom",
    blanks: bool = True,
    merged_units: bool = True,
    styles: tuple[str, ...] = ("number", "grouped", "full-width"),
    unit_in_header: bool = False,
    total_off: Decimal = Decimal(0),
) -> Path:
    """A ledger laid out as offices keep it, with the quirks asked for."""
    book = Workbook()
    sheet = book.active
    sheet.title = "2025年5月"
    width = len(HEADER) + 1
    if title:
        sheet.append(["长子县2025年重点项目建设进展情况台账"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    if note:
        sheet.append([None] * (width - 2) + [f"单位：{unit}", None])
    suffix = f"（{unit}）" if unit_in_header else ""
    start = sheet.max_row + 1 if sheet.max_row > 1 or title or note else 1
    if two_rows:
        sheet.cell(start, 1, "序号")
        sheet.cell(start, 2, "项目名称")
        sheet.cell(start, 3, "责任单位")
        sheet.cell(start, 4, "总投资" + suffix)
        sheet.cell(start, 5, "2025年计划")
        sheet.cell(start + 1, 5, "投资" + suffix)
        sheet.cell(start + 1, 6, "形象进度")
        sheet.cell(start, 7, "2025年1-5月")
        sheet.cell(start + 1, 7, "完成投资" + suffix)
        sheet.cell(start, 8, "计划新开工")
        sheet.cell(start, 9, "是否开工")
        for column in (1, 2, 3, 4, 8, 9):
            sheet.merge_cells(start_row=start, start_column=column, end_row=start + 1, end_column=column)
        sheet.merge_cells(start_row=start, start_column=5, end_row=start, end_column=6)
        first = start + 2
        order = [None, 0, 1, 2, 3, 7, 4, 5, 6]  # sheet columns → PROJECTS fields
    else:
        header = ["序号", *(f"{h}{suffix}" if i in MONEY else h for i, h in enumerate(HEADER))]
        for column, text in enumerate(header, start=1):
            sheet.cell(start, column, text)
        first = start + 1
        order = [None, *range(len(HEADER))]
    sums = [sum(Decimal(p[i]) for p in PROJECTS) for i in MONEY]
    total_row = ["合计", None, None, *(_amount(str(s + total_off), unit, "number") for s in sums)]
    row = first
    if total == "top":
        _put_total(sheet, row, total_row, order)
        row += 1
    unit_rows: list[tuple[int, str]] = []
    for n, project in enumerate(PROJECTS):
        if blanks and n == 3:
            row += 1  # a blank spacer row
        for column, field in enumerate(order, start=1):
            value: Any = n + 1 if field is None else project[field]
            if field in MONEY:
                value = _amount(value, unit, styles[(n + field) % len(styles)])
            sheet.cell(row, column, value)
        unit_rows.append((row, project[1]))
        row += 1
    if merged_units:  # 责任单位 merged down over the unit's consecutive projects
        runs: list[list[int]] = []
        for (at, name), before in zip(unit_rows, [(0, ""), *unit_rows], strict=False):
            if name == before[1] and at == before[0] + 1:
                runs[-1].append(at)
            else:
                runs.append([at])
        for run in runs:
            if len(run) > 1:
                sheet.merge_cells(start_row=run[0], start_column=3, end_row=run[-1], end_column=3)
    if blanks:
        row += 1
    if total == "bottom":
        _put_total(sheet, row, total_row, order)
    book.save(path)
    return path


def _put_total(sheet: Any, row: int, total_row: list[Any], order: list[int | None]) -> None:
    sheet.cell(row, 1, "合  计")
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    for column, field in enumerate(order, start=1):
        if field in MONEY:
            sheet.cell(row, column, total_row[3 + MONEY.index(field)])


def without_rows(projects: list[ProjectRow]) -> list[ProjectRow]:
    return [dataclasses.replace(p, row=0) for p in projects]


def ranked(projects: list[ProjectRow]) -> list[tuple[Any, ...]]:
    ranking = rank(projects, RULES, 2025, 5)
    return [(r.figures, r.score, r.rank, r.light) for r in ranking.units()]


QUIRKS: dict[str, Callable[[Path], Path]] = {
    "title row and 单位：万元 note, one-row header": lambda p: office_ledger(
        p, two_rows=False, merged_units=False
    ),
    "two-row header with merged cells": lambda p: office_ledger(
        p, note=False, title=False, unit_in_header=True
    ),
    "amounts in 亿元 from the note": lambda p: office_ledger(p, unit="亿元"),
    "amounts in 元 in the header": lambda p: office_ledger(p, unit="元", note=False, unit_in_header=True),
    "合计 row at the top, no blank rows": lambda p: office_ledger(p, total="top", blanks=False),
    "numbers as text with separators": lambda p: office_ledger(p, styles=("grouped",)),
    "numbers in full-width digits": lambda p: office_ledger(p, styles=("full-width",)),
    "责任单位 merged down over its projects": lambda p: office_ledger(
        p, title=False, note=True, two_rows=False
    ),
    "everything at once": lambda p: office_ledger(p, unit="亿元", total="top"),
}


@pytest.mark.parametrize("quirk", list(QUIRKS))
def test_a_ledger_with_each_quirk_reads_as_the_clean_one(tmp_path: Path, quirk: str) -> None:
    clean, clean_errors = load_projects(clean_ledger(tmp_path / "clean.xlsx"), 2025, 5)
    assert not clean_errors
    office, errors = load_projects(QUIRKS[quirk](tmp_path / "office.xlsx"), 2025, 5)
    assert errors == []
    assert len(office) == len(PROJECTS)
    for got, expected in zip(without_rows(office), without_rows(clean), strict=True):
        for field in dataclasses.fields(ProjectRow):
            assert getattr(got, field.name) == getattr(expected, field.name), (quirk, got.name, field.name)
    assert ranked(office) == ranked(clean)


def test_the_unit_flag_when_the_ledger_does_not_say(tmp_path: Path) -> None:
    path = office_ledger(tmp_path / "l.xlsx", unit="亿元", note=False)
    with pytest.raises(DataError, match="总投资（万元）") as caught:
        load_projects(path, 2025, 5)
    assert "--unit" in str(caught.value)
    clean, _ = load_projects(clean_ledger(tmp_path / "clean.xlsx"), 2025, 5)
    office, errors = load_projects(path, 2025, 5, unit="亿元")
    assert not errors
    assert without_rows(office) == without_rows(clean)


def test_a_unit_flag_contradicting_the_note_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="亿元"):
        load_projects(office_ledger(tmp_path / "l.xlsx", unit="万元"), 2025, 5, unit="亿元")


def test_a_total_that_is_not_the_sum_is_a_warning_naming_both_figures(tmp_path: Path) -> None:
    path = office_ledger(tmp_path / "l.xlsx", total_off=Decimal(100))
    projects, problems = load_projects(path, 2025, 5)
    assert len(projects) == len(PROJECTS)
    assert problems
    assert all(isinstance(p, DataWarning) for p in problems)
    assert len(problems) == 3  # 总投资, 年度计划投资, 累计完成投资
    total = sum(Decimal(p[2]) for p in PROJECTS)
    message = str(problems[0])
    assert format(total + 100, "f") in message
    assert format(total, "f") in message
    assert problems[0].location.sheet == "2025年5月"
    assert problems[0].location.column is not None
    assert "总投资" in problems[0].location.column
    assert problems[0].exit_code == 0


def test_every_rejected_cell_names_sheet_row_column_and_value(tmp_path: Path) -> None:
    path = office_ledger(tmp_path / "l.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    sheet["G6"] = "约1,2,3"  # 1—5月完成投资 of the first project
    sheet["D7"] = "不详"
    book.save(path)
    projects, errors = load_projects(path, 2025, 5)
    assert len(projects) == len(PROJECTS) - 2
    first, second = (e for e in errors if not isinstance(e, DataWarning))
    assert (first.location.sheet, first.location.line) == ("2025年5月", 6)
    assert first.location.column == "G（2025年1-5月 完成投资）"
    assert "约1,2,3" in str(first)
    assert (second.location.line, second.location.column) == (7, "D（总投资）")
    assert "不详" in str(second)


def test_a_project_entered_twice_is_read_once_and_the_repeat_named(tmp_path: Path) -> None:
    """The second row of the same 项目名称 and 责任单位 is left out, named with the row it repeats."""
    path = clean_ledger(tmp_path / "l.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active.append([float(v) if i in MONEY else v for i, v in enumerate(PROJECTS[1])])
    book.save(path)
    projects, errors = load_projects(path, 2025, 5)
    assert len(projects) == len(PROJECTS)
    (error,) = errors
    assert (error.location.line, error.location.field) == (len(PROJECTS) + 2, "项目名称")
    assert str(error).endswith("与第 3 行是同一项目")  # the project's first row (header on row 1)


def test_a_formula_error_cell_is_named_not_read_as_empty(tmp_path: Path) -> None:
    """calamine reads #DIV/0! as empty; the intake puts its text back (docgen/load/error_cells.py)."""
    path = office_ledger(tmp_path / "l.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active["G6"] = "#DIV/0!"  # an error cell (openpyxl writes t="e")
    book.save(path)
    assert book.active["G6"].data_type == "e"
    projects, errors = load_projects(path, 2025, 5)
    assert len(projects) == len(PROJECTS) - 1
    (error,) = (e for e in errors if not isinstance(e, DataWarning))
    assert (error.location.line, error.location.column) == (6, "G（2025年1-5月 完成投资）")
    assert "#DIV/0!" in str(error)


def test_the_supervision_ledger_goes_through_the_same_intake(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["2025年挂牌督办事项台账"])
    sheet.merge_cells("A1:F1")
    sheet.append(["督办编号", "项目名称", "责任单位", "存在问题", "办理时限", None])
    sheet.append([None, None, None, None, None, None])
    sheet["F2"] = "交办日期"
    for column in "ABCDEF":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.append(["DB-1", "甲项目", "城关镇", "征地未完成", "１５个工作日", "２０２５年９月２９日"])
    sheet.append(["小计", None, None, None, None, None])
    book.save(tmp_path / "s.xlsx")
    items, errors = load_supervision(tmp_path / "s.xlsx")
    assert not errors
    (item,) = items
    assert (item.code, item.limit_days, item.assigned.isoformat(), item.row) == ("DB-1", 15, "2025-09-29", 4)


def test_a_sheet_spanning_millions_of_cells_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """python-calamine allocates the whole rectangle and aborts the process when it cannot."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet["XFD1000000"] = 1
    book.save(tmp_path / "l.xlsx")
    with pytest.raises(DataError, match="1000000"):
        load_projects(tmp_path / "l.xlsx", 2025, 5)


def test_the_office_style_sample_reads_as_the_clean_sample() -> None:
    """samples/ranking/项目台账-办公室格式-2025-05.xlsx: title, 单位：万元, two-row header, 合计, 小计."""
    clean, _ = load_projects(ROOT / "samples" / "ranking" / "项目台账-2025-05.xlsx", 2025, 5)
    office, problems = load_projects(
        ROOT / "samples" / "ranking" / "项目台账-办公室格式-2025-05.xlsx", 2025, 5
    )
    assert problems == []
    key = lambda p: (p.unit, p.name)  # noqa: E731 - the office groups its rows by unit
    assert sorted(without_rows(office), key=key) == sorted(without_rows(clean), key=key)


def test_error_cells_are_found_as_excel_writes_them() -> None:
    """Excel's form: a formula and its cached error, empty self-closing cells before it, t= before r=."""
    import io
    import zipfile

    from docgen.load.error_cells import error_cells

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = (
        f'<worksheet xmlns="{main}"><sheetData><row r="2"><c r="A2" s="1"/>'
        '<c r="B2" s="2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C2"><v>3</v></c>'
        '<c t="e" r="AA10"><v>#N/A</v></c></row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="其他" sheetId="1" r:id="rId1"/><sheet name="项目" sheetId="2" r:id="rId2"/>'
            "</sheets></workbook>",
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>',
        )
        package.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData/></worksheet>')
        package.writestr("xl/worksheets/sheet2.xml", sheet)
    assert error_cells(buffer.getvalue(), "项目") == {(1, 1): "#DIV/0!", (9, 26): "#N/A"}
    assert error_cells(buffer.getvalue(), "其他") == {}
    assert error_cells(buffer.getvalue(), "无此表") == {}
