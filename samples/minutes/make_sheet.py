"""Write samples/minutes/议定事项.xlsx (the same cells every run).  SYNTHETIC: every decision is made up.

.venv/bin/python samples/minutes/make_sheet.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

ROWS = [
    (
        "加快长子县新能源装备产业园项目用地报批，6月底前完成土地组卷上报",
        "县自然资源局",
        "赵建华",
        dt.date(2025, 6, 30),
        "已完成",
        dt.date(2025, 6, 26),
    ),
    ("协调解决丹朱镇污水处理厂提标改造项目环评批复问题", "生态环境长子分局", "何建军", 15, "办理中", None),
    (
        "落实县城集中供热管网改造项目中央预算内投资配套资金",
        "县财政局",
        "王海燕",
        dt.date(2025, 8, 31),
        "办理中",
        None,
    ),
    (
        "开通重点项目并联审批绿色通道，承诺制事项即来即办",
        "县行政审批局",
        "黄卫东",
        10,
        "已完成",
        dt.date(2025, 5, 23),
    ),
    (
        "梳理开发区（筹）标准化厂房项目用电、用水、用气需求，提出保障方案",
        "开发区（筹）",
        "马骏",
        dt.date(2025, 9, 30),
        "",
        None,
    ),
]


def main() -> None:
    """Write the sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "议定事项"
    sheet.append(["长子县重点项目建设联席会议2025年第5次会议议定事项"])
    sheet.append(["议定事项", "责任单位", "责任人", "时限", "完成情况", "完成日期"])
    for row in ROWS:
        sheet.append(list(row))
    for cell in sheet["D"][2:] + sheet["F"][2:]:
        if isinstance(cell.value, dt.datetime | dt.date):
            cell.number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEF", (60, 18, 10, 14, 10, 14), strict=True):
        sheet.column_dimensions[column].width = width
    book.properties.creator = "docgen samples"
    book.properties.created = dt.datetime(2025, 5, 12)
    book.properties.modified = dt.datetime(2025, 5, 12)
    book.save(HERE / "议定事项.xlsx")


if __name__ == "__main__":
    main()
