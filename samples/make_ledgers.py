"""Write the synthetic sample ledgers of samples/ (deterministic: run it again, get the same files).

SYNTHETIC DATA: every project, unit, person, phone number and problem below is made up for the
samples and tests; none comes from a real ledger.

    .venv/bin/python samples/make_ledgers.py
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

UNITS = [
    ("县发展和改革局", "王志强", "李明"),
    ("县自然资源局", "赵建华", "孙丽"),
    ("县住房和城乡建设局", "刘海波", "周伟"),
    ("县交通运输局", "陈国栋", "吴敏"),
    ("县水利局", "杨振华", "郑洁"),
    ("县行政审批服务管理局", "黄卫东", "冯涛"),
    ("市生态环境局长子分局", "何建军", "韩雪"),
    ("县工业和信息化局", "林志远", "曹阳"),
    ("长子经济技术开发区管委会", "郭瑞", "马骏"),
    ("丹朱镇人民政府", "高翔", "许静"),
]
KINDS = [
    "标准化厂房建设项目",
    "污水处理厂提标改造工程",
    "快速通道改建工程",
    "农村供水保障工程",
    "智慧物流园项目",
    "光伏发电项目",
    "生态修复治理项目",
    "职业教育实训基地项目",
    "城区供热管网改造工程",
    "农产品冷链仓储项目",
]
PLACES = ["丹朱", "鲍店", "石哲", "大堡头", "慈林", "色头", "南漳", "宋村", "南陈", "碾张"]
PROBLEMS = [
    "项目用地组卷报批进度滞后，尚未取得用地批复",
    "部分地块征迁补偿未达成一致，影响施工进场",
    "施工许可手续未办结，主体工程不能开工",
    "配套电力接入方案未确定，影响设备安装调试",
    "建设资金到位率偏低，一季度完成投资不足计划的三成",
    "环评批复前置条件未落实，需补充专项论证",
    "施工单位人员设备投入不足，形象进度滞后于计划",
    "供水管网改线方案与交通规划存在冲突",
]
REQUIREMENTS = [
    "请协调相关部门召开专题会议，明确解决方案，倒排工期，确保按期解决。",
    "请主要负责同志牵头，逐项落实责任，加快手续办理进度。",
    "",
]
# 交办日期 chosen around the holidays that test working-day counting: National Day 2024 and 2025,
# Spring Festival 2025 and 2026.
DATES = [
    dt.date(2024, 9, 27),
    dt.date(2024, 9, 30),
    dt.date(2025, 1, 24),
    dt.date(2025, 1, 27),
    dt.date(2025, 2, 7),
    dt.date(2025, 4, 30),
    dt.date(2025, 9, 26),
    dt.date(2025, 9, 29),
    dt.date(2025, 9, 30),
    dt.date(2025, 10, 9),
    dt.date(2026, 2, 11),
    dt.date(2026, 2, 13),
    dt.date(2026, 3, 2),
]
STATUSES = ["未办结"] * 5 + ["办理中"] * 3 + ["已办结", "已解除"]


def supervision_ledger(path: Path, count: int = 36) -> None:
    """Write a 督办台账 of ``count`` synthetic items across all ten units."""
    rng = random.Random(20251001)
    book = Workbook()
    sheet = book.active
    sheet.title = "督办台账"
    sheet.append(["长子县重点项目挂牌督办台账（合成样例数据）"])
    sheet.append(
        [
            "督办编号",
            "项目名称",
            "责任单位",
            "责任领导",
            "责任人",
            "联系电话",
            "存在问题",
            "督办要求",
            "交办日期",
            "办理时限（工作日）",
            "状态",
            "反馈日期",
        ]
    )
    for n in range(1, count + 1):
        unit, leader, person = UNITS[(n - 1) % len(UNITS)]
        project = f"长子县{PLACES[rng.randrange(len(PLACES))]}{KINDS[rng.randrange(len(KINDS))]}"
        problems = "；".join(rng.sample(PROBLEMS, rng.choice([1, 1, 2, 3])))
        assigned = DATES[(n * 7) % len(DATES)]
        status = STATUSES[rng.randrange(len(STATUSES))]
        feedback = assigned + dt.timedelta(days=rng.choice([2, 3, 5, 9])) if rng.random() < 0.4 else None
        # dates typed the ways offices type them: real dates, text with dots, Chinese text
        written = (
            assigned,
            f"{assigned.year}.{assigned.month}.{assigned.day}",
            f"{assigned.year}年{assigned.month}月{assigned.day}日",
        )[n % 3]
        sheet.append(
            [
                f"DB-{assigned.year}-{n:03d}",
                project,
                unit,
                leader,
                person,
                f"0355-82{n:05d}",
                problems,
                REQUIREMENTS[n % len(REQUIREMENTS)],
                written,
                rng.choice([5, 10, 15, 20, 30]),
                status,
                feedback,
            ]
        )
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    book.save(path)


if __name__ == "__main__":
    supervision_ledger(HERE / "supervision" / "督办台账.xlsx")
    print("samples/supervision/督办台账.xlsx")
