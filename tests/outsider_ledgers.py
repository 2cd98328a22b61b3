"""Office-style ledgers as a county clerk keeps them in Excel, for the outsider tests.

SYNTHETIC: every project, unit, person and figure is made up. Title rows, 单位：万元, two-row merged
headers, 合计/小计 rows, blank rows, dates typed as text or stored as Excel dates, numbers typed with
千分位 commas, one sheet per month.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

TOWNS = ["丹朱镇", "鲍店镇", "石哲镇", "大堡头镇", "慈林镇", "长子经济技术开发区"]
KINDS = ["标准化厂房", "农产品冷链仓储", "城区供热管网改造", "光伏发电", "污水处理厂提标改造"]


def supervision(path: Path) -> Path:
    """Write a 督办台账 with a title row, a two-row header, text and Excel dates, and a merged 责任单位."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "10月"
    ws.append(["长子县重点项目挂牌督办台账（2025年10月）"])
    ws.merge_cells("A1:M1")
    ws.append(["填报单位：县重点项目办", None, None, None, None, None, None, None, None, None, None, "填报日期：2025年10月31日"])
    ws.append(["序号", "督办编号", "项目名称", "责任单位", "责任领导", "责任人", "联系电话", "存在问题", "督办要求",
               "交办日期", "办理时限（工作日）", "办理情况", None])
    ws.append([None] * 11 + ["状态", "反馈日期"])
    for col in "ABCDEFGHIJK":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("L3:M3")
    rows = [
        ["1", "DB-2025-101", "长子县标准化厂房项目（二期）", "丹朱镇", "王建华", "李明", "0355-8212001",
         "用地组卷报批滞后；征迁补偿未达成一致", "", "2025.10.9", "15个工作日", "办理中", None],
        ["2", "DB-2025-102", "长子县农产品冷链仓储项目", None, "王建华", "李明", "0355-8212001",
         "电力接入方案未确定", "请协调供电公司加快方案批复。", dt.datetime(2025, 10, 13), "10个工作日内", "正在办理", None],
        [None] * 13,
        ["3", "DB-2025-103", "长子县城区供热管网改造工程", "县住建局", "赵文斌", "周伟", "13903551234",
         "施工许可未办结", "", "2025年10月15日", "20", "已完成", "2025-10-20"],
        ["4", "", "长子县光伏发电项目", "鲍店镇", "李志刚", "孙丽", "0355-8212003",
         "环评批复前置条件未落实", "", "2025/10/20", "15", "", None],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("D5:D6")
    return _save(wb, path)


def projects(path: Path, months: tuple[int, ...] = (4, 5)) -> Path:
    """Write a 项目台账 with one sheet per month (2025年4月, 2025年5月), office style."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for month in months:
        ws = wb.create_sheet(f"2025年{month}月")
        _projects_sheet(ws, month)
    return _save(wb, path)


def _projects_sheet(ws: Worksheet, month: int) -> None:
    ws.append([f"长子县2025年重点项目建设进展情况台账（1-{month}月）"])
    ws.merge_cells("A1:J1")
    ws.append([None] * 8 + ["单位：万元"])
    ws.append(["序号", "项目名称", "责任单位", "包抓领导", "总投资", "2025年计划", None, f"1-{month}月完成投资",
               "是否开工", "形象进度"])
    ws.append([None] * 5 + ["投资", "新开工"] + [None] * 3)
    for col in "ABCDEHIJ":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("F3:G3")
    data = []
    n = 0
    for t, town in enumerate(TOWNS):
        for k in range(2 + t % 2):
            n += 1
            total = 20000 + 7919 * n % 90000
            plan = 3000 + 3571 * n % 12000
            done = plan * (month * 7 + n % 5) // 100
            data.append([str(n), f"长子县{town[:2]}{KINDS[(t + k) % len(KINDS)]}项目", town,
                         ["王建华", "李志刚"][n % 2], f"{total:,}", f"{plan:,}.00", "是" if n % 3 else "否",
                         f"{done:,}", "是" if n % 4 else "否", "主体施工"])
    tot = [sum(int(str(r[c]).split(".")[0].replace(",", "")) for r in data) for c in (4, 5, 7)]
    ws.append(["", "合计", None, None, f"{tot[0]:,}", f"{tot[1]:,}.00", None, f"{tot[2]:,}", None, None])
    for i, row in enumerate(data):
        ws.append(row)
        if i == 4:
            ws.append([None] * 10)
    ws.append(["填表人：李明", None, None, None, "联系电话：0355-8212001"])


def decisions(path: Path) -> Path:
    """Write a 议定事项 落实台账 as a 联席会议办公室 keeps it: title, merged 落实情况 header, a standing item."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "议定事项"
    ws.append(["长子县重点项目建设联席会议2025年第10次会议议定事项落实台账"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "议定事项", "责任单位", "责任人", "完成时限", "落实情况", None])
    ws.append([None] * 5 + ["完成情况", "完成日期"])
    for col in "ABCDE":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("F2:G2")
    ws.append([1, "国网长子县供电公司完成110千伏专线接入", "国网长子县供电公司", "张伟", dt.datetime(2025, 12, 31), "正在推进", None])
    ws.append([2, "县财政局拨付专项债券资金4000万元", "县财政局", "赵丽", "2025年11月20日前", "已完成", "2025.11.18"])
    ws.append([3, "县自然资源局完成产业园二期用地预审", "县自然资源局", "孙强", "15个工作日", "", None])
    ws.append([None] * 7)
    ws.append([4, "联席会议办公室每周调度议定事项落实情况", "联席会议办公室", "李晓明", "长期坚持", "", None])
    return _save(wb, path)


def start_list(path: Path) -> Path:
    """Write the 集中开工 list an office attaches: title row, 单位：万元, two-row header, blank row, 合计."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "清单"
    ws.append(["2025年第四季度集中开工项目清单"])
    ws.merge_cells("A1:H1")
    ws.append([None] * 7 + ["单位：万元"])
    ws.append(["序号", "项目名称", "责任单位", "总投资", "2025年计划", None, "开工日期", "备注"])
    ws.append([None] * 4 + ["投资", "新开工", None, None])
    for col in "ABCDGH":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("E3:F3")
    ws.append([1, "新能源装备产业园", "开发区（筹）", "126,000", "35,000", "是", dt.datetime(2025, 11, 20), ""])
    ws.append([2, "城区供热管网改造", "县住建局", 12000, 3000, "是", "2025-11-20", ""])
    ws.append([None] * 8)
    ws.append([3, "丹朱镇农产品加工园", "丹朱镇", "35,000", "8,000", "否", "2025.11.20", "待用地批复"])
    ws.append(["合计", None, None, "173,000", "46,000", None, None, None])
    return _save(wb, path)


MEETING = """\
会议名称: 长子县重点项目建设联席会议
届次: 2025年第10次
日期: 2025年10月28日
主持: 县长王建华
出席: 县政府办公室、县发改局、县工信局、县财政局、县自然资源局
期号: auto
发文机关: zhangzi-zdxmb
"""


def _save(wb: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


if __name__ == "__main__":
    import sys

    out = Path(sys.argv[1])
    supervision(out / "督办台账-办公室.xlsx")
    projects(out / "项目台账-2025.xlsx")
    decisions(out / "议定事项-办公室.xlsx")
    start_list(out / "开工清单.xlsx")
    (out / "会议.yaml").write_text(MEETING, encoding="utf-8")
