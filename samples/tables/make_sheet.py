"""Write samples/tables/投资计划表.xlsx and 投资计划表.csv (the same cells every run): an attachment as
an office keeps it, with a header merged over two rows.  SYNTHETIC: every project and figure is made up.

.venv/bin/python samples/tables/make_sheet.py

The header: 序号, 项目名称, 责任单位, 建设性质 and 备注 merged down over both rows; 投资情况（万元）
merged across 总投资 | 年度计划 | 1-11月完成.  The .csv is the same table as offices' CSV exports
write it: the merged name in the first cell of its range, the others empty.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = Path(__file__).resolve().parent

TOWNS = ("丹朱镇", "鲍店镇", "石哲镇", "大堡头镇", "慈林镇", "色头镇", "南漳镇", "宋村乡")
WORKS = (
    ("新能源装备产业园标准化厂房", "新建"),
    ("农产品冷链物流中心", "新建"),
    ("城区供热管网改造", "改扩建"),
    ("污水处理厂提标改造", "改扩建"),
    ("乡村振兴示范片区基础设施", "新建"),
    ("中小学校舍安全改造", "改扩建"),
)
HEADER = (
    ("序号", "项目名称", "责任单位", "建设性质", "投资情况（万元）", "", "", "备注"),
    ("", "", "", "", "总投资", "年度计划", "1-11月完成", ""),
)


def rows() -> list[tuple[object, ...]]:
    """Return the table's body: 30 projects and the 合计 row."""
    body: list[tuple[object, ...]] = []
    for index in range(30):
        town = TOWNS[index % len(TOWNS)]
        work, kind = WORKS[index % len(WORKS)]
        total = 3000 + (index * 1370) % 42000
        plan = total // 3
        done = plan * (60 + index % 41) // 100
        note = "待用地批复" if index % 7 == 3 else ""
        body.append((index + 1, f"{town}{work}项目", town, kind, total, plan, done, note))
    sums = [sum(int(str(row[c])) for row in body) for c in (4, 5, 6)]
    body.append(("合计", "", "", "", *sums, ""))
    return body


def main(folder: Path = HERE) -> None:
    """Write the sheet and its CSV export into ``folder``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "投资计划"
    sheet.append(["2025年县级重点项目投资计划完成情况表"])
    sheet.merge_cells("A1:H1")
    sheet.append([None] * 7 + ["单位：万元"])
    for header_row in HEADER:
        sheet.append([cell or None for cell in header_row])
    for column in "ABCDH":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("E3:G3")
    for row in sheet["A3:H4"]:
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for body_row in rows():
        sheet.append(list(body_row))
    for column, width in zip("ABCDEFGH", (6, 36, 12, 10, 10, 10, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    book.properties.creator = "docgen samples"
    book.properties.created = dt.datetime(2025, 12, 1)
    book.properties.modified = dt.datetime(2025, 12, 1)
    book.save(folder / "投资计划表.xlsx")
    with (folder / "投资计划表.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows([*HEADER, *rows()])


if __name__ == "__main__":
    main()
