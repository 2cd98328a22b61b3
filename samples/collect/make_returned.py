"""Write the sample returned forms of samples/collect/回收/ (deterministic: run again, same files).

SYNTHETIC DATA: every project, figure and name below is made up; the units are seed 001's eight.
The forms are filled the way offices fill them: a renamed file, numbers typed as text with
separators, an amount written "12亿元" in a cell, month-only dates, a 合计 row, a table made over
with its own title, a 单位：亿元 note and a two-row merged header, a 零报送 marked in its cell,
a 零报送 written as 无 in the table, a bad row, and one unit (卢氏县) that sends nothing.

    .venv/bin/python samples/collect/make_returned.py
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from docgen.collect.forms import HEADER_ROW, RESERVE, blank_form

HERE = Path(__file__).resolve().parent
OUT = HERE / "回收"
FIRST = HEADER_ROW + 1

# 项目名称, 建设单位, 建设地点, 建设性质, 所属领域, 建设规模及内容, 总投资, 年度计划投资,
# 计划开工, 计划竣工, 审批情况, 战略性新兴产业, 是否开工, 责任单位, 备注
Row = tuple[Any, ...]
LINGBAO: list[Row] = [
    (
        "灵宝市黄金精深加工产业园项目",
        "灵宝黄金集团",
        "灵宝市城东产业集聚区",
        "新建",
        "制造业高质量发展",
        "建设黄金精炼及首饰加工厂房12万平方米",
        "350,000",
        "60000",
        "2021年3月",
        "2023年12月",
        "已备案",
        "是",
        "否",
        "",
        "",
    ),
    (
        "灵宝市苹果冷链物流中心",
        "灵宝市果品公司",
        "灵宝市焦村镇",
        "新建",
        "现代服务业",
        "建设冷库5万吨及分拣中心",
        "12亿元",
        "30000",
        "2021.4",
        "2022.10",
        "已核准",
        "否",
        "否",
        "",
        "",
    ),
    (
        "灵宝市函谷关文旅综合体",
        "灵宝市文旅投资公司",
        "灵宝市函谷关镇",
        "续建",
        "现代服务业",
        "游客中心、景区道路及配套设施",
        85000,
        20000,
        "2020-10-01",
        "2022-06-30",
        "已审批",
        "否",
        "是",
        "灵宝市文广旅局",
        "",
    ),
    ("合计", None, None, None, None, None, "555,000", "110000", None, None, None, None, None, None, None),
]
KAIFAQU: list[Row] = [
    (
        "开发区新能源电池材料项目",
        "三门峡某新材料公司",
        "开发区产业园",
        "新建",
        "制造业高质量发展",
        "年产2万吨正极材料生产线",
        260000,
        50000,
        "2021-05-01",
        "2023-05-01",
        "已备案",
        "是",
        "否",
        "",
        "",
    ),
    (
        "灵宝市苹果冷链物流中心",
        "灵宝市果品公司",
        "开发区物流园",
        "新建",
        "现代服务业",
        "冷链仓储分中心",
        8000,
        3000,
        "2021-06-01",
        "2022-06-01",
        "办理中",
        "否",
        "否",
        "",
        "与灵宝市联合谋划",
    ),
]
SHIFANQU: list[Row] = [
    (
        "示范区黄河生态廊道项目",
        "示范区城投公司",
        "示范区沿黄区域",
        "新建",
        "生态环保",
        "生态廊道30公里及配套",
        45000,
        15000,
        "2021-03-01",
        "2022-12-31",
        "已审批",
        "否",
        "是",
        "",
        '=HYPERLINK("http://example.invalid","详情")',
    ),
    (
        "示范区智能装备产业园",
        "示范区产业投资公司",
        "示范区工业园",
        "新建",
        "制造业高质量发展",
        "标准化厂房20万平方米",
        210000,
        40000,
        "2021-04-01",
        "2024-04-01",
        "已备案",
        "是",
        "否",
        "",
        "",
    ),
]
SHANZHOU: list[Row] = [
    (
        "陕州区地坑院保护开发项目",
        "陕州区文旅公司",
        "陕州区张汴乡",
        "新建项目",
        "现代服务业",
        "地坑院修缮及民宿",
        30000,
        40000,
        "2021-03-01",
        "2022-12-31",
        "已备案",
        "否",
        "否",
        "",
        "",
    ),
    (
        "陕州区农村供水保障工程",
        "陕州区水利局",
        "陕州区各乡镇",
        "改扩建",
        "乡村振兴",
        "改造供水管网300公里",
        18000,
        9000,
        "2021-04-01",
        "2020-12-31",
        "已审批",
        "否",
        "否",
        "",
        "",
    ),
]


def _filled(unit: str, rows: list[Row], zero: str | None = None) -> Workbook:
    book = load_workbook(io.BytesIO(blank_form(RESERVE, unit)))
    sheet = book.active
    if zero is not None:
        sheet["F2"] = zero
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row=FIRST + offset, column=column, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # typed as text in the cell, as a unit pasting it would
    return book


def _remade_mianchi() -> Workbook:
    """渑池县 made its own table: a title, 填报单位 with 盖章, 单位：亿元, a two-row merged header."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["2021年重点项目谋划储备基本情况表"])
    sheet.merge_cells("A1:L1")
    sheet.append(
        ["填报单位（盖章）：", "澠池县", None, None, None, None, None, None, None, None, "单位：亿元"]
    )
    sheet.append(
        [
            "序号",
            "项目名称",
            "建设单位",
            "建设性质",
            "建设内容及规模",
            "投资情况",
            None,
            "计划开工时间",
            "计划竣工时间",
            "审批情况",
            "战略性新兴产业",
            "备注",
        ]
    )
    sheet.append([None, None, None, None, None, "总投资", "年度计划投资"])
    for column in "ABCDEHIJKL":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("F3:G3")
    sheet.append(
        [
            1,
            "渑池县铝工业转型升级项目",
            "渑池某铝业公司",
            "改扩建",
            "电解铝生产线节能改造",
            "３５．６",
            "8.2",
            "2021年2月",
            "2022年12月",
            "已核准",
            "是",
            None,
        ]
    )
    sheet.append(
        [
            2,
            "渑池县仰韶文化遗址公园",
            "渑池县文物局",
            "新建",
            "遗址保护展示及游客服务设施",
            "6.8",
            "1.5",
            "2021.5.1",
            "2023.5.1",
            "已审批",
            "否",
            None,
        ]
    )
    sheet.append([None, "合  计", None, None, None, "42.4", "9.7"])
    return book


def _nil_hubin() -> Workbook:
    """湖滨区 wrote 无 in the table instead of choosing 零报送."""
    book = load_workbook(io.BytesIO(blank_form(RESERVE, "湖滨区")))
    book.active.cell(row=FIRST, column=1, value="无")
    return book


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.xlsx"):
        old.unlink()
    books = {
        "灵宝市谋划项目（最终版）.xlsx": _filled("灵宝市", LINGBAO),
        "附件1 基本情况表.xlsx": _remade_mianchi(),
        "陕州区-重点项目谋划储备基本情况表.xlsx": _filled("陕州区", SHANZHOU),
        "义马市零报送.xlsx": _filled("义马市", [], zero="是"),
        "湖滨区-重点项目谋划储备基本情况表.xlsx": _nil_hubin(),
        "示范区.xlsx": _filled("示范区", SHIFANQU),
        "开发区-基本情况表-9月28日.xlsx": _filled("开发区", KAIFAQU),
    }
    for name, book in books.items():
        book.save(OUT / name)


if __name__ == "__main__":
    main()
