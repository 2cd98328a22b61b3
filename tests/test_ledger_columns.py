"""Which column a ledger's field is read from, as offices head them (real .xlsx written with openpyxl):
two 1-N月 columns, a hidden one, the office's own header words."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.errors import DataError, DataWarning
from docgen.i18n import use_language
from docgen.load.projects import load_month

# 项目名称, 责任单位, 总投资, 年度计划投资 and two cumulative columns: 1-10月 (450) and 1-11月 (400)
ROWS = [("慈林镇文旅综合体", "慈林镇", 2000, 800, 450, 400), ("丹朱镇物流园", "丹朱镇", 3000, 1000, 700, 850)]


def ledger(path: Path, head: Sequence[str], *, hidden: str | None = None) -> Path:
    """Write a one-row-header ledger in 万元 with ``head`` and ROWS; hide column ``hidden``."""
    book = Workbook()
    sheet = book.active
    sheet.append(["单位：万元"])
    sheet.append(list(head))
    for row in ROWS:
        sheet.append(list(row))
    if hidden is not None:
        sheet.column_dimensions[hidden].hidden = True
    book.save(path)
    return path


def completed(path: Path, month: int) -> list[Decimal | None]:
    """Return the 累计完成投资 read for each project of ``path`` for 2025-``month``."""
    return [p.completed for p in load_month(path, 2025, month).projects]


BASE = ["项目名称", "责任单位", "总投资", "年度计划投资"]


def test_the_month_asked_picks_its_own_1_n_column(tmp_path: Path) -> None:
    """1-10月 left of 1-11月, both visible: November reads 1-11月, October reads 1-10月."""
    path = ledger(tmp_path / "台账.xlsx", [*BASE, "1-10月完成投资", "1-11月完成投资"])
    assert completed(path, 11) == [Decimal(400), Decimal(850)]
    assert completed(path, 10) == [Decimal(450), Decimal(700)]
    assert load_month(path, 2025, 11).problems == []  # the column not read is not warned of


def test_a_visible_column_wins_over_a_hidden_one(tmp_path: Path) -> None:
    """Two columns both named 累计完成投资, the left one hidden: the visible one is read."""
    path = ledger(tmp_path / "台账.xlsx", [*BASE, "累计完成投资", "累计完成投资"], hidden="E")
    assert completed(path, 11) == [Decimal(400), Decimal(850)]


def test_two_alike_columns_are_refused_naming_both(tmp_path: Path) -> None:
    """Two visible 累计完成投资 columns: refused, naming E and F, never one taken silently."""
    path = ledger(tmp_path / "台账.xlsx", [*BASE, "累计完成投资", "累计完成投资"])
    with pytest.raises(DataError) as caught:
        load_month(path, 2025, 11)
    message = str(caught.value)
    assert "E（累计完成投资）" in message, message
    assert "F（累计完成投资）" in message, message
    assert "台账.xlsx" in message, message


def test_neither_month_is_the_one_asked_and_both_are_visible(tmp_path: Path) -> None:
    """1-9月 and 1-10月 both visible, December asked: no column is the month's, so refused naming both."""
    path = ledger(tmp_path / "台账.xlsx", [*BASE, "1-9月完成投资", "1-10月完成投资"])
    with pytest.raises(DataError) as caught:
        load_month(path, 2025, 12)
    assert "E（1-9月完成投资）" in str(caught.value)
    assert "F（1-10月完成投资）" in str(caught.value)


def test_the_offices_own_header_words(tmp_path: Path) -> None:
    """乡镇 for 责任单位 and 1-11月完成 under a merged 投资情况 group for 累计完成投资 (outsider5 #9)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["单位：万元"])
    sheet.append(["项目名称", "乡镇", "投资情况", None, None])
    sheet.append([None, None, "总投资", "年度计划", "1-11月完成"])
    sheet.merge_cells("C2:E2")
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    for row in ROWS:
        sheet.append(list(row[:4]) + [row[5]])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    projects = load_month(path, 2025, 11).projects
    assert [(p.unit, p.completed) for p in projects] == [("慈林镇", Decimal(400)), ("丹朱镇", Decimal(850))]


def test_zeren_danwei_wins_over_xiangzhen(tmp_path: Path) -> None:
    """A ledger with both 乡镇 (where the project is) and 责任单位 (who answers for it): 责任单位 is read."""
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["项目名称", "乡镇", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）", "责任单位"]
    )
    sheet.append(["物流园", "丹朱镇", 3000, 1000, 850, "县商务局"])
    book.save(tmp_path / "台账.xlsx")
    assert [p.unit for p in load_month(tmp_path / "台账.xlsx", 2025, 11).projects] == ["县商务局"]


def test_a_negative_amount_is_refused_naming_its_column_and_the_value_written(tmp_path: Path) -> None:
    """−50 typed in 累计完成投资: the error names column E and “-50” as in the cell, not -50.0 (outsider5 #10)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["项目名称", "责任单位", "总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）"])
    sheet.append(["物流园", "丹朱镇", 3000, 1000, -50])
    sheet.append(["厂房", "鲍店镇", 3000, 1000, "-1,234.5"])
    book.save(tmp_path / "台账.xlsx")
    read = load_month(tmp_path / "台账.xlsx", 2025, 11)
    assert read.projects == []
    messages = [str(p) for p in read.problems]
    assert len(messages) == 2, messages
    assert "E（累计完成投资（万元））" in messages[0], messages
    assert "-50" in messages[0], messages
    assert "-50.0" not in messages[0], messages
    assert "-1,234.5" in messages[1], messages
    assert sorted(read.rejected) == [2, 3]


def test_a_column_of_another_month_is_read_with_a_warning(tmp_path: Path) -> None:
    """Only 1-10月完成投资, November asked: read, but a warning names the column and both months."""
    path = ledger(tmp_path / "台账.xlsx", [*BASE, "1-10月完成投资", "形象进度"])
    with use_language("zh_CN"):
        read = load_month(path, 2025, 11)
        messages = [str(p) for p in read.problems]
    assert len(messages) == 1, messages
    assert isinstance(read.problems[0], DataWarning)
    assert "第 E（1-10月完成投资） 列写的是 1-10月，而所要的是 11月" in messages[0], messages
    assert load_month(path, 2025, 10).problems == []
