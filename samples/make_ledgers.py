"""Write the synthetic sample ledgers of samples/ (deterministic: run it again, get the same files).

SYNTHETIC DATA: every project, unit, person, phone number and problem below is made up for the
samples and tests; none comes from a real ledger.

    .venv/bin/python samples/make_ledgers.py
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
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


def main() -> None:
    supervision_ledger(HERE / "supervision" / "督办台账.xlsx")
    project_ledgers(HERE / "ranking")
    print(
        "samples/supervision/督办台账.xlsx, samples/ranking/项目台账-2025-04.xlsx, 项目台账-2025-05.xlsx, "
        "项目台账-办公室格式-2025-05.xlsx"
    )


COUNTIES = [
    "城关镇",
    "丹朱镇",
    "鲍店镇",
    "石哲镇",
    "大堡头镇",
    "慈林镇",
    "色头镇",
    "南漳镇",
    "宋村镇",
    "南陈镇",
    "碾张乡",
]
ZONES = ["长子经济技术开发区", "现代农业产业示范区"]
PROJECT_KINDS = [
    "标准化厂房",
    "污水处理厂",
    "道路改造",
    "供水工程",
    "物流园",
    "光伏电站",
    "生态修复",
    "实训基地",
    "供热管网",
    "冷链仓储",
    "安置小区",
    "文旅综合体",
    "农业园区",
    "智能制造",
]


def project_ledgers(folder: Path, count: int = 160) -> None:
    """Write two consecutive months (2025-04, 2025-05) of a synthetic project ledger.

    Units: eleven towns and two zones; one unit (碾张乡) has no projects in April and one project
    with zero planned investment, to exercise 新 and —.
    """
    rng = random.Random(20250531)
    units = COUNTIES + ZONES
    projects = []
    for n in range(1, count + 1):
        unit = units[(n * 5) % len(units)]
        if unit == "碾张乡" and n % 2:
            unit = "城关镇"
        total = Decimal(rng.randrange(800, 300000))
        plan = (total * Decimal(rng.randrange(15, 60)) / 100).quantize(Decimal("0.01"))
        if unit == "碾张乡" and not projects_for(projects, unit):
            plan = Decimal(0)
        pace = Decimal(rng.randrange(10, 160)) / 100  # share of the 序时 target reached
        new_start = rng.random() < 0.35
        projects.append(
            dict(
                name=f"长子县{unit[:2]}{PROJECT_KINDS[n % len(PROJECT_KINDS)]}项目{n:03d}",
                unit=unit,
                total=total,
                plan=plan,
                pace=pace,
                new_start=new_start,
                started_by=rng.choice([3, 4, 5, 6, 9]) if new_start else 0,
                approvals=rng.random() < 0.7,
                level=rng.choice(["省重点", "市重点", "县重点"]),
                nature="新建" if new_start else rng.choice(["续建", "续建", "竣工投产"]),
            )
        )
    leaders = ["王志强", "赵建华", "刘海波", "陈国栋", "杨振华", "黄卫东"]  # 包抓领导 (synthetic)
    header = [
        "项目名称",
        "责任单位",
        "包抓领导",
        "项目级别",
        "建设性质",
        "总投资（万元）",
        "年度计划投资（万元）",
        "累计完成投资（万元）",
        "计划新开工",
        "是否开工",
        "手续办结",
        "形象进度",
        "存在问题",
    ]
    may: list[list[object]] = []
    for month in (4, 5):
        book = Workbook()
        sheet = book.active
        sheet.title = f"2025年{month}月"
        sheet.append([f"长子县重点项目建设台账（2025年1—{month}月，合成样例数据）"])
        sheet.append(header)
        for p in projects:
            if p["unit"] == "碾张乡" and month == 4:
                continue
            done = (p["plan"] * Decimal(month) / 12 * p["pace"] * (Decimal(month) / Decimal(5))).quantize(
                Decimal("0.01")
            )
            started = p["new_start"] and p["started_by"] <= month
            row = [
                p["name"],
                p["unit"],
                leaders[units.index(p["unit"]) % len(leaders)],
                p["level"],
                p["nature"],
                float(p["total"]),
                float(p["plan"]),
                float(done),
                "是" if p["new_start"] else "否",
                "是" if started else "否",
                "是" if p["approvals"] else "否",
                "主体施工" if started or not p["new_start"] else "前期",
                "" if p["pace"] > Decimal("0.8") else "资金到位率偏低",
            ]
            sheet.append(row)
            if month == 5:
                may.append(row)
        book.save(folder / f"项目台账-2025-{month:02d}.xlsx")
    office_ledger(folder / "项目台账-办公室格式-2025-05.xlsx", may, units)


def office_ledger(path: Path, rows: list[list[object]], units: list[str]) -> None:
    """Write May's ledger as an office keeps it: the same projects and figures as 项目台账-2025-05.xlsx.

    A title row, "单位：万元" in a cell above a header without units, a header of two rows with
    merged cells (2025年计划 over 投资 / 新开工, 2025年1-5月 over 完成投资 / 形象进度), the 合计
    row first, the projects grouped by unit with 责任单位 merged down and a 小计 row after each.
    """
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "2025年5月"
    sheet.append(["长子县2025年重点项目建设进展情况台账（1—5月，合成样例数据）"])
    sheet.merge_cells("A1:O1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(["填报单位：县重点项目办", *[None] * 12, "单位：万元", None])
    upper = ["序号", "项目名称", "责任单位", "包抓领导", "项目级别", "建设性质", "总投资", "2025年计划", None]
    upper += ["2025年1-5月", None, "是否开工", "手续办结", "存在问题", None]
    lower = [None] * 7 + ["投资", "新开工", "完成投资", "形象进度", None, None, None, None]
    sheet.append(upper)
    sheet.append(lower)
    for column in "ABCDEFGLMN":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("H3:I3")
    sheet.merge_cells("J3:K3")
    for cell in (*sheet[3], *sheet[4]):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def figures(name: object, unit: object, group: list[list[object]]) -> list[object]:
        sums = [float(sum(Decimal(str(r[i])) for r in group)) for i in (5, 6, 7)]
        return [name, None, unit, None, None, None, sums[0], sums[1], None, sums[2], None, None, None, None]

    sheet.append(figures("合计", None, rows))
    sheet.merge_cells(start_row=5, start_column=1, end_row=5, end_column=2)
    number = 0
    for unit in units:
        group = [r for r in rows if r[1] == unit]
        if not group:
            continue
        first = sheet.max_row + 1
        for r in group:
            number += 1
            # 序号, 项目名称, 责任单位, 包抓领导, 级别, 性质, 总投资, 计划投资, 新开工, 完成投资, 形象进度 …
            sheet.append(
                [number, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[8], r[7], r[11], r[9], r[10], r[12]]
            )
        sheet.merge_cells(start_row=first, start_column=3, end_row=sheet.max_row, end_column=3)
        sheet.append(figures("小计", unit, group))
    for row in sheet.iter_rows(min_row=5):
        for cell in row[6:10]:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    for column, width in zip(
        "ABCDEFGHIJKLMN", (6, 34, 16, 10, 10, 10, 12, 12, 8, 12, 10, 9, 9, 16), strict=True
    ):
        sheet.column_dimensions[column].width = width
    book.save(path)


def projects_for(projects: list[dict], unit: str) -> list[dict]:  # type: ignore[type-arg]
    """Return the projects of one unit so far."""
    return [p for p in projects if p["unit"] == unit]


if __name__ == "__main__":
    main()
