"""wild10's defects fixed (tests/fixtures/wild10/DEFECTS.md): the rules behind them, on real files.

The files from the wild are tested in tests/test_wild10.py; here the same rules on workbooks and
documents made for the purpose with openpyxl and python-docx, read by docgen's own readers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.errors import DataError
from docgen.load.grid import read_grid
from docgen.load.supervision import load_supervision

SUPERVISION_HEADER = ["督办编号", "项目名称", "责任单位", "存在问题", "交办日期", "办理时限", "状态"]
SUPERVISION_ROW = ["DB-1", "城东路", "住建局", "进度滞后", "2025-05-06", 10, "正在办理"]


def _workbook(path: Path, sheets: list[tuple[str, list[list[object]], str]]) -> Path:
    """Write an .xlsx with the sheets given as (name, rows, state), state visible/hidden/veryHidden."""
    book = Workbook()
    book.remove(book.active)
    for name, rows, state in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.save(path)
    return path


def test_a_hidden_first_sheet_is_passed_over_and_read_when_named(tmp_path: Path) -> None:
    """Excel shows 督办 only; docgen reads it, and reads the hidden one only when it is asked for."""
    path = _workbook(
        tmp_path / "督办台账.xlsx",
        [
            ("__lists", [["是", "否"]], "hidden"),
            ("_hidden2", [["x"]], "veryHidden"),
            ("督办", [SUPERVISION_HEADER, SUPERVISION_ROW], "visible"),
        ],
    )
    assert read_grid(path).sheet == "督办"
    assert read_grid(path, engine="openpyxl").sheet == "督办"
    assert read_grid(path, "__lists").sheet == "__lists"
    items, errors = load_supervision(path)
    assert [item.project for item in items] == ["城东路"]
    assert not errors


def test_a_month_sheet_is_chosen_among_the_visible_ones(tmp_path: Path) -> None:
    """A hidden sheet named for the month asked is not read as that month's ledger: with two visible
    months and none of them the month asked, the refusal names the visible months only."""
    path = _workbook(
        tmp_path / "台账.xlsx",
        [
            ("2025-05", [["旧"]], "hidden"),
            ("2025-03", [["三月"]], "visible"),
            ("2025-04", [["四月"]], "visible"),
        ],
    )
    with pytest.raises(DataError) as raised:
        read_grid(path, prefer=("2025-05",))
    message = str(raised.value)
    assert "（2025-03、2025-04）" in message, message
    assert read_grid(path, prefer=("2025-04",)).sheet == "2025-04"


def test_a_refusal_of_a_chosen_sheet_names_the_visible_sheets(tmp_path: Path) -> None:
    """The sheet read lacks the columns: the message names the row taken for the header, what it
    lacks, and the sheets the workbook shows (not the hidden one)."""
    path = _workbook(
        tmp_path / "台账.xlsx",
        [
            ("__CellFormula", [["公式"]], "hidden"),
            ("汇总", [["2025年汇总表"], ["序号", "项目名称", "建设单位", "备注"]], "visible"),
            ("说明", [["填表说明"]], "visible"),
        ],
    )
    with pytest.raises(DataError) as raised:
        load_supervision(path)
    message = str(raised.value)
    assert message.startswith(f"{path}，工作表 汇总，第 2 行：缺少列 责任单位"), message
    assert "表头这一行为：序号、项目名称、建设单位、备注" in message, message
    assert message.endswith("此工作簿显示的工作表有：汇总、说明"), message
    assert "__CellFormula" not in message


def test_a_sheet_asked_for_is_refused_without_the_list_of_sheets(tmp_path: Path) -> None:
    """--sheet named the sheet: the user chose it, the message need not list the others."""
    path = _workbook(
        tmp_path / "台账.xlsx",
        [("甲", [["序号", "项目名称"]], "visible"), ("乙", [["x"]], "visible")],
    )
    with pytest.raises(DataError) as raised:
        load_supervision(path, "甲")
    assert "显示的工作表" not in str(raised.value)


def test_a_sheet_of_no_header_like_row_still_says_so(tmp_path: Path) -> None:
    """No row of two texts among the first 10: nothing to name as the header, the old message stays."""
    path = _workbook(tmp_path / "台账.xlsx", [("表", [["标题"], [1, 2, 3]], "visible")])
    with pytest.raises(DataError, match="前 10 行中没有找到表头；应有 督办编号、项目名称"):
        load_supervision(path)
