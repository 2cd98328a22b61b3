"""Write two weeks of the sample project pool (项目库) of samples/progress/ (deterministic).

SYNTHETIC DATA: every project and figure is made up; the units and targets are seed 001's.
Each week's pool is what ``docgen collect merge`` writes (the 汇总 sheet): the week of 10-16
adds projects to the week of 10-09.  灵宝市 and 示范区 stay behind the 80 % milestone.  The pool
of 09-30 (the start of October, which the new conversions are counted from) holds most of the
first week's projects, a part of them not yet converted (立项 办理中, not started).

    .venv/bin/python samples/progress/make_pools.py
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from docgen.xlsx_table import TableColumn, workbook_bytes, write_table

HERE = Path(__file__).resolve().parent
# unit → (projects by 10-09, projects by 10-16): the first group's target is 100, the second's 80
COUNTS = {
    "渑池县": (78, 86),
    "灵宝市": (60, 66),
    "陕州区": (81, 84),
    "义马市": (62, 66),
    "卢氏县": (58, 65),
    "湖滨区": (64, 70),
    "示范区": (40, 47),
    "开发区": (66, 70),
}
KINDS = ["产业园项目", "物流中心", "生态治理工程", "文旅综合体", "新材料项目", "道路改建工程", "供水工程", "智能制造基地"]
APPROVALS = ["已审批", "已核准", "已备案", "已备案", "已备案", "已审批", "已核准", "办理中", "未办理"]


def _projects() -> list[tuple[str, str, Decimal, str, str, str, int]]:
    """Return every project with the week (1 or 2) it entered the pool."""
    rng = random.Random(15)
    rows = []
    for unit, (first, second) in COUNTS.items():
        for index in range(second):
            size = rng.choice([3000, 8000, 12000, 30000, 50000, 80000, 120000, 250000, 300000, 400000])
            total = Decimal(size) + Decimal(rng.randrange(0, 100)) * 10
            name = f"{unit}{rng.choice(KINDS)}（{index + 1:03d}）"
            rows.append(
                (
                    unit,
                    name,
                    total,
                    rng.choice(APPROVALS),
                    "是" if rng.random() < (0.4 if unit in ("灵宝市", "示范区") else 0.6) else "否",
                    "是" if rng.random() < 0.6 else "否",
                    1 if index < first else 2,
                )
            )
    return rows


def _start_of_month() -> list[tuple[str, str, Decimal, str, str, str, int]]:
    """Return the pool of 09-30: nine in ten of the first week's projects, a third of them earlier
    in their 立项 and not started (converted since)."""
    rng = random.Random(930)
    rows = []
    for p in _projects():
        if p[6] > 1 or rng.random() < 0.1:
            continue
        rows.append((*p[:3], "办理中", p[4], "否", 0) if rng.random() < 1 / 3 else p)
    return rows


def _pool(week: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    columns = [
        TableColumn("序号", "int"),
        TableColumn("填报单位"),
        TableColumn("项目名称"),
        TableColumn("总投资（万元）", "number"),
        TableColumn("审批情况"),
        TableColumn("战略性新兴产业"),
        TableColumn("是否开工"),
    ]
    rows = _start_of_month() if week == 0 else [p for p in _projects() if p[6] <= week]
    write_table(sheet, columns, [[i, *p[:6]] for i, p in enumerate(rows, start=1)])
    return workbook_bytes(book)


def main() -> None:
    (HERE / "项目库-2020-09-30.xlsx").write_bytes(_pool(0))
    (HERE / "项目库-2020-10-09.xlsx").write_bytes(_pool(1))
    (HERE / "项目库-2020-10-16.xlsx").write_bytes(_pool(2))


if __name__ == "__main__":
    main()
