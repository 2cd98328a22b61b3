"""Helpers of the hostile-input tests: run a command in process and assert it ended in one clear error."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import Workbook

from docgen.cli import main_group
from docgen.inert import xlsx_append

SUPERVISION_HEADER = [
    "督办编号",
    "项目名称",
    "责任单位",
    "存在问题",
    "交办日期",
    "办理时限（工作日）",
    "状态",
]
SUPERVISION_ROW = ["DB-1", "甲项目", "县水利局", "用地未批", dt.date(2025, 9, 29), 10, "未办结"]
PROJECT_HEADER = [
    "项目名称",
    "责任单位",
    "总投资（万元）",
    "年度计划投资（万元）",
    "累计完成投资（万元）",
    "包抓领导",
]


def docgen(args: Sequence[str], register: Path | None = None) -> Result:
    """Run docgen in process (with its own register when given)."""
    prefix = ["--register", str(register)] if register is not None else []
    return CliRunner().invoke(main_group, [*prefix, *map(str, args)])


def assert_clean_error(result: Result, *fragments: str, exit_code: int = 1) -> None:
    """One message naming what it should, the exit code, no traceback and no internal error."""
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == exit_code, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    assert "内部错误" not in output
    assert "Internal error" not in output
    for fragment in fragments:
        assert fragment in output, (fragment, output)


def workbook(
    path: Path, header: Sequence[object], rows: Sequence[Sequence[object]], title: str = "台账"
) -> Path:
    """Write an .xlsx ledger."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        xlsx_append(sheet, row)  # text typed as text: "=1+2" is the cell's text, not a formula
    book.save(path)
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Return every file under ``folder`` with its hash (to assert nothing was written or changed)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }
