"""The pool of candidate projects (项目库): the merged 基本情况表 (collect merge), or any ledger with
填报单位, 项目名称 and 总投资; 审批情况, 战略性新兴产业 and 是否开工 when the targets count them."""

from __future__ import annotations

from pathlib import Path

from docgen.errors import DataError
from docgen.load.cells import to_decimal, to_text, yes_no
from docgen.load.sheet import Column, read_ledger, unique_records
from docgen.progress.targets import PoolProject

POOL_COLUMNS = (
    Column("unit", ("填报单位", "报送单位", "县（市、区）"), to_text),
    Column("name", ("项目名称", "项目"), to_text),
    Column("total", ("总投资", "计划总投资", "项目总投资", "估算总投资"), to_decimal, money=True),
    Column("approval", ("审批情况",), to_text, required=False, default=""),
    Column(
        "emerging",
        ("战略性新兴产业", "是否战略性新兴产业", "战略新兴产业"),
        yes_no,
        required=False,
        default=False,
    ),
    Column("started", ("是否开工", "已开工"), yes_no, required=False, default=False),
)
POOL_SHEETS = ("汇总",)  # the sheet collect merge writes


def load_pool(path: Path, *, unit: str | None = None, sheet: str | None = None) -> tuple[list[PoolProject], list[DataError]]:
    """Return the pool's projects (amounts in 万元) and the problems of the rows left out."""
    rows = read_ledger(path, POOL_COLUMNS, sheet, unit=unit, prefer=POOL_SHEETS)
    projects: list[PoolProject] = []
    problems: list[DataError] = [*rows.errors, *rows.warnings]
    for _row, record in unique_records(rows, ("unit", "name"), problems):
        projects.append(PoolProject(**record))
    return projects, problems
