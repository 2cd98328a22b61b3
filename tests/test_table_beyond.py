"""A sheet with more columns than any landscape page holds is refused at once, naming how many fit.

Found by wildfix: values out to column XEA (16355 columns, 24 rows) made ``render`` measure every
column and run for minutes; now the refusal comes before any measuring."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import docgen_in

from docgen.layout.tables import could_fit

NOTICE = """---
发文机关: zhangzi-zdxmb
发文字号: 5
标题: 关于报送台账的通知
主送: 各项目部
成文日期: 2025-08-05
附件:
  - 标题: 宽台账
    文件: wide.xlsx
---
现将台账印发给你们。
"""


def _render(folder: Path, columns: list[int]) -> subprocess.CompletedProcess[str]:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in range(1, 5):
        for column in columns:
            sheet.cell(row, column, value=row if row > 1 else f"列{column}")
    book.save(folder / "wide.xlsx")
    (folder / "通知.md").write_text(NOTICE, encoding="utf-8")
    return docgen_in("render", "通知.md", "-o", "通知.docx", cwd=folder, timeout=120)


def test_the_limit_is_where_one_character_a_column_no_longer_fits() -> None:
    most = next(n for n in range(1, 200) if not could_fit(n + 1))
    assert 40 < most < 80  # 小五 landscape: 70.9 字 a line less 0.8 字 of padding a column


def test_a_sheet_out_to_column_xea_is_refused_at_once(tmp_path: Path) -> None:
    run = _render(tmp_path, [1, 2, 3, 16355])
    assert run.returncode == 1, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("错误")]
    assert len(errors) == 1, run.stderr
    assert "附件“宽台账”" in errors[0]
    assert "16355 列，无法印出" in errors[0]
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "通知.docx").exists()


@pytest.mark.parametrize("over", [0, 1])
def test_one_column_more_than_the_page_holds_is_refused(tmp_path: Path, over: int) -> None:
    most = next(n for n in range(1, 200) if not could_fit(n + 1))
    run = _render(tmp_path, list(range(1, most + over + 1)))
    if over:
        assert run.returncode == 1, run.stderr
        assert f"{most + 1} 列，无法印出" in run.stderr
    else:  # as many one-digit columns as fit: read, measured, and refused only if they cannot be read
        assert "无法印出" not in run.stderr
